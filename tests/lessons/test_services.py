"""The writes of lessons.services, called directly: section views and lesson
progress, quiz attempts, certificates, and the progress recount."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
from lessons.quizzes import Opening
from lessons.services import (
    AttemptAlreadySubmitted,
    certificate_issue_if_complete,
    progress_recount,
    quiz_attempt_submit,
    section_view_record,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content")]

Status = LessonProgress.Status


def section(slug: str) -> Section:
    return Section.objects.select_related("lesson__track").get(
        lesson__slug="first-lesson", slug=slug
    )


def lesson() -> Lesson:
    return Lesson.objects.select_related("track").get(slug="first-lesson")


def read_every_section(learner) -> None:
    for each in lesson().sections.order_by("position"):
        section_view_record(learner=learner, section=section(each.slug))


def submit(
    learner, *, right: bool, opening: Opening | None = None, phase: str = "lesson"
) -> QuizAttempt:
    """Open the lesson's quiz (or the track's check, for `phase` pre or post) and
    send every answer right, or every answer wrong."""
    if phase == "lesson":
        quiz = Quiz.objects.get(lesson__slug="first-lesson")
    else:
        quiz = Quiz.objects.get(track__slug="students")
    opening = opening or Opening.new(learner=learner.pk, quiz=quiz.pk, phase=phase)
    questions = list(
        Question.objects.filter(quiz=quiz).prefetch_related("options").order_by("pk")
    )
    chosen = {
        q.pk: {o.pk for o in q.options.all() if o.is_correct == right}
        for q in questions
    }
    return quiz_attempt_submit(
        learner=learner,
        quiz=quiz,
        opening=opening,
        questions=questions,
        chosen=chosen,
    )


def progress_of(learner) -> LessonProgress:
    return LessonProgress.objects.get(learner=learner, lesson__slug="first-lesson")


# Section views


def test_section_view_record_creates_one_view_and_the_lesson_progress(student):
    assert not SectionView.objects.exists()
    assert not LessonProgress.objects.exists()

    progress = section_view_record(learner=student, section=section("how-it-starts"))

    assert SectionView.objects.filter(learner=student).count() == 1
    assert LessonProgress.objects.filter(learner=student).count() == 1
    assert (
        progress.status,
        progress.sections_viewed,
        progress.percent,
        progress.last_section,
    ) == (Status.IN_PROGRESS, 1, 25, "how-it-starts")


def test_section_view_record_repeated_changes_nothing(student):
    section_view_record(learner=student, section=section("how-it-starts"))
    views = list(SectionView.objects.values())
    progress = list(LessonProgress.objects.values())

    section_view_record(learner=student, section=section("how-it-starts"))

    assert list(SectionView.objects.values()) == views
    assert list(LessonProgress.objects.values()) == progress


def test_section_view_record_of_a_section_seen_before_moves_only_the_place(student):
    section_view_record(learner=student, section=section("how-it-starts"))
    section_view_record(learner=student, section=section("not-your-fault"))
    assert progress_of(student).last_section == "not-your-fault"

    section_view_record(learner=student, section=section("how-it-starts"))

    progress = progress_of(student)
    assert (progress.sections_viewed, progress.percent, progress.last_section) == (
        2,
        50,
        "how-it-starts",
    )
    assert SectionView.objects.filter(learner=student).count() == 2


def test_moving_the_place_to_a_section_seen_before_is_one_statement_on_postgresql(
    student,
):
    """The read and the write of the commonest signed-in page: one statement on
    PostgreSQL (a CTE that writes), a read and an UPDATE on SQLite; a second
    visit to the same section writes nothing on either."""
    first, second = section("how-it-starts"), section("not-your-fault")
    assert first.lesson == second.lesson  # fetched, as the page has it
    section_view_record(learner=student, section=first)
    section_view_record(learner=student, section=second)
    statements = 1 if connection.vendor == "postgresql" else 2

    with CaptureQueriesContext(connection) as moved:
        progress = section_view_record(learner=student, section=first)
    with CaptureQueriesContext(connection) as stayed:
        section_view_record(learner=student, section=first)

    def progress_statements(queries: CaptureQueriesContext) -> int:
        # (the schools' last activity is written too, once a minute in a live
        # process; here on every call, its "once" being noted at commit)
        return sum('"schools_school"' not in q["sql"] for q in queries)

    assert (progress_statements(moved), progress_statements(stayed)) == (
        statements,
        1,
    )
    assert progress.last_section == progress_of(student).last_section
    assert progress.last_section == "how-it-starts"
    assert progress.updated_at == progress_of(student).updated_at


def test_every_section_read_without_the_quiz_passed_leaves_the_lesson_in_progress(
    student,
):
    read_every_section(student)

    progress = progress_of(student)
    assert (progress.status, progress.percent) == (Status.IN_PROGRESS, 100)
    assert progress.completed_at is None


def test_passing_the_quiz_after_reading_every_section_completes_the_lesson(student):
    read_every_section(student)
    assert progress_of(student).status == Status.IN_PROGRESS

    submit(student, right=True)

    progress = progress_of(student)
    assert progress.status == Status.COMPLETED
    assert progress.completed_at is not None


# Quiz attempts


def test_an_attempt_is_written_only_when_its_answers_are_sent(student):
    quiz = Quiz.objects.get(lesson__slug="first-lesson")
    opening = Opening.new(learner=student.pk, quiz=quiz.pk, phase="lesson")
    assert not QuizAttempt.objects.exists()

    attempt = submit(student, right=True, opening=opening)

    attempt = QuizAttempt.objects.get()
    assert (attempt.token, attempt.seed, attempt.phase) == (
        opening.token,
        opening.seed,
        "lesson",
    )
    assert attempt.started_at == datetime.fromtimestamp(opening.started, tz=UTC)
    assert attempt.submitted_at >= attempt.started_at
    assert (attempt.correct, attempt.total, attempt.score, attempt.passed) == (
        5,
        5,
        100,
        True,
    )
    assert AttemptAnswer.objects.filter(attempt=attempt, is_correct=True).count() == 5
    progress = progress_of(student)
    assert progress.best_score == 100
    assert progress.quiz_passed_at == attempt.submitted_at


def test_an_opening_sent_twice_raises_and_changes_nothing(student):
    quiz = Quiz.objects.get(lesson__slug="first-lesson")
    opening = Opening.new(learner=student.pk, quiz=quiz.pk, phase="lesson")
    submit(student, right=False, opening=opening)
    attempts = list(QuizAttempt.objects.values())
    answers = list(AttemptAnswer.objects.values())
    progress = list(LessonProgress.objects.values())

    with pytest.raises(AttemptAlreadySubmitted):
        submit(student, right=True, opening=opening)

    assert list(QuizAttempt.objects.values()) == attempts
    assert list(AttemptAnswer.objects.values()) == answers
    assert list(LessonProgress.objects.values()) == progress


def test_a_knowledge_check_opened_twice_is_written_once_per_phase(student):
    """Two tabs of the check before the track: each its own opening."""
    submit(student, right=False, phase="pre")

    with pytest.raises(AttemptAlreadySubmitted):
        submit(student, right=True, phase="pre")

    assert list(QuizAttempt.objects.values_list("phase", "score")) == [("pre", 0)]
    assert AttemptAnswer.objects.count() == 6
    submit(student, right=True, phase="post")
    assert QuizAttempt.objects.count() == 2


def test_a_lower_score_later_leaves_the_best_score(student):
    submit(student, right=True)
    assert progress_of(student).best_score == 100

    submit(student, right=False)

    assert progress_of(student).best_score == 100
    scores = QuizAttempt.objects.filter(learner=student).values_list("score", flat=True)
    assert sorted(scores) == [0, 100]


def test_a_higher_score_later_becomes_the_best_score(student):
    submit(student, right=False)
    assert progress_of(student).best_score == 0
    assert progress_of(student).quiz_passed_at is None

    submit(student, right=True)

    assert progress_of(student).best_score == 100
    assert progress_of(student).quiz_passed_at is not None


# Certificates


def test_certificate_issue_if_complete_issues_nothing_before_the_track_is_complete(
    student,
):
    section_view_record(learner=student, section=section("how-it-starts"))

    issued = certificate_issue_if_complete(
        learner=student, track=Track.objects.get(slug="students")
    )

    assert issued is None
    assert not Certificate.objects.exists()


def test_certificate_issue_if_complete_issues_once(student):
    track = Track.objects.get(slug="students")
    LessonProgress.objects.create(
        learner=student, lesson=lesson(), status=Status.COMPLETED
    )
    assert not Certificate.objects.exists()

    first = certificate_issue_if_complete(learner=student, track=track)
    again = certificate_issue_if_complete(learner=student, track=track)

    assert first is not None and again == first
    assert Certificate.objects.filter(learner=student, track=track).count() == 1
    assert first.name == student.display_name


# Recounting progress


def test_progress_recount_counts_the_sections_viewed_again(student):
    read_every_section(student)
    LessonProgress.objects.update(sections_viewed=0, percent=0)
    SectionView.objects.filter(section__slug="get-help").delete()

    progress_recount(lesson_ids=[lesson().pk])

    progress = progress_of(student)
    assert (progress.sections_viewed, progress.percent) == (3, 75)
    assert progress.status == Status.IN_PROGRESS


def test_progress_recount_completes_a_lesson_read_in_full_with_its_quiz_passed(
    student,
):
    submit(student, right=True)
    read_every_section(student)
    LessonProgress.objects.update(status=Status.IN_PROGRESS, completed_at=None)

    progress_recount(lesson_ids=[lesson().pk])

    progress = progress_of(student)
    assert progress.status == Status.COMPLETED
    assert progress.completed_at is not None
