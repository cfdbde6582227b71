"""The reads of lessons.selectors, called directly: what each returns, for whom, and
the 404s."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from lessons.helplines import home_country
from lessons.models import (
    HelplineCountry,
    Lesson,
    LessonProgress,
    Section,
    Track,
)
from lessons.quizzes import Opening
from lessons.selectors import (
    attempt_of_learner,
    attempt_sent,
    knowledge_check_attempts,
    lesson_get,
    progress_by_lesson,
    sections_viewed,
    track_get,
    tracks_list,
)
from lessons.services import quiz_attempt_submit, section_view_record
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content")]


def view(learner, slug: str) -> Section:
    section = Section.objects.select_related("lesson__track").get(
        lesson__slug="first-lesson", slug=slug
    )
    section_view_record(learner=learner, section=section)
    return section


def sent(learner, quiz, phase: str, opening: Opening | None = None):
    """An attempt at `quiz`, sent with no answer right."""
    questions = list(quiz.questions.prefetch_related("options"))
    return quiz_attempt_submit(
        learner=learner,
        quiz=quiz,
        opening=opening or Opening.new(learner=learner.pk, quiz=quiz.pk, phase=phase),
        questions=questions,
        chosen={},
    )


# Tracks and lessons


def test_tracks_list_counts_only_published_lessons():
    assert [(t.slug, t.lesson_count) for t in tracks_list()] == [("students", 1)]

    Lesson.objects.update(is_published=False)

    assert [(t.slug, t.lesson_count) for t in tracks_list()] == [("students", 0)]


def test_track_get_of_an_unknown_slug_is_a_404():
    assert not Track.objects.filter(slug="no-such-track").exists()

    with pytest.raises(Http404):
        track_get(slug="no-such-track")


def test_lesson_get_returns_the_lesson_with_its_sections_in_order():
    lesson = lesson_get(slug="first-lesson")

    assert lesson.track.slug == "students"
    assert [s.slug for s in lesson.sections.all()] == [
        "how-it-starts",
        "not-your-fault",
        "myth-or-fact",
        "get-help",
    ]


def test_lesson_get_of_an_unpublished_lesson_is_a_404():
    Lesson.objects.filter(slug="first-lesson").update(is_published=False)
    assert Lesson.objects.filter(slug="first-lesson").exists()

    with pytest.raises(Http404):
        lesson_get(slug="first-lesson")


# A learner's progress


def test_sections_viewed_are_the_ids_of_the_learners_own_views(student):
    lesson = Lesson.objects.get(slug="first-lesson")
    assert sections_viewed(learner=student, lesson=lesson) == set()
    seen = [view(student, "how-it-starts"), view(student, "get-help")]
    view(factories.StudentFactory(), "not-your-fault")  # someone else's

    assert sections_viewed(learner=student, lesson=lesson) == {s.pk for s in seen}


def test_sections_viewed_of_a_visitor_is_empty_without_a_query(
    django_assert_num_queries,
):
    lesson = Lesson.objects.get(slug="first-lesson")

    with django_assert_num_queries(0):
        assert sections_viewed(learner=AnonymousUser(), lesson=lesson) == set()


def test_progress_by_lesson_maps_lesson_ids_to_the_learners_rows(student):
    lessons = list(Lesson.objects.all())
    assert progress_by_lesson(learner=student, lessons=lessons) == {}

    view(student, "how-it-starts")

    progress = progress_by_lesson(learner=student, lessons=lessons)
    assert progress == {lessons[0].pk: LessonProgress.objects.get(learner=student)}


# Quiz attempts


def test_knowledge_check_attempts_are_the_learners_pre_and_post_by_phase(student):
    track = Track.objects.get(slug="students")
    assert knowledge_check_attempts(learner=student, track=track) == {}

    pre = sent(student, track.knowledge_check, "pre")
    post = sent(student, track.knowledge_check, "post")
    sent(student, Lesson.objects.get().quiz, "lesson")

    assert knowledge_check_attempts(learner=student, track=track) == {
        "pre": pre,
        "post": post,
    }


def test_knowledge_check_attempts_of_a_visitor_are_empty():
    track = Track.objects.get(slug="students")

    assert knowledge_check_attempts(learner=AnonymousUser(), track=track) == {}


def test_attempt_of_learner_is_a_404_for_another_learners_attempt(student, adult):
    attempt = sent(adult, Lesson.objects.get().quiz, "lesson")

    assert attempt_of_learner(learner=adult, token=attempt.token) == attempt
    with pytest.raises(Http404):
        attempt_of_learner(learner=student, token=attempt.token)


def test_attempt_sent_finds_the_attempt_a_form_wrote(student):
    quiz = Lesson.objects.get().quiz
    opening = Opening.new(learner=student.pk, quiz=quiz.pk, phase="lesson")
    assert attempt_sent(learner=student, opening=opening) is None

    attempt = sent(student, quiz, "lesson", opening=opening)

    assert attempt_sent(learner=student, opening=opening) == attempt
    check = Track.objects.get(slug="students").knowledge_check
    pre = sent(student, check, "pre")
    other_tab = Opening.new(learner=student.pk, quiz=check.pk, phase="pre")
    assert attempt_sent(learner=student, opening=other_tab) == pre


def test_with_nothing_to_say_which_the_languages_own_country_is_shown():
    """The help page and a presenter's help slide both fall back on it."""
    from django.utils import translation

    us, gb, es = (HelplineCountry(code=c, name=c) for c in ("US", "GB", "ES"))
    assert home_country({"US": us, "GB": gb}) is gb
    assert home_country({"US": us}) is us
    assert home_country({}) is None
    with translation.override("es"):
        assert home_country({"GB": gb, "ES": es}) is es
