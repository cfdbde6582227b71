import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.codes import public_id, random_code
from core.models import TimeStampedModel

CODE_LENGTH = 6
INVITE_DAYS = 7


def generate_code() -> str:
    return random_code(CODE_LENGTH)


# Referred to by migrations under this name.
generate_public_id = public_id


def generate_invite_token() -> str:
    return secrets.token_urlsafe(24)


def invite_expiry():
    return timezone.now() + timedelta(days=INVITE_DAYS)


class School(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # ISO 3166-1 alpha-2; drives the default helplines for the school's members.
    country = models.CharField(_("country"), max_length=2)
    is_active = models.BooleanField(_("active"), default=True)
    parent_code = models.CharField(
        _("parent code"), max_length=12, unique=True, default=generate_code
    )
    # Summary figures for the platform overview, kept up to date in the same
    # transaction as the rows they count (schools.summaries), so that the overview
    # reads one row per school however many learners there are.
    learner_count = models.PositiveIntegerField(_("students"), default=0)
    assigned_count = models.PositiveIntegerField(_("lessons assigned"), default=0)
    completed_count = models.PositiveIntegerField(_("assigned completed"), default=0)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffMembership(TimeStampedModel):
    """A user's role in a school: roles are rows, so one query answers 'who may'."""

    class Role(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        ADMIN = "admin", _("School admin")

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user"], name="schools_staff_unique_school_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.school})"


class SchoolClass(TimeStampedModel):
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="classes",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="taught_classes",
    )
    public_id = models.CharField(
        _("public id"), max_length=16, unique=True, default=generate_public_id
    )
    name = models.CharField(_("name"), max_length=100)
    year_group = models.CharField(_("year group"), max_length=40, blank=True)
    join_code = models.CharField(
        _("join code"), max_length=12, unique=True, default=generate_code
    )
    join_code_active = models.BooleanField(_("join code open"), default=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:class", args=[self.public_id])


class Enrolment(TimeStampedModel):
    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "student"],
                name="schools_enrolment_unique_class_student",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.school_class}"


class ParentMembership(TimeStampedModel):
    """A parent in a school's parent group; exists only after they consented."""

    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="parents",
    )
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        related_name="parent_memberships",
    )
    consented_at = models.DateTimeField(_("consented at"))

    class Meta:
        verbose_name = _("parent membership")
        verbose_name_plural = _("parent memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "parent"], name="schools_parent_unique_school_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} (parent, {self.school})"


class StaffInvite(TimeStampedModel):
    """A single-use link that makes whoever opens it (signed in) staff of a school."""

    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="invites",
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=16, choices=StaffMembership.Role.choices
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=generate_invite_token
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"), default=invite_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("staff invite")
        verbose_name_plural = _("staff invites")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()}, {self.school})"

    def get_absolute_url(self) -> str:
        return reverse("schools:invite_accept", args=[self.token])

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class Assignment(TimeStampedModel):
    """A lesson set for a class (or for chosen students in it), maybe by a date."""

    class Reveal(models.TextChoices):
        AT_ONCE = "at_once", _("Show the correct answers as soon as a quiz is sent")
        AFTER_DUE = (
            "after_due",
            _("Show students only their score until the due date, then the answers"),
        )

    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    lesson = models.ForeignKey(
        "lessons.Lesson",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    reveal = models.CharField(
        _("quiz answers"), max_length=16, choices=Reveal.choices, default=Reveal.AT_ONCE
    )
    # The whole class (and whoever joins it later), or only the students chosen.
    whole_class = models.BooleanField(_("whole class"), default=True)
    # Who it is for, one row each, so that every report is a plain join.
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("students"),
        through="AssignmentTarget",
        related_name="assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_date", "lesson__track__position", "lesson__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "lesson"],
                name="schools_assignment_unique_class_lesson",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson} for {self.school_class}"


class AssignmentTarget(models.Model):
    """One student an assignment is for."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="assignment_targets",
    )

    class Meta:
        verbose_name = _("assigned student")
        verbose_name_plural = _("assigned students")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"],
                name="schools_target_unique_assignment_student",
            ),
        ]
        indexes = [
            # A student's assignments (their home page).
            models.Index(
                fields=["student", "assignment"], name="schools_target_student"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.student}"


class AuditEntry(models.Model):
    """A staff action on a learner: who did what to whom, and when.

    The learner is named by a label kept at the time (never a link to the account), so
    erasing a learner leaves the record of what was done, without them in it."""

    class Action(models.TextChoices):
        PASSWORD_RESET = "password_reset", _("Reset a student's password")
        BULK_CREATE = "bulk_create", _("Created student accounts")
        EXPORT = "export", _("Exported a learner's data")
        ERASE = "erase", _("Erased a learner")
        STAFF_REMOVE = "staff_remove", _("Removed a member of staff")
        STAFF_ROLE = "staff_role", _("Changed a member of staff's role")
        LOGIN_UNLOCK = "login_unlock", _("Unlocked a sign-in")
        SCHOOL_REGISTER = "school_register", _("Registered the school")
        SCHOOL_ACTIVATE = "school_activate", _("Reactivated the school")
        SCHOOL_DEACTIVATE = "school_deactivate", _("Deactivated the school")
        STAFF_INVITE = "staff_invite", _("Invited a member of staff")
        STAFF_JOIN = "staff_join", _("Joined the staff by invitation")
        CLASS_CREATE = "class_create", _("Created a class")
        JOIN_CODE = "join_code", _("Changed a class's join code")
        ASSIGN = "assign", _("Assigned lessons")
        LESSON_TAUGHT = "lesson_taught", _("Marked a lesson taught in class")
        LMS_REGISTER = "lms_register", _("Registered an LMS")
        LMS_APPROVE = "lms_approve", _("Approved an LMS deployment")
        LMS_REVOKE = "lms_revoke", _("Revoked an LMS deployment")
        LMS_LINK = "lms_link", _("Linked an LMS account")
        LMS_SCORES_FAILED = "lms_scores_failed", _("Scores not delivered to an LMS")

    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_label = models.CharField(_("by (as shown then)"), max_length=200)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    subject_label = models.CharField(_("whom"), max_length=500)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at"]
        indexes = [
            # The school's log, newest first (the audit log page).
            models.Index(fields=["school", "-at"], name="schools_audit_school_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action}"


# Models kept in modules of their own, imported here so that each is schools.<Model>.
from schools.models.teaching import LessonTaught  # noqa: E402, F401
