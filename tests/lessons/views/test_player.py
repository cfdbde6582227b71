"""The lesson player: pages, progress, the scenario, myth-or-fact cards, helplines."""

import pytest
from django.urls import reverse

from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.interactive import (
    BAD_ANSWER,
    FIRST_TOKEN,
    STALE_CHOICE,
    UNKNOWN_CARD,
    ScenarioState,
)
from lessons.models import Lesson, LessonProgress, Scenario, SectionView
from lessons.views.player import NOT_ON_THIS_PAGE, UNKNOWN_COUNTRY
from tests import factories
from tests.lessons import content_builder
from tests.lessons.quiz_helpers import pass_lesson_quiz

pytestmark = pytest.mark.django_db

SECTION = reverse("lessons:section", args=["first-lesson", "how-it-starts"])
SCENARIO_POST = reverse(
    "lessons:scenario_choose", args=["first-lesson", "how-it-starts", "test-chat"]
)
CARDS_POST = reverse(
    "lessons:mythfact_answer", args=["first-lesson", "myth-or-fact", "test-cards"]
)


@pytest.fixture(autouse=True)
def content(tmp_path):
    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))


def scenario_state(client) -> dict:
    """Where the chat is, as the page's form says: before the first choice nothing
    is kept, and the form carries the first step's token."""
    scenario = Scenario.objects.get(locale="en", slug="test-chat")
    return client.session.get(ScenarioState.key(scenario)) or {
        "step": scenario.start,
        "token": FIRST_TOKEN,
    }


def choose(client, choice: str, **overrides):
    state = scenario_state(client)
    data = {"step": state["step"], "token": state["token"], "choice": choice}
    data.update(overrides)
    return client.post(SCENARIO_POST, data)


# Pages


def test_track_page_lists_lessons_with_time(client):
    response = client.get(reverse("lessons:track", args=["students"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The first lesson" in html
    assert "About 5 minutes" in html


def test_lesson_page_shows_objectives_and_a_start_button(client):
    response = client.get(reverse("lessons:lesson", args=["first-lesson"]))
    html = response.content.decode()
    assert "Know what to do." in html
    assert "Start the lesson" in html
    assert SECTION in html


def test_section_page_shows_one_section_with_previous_next_and_progress(client):
    response = client.get(
        reverse("lessons:section", args=["first-lesson", "not-your-fault"])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "It is never your fault." in html
    assert "Part 2 of 4" in html
    assert '<progress class="lesson-progress" max="4" value="2"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "26,718" not in html  # only this section's text


@pytest.mark.parametrize(
    "url",
    [
        "/tracks/no-such-track/",
        "/lessons/no-such-lesson/",
        "/lessons/first-lesson/no-such-section/",
    ],
)
def test_unknown_track_lesson_or_section_is_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'href="/"' in html and 'href="/help/"' in html


def test_last_student_section_lists_the_helplines_of_the_country(client):
    response = client.get(
        reverse("lessons:section", args=["first-lesson", "get-help"]),
        headers={"accept-language": "en-US,en;q=0.8"},
    )
    html = response.content.decode()
    assert "Help in United States" in html
    assert "NCMEC CyberTipline" in html


def test_last_student_section_says_what_to_do_if_not_safe_right_now(client):
    response = client.get(
        reverse("lessons:section", args=["first-lesson", "get-help"]),
        headers={"accept-language": "en-GB"},
    )
    html = response.content.decode()
    box = html[html.index('id="right-now-title"') : html.index('id="helplines-title"')]
    assert "Not safe right now?" in box
    assert "tell an adult" in box and "call 999" in box
    # The country's crisis line, by name, with its hours and cost; the child
    # helpline is not a crisis line, so it is listed below, not in the box.
    assert "<strong>Samaritans</strong>: 116 123" in box
    assert "24 hours a day, every day" in box and "Free" in box
    assert "Childline" not in box


# Progress


def test_visitor_reading_stores_nothing(client):
    client.get(SECTION)
    assert not SectionView.objects.exists()
    assert not LessonProgress.objects.exists()


def test_signed_in_view_records_the_section_and_the_lesson_progress(client, student):
    client.force_login(student)
    response = client.get(SECTION)
    assert "25% of the lesson read" in response.content.decode()
    progress = LessonProgress.objects.get(learner=student)
    assert (progress.status, progress.percent, progress.last_section) == (
        "in_progress",
        25,
        "how-it-starts",
    )


def test_refreshing_and_two_tabs_never_duplicate_progress(client, student):
    client.force_login(student)
    other_tab = factories.StudentFactory._meta.model.objects.get(pk=student.pk)
    assert other_tab.pk == student.pk
    for _ in range(3):
        client.get(SECTION)
    assert SectionView.objects.filter(learner=student).count() == 1
    assert LessonProgress.objects.filter(learner=student).count() == 1
    assert LessonProgress.objects.get(learner=student).percent == 25


def test_every_section_and_the_quiz_complete_the_lesson_and_the_track_shows_it(
    client, student
):
    client.force_login(student)
    lesson = Lesson.objects.get(slug="first-lesson")
    for section in lesson.sections.all():
        client.get(section.get_absolute_url())
    progress = LessonProgress.objects.get(learner=student)
    assert (progress.status, progress.percent) == ("in_progress", 100)
    pass_lesson_quiz(client, "first-lesson")
    progress.refresh_from_db()
    assert (progress.status, progress.best_score) == ("completed", 100)
    assert progress.completed_at is not None
    html = client.get(reverse("lessons:track", args=["students"])).content.decode()
    assert "Completed" in html
    assert "You have completed 1 of 1." in html


def test_lesson_page_offers_to_continue_where_the_learner_left_off(client, student):
    client.force_login(student)
    client.get(reverse("lessons:section", args=["first-lesson", "not-your-fault"]))
    html = client.get(reverse("lessons:lesson", args=["first-lesson"])).content.decode()
    assert "Continue: It is not your fault" in html


# The branching scenario


def test_scenario_steps_to_its_debrief_by_form_posts(client):
    client.get(SECTION)
    html = client.get(SECTION).content.decode()
    assert "hey, you seem nice" in html
    assert "What do you do?" in html
    response = choose(client, "chat")
    assert response.status_code == 302
    assert response["Location"].endswith("#scenario-test-chat")
    html = client.get(SECTION).content.decode()
    assert "They ask you to move apps." in html
    assert "add me on the other app" in html
    choose(client, "stop")
    html = client.get(SECTION).content.decode()
    assert "You stayed safe." in html
    assert "What to take from this" in html
    assert "Stop, keep evidence, block and tell someone" in html


def test_scenario_choice_from_another_step_is_a_400_and_changes_nothing(client):
    client.get(SECTION)
    before = scenario_state(client)
    response = choose(client, "stop")  # a choice of the next step, not this one
    assert response.status_code == 400
    assert str(STALE_CHOICE) in response.content.decode()
    assert scenario_state(client) == before


def test_scenario_replayed_post_is_a_400_and_changes_nothing(client):
    client.get(SECTION)
    first = scenario_state(client)
    choose(client, "chat")
    after_one = scenario_state(client)
    replay = client.post(
        SCENARIO_POST,
        {"step": first["step"], "token": first["token"], "choice": "chat"},
    )
    assert replay.status_code == 400
    assert scenario_state(client) == after_one


def test_scenario_forged_token_is_a_400(client):
    client.get(SECTION)
    before = scenario_state(client)
    response = choose(client, "chat", token="forged")
    assert response.status_code == 400
    assert scenario_state(client) == before


def test_scenario_of_another_page_is_a_400(client):
    url = reverse(
        "lessons:scenario_choose", args=["first-lesson", "not-your-fault", "test-chat"]
    )
    response = client.post(url, {"choice": "chat"})
    assert response.status_code == 400
    assert str(NOT_ON_THIS_PAGE) in response.content.decode()


def test_scenario_with_htmx_returns_only_the_chat(client):
    client.get(SECTION)
    state = scenario_state(client)
    response = client.post(
        SCENARIO_POST,
        {"step": state["step"], "token": state["token"], "choice": "block"},
        headers={"hx-request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="scenario')
    assert "You stayed safe." in html
    assert "<html" not in html


def test_scenario_can_be_restarted(client):
    client.get(SECTION)
    choose(client, "block")
    client.post(SCENARIO_POST, {"action": "restart"})
    assert scenario_state(client)["step"] == "hello"
    assert scenario_state(client)["history"] == []


def test_scenario_progress_does_not_touch_lesson_progress(client, student):
    client.force_login(student)
    client.get(SECTION)
    before = list(LessonProgress.objects.values())
    choose(client, "chat", token="forged")
    assert list(LessonProgress.objects.values()) == before


# Myth or fact


def test_mythfact_answer_shows_whether_it_was_right_and_why(client):
    response = client.post(CARDS_POST, {"card": "only-girls", "answer": "fact"})
    assert response.status_code == 302
    html = client.get(
        reverse("lessons:section", args=["first-lesson", "myth-or-fact"])
    ).content.decode()
    assert "Not quite." in html
    assert "This is a myth." in html
    assert "Boys are targeted most for money" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"card": "no-such-card", "answer": "myth"}, UNKNOWN_CARD),
        ({"card": "only-girls", "answer": "maybe"}, BAD_ANSWER),
        ({}, UNKNOWN_CARD),
    ],
)
def test_mythfact_bad_post_is_a_400_with_a_message(client, data, message):
    response = client.post(CARDS_POST, data)
    assert response.status_code == 400
    assert str(message) in response.content.decode()


# Helplines


def test_help_page_shows_the_chosen_country_and_remembers_it(client):
    response = client.get(reverse("lessons:help"), {"country": "US"})
    assert "Help in United States" in response.content.decode()
    assert client.session["help_country"] == "US"
    again = client.get(reverse("lessons:help"))
    assert "Help in United States" in again.content.decode()


def test_help_page_lists_each_kind_of_help_under_its_heading(client):
    html = client.get(reverse("lessons:help"), {"country": "GB"}).content.decode()
    headings = [
        "Crisis lines for adults",
        "Helplines for children and young people",
        "Report it",
        "Get pictures taken down",
    ]
    positions = [html.index(f">{heading}</h3>") for heading in headings]
    assert positions == sorted(positions)
    # Samaritans is listed once, under its first kind, with who it is for.
    assert html.count('<h4 class="h6 mb-1">Samaritans</h4>') == 1
    assert "Anyone of any age" in html
    assert "Not listed for United Kingdom" not in html


def test_help_page_says_which_kind_of_help_a_country_lacks_and_why(client):
    html = client.get(reverse("lessons:help"), {"country": "US"}).content.decode()
    assert (
        "Not listed for United States: helpline for children and young people."
        in " ".join(html.split())
    )
    assert "None is in the facts sheets." in html
    assert "<strong>988 Suicide &amp; Crisis Lifeline</strong>: 988" in html


def test_help_page_unknown_country_is_a_400_with_a_message(client):
    response = client.get(reverse("lessons:help"), {"country": "ZZ"})
    assert response.status_code == 400
    assert str(UNKNOWN_COUNTRY) in response.content.decode()
    assert "help_country" not in client.session


def test_help_page_defaults_to_the_learners_school_country(client):
    enrolment = factories.EnrolmentFactory(school_class__school__country="US")
    client.force_login(enrolment.student)
    html = client.get(reverse("lessons:help")).content.decode()
    assert "Help in United States" in html


def test_exercise_forms_carry_a_csrf_token_that_a_strict_client_accepts():
    """With CSRF checks on, as in a browser: the embedded forms must have a token."""
    import re

    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    html = strict.get(SECTION).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    state = scenario_state(strict)
    response = strict.post(
        SCENARIO_POST,
        {
            "csrfmiddlewaretoken": token,
            "step": state["step"],
            "token": state["token"],
            "choice": "block",
        },
    )
    assert response.status_code == 302
    cards = strict.get(
        reverse("lessons:section", args=["first-lesson", "myth-or-fact"])
    )
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', cards.content.decode()
    )[1]
    response = strict.post(
        CARDS_POST,
        {"csrfmiddlewaretoken": token, "card": "only-girls", "answer": "myth"},
    )
    assert response.status_code == 302
