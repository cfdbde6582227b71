"""The content in the repository: valid, covering what it must teach, readable."""

from collections import defaultdict
from dataclasses import replace

import pytest
import textstat
from django.conf import settings
from django.core.management import call_command

from lessons.content.schema import COVERAGE
from lessons.content.validate import read_content

# The highest Flesch-Kincaid grade each track's English lessons may have.
GRADE_LIMITS = {"students": 8.0, "parents": 10.0, "staff": 12.0}
# The lowest Fernández Huerta score (textstat, Spanish) each track's Spanish lessons
# may have: 70-80 is "fairly easy" (bastante fácil), 60-70 "normal".
EASE_LIMITS = {"students": 70.0, "parents": 65.0, "staff": 60.0}


@pytest.fixture(scope="module")
def whole():
    return read_content(settings.CONTENT_ROOT)


@pytest.fixture(scope="module")
def bundle(whole):
    """The English content (the tests below that read wording read English)."""
    return replace(whole, tracks=[t for t in whole.tracks if t.locale == "en"])


@pytest.fixture(scope="module")
def spanish(whole):
    return [t for t in whole.tracks if t.locale == "es"]


def test_content_check_is_clean(whole):
    assert [str(p) for p in whole.problems] == []


def test_every_track_is_in_english_and_spanish(whole):
    assert sorted((t.locale, t.slug) for t in whole.tracks) == [
        (language, slug)
        for language in ("en", "es")
        for slug in ("parents", "staff", "students")
    ]


def test_check_command_passes_on_the_repository(capsys):
    call_command("load_content", "--check")
    assert "Content is valid: 3 tracks, " in capsys.readouterr().out


def test_three_tracks_of_four_or_five_lessons(bundle):
    tracks = {t.audience: len(t.lessons) for t in bundle.tracks}
    assert set(tracks) == {"students", "parents", "staff"}
    assert all(4 <= n <= 5 for n in tracks.values()), tracks


@pytest.mark.parametrize("audience", sorted(COVERAGE))
def test_each_coverage_point_is_taught_by_a_tagged_objective(bundle, audience):
    (track,) = [t for t in bundle.tracks if t.audience == audience]
    taught = defaultdict(list)
    for lesson in track.lessons:
        for objective in lesson.objectives:
            for tag in objective["covers"]:
                taught[tag].append(f"{lesson.slug}/{objective['id']}")
    missing = sorted(COVERAGE[audience] - set(taught))
    assert missing == [], f"{audience}: nothing teaches {missing}"


@pytest.mark.parametrize("audience", sorted(GRADE_LIMITS))
def test_lessons_are_readable_for_their_audience(bundle, audience):
    (track,) = [t for t in bundle.tracks if t.audience == audience]
    grades = {
        lesson.slug: textstat.flesch_kincaid_grade(lesson.prose)
        for lesson in track.lessons
    }
    too_hard = {slug: g for slug, g in grades.items() if g > GRADE_LIMITS[audience]}
    assert too_hard == {}


@pytest.mark.parametrize("audience", sorted(EASE_LIMITS))
def test_spanish_lessons_are_easy_to_read_for_their_audience(spanish, audience):
    (track,) = [t for t in spanish if t.audience == audience]
    textstat.set_lang("es")
    try:
        scores = {
            lesson.slug: textstat.fernandez_huerta(lesson.prose)
            for lesson in track.lessons
        }
    finally:
        textstat.set_lang("en_US")
    too_hard = {
        s: score for s, score in scores.items() if score < EASE_LIMITS[audience]
    }
    assert too_hard == {}
    assert len(scores) == len(track.lessons) >= 4


def test_the_europol_2015_figure_is_never_called_sextortion_reports_in_spanish(
    spanish,
):
    for track in spanish:
        for lesson in track.lessons:
            for section in lesson.sections:
                for paragraph in section.prose.split("\n"):
                    if "26.000" in paragraph:
                        assert "no eran avisos de sextorsión" in paragraph.lower()


def test_readability_measure_sees_the_lesson_text(bundle):
    """A guard for the test above: the prose it measures is the real lesson text."""
    lesson = bundle.tracks[0].lessons[0]
    assert len(lesson.prose.split()) > 300
    assert "[@" not in lesson.prose
    assert "[[" not in lesson.prose


def test_every_student_lesson_ends_with_where_to_get_help(bundle):
    (track,) = [t for t in bundle.tracks if t.audience == "students"]
    assert all(lesson.sections[-1].slug == "get-help" for lesson in track.lessons)


def test_quizzes_use_every_question_type_in_each_track(bundle):
    for track in bundle.tracks:
        types = {q.type for lesson in track.lessons for q in lesson.questions}
        assert types == {"single", "multiple", "truefalse", "scenario"}, track.slug


def test_the_europol_2015_figure_is_never_called_sextortion_reports(bundle):
    for track in bundle.tracks:
        for lesson in track.lessons:
            for section in lesson.sections:
                for paragraph in section.prose.split("\n"):
                    if "26,000" in paragraph:
                        assert "not sextortion" in paragraph.lower() or (
                            "every kind" in paragraph or "all kinds" in paragraph
                        ), paragraph
