from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from elearning.codes import random_code
from elearning.models import TimeStampedModel

CODE_LENGTH = 6


def generate_code() -> str:
    return random_code(CODE_LENGTH)


class School(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # ISO 3166-1 alpha-2; drives the default helplines for the school's members.
    country = models.CharField(_("country"), max_length=2)
    is_active = models.BooleanField(_("active"), default=True)
    parent_code = models.CharField(
        _("parent code"), max_length=12, unique=True, default=generate_code
    )

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
