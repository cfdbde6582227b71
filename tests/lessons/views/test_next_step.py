"""Self-study that leads on: every quiz result offers the next step of the track,
and the track page says from the start what finishing it earns."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import Certificate, Lesson, LessonProgress
from lessons.quizzes import PASS_MARK
from tests.lessons import content_builder
from tests.lessons.quiz_helpers import answers, take_quiz
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

TRACK = reverse("lessons:track", args=["students"])
SLUGS = ["first-lesson", "lesson-2", "lesson-3"]
TITLES = {
    "first-lesson": "The first lesson",
    "lesson-2": "The second lesson",
    "lesson-3": "The third lesson",
}


def three_lessons() -> dict[str, str]:
    """The builder tree with two more lessons after its first, each with a quiz."""
    quiz = content_builder.files()["en/students/01-first-lesson.quiz.yaml"]
    notes = content_builder.files()["en/students/01-first-lesson.facilitator.yaml"]
    changes = {}
    for number, slug in enumerate(SLUGS[1:], start=2):
        text = content_builder.LESSON.replace("slug: first-lesson", f"slug: {slug}")
        text = text.replace("title: The first lesson", f"title: {TITLES[slug]}")
        changes[f"en/students/0{number}-{slug}.md"] = text
        changes[f"en/students/0{number}-{slug}.quiz.yaml"] = quiz
        changes[f"en/students/0{number}-{slug}.facilitator.yaml"] = notes
    return changes


@pytest.fixture(autouse=True)
def content(tmp_path):
    root = content_builder.write(tmp_path / "content", three_lessons())
    content_load(bundle=read_content(root))


class Links(HTMLParser):
    """Every link of a page as (text, href, classes), in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, set[str]]] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attributes = dict(attrs)
            self._open = [
                "",
                attributes.get("href") or "",
                set((attributes.get("class") or "").split()),
            ]

    def handle_data(self, data):
        if self._open is not None:
            self._open[0] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            text, href, classes = self._open
            self.found.append((" ".join(text.split()), href, classes))
            self._open = None


def links(html: str) -> list[tuple[str, str, set[str]]]:
    parser = Links()
    parser.feed(html)
    return parser.found


def next_step_links(html: str) -> list[tuple[str, str, set[str]]]:
    """The links of the "What next" box at the top of a result page."""
    box = re.search(r'<section class="next-step.*?</section>', html, re.S)
    assert box, "no next-step box"
    return links(box[0])


def primary(html: str) -> tuple[str, str]:
    """The one main action of the next-step box: (text, href)."""
    found = [(t, h) for t, h, c in next_step_links(html) if "btn-primary" in c]
    assert len(found) == 1, found
    return found[0]


def secondary(html: str) -> list[tuple[str, str]]:
    return [(t, h) for t, h, c in next_step_links(html) if "btn-outline-primary" in c]


def read_lesson(client, slug: str) -> None:
    for section in Lesson.objects.get(slug=slug).sections.all():
        client.get(section.get_absolute_url())


def quiz_result(client, slug: str, *, right: bool = True) -> str:
    """Take a lesson's quiz signed in, and return its result page."""
    response = take_quiz(
        client, reverse("lessons:lesson_quiz", args=[slug]), right=right
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def complete(client, slug: str) -> str:
    read_lesson(client, slug)
    return quiz_result(client, slug)


def lesson_url(slug: str) -> str:
    return reverse("lessons:lesson", args=[slug])


# A signed-in learner's result


def test_passing_a_lesson_offers_the_next_lesson_as_the_main_action(client, adult):
    client.force_login(adult)
    html = complete(client, "first-lesson")
    assert primary(html) == ("Next lesson: The second lesson", lesson_url("lesson-2"))
    assert "You have completed 1 of 3 lessons of this track." in html
    assert ">Try again<" not in html
    # Offered again below the answers, after the explanations were read.
    assert html.count("Next lesson: The second lesson") == 2


def test_failing_a_quiz_makes_try_again_the_main_action_and_next_lesson_second(
    client, adult
):
    client.force_login(adult)
    read_lesson(client, "first-lesson")
    html = quiz_result(client, "first-lesson", right=False)
    assert "Not passed yet" in html
    quiz = reverse("lessons:lesson_quiz", args=["first-lesson"])
    assert primary(html) == ("Try again", quiz)
    assert secondary(html) == [
        ("Next lesson: The second lesson", lesson_url("lesson-2"))
    ]
    assert "You have completed 0 of 3 lessons of this track." in html


def test_the_next_step_skips_lessons_already_completed(client, adult):
    client.force_login(adult)
    complete(client, "lesson-2")
    html = complete(client, "first-lesson")
    assert primary(html) == ("Next lesson: The third lesson", lesson_url("lesson-3"))
    assert "You have completed 2 of 3 lessons of this track." in html


def test_at_the_end_of_the_track_an_earlier_unfinished_lesson_comes_next(client, adult):
    client.force_login(adult)
    read_lesson(client, "first-lesson")  # read, quiz not passed: not complete
    html = complete(client, "lesson-3")
    assert primary(html) == (
        "Lesson still to complete: The first lesson",
        lesson_url("first-lesson"),
    )


def test_a_passed_quiz_of_a_lesson_not_fully_read_leads_back_to_that_lesson(
    client, adult
):
    client.force_login(adult)
    complete(client, "lesson-2")
    complete(client, "lesson-3")
    html = quiz_result(client, "first-lesson")  # passed, no section opened
    assert (
        LessonProgress.objects.get(learner=adult, lesson__slug="first-lesson").status
        != LessonProgress.Status.COMPLETED
    )
    assert primary(html) == (
        "Finish this lesson: The first lesson",
        lesson_url("first-lesson"),
    )
    assert not Certificate.objects.exists()


def test_completing_the_last_lesson_offers_the_certificate(client, adult):
    client.force_login(adult)
    complete(client, "first-lesson")
    complete(client, "lesson-2")
    html = complete(client, "lesson-3")
    certificate = Certificate.objects.get(learner=adult)
    assert primary(html) == ("See your certificate", certificate.get_absolute_url())
    assert "You have completed every lesson of this track" in html
    assert "Next lesson" not in html


def test_failing_a_retake_after_the_track_is_done_still_offers_try_again(client, adult):
    client.force_login(adult)
    for slug in SLUGS:
        complete(client, slug)
    html = quiz_result(client, "lesson-2", right=False)
    quiz = reverse("lessons:lesson_quiz", args=["lesson-2"])
    certificate = Certificate.objects.get(learner=adult)
    assert primary(html) == ("Try again", quiz)
    assert secondary(html) == [("See your certificate", certificate.get_absolute_url())]


def test_the_check_before_the_track_leads_to_the_first_lesson(client, adult):
    client.force_login(adult)
    check = reverse("lessons:knowledge_check", args=["students", "pre"])
    response = take_quiz(client, check, right=False)
    html = client.get(response["Location"]).content.decode()
    assert primary(html) == (
        "Next lesson: The first lesson",
        lesson_url("first-lesson"),
    )


def test_the_check_after_the_track_leads_to_the_certificate(client, adult):
    client.force_login(adult)
    for slug in SLUGS:
        complete(client, slug)
    check = reverse("lessons:knowledge_check", args=["students", "post"])
    response = take_quiz(client, check)
    html = client.get(response["Location"]).content.decode()
    certificate = Certificate.objects.get(learner=adult)
    assert primary(html) == ("See your certificate", certificate.get_absolute_url())


# A visitor's result (nothing is stored: the next lesson in order)


def visitor_result(client, slug: str, *, right: bool = True) -> str:
    response = take_quiz(
        client, reverse("lessons:lesson_quiz", args=[slug]), right=right
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_is_offered_the_next_lesson_and_told_signing_in_earns_it(client):
    html = visitor_result(client, "first-lesson")
    assert primary(html) == ("Next lesson: The second lesson", lesson_url("lesson-2"))
    assert "Nothing was kept." in html
    assert "Sign in to keep your progress and earn the certificate" in html
    login = [h for t, h, c in next_step_links(html) if t.startswith("Sign in")]
    assert login == [reverse("account_login") + "?next=/lessons/first-lesson/quiz/"]


def test_a_visitor_who_fails_is_offered_try_again_then_the_next_lesson(client):
    html = visitor_result(client, "lesson-2", right=False)
    quiz = reverse("lessons:lesson_quiz", args=["lesson-2"])
    assert primary(html) == ("Try again", quiz)
    assert secondary(html) == [
        ("Next lesson: The third lesson", lesson_url("lesson-3"))
    ]


def test_a_visitor_at_the_last_lesson_is_told_so_and_offered_no_certificate(client):
    html = visitor_result(client, "lesson-3")
    assert "This was the last lesson of the track." in html
    assert "Sign in to keep your progress and earn the certificate" in html
    assert "Next lesson" not in html
    assert "See your certificate" not in html
    assert not Certificate.objects.exists()


# The track page


def test_the_track_page_says_what_finishing_earns_before_anything_is_done(client):
    html = client.get(TRACK).content.decode()
    assert "Finish this track to earn a certificate" in html
    assert "with your name, the track and the date" in html
    assert "a code that anyone can check" in html
    # The rule lessons.services applies: every lesson complete, i.e. every
    # section opened and the quiz passed at the pass mark.
    assert "Finishing means completing every lesson." in html
    assert (
        "opened every one of its sections and passed its quiz with "
        f"{PASS_MARK}% or more"
    ) in html
    assert "sign in to earn the certificate" in html
    assert (
        "<progress"
        not in html.split('class="track-certificate')[1].split("</section>")[0]
    )


def test_the_track_page_shows_a_learner_the_name_and_progress_with_text(client, adult):
    adult.display_name = "Robin Parent"
    adult.save(update_fields=["display_name"])
    client.force_login(adult)
    complete(client, "first-lesson")
    complete(client, "lesson-3")
    html = client.get(TRACK).content.decode()
    assert "It will carry your name as Robin Parent." in html
    assert re.search(
        r'<progress class="lesson-progress track-progress" max="3" value="2"', html
    )
    assert "You have completed 2 of 3." in html
    assert "Lessons completed" in html
    assert "sign in to earn the certificate" not in html


def test_the_track_page_links_the_certificate_once_earned(client, adult):
    client.force_login(adult)
    for slug in SLUGS:
        complete(client, slug)
    html = client.get(TRACK).content.decode()
    certificate = Certificate.objects.get(learner=adult)
    assert ("See your certificate", certificate.get_absolute_url()) in [
        (t, h) for t, h, c in links(html)
    ]
    assert "You have completed 3 of 3." in html
    assert 'max="3" value="3"' in html
    assert "Finish this track to earn a certificate" not in html


# Query counts: bounded, whatever the number of lessons or attempts


def result_url(client, slug: str, *, right: bool = True) -> str:
    response = take_quiz(
        client, reverse("lessons:lesson_quiz", args=[slug]), right=right
    )
    return response["Location"]


def test_result_page_queries_are_pinned(client, adult):
    """Session, user, the attempt (with its quiz, lesson and track), its answers,
    the learner's progress in the track's lessons (for the next step); the quiz
    and the track's lessons are held in memory."""
    client.force_login(adult)
    url = result_url(client, "first-lesson")
    assert len(page_queries(client, url)) == RESULT_QUERIES


def test_result_page_queries_for_a_student_are_pinned(client, student):
    """As above, + whether a teacher holds the answers back (schools' hook)."""
    client.force_login(student)
    url = result_url(client, "first-lesson")
    assert len(page_queries(client, url)) == RESULT_QUERIES + 1


def test_result_page_with_the_certificate_adds_one_query(client, adult):
    """As above, + the certificate once every lesson is complete."""
    client.force_login(adult)
    complete(client, "first-lesson")
    complete(client, "lesson-2")
    read_lesson(client, "lesson-3")
    url = result_url(client, "lesson-3")
    assert Certificate.objects.filter(learner=adult).exists()
    assert len(page_queries(client, url)) == RESULT_QUERIES + 1


def test_result_page_queries_do_not_grow_with_attempts(client, adult):
    client.force_login(adult)
    url = result_url(client, "first-lesson", right=False)
    for slug in SLUGS:
        for _ in range(3):
            result_url(client, slug, right=False)
    assert len(page_queries(client, url)) == RESULT_QUERIES


RESULT_QUERIES = 5


def test_failing_the_only_unfinished_lesson_offers_try_again_alone(client, adult):
    client.force_login(adult)
    complete(client, "lesson-2")
    complete(client, "lesson-3")
    read_lesson(client, "first-lesson")
    html = quiz_result(client, "first-lesson", right=False)
    quiz = reverse("lessons:lesson_quiz", args=["first-lesson"])
    assert primary(html) == ("Try again", quiz)
    assert secondary(html) == []
    assert "You have completed 2 of 3 lessons of this track." in html


def test_a_visitor_result_costs_no_query_for_the_next_step(client):
    """Nothing is stored for a visitor, and the track's lessons are held in
    memory: grading and the next step run no query at all."""
    url = reverse("lessons:lesson_quiz", args=["first-lesson"])
    visitor_result(client, "first-lesson")  # the content is now held in memory
    data = answers(client.get(url).content.decode(), right=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 200
    assert "Next lesson: The second lesson" in response.content.decode()
    assert len(queries) == 0, [q["sql"][:60] for q in queries]
