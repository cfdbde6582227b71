"""Quizzes and knowledge checks: graded on the server, once, with nothing given away."""

import re
from html import unescape

import pytest
from django.urls import reverse

from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import (
    AttemptAnswer,
    Lesson,
    LessonProgress,
    Option,
    QuizAttempt,
)
from lessons.views.quizzes import ALREADY_SUBMITTED, FINISH_TRACK_FIRST, FIX_ANSWERS
from tests.lessons import content_builder
from tests.lessons.quiz_helpers import (
    answers,
    option_ids,
    pass_lesson_quiz,
    question,
    take_quiz,
)

pytestmark = pytest.mark.django_db

QUIZ = reverse("lessons:lesson_quiz", args=["first-lesson"])
PRE = reverse("lessons:knowledge_check", args=["students", "pre"])
POST = reverse("lessons:knowledge_check", args=["students", "post"])


@pytest.fixture(autouse=True)
def content(tmp_path):
    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))


# No answer key before submission


def page_without_tokens(html: str) -> str:
    return re.sub(r'name="(csrfmiddlewaretoken|attempt)" value="[^"]+"', "", html)


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("url", [QUIZ, PRE])
def test_quiz_page_is_the_same_whichever_options_are_correct(
    client, student, signed_in, url, monkeypatch
):
    """Flip which options are correct: a page that leaked the key would change.
    (Each opening has an option order of its own: the same one here.)"""
    monkeypatch.setattr("lessons.quizzes.secrets.randbelow", lambda n: 7)
    if signed_in:
        client.force_login(student)
    before = page_without_tokens(client.get(url).content.decode())
    for option in Option.objects.all():
        option.is_correct = not option.is_correct
        option.save(update_fields=["is_correct"])
    after = page_without_tokens(client.get(url).content.decode())
    assert before == after


def test_quiz_page_carries_no_explanations_or_correct_markers(client):
    html = client.get(QUIZ).content.decode()
    for explanation in Option.objects.values_list("explanation_html", flat=True):
        assert explanation not in html
    assert "correct" not in html.lower()
    values = set(re.findall(r'name="q\d+" value="([^"]+)"', html))
    assert values == {
        str(pk)
        for pk in Option.objects.filter(
            question__quiz__lesson__slug="first-lesson"
        ).values_list("pk", flat=True)
    }


# Visitors


def test_a_visitor_tries_a_quiz_and_sees_feedback_with_nothing_stored(client):
    response = take_quiz(client, QUIZ, right=False)
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 of 5 right: 0%" in html
    assert "Why a is right or wrong." in html  # every option's explanation
    assert "Sign in to keep your progress" in html
    assert not QuizAttempt.objects.exists()
    assert not AttemptAnswer.objects.exists()


# Signed-in attempts


def test_result_shows_score_answers_the_correct_ones_and_explanations(client, student):
    client.force_login(student)
    response = take_quiz(client, QUIZ, right=False)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "0 of 5 right: 0%" in html
    assert "Not passed yet: you need 80%" in html
    assert html.count("your answer") == 5
    assert html.count("correct answer") == 6  # the multiple-choice one has two
    assert "Why c is right or wrong." in html
    assert ">Try again<" in html


def test_every_attempt_is_kept_and_the_best_score_counts(client, student):
    client.force_login(student)
    take_quiz(client, QUIZ, right=True)
    take_quiz(client, QUIZ, right=False)
    attempts = QuizAttempt.objects.filter(learner=student, submitted_at__isnull=False)
    assert sorted(attempts.values_list("score", flat=True)) == [0, 100]
    assert AttemptAnswer.objects.filter(attempt__learner=student).count() == 10
    progress = LessonProgress.objects.get(learner=student)
    assert progress.best_score == 100
    assert progress.quiz_passed_at is not None


def test_a_resubmitted_form_is_not_graded_twice(client, student):
    client.force_login(student)
    html = client.get(QUIZ).content.decode()
    data = answers(html, right=True)
    assert client.post(QUIZ, data).status_code == 302
    again = client.post(QUIZ, data)
    assert again.status_code == 400
    assert str(ALREADY_SUBMITTED) in again.content.decode()
    assert QuizAttempt.objects.filter(submitted_at__isnull=False).count() == 1
    assert AttemptAnswer.objects.count() == 5


def test_missing_answers_are_a_400_and_nothing_is_graded(client, student):
    client.force_login(student)
    html = client.get(QUIZ).content.decode()
    data = answers(html, right=True)
    del data[next(k for k in data if k.startswith("q"))]
    response = client.post(QUIZ, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert str(FIX_ANSWERS) in page
    assert "Choose an answer to this question." in page
    assert not QuizAttempt.objects.exists()
    assert not AttemptAnswer.objects.exists()
    # The same form can still be answered and graded.
    assert client.post(QUIZ, answers(html, right=True)).status_code == 302


@pytest.mark.parametrize("bad", ["unknown", "other-question", "text"])
def test_an_option_that_is_not_the_questions_own_is_a_400(client, student, bad):
    client.force_login(student)
    html = client.get(QUIZ).content.decode()
    data = answers(html, right=True)
    single = f"q{question('q-single').pk}"
    data[single] = {
        "unknown": ["999999"],
        "other-question": [str(next(iter(option_ids(question("q-scenario"), "b"))))],
        "text": ["<script>"],
    }[bad]
    response = client.post(QUIZ, data)
    assert response.status_code == 400
    assert "That answer is not one of this question's options" in unescape(
        response.content.decode()
    )
    assert not AttemptAnswer.objects.exists()


def test_a_forged_attempt_token_is_a_400_and_nothing_is_graded(client, student):
    client.force_login(student)
    html = client.get(QUIZ).content.decode()
    data = answers(html, right=True)
    data["attempt"] = ["forged-token"]
    response = client.post(QUIZ, data)
    assert response.status_code == 400
    assert not QuizAttempt.objects.filter(submitted_at__isnull=False).exists()


def test_opening_a_quiz_writes_nothing(client, student):
    client.force_login(student)
    for url in (QUIZ, PRE):
        assert client.get(url).status_code == 200
    assert not QuizAttempt.objects.exists()


def test_each_opening_is_an_attempt_of_its_own(client, student):
    """Two tabs of one lesson's quiz: both are graded, each once."""
    client.force_login(student)
    first, second = (client.get(QUIZ).content.decode() for _ in range(2))
    assert client.post(QUIZ, answers(first, right=False)).status_code == 302
    assert client.post(QUIZ, answers(second, right=True)).status_code == 302
    assert sorted(QuizAttempt.objects.values_list("score", flat=True)) == [0, 100]
    assert client.post(QUIZ, answers(first, right=True)).status_code == 400
    assert QuizAttempt.objects.count() == 2


@pytest.mark.parametrize("whose", ["another learner", "another quiz", "changed"])
def test_a_form_opened_for_someone_or_something_else_is_a_400(
    client, student, adult, whose
):
    """The opening is signed: who opened which quiz, and its option order."""
    client.force_login(adult if whose == "another learner" else student)
    html = client.get(PRE if whose == "another quiz" else QUIZ).content.decode()
    data = answers(html, right=True)
    if whose == "changed":  # a character of the signed opening changed
        value = data["attempt"][0]
        data["attempt"] = [value[:5] + ("A" if value[5] != "A" else "B") + value[6:]]
    client.force_login(student)
    data |= answers(client.get(QUIZ).content.decode(), right=True) | {
        "attempt": data["attempt"]
    }
    response = client.post(QUIZ, data)
    assert response.status_code == 400
    assert "Please load the quiz again" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_a_knowledge_check_sent_from_a_second_tab_is_not_graded_twice(client, student):
    client.force_login(student)
    first, second = (client.get(PRE).content.decode() for _ in range(2))
    assert client.post(PRE, answers(first, right=False)).status_code == 302
    again = client.post(PRE, answers(second, right=True))
    assert again.status_code == 400
    assert str(ALREADY_SUBMITTED) in again.content.decode()
    assert list(QuizAttempt.objects.values_list("phase", "score")) == [("pre", 0)]


def test_someone_elses_result_is_a_404(client, student, adult):
    client.force_login(student)
    location = take_quiz(client, QUIZ)["Location"]
    client.force_login(adult)
    assert client.get(location).status_code == 404


def test_the_quiz_of_an_unpublished_lesson_is_a_404(client, student):
    Lesson.objects.filter(slug="first-lesson").update(is_published=False)
    client.force_login(student)
    assert client.get(QUIZ).status_code == 404
    assert client.post(QUIZ, {}).status_code == 404


# Knowledge check


def test_pre_check_is_taken_once_and_shown_on_the_track_page(client, student):
    client.force_login(student)
    assert take_quiz(client, PRE, right=False).status_code == 302
    assert client.get(PRE).status_code == 302  # straight to the result
    html = client.get(reverse("lessons:track", args=["students"])).content.decode()
    assert "Before the track you scored 0%." in html
    assert QuizAttempt.objects.get(phase="pre").score == 0


def test_post_check_opens_only_when_the_track_is_complete(client, student):
    client.force_login(student)
    response = client.get(POST)
    assert response.status_code == 403
    assert str(FINISH_TRACK_FIRST) in response.content.decode()
    assert not QuizAttempt.objects.filter(phase="post").exists()


def test_pre_post_and_gain_after_completing_the_track(client, student):
    client.force_login(student)
    take_quiz(client, PRE, right=False)
    for section in Lesson.objects.get(slug="first-lesson").sections.all():
        client.get(section.get_absolute_url())
    pass_lesson_quiz(client, "first-lesson")
    assert take_quiz(client, POST, right=True).status_code == 302
    html = client.get(reverse("lessons:track", args=["students"])).content.decode()
    assert "Before the track: 0%. After: 100%." in html
    assert "Change: 100 points." in html


def test_knowledge_check_phase_must_be_pre_or_post(client):
    url = "/tracks/students/check/during/"
    assert client.get(url).status_code == 404


def test_an_opening_draws_one_of_the_quizs_orders_shown_alike_to_everyone(
    client, student, monkeypatch
):
    """The form of an order not yet answered is kept per process: it must hold
    nothing of the learner who opened it first."""
    from lessons.quizzes import ORDERS, Opening
    from tests import factories

    drawn: list[int] = []
    monkeypatch.setattr(
        "lessons.quizzes.secrets.randbelow", lambda n: drawn.append(n) or n - 1
    )

    def questions(learner) -> str:
        client.force_login(learner)
        html = client.get(QUIZ).content.decode()
        opening = Opening.from_form(answers(html, right=True)["attempt"][0])
        assert (opening.learner, opening.seed) == (learner.pk, ORDERS - 1)
        start = html.index('<ol class="list-unstyled">')
        return html[start : html.index("</form>", start)]

    first = questions(student)
    assert questions(factories.StudentFactory()) == first
    assert drawn == [ORDERS, ORDERS]
    assert first.count('class="form-check-input"') == 14  # every option, none checked
    assert "checked" not in first
