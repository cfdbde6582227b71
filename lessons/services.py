"""Writes to learners' progress: section views, quiz attempts, certificates.

Loading content is `lessons.content.load`. Each write here is atomic and tells the
apps above through `lessons.signals`.
"""

from datetime import UTC, datetime
from functools import cache

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from core.codes import random_code
from core.compiled import CompiledQuery
from lessons.models import (
    AttemptAnswer,
    Certificate,
    Lesson,
    LessonProgress,
    Question,
    Quiz,
    QuizAttempt,
    Section,
    SectionView,
    Track,
)
from lessons.quizzes import Opening, grade
from lessons.signals import (
    learner_active,
    lesson_completed,
    progress_recounted,
    quiz_graded,
)


def progress_recount(*, lesson_ids: list[int]) -> None:
    """Recount sections viewed and percent of every learner of these lessons, in SQL."""
    viewed = (
        SectionView.objects.filter(
            learner=OuterRef("learner"),
            section__lesson=OuterRef("lesson"),
            section__retired=False,
        )
        .values("section__lesson")
        .annotate(n=Count("pk"))
        .values("n")
    )
    progress = LessonProgress.objects.filter(lesson_id__in=lesson_ids)
    progress.update(sections_viewed=Coalesce(Subquery(viewed), 0))
    for lesson in Lesson.objects.filter(pk__in=lesson_ids).only("pk", "section_count"):
        total = max(lesson.section_count, 1)
        rows = LessonProgress.objects.filter(lesson=lesson)
        rows.update(percent=models.F("sections_viewed") * 100 / total)
        rows.filter(sections_viewed__gte=total, quiz_passed_at__isnull=False).exclude(
            status=LessonProgress.Status.COMPLETED
        ).update(status=LessonProgress.Status.COMPLETED, completed_at=timezone.now())
    progress_recounted.send(sender=Lesson, lesson_ids=lesson_ids)


# A learner's progress row in a section's lesson, with whether they saw the section
# before: one query, built once per process (learner, section).
_PROGRESS_AND_SEEN = CompiledQuery(
    lambda learner, section: LessonProgress.objects.filter(
        learner=learner, lesson__sections=section
    ).annotate(
        seen=Exists(SectionView.objects.filter(learner=learner, section=section))
    ),
    values=2,
)


def _last_section_save(progress: LessonProgress) -> None:
    """`progress.save(update_fields=["last_section", "updated_at"])`, as plain SQL:
    the ORM took longer to build this UPDATE than the database to run it."""
    table = connection.ops.quote_name(LessonProgress._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_section = %s, updated_at = %s WHERE id = %s",  # noqa: S608
            [
                progress.last_section,
                connection.ops.adapt_datetimefield_value(progress.updated_at),
                progress.pk,
            ],
        )


@cache
def _progress_seen_moved_sql() -> str:
    """PostgreSQL: `_PROGRESS_AND_SEEN`, and the resume point moved to the section
    when it was seen before and is elsewhere, in one statement (a CTE may write
    there); `moved` says whether it was."""
    sql, _params = _PROGRESS_AND_SEEN.sql_and_params()
    table = connection.ops.quote_name(LessonProgress._meta.db_table)
    return (
        f"WITH p AS ({sql}), moved AS ("  # noqa: S608 (names from the models)
        f"UPDATE {table} t SET last_section = %s, updated_at = %s FROM p "
        "WHERE t.id = p.id AND p.seen AND p.last_section <> %s RETURNING t.id) "
        "SELECT p.*, EXISTS (SELECT 1 FROM moved) AS moved FROM p"
    )


def _progress_seen_moved(learner: User, section: Section) -> LessonProgress | None:
    """The learner's progress in the section's lesson, with `seen`, and with the
    resume point at the section if it was seen before: one round trip on
    PostgreSQL (the commonest signed-in page's only write), two elsewhere."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        progress = _PROGRESS_AND_SEEN.first(learner.pk, section.pk)
        if progress and progress.seen and progress.last_section != section.slug:
            progress.last_section, progress.updated_at = section.slug, now
            _last_section_save(progress)
        return progress
    _sql, params = _PROGRESS_AND_SEEN.bind(learner.pk, section.pk)
    rows = LessonProgress.objects.raw(
        _progress_seen_moved_sql(), [*params, section.slug, now, section.slug]
    )
    progress = next(iter(rows), None)
    if progress is not None and progress.moved:
        progress.last_section, progress.updated_at = section.slug, now
    return progress


def section_view_record(*, learner: User, section: Section) -> LessonProgress:
    """Record that a learner saw a section, and bring their lesson progress up to date.

    A section seen before changes only where the learner is in the lesson: one read
    and at most one small write (one statement on PostgreSQL), no transaction. A
    first view goes through `_section_first_view`.
    """
    progress = _progress_seen_moved(learner, section)
    if progress is None or not progress.seen:
        return _section_first_view(learner=learner, section=section)
    progress.lesson = section.lesson  # already fetched
    learner_active.send(sender=LessonProgress, learner=learner)
    return progress


@transaction.atomic
def _section_first_view(*, learner: User, section: Section) -> LessonProgress:
    """Safe to repeat and to race (a refresh, two tabs): the view row is unique per
    learner and section, and the summary row, unique per learner and lesson, is
    locked before the views are counted, so concurrent views never lose a count."""
    lesson = section.lesson
    SectionView.objects.bulk_create(
        [SectionView(learner=learner, section=section)], ignore_conflicts=True
    )
    try:
        with transaction.atomic():
            progress, _ = LessonProgress.objects.select_for_update().get_or_create(
                learner=learner, lesson=lesson, defaults={"last_section": section.slug}
            )
    except IntegrityError:  # created by a concurrent request a moment ago
        progress = LessonProgress.objects.select_for_update().get(
            learner=learner, lesson=lesson
        )
    progress.lesson = lesson  # already fetched
    viewed = SectionView.objects.filter(
        learner=learner, section__lesson=lesson, section__retired=False
    ).count()
    total = max(lesson.section_count, 1)
    progress.sections_viewed = viewed
    progress.percent = min(100, viewed * 100 // total)
    progress.last_section = section.slug
    fields = ["sections_viewed", "percent", "last_section", "updated_at"]
    fields += _complete_if_done(progress)
    progress.save(update_fields=fields)
    learner_active.send(sender=LessonProgress, learner=learner)
    if "status" in fields:
        lesson_completed.send(sender=LessonProgress, learner=learner, lesson=lesson)
        certificate_issue_if_complete(learner=learner, track=lesson.track)
    return progress


def _complete_if_done(progress: LessonProgress) -> list[str]:
    """Mark the lesson completed once every section was viewed and its quiz passed;
    return the fields changed. A completed lesson stays completed."""
    if progress.status == LessonProgress.Status.COMPLETED:
        return []
    if (
        progress.sections_viewed >= progress.lesson.section_count
        and progress.quiz_passed_at is not None
    ):
        progress.status = LessonProgress.Status.COMPLETED
        progress.completed_at = timezone.now()
        return ["status", "completed_at"]
    return []


def _certificate_code() -> str:
    """Twelve unambiguous letters and digits (25^12, about 6 x 10^16 codes), shown
    in groups of four: unguessable, and easy to read out or type."""
    raw = random_code(12)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def certificate_issue_if_complete(*, learner: User, track: Track) -> Certificate | None:
    """Issue the track's certificate (once) when every published lesson is complete."""
    lessons = track.lessons.filter(is_published=True)
    done = LessonProgress.objects.filter(
        learner=learner,
        lesson__in=lessons,
        status=LessonProgress.Status.COMPLETED,
    ).count()
    if done < lessons.count() or done == 0:
        return None
    existing = Certificate.objects.filter(learner=learner, track=track).first()
    if existing:
        return existing
    for _ in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    learner=learner,
                    track=track,
                    code=_certificate_code(),
                    name=learner.display_name or learner.username,
                )
        except IntegrityError:
            # Issued by a concurrent request, or (never yet seen) a code collision.
            existing = Certificate.objects.filter(learner=learner, track=track).first()
            if existing:
                return existing
    raise RuntimeError("could not issue a unique certificate code")


class AttemptAlreadySubmitted(Exception):
    """The attempt was graded before: a double click, a resubmitted form, a 2nd tab."""


@transaction.atomic
def quiz_attempt_submit(
    *,
    learner: User,
    quiz: Quiz,
    opening: Opening,
    questions: list[Question],
    chosen: dict[int, set[int]],
) -> QuizAttempt:
    """Write the attempt a form opened, graded, with every answer, and update the
    lesson: one transaction, the quiz's only write.

    The attempt's token is unique, and a knowledge check has one attempt per phase:
    of two submissions of one form (a double click, a resubmitted page, a second
    tab of a check) one is written and the other gets AttemptAlreadySubmitted,
    with nothing written.
    """
    result = grade(questions, chosen, opening.seed)
    try:
        attempt = QuizAttempt.objects.create(
            learner=learner,
            quiz=quiz,
            phase=opening.phase,
            token=opening.token,
            seed=opening.seed,
            started_at=datetime.fromtimestamp(opening.started, tz=UTC),
            submitted_at=timezone.now(),
            correct=result.correct,
            total=result.total,
            score=result.score,
            passed=result.passed,
        )
    except IntegrityError:  # the first write: nothing to undo
        raise AttemptAlreadySubmitted from None
    slugs = {o.pk: o.slug for q in questions for o in q.options.all()}
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(
            attempt=attempt,
            question=r.question,
            selected=sorted(slugs[pk] for pk in r.chosen),
            is_correct=r.is_correct,
            revision=r.question.revision,
        )
        for r in result.results
    )
    if attempt.phase == QuizAttempt.Phase.LESSON:
        _lesson_quiz_recorded(attempt)
    return attempt


# Built once per process (core.compiled), inside the transaction that runs it.
_PROGRESS_LOCKED = CompiledQuery(
    lambda learner, lesson: LessonProgress.objects.select_for_update().filter(
        learner=learner, lesson=lesson
    ),
    values=2,
)


def _lesson_quiz_recorded(attempt: QuizAttempt) -> None:
    """Keep the best score on the lesson's progress; passing may complete it."""
    lesson = attempt.quiz.lesson
    rows = LessonProgress.objects.select_for_update()
    progress = _PROGRESS_LOCKED.first(attempt.learner.pk, lesson.pk)
    if progress is None:  # a quiz taken before reading: the row is made here
        try:
            with transaction.atomic():
                progress = rows.create(learner=attempt.learner, lesson=lesson)
        except IntegrityError:  # made by a concurrent request a moment ago
            progress = rows.get(learner=attempt.learner, lesson=lesson)
    progress.lesson = lesson
    fields = []
    if progress.best_score is None or attempt.score > progress.best_score:
        progress.best_score = attempt.score
        fields.append("best_score")
    if attempt.passed and progress.quiz_passed_at is None:
        progress.quiz_passed_at = attempt.submitted_at
        fields.append("quiz_passed_at")
    fields += _complete_if_done(progress)
    if fields:
        progress.save(update_fields=[*fields, "updated_at"])
        learner_active.send(sender=LessonProgress, learner=attempt.learner)
        quiz_graded.send(
            sender=LessonProgress,
            learner=attempt.learner,
            lesson=lesson,
            best_score=progress.best_score,
            completed=progress.status == LessonProgress.Status.COMPLETED,
        )
    if "status" in fields:
        lesson_completed.send(
            sender=LessonProgress, learner=attempt.learner, lesson=lesson
        )
        certificate_issue_if_complete(learner=attempt.learner, track=lesson.track)
