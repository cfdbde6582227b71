"""Presenter mode (schools/views/presenting.py): a lesson shown to a class slide by
slide with the facilitator notes, and marked taught."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from schools.models import AuditEntry, LessonTaught
from tests.lessons.pseudo_translation import marked
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

LESSON = "first-lesson"


def slide_url(school_class, section: str | None = None) -> str:
    if section is None:
        return reverse("schools:present", args=[school_class.public_id, LESSON])
    return reverse(
        "schools:present_section", args=[school_class.public_id, LESSON, section]
    )


def taught_url(school_class) -> str:
    return reverse("schools:lesson_taught", args=[school_class.public_id, LESSON])


@pytest.fixture
def presenting(client, content, teacher, school_class):
    client.force_login(teacher)
    return client


def test_the_first_slide_shows_the_first_section_and_the_notes_to_prepare(
    presenting, school_class
):
    html = presenting.get(slide_url(school_class)).content.decode()

    assert '<h1 id="slide-title">How it starts</h1>' in html
    assert "Slide 1 of 4" in html
    assert "Tell the safeguarding lead before the lesson" in html  # prepare
    assert "About 10 minutes for this part." in html
    assert "How might a fake account look?" in html
    assert "Anyone who goes quiet." in html
    # The keys presenter.js follows; no link back from the first slide.
    assert 'data-presenter-key="ArrowRight"' in html
    assert 'data-presenter-key="End"' in html
    assert 'data-presenter-key="ArrowLeft"' not in html
    assert 'data-presenter-key="Escape"' in html


def test_a_scenario_is_shown_whole_with_each_outcome_behind_a_reveal(
    presenting, school_class
):
    html = presenting.get(slide_url(school_class, "how-it-starts")).content.decode()

    for choice in ("Block them", "Chat back", "Stop and tell an adult"):
        assert f"<summary>{choice}</summary>" in html
    assert "They cannot message you now." in html  # inside its <details>
    assert "Reveal where this ending leads" in html
    # No form: the class talks it through, nothing is answered or stored.
    assert "scenario_choose" not in html and 'name="choice"' not in html


def test_myth_or_fact_cards_hide_their_answers_until_revealed(presenting, school_class):
    html = presenting.get(slide_url(school_class, "myth-or-fact")).content.decode()

    assert html.count("Reveal: myth or fact?") == 2
    statement, _, rest = html.partition("Only girls are targeted.")
    assert rest.index("<details>") < rest.index("This is a myth.")


def test_the_last_slide_shows_the_help_lines_and_the_form_to_mark_it_taught(
    presenting, school_class
):
    html = presenting.get(slide_url(school_class, "get-help")).content.decode()

    assert "Help in United Kingdom" in html
    assert "Mark as taught to" in html
    assert 'data-presenter-key="ArrowRight"' not in html
    assert "If a pupil tells you something" in html


def test_the_notes_open_in_a_window_of_their_own(presenting, school_class):
    url = reverse(
        "schools:present_notes",
        args=[school_class.public_id, LESSON, "not-your-fault"],
    )
    html = presenting.get(url).content.decode()

    assert "Why is it never their fault?" in html
    assert "It is never your fault. Do not pay" not in html  # the slide's text


def test_marking_it_taught_records_the_day_once_and_audits_it(
    presenting, school_class, teacher
):
    today = timezone.localdate()

    response = presenting.post(taught_url(school_class), {"taught_on": today})

    assert response.status_code == 302
    taught = LessonTaught.objects.get()
    assert (taught.school_class, taught.taught_on, taught.taught_by) == (
        school_class,
        today,
        teacher,
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LESSON_TAUGHT)
    assert "The first lesson" in entry.subject_label
    page = presenting.get(response["Location"]).content.decode()
    assert "Marked as taught to" in page
    # Again the same day: nothing new.
    presenting.post(taught_url(school_class), {"taught_on": today})
    assert LessonTaught.objects.count() == 1
    assert AuditEntry.objects.filter(action="lesson_taught").count() == 1


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda today: today + timedelta(days=1), "on a day still to come"),
        (lambda today: today - timedelta(days=400), "within the last year"),
        (lambda today: "yesterday", "Enter a date"),
    ],
)
def test_a_wrong_day_is_refused_on_the_page(presenting, school_class, day, message):
    response = presenting.post(
        taught_url(school_class), {"taught_on": day(timezone.localdate())}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LessonTaught.objects.exists()


def test_the_class_page_offers_every_lesson_to_present(presenting, school_class):
    LessonTaught.objects.create(
        school_class=school_class,
        lesson_id=presenting.get(slide_url(school_class)).context["lesson"].pk,
        taught_on=timezone.localdate(),
    )
    html = presenting.get(
        reverse("schools:class", args=[school_class.public_id])
    ).content.decode()

    assert slide_url(school_class) in html
    assert "taught on" in html


def test_presenting_in_spanish_shows_the_spanish_notes(presenting, school_class):
    with translation.override("es"):
        html = presenting.get(slide_url(school_class)).content.decode()

    assert marked("How might a fake account look?") in html


def test_a_slide_costs_the_same_few_queries(presenting, school_class):
    assert len(page_queries(presenting, slide_url(school_class, "get-help"))) <= 6
