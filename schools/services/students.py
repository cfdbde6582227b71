"""Students: the one way an account is made (`students_create`: joining with a
code, a teacher's list of names, the demo), joining a class, passwords and
sign-in lock-outs."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import user_create_student
from core.codes import random_code
from schools import summaries
from schools.models import AssignmentTarget, AuditEntry, Enrolment, School, SchoolClass
from schools.services import ServiceError
from schools.services.audit import audit, user_label

MAX_BULK = 40
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet


@dataclass(frozen=True)
class NewStudent:
    """A student account to make, as its login card shows it."""

    display_name: str
    username: str
    password: str


@transaction.atomic
def students_create(
    *,
    school_class: SchoolClass,
    students: Sequence[NewStudent],
    actor: User | None = None,
) -> list[User]:
    """Make student accounts in a class: each a username and a display name, nothing
    else, given the work set for the whole class. With an `actor` (a teacher making
    them), the school's audit log records it."""
    created = [
        user_create_student(
            username=s.username, display_name=s.display_name, password=s.password
        )
        for s in students
    ]
    Enrolment.objects.bulk_create(
        Enrolment(school_class=school_class, student=student) for student in created
    )
    _give_class_work(school_class, created)
    if actor is not None:
        audit(
            school=school_class.school,
            actor=actor,
            action=AuditEntry.Action.BULK_CREATE,
            subject=f"{len(created)} students in {school_class.name}",
        )
    return created


class OtherSchool(Exception):
    """A student account belongs to one school: it cannot join another's class."""


@transaction.atomic
def enrolment_create(*, school_class: SchoolClass, student: User) -> Enrolment:
    """Put a student in a class of their own school (once; a second call changes
    nothing). Raises OtherSchool for a class of any other school, so that no school
    can reach another's student through a join code."""
    # Locking the student's row makes two joins at once take turns.
    User.objects.select_for_update().filter(pk=student.pk).first()
    schools = set(
        Enrolment.objects.filter(student=student).values_list(
            "school_class__school_id", flat=True
        )
    )
    if schools - {school_class.school_id}:
        raise OtherSchool
    enrolment, created = Enrolment.objects.get_or_create(
        school_class=school_class, student=student
    )
    if created:
        _give_class_work(school_class, [student])
    return enrolment


def _give_class_work(school_class: SchoolClass, students: list[User]) -> None:
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


def generate_password() -> str:
    """Easy to copy from a card: 'hmxq-7dkr-4p' (no 0/o, 1/l/i)."""
    raw = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(10))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _free_username(display_name: str, taken: set[str]) -> str:
    base = slugify(display_name).replace("-", ".")[:20].strip(".") or "student"
    for _attempt in range(50):
        candidate = f"{base}.{random_code(4).lower()}"
        if candidate not in taken:
            return candidate
    raise RuntimeError("could not find a free username")


def _free_usernames(display_names: list[str]) -> list[str]:
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
    return [usernames[i] for i in range(len(display_names))]


@transaction.atomic
def students_bulk_create(
    *, actor: User, school_class: SchoolClass, display_names: list[str]
) -> list[NewStudent]:
    """Create up to 40 student accounts with generated usernames and passwords.
    The passwords are returned once, for the printable login cards, and never kept."""
    if not 1 <= len(display_names) <= MAX_BULK:
        raise ServiceError(_("Give between 1 and %(max)s names.") % {"max": MAX_BULK})
    cards = [
        NewStudent(name, username, generate_password())
        for name, username in zip(
            display_names, _free_usernames(display_names), strict=True
        )
    ]
    students_create(school_class=school_class, students=cards, actor=actor)
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
        subject=user_label(student),
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
        subject=user_label(student),
    )
