"""A student's own assignments, and whether a quiz's answers may show yet."""

from dataclasses import dataclass

from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from lessons.models import Lesson, LessonProgress
from lessons.translated import bodies
from schools.models import Assignment, AssignmentTarget


@dataclass
class MyAssignment:
    assignment: Assignment
    status: str
    best_score: int | None
    overdue: bool


def my_assignments(*, student: User) -> list[MyAssignment]:
    """A student's assignments, soonest due first (no date last), with their status."""
    progress = LessonProgress.objects.filter(
        learner=student, lesson=OuterRef("assignment__lesson")
    )
    targets = (
        AssignmentTarget.objects.filter(
            student=student, assignment__school_class__school__is_active=True
        )
        .select_related("assignment__lesson__track", "assignment__school_class")
        .defer(*bodies("assignment__lesson", "assignment__lesson__track"))
        .annotate(
            status=Coalesce(
                Subquery(progress.values("status")[:1]),
                Value(LessonProgress.Status.NOT_STARTED),
            ),
            best_score=Subquery(progress.values("best_score")[:1]),
        )
        .order_by(
            F("assignment__due_date").asc(nulls_last=True),
            "assignment__lesson__track__position",
            "assignment__lesson__position",
        )
    )
    today = timezone.localdate()
    return [
        MyAssignment(
            assignment=t.assignment,
            status=t.status,
            best_score=t.best_score,
            overdue=bool(
                t.assignment.due_date
                and t.assignment.due_date < today
                and t.status != LessonProgress.Status.COMPLETED
            ),
        )
        for t in targets
    ]


def answers_revealed(*, learner: User, lesson: Lesson) -> bool:
    """Quiz answers show at once, unless the student's teacher chose to hold them
    back until the due date of this lesson's assignment."""
    if not learner.is_authenticated or not learner.is_student:
        return True
    return not AssignmentTarget.objects.filter(
        student=learner,
        assignment__lesson=lesson,
        assignment__reveal=Assignment.Reveal.AFTER_DUE,
        assignment__due_date__gte=timezone.localdate(),
    ).exists()
