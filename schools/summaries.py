"""Each school's summary figures (School.learner_count, assigned_count,
completed_count, last_activity_at), kept up to date in the same transaction as the
rows they count, so that the platform overview reads one row per school however
many learners there are.

One rule keeps them exact under concurrency: whatever changes a school's figures
holds the school's row lock while it counts.

- A lesson completed (frequent): lock the learner's schools, count the learner's
  assignments of that lesson in each, add them (`completed_count + k`).
- Anything else (a student joins, work is assigned, a learner is erased, accounts
  are purged, content is reloaded; all rare): change the rows, then lock the
  school and recount it from the rows. A completion waiting for the lock adds
  itself afterwards; one that committed before is in the recount.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from lessons.models import Lesson, LessonProgress
from schools.models import AssignmentTarget, Enrolment, School

# The overview shows the last activity as a date: once a minute is often enough.
ACTIVITY_RESOLUTION = timedelta(minutes=1)


def _lock(school_ids: Iterable[int]) -> list[int]:
    """Lock these schools' rows, in id order (so two lockers never deadlock)."""
    return list(
        School.objects.select_for_update()
        .filter(pk__in=list(school_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _done() -> Exists:
    return Exists(
        LessonProgress.objects.filter(
            learner=OuterRef("student"),
            lesson=OuterRef("assignment__lesson"),
            status=LessonProgress.Status.COMPLETED,
        )
    )


def _count(queryset, expression) -> Coalesce:
    return Coalesce(
        Subquery(queryset.values("school_ref").annotate(n=expression).values("n")),
        0,
    )


def schools_recount(school_ids: Iterable[int] | None = None) -> None:
    """Recount these schools' figures (all schools if None) from the rows."""
    if school_ids is None:
        school_ids = School.objects.values_list("pk", flat=True)
    schools = School.objects.filter(pk__in=_lock(school_ids))
    students = Enrolment.objects.filter(school_class__school=OuterRef("pk")).annotate(
        school_ref=F("school_class__school")
    )
    targets = AssignmentTarget.objects.filter(
        assignment__school_class__school=OuterRef("pk")
    ).annotate(school_ref=F("assignment__school_class__school"))
    progress = LessonProgress.objects.filter(
        learner__enrolments__school_class__school=OuterRef("pk")
    ).annotate(school_ref=F("learner__enrolments__school_class__school"))
    schools.update(
        updated_at=timezone.now(),  # the platform overview's stamp reads it
        learner_count=_count(students, Count("student", distinct=True)),
        assigned_count=_count(targets, Count("pk")),
        completed_count=_count(targets.filter(_done()), Count("pk")),
        last_activity_at=Subquery(
            progress.values("school_ref")
            .annotate(last=Max("updated_at"))
            .values("last")[:1]
        ),
    )


def schools_of(learners) -> list[int]:
    """The schools whose classes these learners are in (a queryset or a list)."""
    return list(
        School.objects.filter(classes__enrolments__student__in=learners)
        .distinct()
        .values_list("pk", flat=True)
    )


def lesson_completed(*, learner: User, lesson: Lesson) -> None:
    """A learner has just completed a lesson: count it in every school that
    assigned it to them."""
    schools = schools_of([learner.pk])
    if not schools:
        return
    _lock(schools)
    rows = (
        AssignmentTarget.objects.filter(student=learner, assignment__lesson=lesson)
        .values("assignment__school_class__school")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        School.objects.filter(pk=row["assignment__school_class__school"]).update(
            completed_count=F("completed_count") + row["n"]
        )


# Learners whose activity this process wrote lately (by id): their next pages within
# the resolution ask the database nothing. Each process writes a learner's activity
# at most once a minute, as the column's resolution allows; noted once committed.
_written: dict[int, datetime] = {}
WRITTEN_KEPT = 10_000  # learners noted at most, per process


def activity_record(*, learner: User) -> None:
    """A learner's progress was written: the last activity of their schools, at
    most once a minute (no lock is held when nothing needs writing)."""
    now = timezone.now()
    noted = _written.get(learner.pk)
    if noted is not None and now - noted < ACTIVITY_RESOLUTION:
        return
    School.objects.filter(classes__enrolments__student=learner).filter(
        Q(last_activity_at__isnull=True)
        | Q(last_activity_at__lt=now - ACTIVITY_RESOLUTION)
    ).update(last_activity_at=now)
    transaction.on_commit(lambda: _note_written(learner.pk, now))


def _note_written(learner_id: int, when: datetime) -> None:
    if len(_written) >= WRITTEN_KEPT:
        _written.clear()
    _written[learner_id] = when
