"""Writes to schools: each one atomic, each staff action on a learner audited."""

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import user_create_student
from elearning.codes import random_code
from lessons.models import Lesson
from schools import summaries
from schools.models import (
    Assignment,
    AssignmentTarget,
    AuditEntry,
    Enrolment,
    ParentMembership,
    School,
    SchoolClass,
    StaffInvite,
    StaffMembership,
    generate_code,
)

LAST_ADMIN = _(
    "A school must keep at least one admin. Make someone else an admin first."
)
INVITE_NOT_USABLE = _(
    "This invitation link has expired, was already used, or is not valid. Ask your "
    "school admin for a new one."
)
INVITE_STUDENT = _("Student accounts cannot become school staff.")
DUE_DATE_PAST = _("The due date cannot be in the past.")
MAX_BULK = 40
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet


class ServiceError(Exception):
    """An action that cannot be done as asked; the message says why, for the page."""


def _label(user: User) -> str:
    return (
        f"{user.display_name} ({user.username})" if user.display_name else user.username
    )


def audit(*, school: School, actor: User, action: str, subject: str) -> AuditEntry:
    return AuditEntry.objects.create(
        school=school,
        actor=actor,
        actor_label=_label(actor),
        action=action,
        subject_label=subject[:500],
    )


# Schools and staff


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "school"
    slug = base
    while School.objects.filter(slug=slug).exists():
        slug = f"{base}-{random_code(4).lower()}"
    return slug


def _unique_code(model: type, field: str) -> str:
    for _attempt in range(20):
        code = generate_code()
        if not model.objects.filter(**{field: code}).exists():
            return code
    raise RuntimeError("could not find a free code")


@transaction.atomic
def school_register(*, user: User, name: str, country: str) -> School:
    """Register a school; the person who registers it becomes its admin."""
    if user.is_student:
        raise ServiceError(INVITE_STUDENT)
    school = School.objects.create(
        name=name,
        country=country,
        slug=_unique_slug(name),
        parent_code=_unique_code(School, "parent_code"),
    )
    StaffMembership.objects.create(
        school=school, user=user, role=StaffMembership.Role.ADMIN
    )
    return school


@transaction.atomic
def staff_membership_set(
    *, school: School, user: User, role: StaffMembership.Role
) -> StaffMembership:
    """Give a user a role in a school, or change the role they have."""
    membership, _created = StaffMembership.objects.update_or_create(
        school=school, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def staff_invite_create(
    *, school: School, invited_by: User, email: str, role: str
) -> StaffInvite:
    return StaffInvite.objects.create(
        school=school, invited_by=invited_by, email=email.lower(), role=role
    )


@transaction.atomic
def staff_invite_accept(*, token: str, user: User) -> StaffMembership:
    """Use an invitation once: claimed by a conditional UPDATE, so two tabs or two
    people cannot both use it."""
    if user.is_student:
        raise ServiceError(INVITE_STUDENT)
    now = timezone.now()
    claimed = StaffInvite.objects.filter(
        token=token,
        accepted_at__isnull=True,
        expires_at__gt=now,
        school__is_active=True,
    ).update(accepted_at=now, accepted_by=user)
    if not claimed:
        raise ServiceError(INVITE_NOT_USABLE)
    invite = StaffInvite.objects.select_related("school").get(token=token)
    existing = StaffMembership.objects.filter(school=invite.school, user=user).first()
    if existing and existing.role == StaffMembership.Role.ADMIN:
        return existing  # never demote an admin through an invitation
    return staff_membership_set(school=invite.school, user=user, role=invite.role)


def _check_keeps_an_admin(school: School, leaving: StaffMembership) -> None:
    if leaving.role != StaffMembership.Role.ADMIN:
        return
    admins = (
        StaffMembership.objects.select_for_update()
        .filter(school=school, role=StaffMembership.Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if list(admins) == [leaving.pk]:
        raise ServiceError(LAST_ADMIN)


@transaction.atomic
def staff_role_change(
    *, actor: User, membership: StaffMembership, role: str
) -> StaffMembership:
    if membership.role == role:
        return membership
    _check_keeps_an_admin(membership.school, membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit(
        school=membership.school,
        actor=actor,
        action=AuditEntry.Action.STAFF_ROLE,
        subject=f"{_label(membership.user)}: {membership.get_role_display()}",
    )
    return membership


@transaction.atomic
def staff_remove(*, actor: User, membership: StaffMembership) -> None:
    """Remove someone from the school's staff. Their classes stay, with the school's
    admins, until another teacher takes them on."""
    _check_keeps_an_admin(membership.school, membership)
    audit(
        school=membership.school,
        actor=actor,
        action=AuditEntry.Action.STAFF_REMOVE,
        subject=_label(membership.user),
    )
    membership.delete()


# Classes and students


@transaction.atomic
def class_create(
    *, school: School, teacher: User, name: str, year_group: str
) -> SchoolClass:
    return SchoolClass.objects.create(
        school=school,
        teacher=teacher,
        name=name,
        year_group=year_group,
        join_code=_unique_code(SchoolClass, "join_code"),
    )


@transaction.atomic
def class_join_code_regenerate(*, school_class: SchoolClass) -> SchoolClass:
    school_class.join_code = _unique_code(SchoolClass, "join_code")
    school_class.join_code_active = True
    school_class.save(update_fields=["join_code", "join_code_active", "updated_at"])
    return school_class


@transaction.atomic
def class_join_code_set_open(
    *, school_class: SchoolClass, is_open: bool
) -> SchoolClass:
    school_class.join_code_active = is_open
    school_class.save(update_fields=["join_code_active", "updated_at"])
    return school_class


@transaction.atomic
def enrolment_create(*, school_class: SchoolClass, student: User) -> Enrolment:
    """Put a student in a class (once; a second call changes nothing)."""
    enrolment, created = Enrolment.objects.get_or_create(
        school_class=school_class, student=student
    )
    if created:
        _assign_class_work(school_class, [student])
    return enrolment


def generate_password() -> str:
    """Easy to copy from a card: 'hmxq-7dkr-4p' (no 0/o, 1/l/i)."""
    raw = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(10))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@transaction.atomic
def student_join(
    *, school_class: SchoolClass, username: str, display_name: str, password: str
) -> User:
    """A student joins a class with its code, choosing a username and a password."""
    student = user_create_student(
        username=username, display_name=display_name, password=password
    )
    Enrolment.objects.create(school_class=school_class, student=student)
    _assign_class_work(school_class, [student])
    return student


def _free_username(display_name: str, taken: set[str]) -> str:
    base = slugify(display_name).replace("-", ".")[:20].strip(".") or "student"
    for _attempt in range(50):
        candidate = f"{base}.{random_code(4).lower()}"
        if candidate not in taken:
            return candidate
    raise RuntimeError("could not find a free username")


@dataclass(frozen=True)
class LoginCard:
    display_name: str
    username: str
    password: str


@transaction.atomic
def students_bulk_create(
    *, actor: User, school_class: SchoolClass, display_names: list[str]
) -> list[LoginCard]:
    """Create up to 40 student accounts with generated usernames and passwords.
    The passwords are returned once, for the printable login cards, and never kept."""
    if not 1 <= len(display_names) <= MAX_BULK:
        raise ServiceError(_("Give between 1 and %(max)s names.") % {"max": MAX_BULK})
    usernames: dict[int, str] = {}
    pending = list(range(len(display_names)))
    while pending:  # draw again only for the (rare) names already taken
        for i in pending:
            usernames[i] = _free_username(display_names[i], set(usernames.values()))
        taken = set(
            User.objects.filter(
                username__in=[usernames[i] for i in pending]
            ).values_list("username", flat=True)
        )
        pending = [i for i in pending if usernames[i] in taken]
    cards = [
        LoginCard(name, usernames[i], generate_password())
        for i, name in enumerate(display_names)
    ]
    students = []
    for card in cards:
        student = User(
            username=card.username,
            display_name=card.display_name,
            kind=User.Kind.STUDENT,
        )
        student.set_password(card.password)
        students.append(student)
    User.objects.bulk_create(students)
    created = list(User.objects.filter(username__in=[c.username for c in cards]))
    Enrolment.objects.bulk_create(
        Enrolment(school_class=school_class, student=student) for student in created
    )
    _assign_class_work(school_class, created)
    audit(
        school=school_class.school,
        actor=actor,
        action=AuditEntry.Action.BULK_CREATE,
        subject=f"{len(cards)} students in {school_class.name}",
    )
    return cards


@transaction.atomic
def student_password_reset(*, actor: User, school: School, student: User) -> str:
    """Give a student a new password (shown once to the teacher). Changing the
    password ends the student's other sessions: Django checks each session against
    a hash of the password on every request."""
    password = generate_password()
    student.set_password(password)
    student.save(update_fields=["password"])
    audit(
        school=school,
        actor=actor,
        action=AuditEntry.Action.PASSWORD_RESET,
        subject=_label(student),
    )
    return password


@transaction.atomic
def student_login_unlock(*, actor: User, school: School, student: User) -> None:
    """Lift the sign-in lock-out that 5 wrong passwords put on a student."""
    from axes.utils import reset

    reset(username=student.username.lower())
    audit(
        school=school,
        actor=actor,
        action=AuditEntry.Action.LOGIN_UNLOCK,
        subject=_label(student),
    )


# Parents


@transaction.atomic
def parent_group_join(*, school: School, parent: User) -> ParentMembership:
    """A parent joins a school's parent group, having seen what it will see."""
    membership, _created = ParentMembership.objects.get_or_create(
        school=school, parent=parent, defaults={"consented_at": timezone.now()}
    )
    return membership


@transaction.atomic
def parent_group_leave(*, membership: ParentMembership) -> None:
    membership.delete()


# Assignments


@transaction.atomic
def assignments_create(
    *,
    actor: User,
    school_class: SchoolClass,
    lessons: list[Lesson],
    due_date: date | None,
    reveal: str,
    students: list[User],
) -> tuple[int, int]:
    """Assign lessons to a class, or to chosen students of it. A lesson already
    assigned to the class is updated, never duplicated. Returns (created, updated)."""
    if due_date is not None and due_date < timezone.localdate():
        raise ServiceError(DUE_DATE_PAST)
    class_students = list(
        User.objects.filter(enrolments__school_class=school_class).values_list(
            "pk", flat=True
        )
    )
    chosen = [s.pk for s in students]
    if any(pk not in class_students for pk in chosen):
        raise ServiceError(_("Choose students from this class only."))
    targets = chosen or class_students
    created = updated = 0
    for lesson in lessons:
        assignment, is_new = Assignment.objects.update_or_create(
            school_class=school_class,
            lesson=lesson,
            defaults={
                "due_date": due_date,
                "reveal": reveal,
                "assigned_by": actor,
                "whole_class": not chosen,
            },
        )
        assignment.targets.exclude(student_id__in=targets).delete()
        AssignmentTarget.objects.bulk_create(
            [AssignmentTarget(assignment=assignment, student_id=pk) for pk in targets],
            ignore_conflicts=True,
        )
        created += is_new
        updated += not is_new
    summaries.schools_recount([school_class.school_id])
    return created, updated


def _assign_class_work(school_class: SchoolClass, students: list[User]) -> None:
    """New students of a class get the work set for the whole class."""
    AssignmentTarget.objects.bulk_create(
        [
            AssignmentTarget(assignment=assignment, student=student)
            for assignment in school_class.assignments.filter(whole_class=True)
            for student in students
        ],
        ignore_conflicts=True,
    )
    summaries.schools_recount([school_class.school_id])


# A learner's data


def learner_export(*, actor: User, school: School, learner: User) -> dict:
    """Everything kept about a learner, as data they or the school can take away."""
    from lessons.models import Certificate, LessonProgress, QuizAttempt

    progress = LessonProgress.objects.filter(learner=learner).select_related("lesson")
    attempts = (
        QuizAttempt.objects.filter(learner=learner, submitted_at__isnull=False)
        .select_related("quiz__lesson", "quiz__track")
        .prefetch_related("answers__question")
    )
    data = {
        "account": {
            "username": learner.username,
            "display_name": learner.display_name,
            "kind": learner.kind,
            "joined": learner.date_joined.isoformat(),
            "last_login": learner.last_login.isoformat()
            if learner.last_login
            else None,
            "classes": list(
                learner.enrolments.values_list("school_class__name", flat=True)
            ),
        },
        "progress": [
            {
                "lesson": p.lesson.slug,
                "status": p.status,
                "percent_read": p.percent,
                "best_score": p.best_score,
                "completed_at": p.completed_at.isoformat() if p.completed_at else None,
            }
            for p in progress
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.lesson.slug
                if a.quiz.lesson_id
                else f"{a.quiz.track.slug} check",
                "phase": a.phase,
                "submitted_at": a.submitted_at.isoformat(),
                "score": a.score,
                "passed": a.passed,
                "answers": [
                    {
                        "question": answer.question.slug,
                        "chosen": answer.selected,
                        "correct": answer.is_correct,
                    }
                    for answer in a.answers.all()
                ],
            }
            for a in attempts
        ],
        "certificates": [
            {
                "track": c.track.slug,
                "code": c.code,
                "issued_at": c.issued_at.isoformat(),
            }
            for c in Certificate.objects.filter(learner=learner).select_related("track")
        ],
    }
    audit(
        school=school,
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        subject=_label(learner),
    )
    return data


@transaction.atomic
def learner_erase(*, actor: User, school: School, learner: User) -> None:
    """Delete a student's account and every record of them, at once and for every
    report. Earlier audit entries about them keep what was done, not who."""
    label = _label(learner)
    AuditEntry.objects.filter(school=school, subject_label=label).update(
        subject_label=str(_("an erased learner"))
    )
    schools = summaries.schools_of([learner.pk])
    learner.delete()  # their sessions now point at no one: signed out
    summaries.schools_recount(schools)
    audit(
        school=school,
        actor=actor,
        action=AuditEntry.Action.ERASE,
        subject=str(_("an erased learner")),
    )


# The platform


@transaction.atomic
def school_set_active(*, school: School, is_active: bool) -> School:
    """A deactivated school's staff and students can no longer sign in (and are
    signed out at their next request: see accounts.backends); nothing is deleted,
    and reactivating the school restores everything."""
    school.is_active = is_active
    school.save(update_fields=["is_active", "updated_at"])
    return school
