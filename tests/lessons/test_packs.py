"""Printable packs (lessons/packs.py): a teacher's pack for every lesson and a
parents' leaflet for every track, in every language, opened and read back."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from lessons import helplines, selectors
from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import Lesson, Track
from lessons.packs import leaflet_pdf, teacher_pack_pdf

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> tuple[int, str]:
    """The number of pages, and the text with its whitespace made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def real_content(db):
    content_load(bundle=read_content(settings.CONTENT_ROOT))


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_lessons_pack_has_its_sections_notes_quiz_and_answers(
    real_content, language
):
    with translation.override(language):
        for lesson in Lesson.objects.select_related("track"):
            quiz = selectors.quiz_with_questions(lesson=lesson)
            pages, text = text_of(teacher_pack_pdf(lesson, quiz))
            assert pages >= 3, lesson.slug
            assert flat(lesson.title) in text
            for section in lesson.sections.all():
                assert flat(section.title) in text, (lesson.slug, section.slug)
            quiz_at = text.index(flat(translation.gettext("Quiz")), len(lesson.title))
            answers_at = text.index(flat(translation.gettext("Answer sheet")))
            for question in quiz.questions.all():
                assert flat(question.prompt) in text[quiz_at:answers_at]
                right = next(o for o in question.options.all() if o.is_correct)
                # The right answer is named on the answer sheet, after the quiz.
                assert flat(right.text) in text[answers_at:]
            if lesson.track.audience == Track.Audience.STUDENTS:
                notes = translation.gettext("If a pupil tells you something")
                assert flat(notes) in text, lesson.slug


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_tracks_leaflet_fits_two_pages_for_every_country(real_content, language):
    with translation.override(language):
        countries = helplines.helpline_countries(locale=language)
        for track in Track.objects.all():
            for country in countries:
                help_ = helplines.country_help(country=country)
                pages, text = text_of(leaflet_pdf(track, help_))
                assert pages == 2, (track.slug, country.code)
                assert flat(track.leaflet["title"]) in text
                heading = translation.gettext("Help in %(name)s") % {
                    "name": country.name
                }
                assert flat(heading) in text
                assert country.emergency in text


def test_the_leaflet_page_gives_a_pdf_for_the_country_asked_for(client, content):
    url = reverse("lessons:leaflet", args=["students"])

    response = client.get(url, {"country": "gb"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="leaflet-students-GB-en.pdf"' in response["Content-Disposition"]
    _pages, text = text_of(response.content)
    assert "What parents need to know" in text
    assert "Help in United Kingdom" in text


def test_an_unknown_country_is_a_clear_400(client, content):
    response = client.get(
        reverse("lessons:leaflet", args=["students"]), {"country": "ZZ"}
    )

    assert response.status_code == 400
    assert "We do not have help lines for that country yet" in response.content.decode()


def test_the_teachers_pack_is_for_the_classs_staff(client, world):
    users, kwargs = world
    client.force_login(users["teacher"])
    url = reverse("schools:teacher_pack", kwargs=kwargs["schools:teacher_pack"])

    response = client.get(url)

    assert response["Content-Type"] == "application/pdf"
    _pages, text = text_of(response.content)
    assert "Answer sheet" in text
    assert "Tell the safeguarding lead before the lesson" in text
