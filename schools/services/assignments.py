"""Assignments: lessons set for a class, or for chosen students of it."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lessons.models import Lesson
from schools import summaries
from schools.models import Assignment, AssignmentTarget, AuditEntry, SchoolClass
from schools.selectors.classes import class_students
from schools.services import ServiceError
from schools.services.audit import audit

DUE_DATE_PAST = _("The due date cannot be in the past.")
NOT_IN_CLASS = _("Choose students from this class only.")


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
    class_students_ids = list(
        class_students(school_class=school_class).values_list("pk", flat=True)
    )
    chosen = [s.pk for s in students]
    if any(pk not in class_students_ids for pk in chosen):
        raise ServiceError(NOT_IN_CLASS)
    targets = chosen or class_students_ids
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
    audit(
        school=school_class.school,
        actor=actor,
        action=AuditEntry.Action.ASSIGN,
        subject=_assigned(school_class, lessons, len(chosen)),
    )
    return created, updated


def _assigned(school_class: SchoolClass, lessons: list[Lesson], chosen: int) -> str:
    """'9M: The first lesson, The second lesson (3 students)'."""
    titles = ", ".join(lesson.title for lesson in lessons)
    whom = f" ({chosen} students)" if chosen else ""
    return f"{school_class.name}: {titles}{whom}"
