"""The questions tables' words: suppression bands and the content team's review
flags, from figures given by hand."""

import pytest

from schools.item_statistics import QuestionFigures
from schools.question_tables import review_reasons, share, too_few


@pytest.mark.parametrize(
    ("count", "n", "shown"),
    [
        (0, 19, "5% or less"),
        (19, 19, "95% or more"),
        (1, 19, "5%"),  # 5.3%: not under 5
        (18, 19, "95%"),  # 94.7%
        (0, 20, "0%"),
        (20, 20, "100%"),
        (3, 12, "25%"),
        (10, 12, "83%"),
    ],
)
def test_shares_near_the_ends_are_banded_below_20_learners(count, n, shown):
    assert share(count, n) == shown


def test_too_few_names_the_minimum():
    assert too_few(5) == "fewer than 5 learners so far"
    assert too_few(10) == "fewer than 10 learners so far"


def figures(**given) -> QuestionFigures:
    values = {
        "slug": "q",
        "n": 40,
        "right": 20,
        "facility": 0.5,
        "option_shares": {},
        "random_guess": 1 / 3,
        "discrimination": 0.4,
        "efficiency": 0.6,
        "point_biserials": {"a": 0.4, "b": -0.2, "c": -0.3},
    }
    return QuestionFigures(**(values | given))


WRONG = ["b", "c"]  # option a is the right one


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"discrimination": -0.2}, "discrimination below 0.15"),
        ({"discrimination": 0.1}, "discrimination below 0.15"),
        ({"efficiency": 0.1}, "efficiency below 15%"),
        ({"facility": 0.96, "right": 39}, "almost everyone is right"),
        ({"facility": 0.3, "right": 12}, "fewer are right than guessing would make"),
        (
            {"point_biserials": {"a": 0.4, "b": 0.05, "c": -0.3}},
            "a wrong answer draws stronger learners",
        ),
    ],
)
def test_each_review_flag(given, reason):
    assert review_reasons(figures(**given), WRONG) == [reason]


def test_a_sound_question_is_not_flagged():
    assert review_reasons(figures(), WRONG) == []


def test_below_30_learners_only_the_facility_flags_count():
    few = figures(n=20, discrimination=-0.5, efficiency=0.0, facility=0.97)
    assert review_reasons(few, WRONG) == ["almost everyone is right"]


def test_everyone_right_has_no_discrimination_and_is_flagged_as_easy():
    easy = figures(
        right=40,
        facility=1.0,
        discrimination=None,
        efficiency=None,
        point_biserials={"a": None, "b": None, "c": None},
    )
    assert review_reasons(easy, WRONG) == ["almost everyone is right"]
