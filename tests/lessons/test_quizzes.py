"""Grading (lessons.quizzes): each question type right and wrong, the score and the
pass mark, and the order of the options within an attempt."""

import pytest

from lessons.models import Quiz
from lessons.quizzes import grade, ordered_options
from tests.lessons.quiz_helpers import option_ids, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content")]


@pytest.mark.parametrize(
    ("slug", "right", "wrong"),
    [
        ("q-single", ("a",), ("b",)),
        ("q-truefalse", ("false",), ("true",)),
        ("q-scenario", ("b",), ("c",)),
        ("q-multiple", ("a", "b"), ("a",)),  # only some of the right ones
    ],
)
def test_each_question_type_is_graded_right_and_wrong(slug, right, wrong):
    q = question(slug)
    assert grade([q], {q.pk: option_ids(q, *right)}, seed=1).results[0].is_correct
    assert not grade([q], {q.pk: option_ids(q, *wrong)}, seed=1).results[0].is_correct


def test_multiple_choice_with_a_wrong_option_added_is_wrong():
    q = question("q-multiple")
    result = grade([q], {q.pk: option_ids(q, "a", "b", "c")}, seed=1)
    assert not result.results[0].is_correct


def test_score_and_pass_mark():
    questions = list(Quiz.objects.get(lesson__slug="first-lesson").questions.all())
    right = {q.pk: {o.pk for o in q.options.all() if o.is_correct} for q in questions}
    assert (grade(questions, right, 1).score, grade(questions, right, 1).passed) == (
        100,
        True,
    )
    four_of_five = dict(right)
    four_of_five[questions[0].pk] = set()
    result = grade(questions, four_of_five, 1)
    assert (result.correct, result.score, result.passed) == (4, 80, True)
    three_of_five = dict(four_of_five)
    three_of_five[questions[1].pk] = set()
    assert grade(questions, three_of_five, 1).passed is False


def test_options_keep_their_order_within_an_attempt_and_vary_between_attempts():
    q = question("q-single")
    assert [o.slug for o in ordered_options(q, 7)] == [
        o.slug for o in ordered_options(q, 7)
    ]
    orders = {tuple(o.slug for o in ordered_options(q, seed)) for seed in range(40)}
    assert len(orders) > 1
