"""A newcomer's journey through the real content, signed out and signed in."""

import re

import pytest
from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import Lesson, LessonProgress, Scenario, Track

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    content_load(bundle=read_content(settings.CONTENT_ROOT))


def read_track(client, slug: str) -> int:
    """Open every lesson and section of a track as a reader would; return pages read."""
    pages = 0
    track_page = client.get(reverse("lessons:track", args=[slug]))
    assert track_page.status_code == 200
    for lesson in Lesson.objects.filter(track__slug=slug, is_published=True):
        assert lesson.get_absolute_url() in track_page.content.decode()
        url = reverse("lessons:lesson", args=[lesson.slug])
        html = client.get(url).content.decode()
        # Follow "Start" then "Next" until the lesson ends.
        url = re.search(r'class="btn btn-primary" href="([^"]+)"', html)[1]
        while True:
            response = client.get(url)
            assert response.status_code == 200, url
            pages += 1
            html = response.content.decode()
            found = re.search(r'href="([^"]+)" rel="next"', html)
            if not found:
                assert "Take the quiz" in html
                break
            url = found[1]
    return pages


def play_to_the_end(client, scenario: Scenario, section_url: str, post_url: str) -> str:
    """Always take the first choice; return the page once the debrief shows."""
    for _ in range(len(scenario.steps)):
        html = client.get(section_url).content.decode()
        if "What to take from this" in html:
            return html
        step = re.search(r'name="step" value="([^"]+)"', html)[1]
        token = re.search(r'name="token" value="([^"]+)"', html)[1]
        choice = re.search(r'name="choice" value="([^"]+)"', html)[1]
        response = client.post(
            post_url, {"step": step, "token": token, "choice": choice}
        )
        assert response.status_code == 302
    raise AssertionError("the scenario never reached its debrief")


@pytest.mark.parametrize("slug", ["students", "parents", "staff"])
def test_a_visitor_reads_a_whole_track(client, content, slug):
    sections = sum(
        lesson.section_count
        for lesson in Lesson.objects.filter(track__slug=slug, is_published=True)
    )
    assert read_track(client, slug) == sections


def test_home_has_three_doors(client, content):
    html = client.get("/").content.decode()
    for door in ("I'm a parent or carer", "I work in a school", "I'm a student"):
        assert door in html
    for track in Track.objects.all():
        assert track.get_absolute_url() in html


def test_every_scenario_can_be_stepped_through_to_its_debrief(client, content):
    for lesson in Lesson.objects.prefetch_related("sections"):
        for section in lesson.sections.all():
            for block in section.blocks:
                if "scenario" not in block:
                    continue
                scenario = Scenario.objects.get(locale="en", slug=block["scenario"])
                post_url = reverse(
                    "lessons:scenario_choose",
                    args=[lesson.slug, section.slug, scenario.slug],
                )
                html = play_to_the_end(
                    client, scenario, section.get_absolute_url(), post_url
                )
                assert "Start the chat again" in html


def test_a_signed_in_learner_sees_progress_on_the_track_page(client, content, student):
    client.force_login(student)
    read_track(client, "students")
    html = client.get(reverse("lessons:track", args=["students"])).content.decode()
    lessons = Lesson.objects.filter(track__slug="students").count()
    # Read, but no quiz passed yet: every lesson is in progress at 100% read.
    assert "You have completed 0 of 5." in html
    assert html.count("In progress, 100% read") == lessons
    assert (
        LessonProgress.objects.filter(learner=student, percent=100).count() == lessons
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [("GB", "CEOP"), ("US", "CyberTipline"), ("AU", "ACCCE"), ("CA", "Cybertip.ca")],
)
def test_a_newcomer_finds_the_helplines_for_their_country(
    client, content, code, expected
):
    response = client.get(reverse("lessons:help"), {"country": code})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_a_parent_signs_up_completes_the_track_and_verifies_a_certificate(
    client, content
):
    import io

    from pypdf import PdfReader

    from lessons.models import Certificate, QuizAttempt
    from tests.auth import sign_up
    from tests.lessons.quiz_helpers import take_quiz

    sign_up(client, "Robin Parent", "robin@example.org", "a-long-family-passphrase")
    pre = reverse("lessons:knowledge_check", args=["parents", "pre"])
    assert take_quiz(client, pre, right=False).status_code == 302

    read_track(client, "parents")
    lessons = list(Lesson.objects.filter(track__slug="parents", is_published=True))
    for number, lesson in enumerate(lessons):
        quiz = reverse("lessons:lesson_quiz", args=[lesson.slug])
        if number == 0:  # fail the first quiz once, then pass it
            failed = client.get(take_quiz(client, quiz, right=False)["Location"])
            assert "Not passed yet" in failed.content.decode()
        passed = client.get(take_quiz(client, quiz, right=True)["Location"])
        assert "You passed." in passed.content.decode()

    post = reverse("lessons:knowledge_check", args=["parents", "post"])
    assert take_quiz(client, post, right=True).status_code == 302
    track_page = client.get(reverse("lessons:track", args=["parents"])).content.decode()
    assert f"You have completed {len(lessons)} of {len(lessons)}." in track_page
    assert "Before the track: 0%. After: 100%." in track_page

    certificate = Certificate.objects.get(learner__email="robin@example.org")
    assert (
        QuizAttempt.objects.filter(
            learner=certificate.learner, phase="lesson", passed=False
        ).count()
        == 1
    )
    pdf = client.get(reverse("lessons:certificate_pdf", args=[certificate.code]))
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    code = next(line for line in text.splitlines() if "Verification code" in line)
    code = code.split(":")[1].strip()
    client.logout()
    verified = client.get(reverse("lessons:verify"), {"code": code})
    assert verified.status_code == 200
    assert "Robin Parent" in verified.content.decode()
    assert "For parents and carers" in verified.content.decode()


def test_no_quiz_page_of_the_real_content_carries_its_answer_key(client, content):
    """Every lesson quiz and knowledge check: the page is the same whichever options
    are correct, and shows no explanation before the answers are sent."""
    from lessons.models import Option, Quiz

    pages = []
    for quiz in Quiz.objects.select_related("lesson", "track"):
        if quiz.lesson_id:
            pages.append(reverse("lessons:lesson_quiz", args=[quiz.lesson.slug]))
        else:
            pages.append(
                reverse("lessons:knowledge_check", args=[quiz.track.slug, "pre"])
            )
    assert len(pages) == 18

    def render_all() -> list[str]:
        return [
            re.sub(
                r'name="csrfmiddlewaretoken" value="[^"]+"',
                "",
                client.get(u).content.decode(),
            )
            for u in pages
        ]

    before = render_all()
    for page in before:
        for explanation in Option.objects.values_list("explanation_html", flat=True):
            assert explanation not in page
    correct = Option.objects.filter(is_correct=True).count()
    Option.objects.update(is_correct=~Q(is_correct=True))
    assert Option.objects.filter(is_correct=True).count() == Option.objects.count() - (
        correct
    )
    assert render_all() == before
