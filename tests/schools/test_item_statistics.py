"""Quiz item statistics (schools/item_statistics.py) against figures worked by
hand from a small table of answers. Every expected number below is derived in the
comments beside it, so a reviewer can check it with pencil and paper.

Notation for the hand working, over the n sittings that answered a question:
  x = item score (1 right, 0 wrong), X = rest score (right answers to the other
  four questions, = T - x), T = total score.
  Sxy = Σxy - Σx·Σy/n, which is n × the population covariance Cov(x, y).
  r = Sxy / √(Sxx·Syy) (the n cancels).
  Efficiency = SxX / Smax, Smax being SxX with x and X each sorted ascending and
  paired in that order; as Σx·ΣX/n is the same either way, only Σ of the sorted
  products changes.
"""

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pytest

from schools.item_statistics import (
    Answer,
    Group,
    Paired,
    QuestionFigures,
    QuestionSpec,
    QuizFigures,
    figures_from_groups,
    groups_of,
    paired_counts,
    quiz_figures,
    random_guess_score,
)

SPECS = (
    QuestionSpec("q1", "single", ("a", "b", "c"), frozenset({"a"})),
    QuestionSpec("q2", "scenario", ("a", "b", "c"), frozenset({"a"})),
    QuestionSpec("q3", "multiple", ("a", "b", "c", "d"), frozenset({"a", "b"})),
    QuestionSpec("q4", "single", ("a", "b", "c", "d"), frozenset({"b"})),
    QuestionSpec("q5", "truefalse", ("true", "false"), frozenset({"true"})),
)

# What each learner chose ("a+b": ticked a and b). Keys: q1 a, q2 a, q3 a+b, q4 b,
# q5 true. A learner is right only with exactly the key.
#
# fmt: off
TABLE = {
    #       q1   q2   q3       q4   q5            x: q1 q2 q3 q4 q5   T
    "L1": ("a", "a", "a+b",   "b", "true"),   #      1  1  1  1  1    5
    "L2": ("a", "a", "a",     "b", "true"),   #      1  1  0  1  1    4
    "L3": ("a", "b", "a+b",   "b", "true"),   #      1  0  1  1  1    4
    "L4": ("a", "b", "a+b+c", "b", "true"),   #      1  0  0  1  1    3
    "L5": ("a", "b", "a+b",   "b", "false"),  #      1  0  1  1  0    3
    "L6": ("a", "a", "b",     "c", "false"),  #      1  1  0  0  0    2
    "L7": ("a", "a", "c+d",   "c", "false"),  #      1  1  0  0  0    2
    "L8": ("a", "c", "a+c",   "d", "false"),  #      1  0  0  0  0    1
}
# fmt: on
#                                         right:     8  4  3  5  4   24
# T = 5,4,4,3,3,2,2,1: ΣT = 24, mean 3, ΣT² = 25+16+16+9+9+4+4+1 = 84,
# Var(T) = 84/8 - 3² = 1.5.


def sitting(row: tuple[str, ...]) -> dict[str, Answer]:
    """One learner's answers from a row of TABLE, graded as the site grades."""
    answers = {}
    for spec, cell in zip(SPECS, row, strict=True):
        selected = frozenset(cell.split("+"))
        answers[spec.slug] = Answer(selected == spec.correct, selected)
    return answers


SITTINGS = [sitting(row) for row in TABLE.values()]


def figures(slug: str) -> QuestionFigures:
    quiz = quiz_figures(SPECS, SITTINGS)
    return next(question for question in quiz.questions if question.slug == slug)


def approx(value: float) -> object:
    return pytest.approx(value, abs=0.001)


def test_the_fixture_scores_as_the_table_says():
    totals = [sum(answer.correct for answer in s.values()) for s in SITTINGS]
    assert totals == [5, 4, 4, 3, 3, 2, 2, 1]
    quiz = quiz_figures(SPECS, SITTINGS)
    assert quiz.n == 8
    assert [question.slug for question in quiz.questions] == [s.slug for s in SPECS]


def test_q1_everyone_right_has_no_discrimination():
    # x = 1 for all 8: Var(x) = 0, so r, and with it efficiency, is undefined.
    # X = T - 1 = 4,3,3,2,2,1,1,0. Every option's chose-it indicator is constant
    # (a: all 1; b, c: all 0), so every point-biserial is undefined too.
    q1 = figures("q1")
    assert (q1.n, q1.right) == (8, 8)
    assert q1.facility == approx(1.0)  # 8/8
    assert q1.option_shares == {"a": approx(1.0), "b": 0.0, "c": 0.0}
    assert q1.random_guess == approx(1 / 3)  # single, 3 options: 0.333
    assert q1.discrimination is None
    assert q1.efficiency is None
    assert q1.point_biserials == {"a": None, "b": None, "c": None}


def test_q2_stronger_learners_get_wrong_has_negative_discrimination():
    # Right: L1, L2, L6, L7. b drew L3, L4, L5; c drew L8.
    # x = 1,1,0,0,0,1,1,0   X = T - x = 4,3,4,3,3,1,1,1
    # Σx = 4 (mean 0.5), Σx² = 4;  ΣX = 20 (mean 2.5), ΣX² = 16+9+16+9+9+1+1+1 = 62
    # ΣxX = 4+3+1+1 = 9
    # Sxx = 4 - 4·4/8 = 2        (Var x = 0.25)
    # SXX = 62 - 20·20/8 = 12    (Var X = 1.5)
    # SxX = 9 - 4·20/8 = -1      (Cov = -0.125)
    # r = -1 / √(2·12) = -1/√24 = -0.2041
    # Sorted: x 0,0,0,0,1,1,1,1 against X 1,1,1,3,3,3,4,4: Σ products = 3+3+4+4
    # = 14, Smax = 14 - 10 = 4 (Cmax = 0.5); efficiency = -1/4 = -0.25.
    q2 = figures("q2")
    assert (q2.n, q2.right) == (8, 4)
    assert q2.facility == approx(0.5)  # 4/8
    assert q2.option_shares == {
        "a": approx(0.5),  # 4/8
        "b": approx(0.375),  # 3/8
        "c": approx(0.125),  # 1/8
    }
    assert q2.random_guess == approx(1 / 3)  # scenario, 3 options: 0.333
    assert q2.discrimination == approx(-0.2041)
    assert q2.efficiency == approx(-0.25)
    # a (the key): its indicator is x itself, so r = discrimination = -0.2041.
    # b (wrong, drew the stronger L3, L4, L5): b = 0,0,1,1,1,0,0,0
    #   Σb = 3, Σb² = 3, ΣbX = 4+3+3 = 10; Sbb = 3 - 9/8 = 1.875,
    #   SbX = 10 - 3·20/8 = 2.5; r = 2.5 / √(1.875·12) = 2.5/√22.5 = +0.5270
    # c (wrong, drew L8): Σc = 1, ΣcX = 1; Scc = 1 - 1/8 = 0.875,
    #   ScX = 1 - 20/8 = -1.5; r = -1.5 / √(0.875·12) = -1.5/√10.5 = -0.4629
    assert q2.point_biserials["a"] == approx(-0.2041)
    assert q2.point_biserials["b"] == approx(0.5270)
    assert q2.point_biserials["c"] == approx(-0.4629)


def test_q3_choose_all_that_apply():
    # Right (ticked exactly a+b): L1, L3, L5.
    # x = 1,0,1,0,1,0,0,0   X = 4,4,3,3,2,2,2,1
    # Σx = 3 (mean 0.375); ΣX = 21 (mean 2.625), ΣX² = 16+16+9+9+4+4+4+1 = 63
    # ΣxX = 4+3+2 = 9
    # Sxx = 3 - 9/8 = 1.875; SXX = 63 - 441/8 = 7.875; SxX = 9 - 3·21/8 = 1.125
    # r = 1.125 / √(1.875·7.875) = 1.125/√14.765625 = 1.125/3.8426 = 0.2928
    # Sorted: X 1,2,2,2,3,3,4,4, the three 1s of x meet 3,4,4: Σ = 11,
    # Smax = 11 - 7.875 = 3.125; efficiency = 1.125/3.125 = 0.36.
    q3 = figures("q3")
    assert (q3.n, q3.right) == (8, 3)
    assert q3.facility == approx(0.375)  # 3/8
    # Ticked a: L1-L5, L8 (6); b: L1, L3, L4, L5, L6 (5); c: L4, L7, L8 (3); d: L7.
    assert q3.option_shares == {
        "a": approx(0.75),
        "b": approx(0.625),
        "c": approx(0.375),
        "d": approx(0.125),
    }
    assert sum(q3.option_shares.values()) == approx(1.875)  # not 1: boxes, not a pick
    assert q3.random_guess == approx(0.0667)  # 1/(2⁴ - 1) = 1/15
    assert q3.discrimination == approx(0.2928)
    assert q3.efficiency == approx(0.36)
    # a (correct box): a = 1,1,1,1,1,0,0,1: Σ = 6, ΣaX = 4+4+3+3+2+1 = 17;
    #   Saa = 6 - 36/8 = 1.5, SaX = 17 - 6·21/8 = 1.25;
    #   r = 1.25 / √(1.5·7.875) = 1.25/√11.8125 = 0.3637
    # b (correct box): b = 1,0,1,1,1,1,0,0: Σ = 5, ΣbX = 4+3+3+2+2 = 14;
    #   Sbb = 5 - 25/8 = 1.875, SbX = 14 - 5·21/8 = 0.875; r = 0.875/3.8426 = 0.2277
    # c (wrong box): c = 0,0,0,1,0,0,1,1: Σ = 3, ΣcX = 3+2+1 = 6;
    #   Scc = 1.875, ScX = 6 - 3·21/8 = -1.875; r = -1.875/3.8426 = -0.4880
    # d (wrong box): L7 only: Σ = 1, ΣdX = 2; Sdd = 0.875, SdX = 2 - 21/8 = -0.625;
    #   r = -0.625 / √(0.875·7.875) = -0.625/2.625 = -0.2381
    assert q3.point_biserials == {
        "a": approx(0.3637),
        "b": approx(0.2277),
        "c": approx(-0.4880),
        "d": approx(-0.2381),
    }


def test_q4_single_answer_with_a_perfect_efficiency():
    # Right (b): L1-L5; c: L6, L7; d: L8; nobody chose a.
    # x = 1,1,1,1,1,0,0,0   X = 4,3,3,2,2,2,2,1
    # Σx = 5 (mean 0.625); ΣX = 19 (mean 2.375), ΣX² = 16+9+9+4+4+4+4+1 = 51
    # ΣxX = 4+3+3+2+2 = 14
    # Sxx = 5 - 25/8 = 1.875; SXX = 51 - 361/8 = 5.875; SxX = 14 - 5·19/8 = 2.125
    # r = 2.125 / √(1.875·5.875) = 2.125/√11.015625 = 2.125/3.3190 = 0.6403
    # Sorted: X 1,2,2,2,2,3,3,4, the five 1s of x meet 2,2,3,3,4: Σ = 14 = ΣxX,
    # so Smax = SxX and efficiency = 1.0: the five right already have the five
    # highest rest scores, though r is well below 1.
    q4 = figures("q4")
    assert (q4.n, q4.right) == (8, 5)
    assert q4.facility == approx(0.625)  # 5/8
    assert q4.option_shares == {
        "a": 0.0,
        "b": approx(0.625),  # 5/8
        "c": approx(0.25),  # 2/8
        "d": approx(0.125),  # 1/8
    }
    assert q4.random_guess == approx(0.25)  # single, 4 options
    assert q4.discrimination == approx(0.6403)
    assert q4.efficiency == approx(1.0)
    # a: nobody chose it, no variance: undefined.
    # b (the key): indicator = x, r = 0.6403.
    # c: c = 0,0,0,0,0,1,1,0: Σ = 2, ΣcX = 2+2 = 4; Scc = 2 - 4/8 = 1.5,
    #   ScX = 4 - 2·19/8 = -0.75; r = -0.75 / √(1.5·5.875) = -0.75/√8.8125 = -0.2526
    # d: L8 only: Σ = 1, ΣdX = 1; Sdd = 0.875, SdX = 1 - 19/8 = -1.375;
    #   r = -1.375 / √(0.875·5.875) = -1.375/√5.140625 = -0.6064
    assert q4.point_biserials == {
        "a": None,
        "b": approx(0.6403),
        "c": approx(-0.2526),
        "d": approx(-0.6064),
    }


def test_q5_true_or_false():
    # Right (true): L1-L4; false: L5-L8.
    # x = 1,1,1,1,0,0,0,0   X = 4,3,3,2,3,2,2,1
    # Σx = 4 (mean 0.5); ΣX = 20 (mean 2.5), ΣX² = 16+9+9+4+9+4+4+1 = 56
    # ΣxX = 4+3+3+2 = 12
    # Sxx = 4 - 16/8 = 2; SXX = 56 - 400/8 = 6; SxX = 12 - 4·20/8 = 2 (Cov = 0.25)
    # r = 2 / √(2·6) = 2/√12 = 0.5774
    # Sorted: X 1,2,2,2,3,3,3,4, the four 1s of x meet 3,3,3,4: Σ = 13,
    # Smax = 13 - 10 = 3 (Cmax = 0.375); efficiency = 2/3 = 0.6667.
    q5 = figures("q5")
    assert (q5.n, q5.right) == (8, 4)
    assert q5.facility == approx(0.5)
    assert q5.option_shares == {"true": approx(0.5), "false": approx(0.5)}
    assert q5.random_guess == approx(0.5)
    assert q5.discrimination == approx(0.5774)
    assert q5.efficiency == approx(0.6667)
    # true: indicator = x, r = 0.5774; false: indicator = 1 - x, r flips sign.
    assert q5.point_biserials == {"true": approx(0.5774), "false": approx(-0.5774)}


def test_cronbachs_alpha():
    # P = 5 questions, all 8 sittings answered all of them.
    # Var(x_i) = p(1 - p): q1 1·0 = 0, q2 0.5·0.5 = 0.25, q3 0.375·0.625 = 0.234375,
    # q4 0.625·0.375 = 0.234375, q5 0.25; sum = 0.96875. Var(T) = 1.5 (above).
    # alpha = 5/4 · (1 - 0.96875/1.5) = 1.25 · (1 - 0.645833) = 1.25 · 0.354167
    # = 0.4427 (= 85/192).
    assert quiz_figures(SPECS, SITTINGS).alpha == approx(0.4427)


def test_a_sitting_missing_a_question_counts_only_for_the_others():
    # L9 answered q1-q4 (a, c, a+b, b: right, wrong, right, right) but not q5.
    # Every sitting also answered "retired", a question not in the specs, which
    # only L8 got right: were it counted, q5's rest scores would become
    # 4,3,3,2,3,2,2,2 and its discrimination would change.
    quiz = quiz_figures(SPECS, ninth_learner_sittings())
    assert quiz.n == 9
    assert [(q.slug, q.n, q.right) for q in quiz.questions] == [
        ("q1", 9, 9),
        ("q2", 9, 4),
        ("q3", 9, 4),
        ("q4", 9, 6),
        ("q5", 8, 4),
    ]
    q2 = quiz.questions[1]
    assert q2.facility == approx(4 / 9)
    assert q2.option_shares["c"] == approx(2 / 9)  # L8 and L9
    # q5 over L1-L8 exactly as before: same x, same rest scores.
    q5 = quiz.questions[4]
    assert q5.discrimination == approx(0.5774)
    assert q5.efficiency == approx(0.6667)
    # Alpha still over L1-L8, the sittings that answered all five.
    assert quiz.alpha == approx(0.4427)


@pytest.mark.parametrize(
    ("question_type", "option_count", "expected"),
    [
        ("single", 4, 0.25),  # 1/k
        ("single", 3, 0.3333),
        ("scenario", 3, 0.3333),  # 1/k
        ("truefalse", 2, 0.5),  # 1/2
        ("multiple", 4, 0.0667),  # 1/(2⁴ - 1) = 1/15
        ("multiple", 3, 0.1429),  # 1/(2³ - 1) = 1/7
        ("multiple", 1, 1.0),  # 1/(2¹ - 1): the one box must be ticked
    ],
)
def test_random_guess_score(question_type, option_count, expected):
    assert random_guess_score(question_type, option_count) == approx(expected)


def test_random_guess_score_refuses_an_unknown_type_or_no_options():
    with pytest.raises(ValueError, match="Unknown question type 'essay'"):
        random_guess_score("essay", 4)
    with pytest.raises(ValueError, match="at least one option"):
        random_guess_score("single", 0)


def test_paired_counts_before_and_after():
    # 12 learners in both: 3 right before, 10 right after.
    #   right -> right: 2 (p1, p2); right -> wrong: 1 (p3);
    #   wrong -> right: 8 (p4-p11); wrong -> wrong: 1 (p12).
    # p13 answered only before and is not counted.
    before = {f"p{i}": i <= 3 for i in range(1, 14)}
    after = {f"p{i}": i in (1, 2) or 4 <= i <= 11 for i in range(1, 13)}
    assert sum(before.values()) == 3 and len(before) == 13
    assert sum(after.values()) == 10 and len(after) == 12

    paired = paired_counts(before, after)
    assert paired == Paired(right_right=2, wrong_right=8, right_wrong=1, wrong_wrong=1)
    assert paired.n == 12
    assert paired.before == 3
    assert paired.after == 10
    assert paired.went_backwards is False


def test_went_backwards_when_more_lost_the_answer_than_found_it():
    worse = Paired(right_right=0, wrong_right=1, right_wrong=4, wrong_wrong=0)
    assert worse.went_backwards is True
    assert (worse.n, worse.before, worse.after) == (5, 4, 1)
    level = Paired(right_right=0, wrong_right=2, right_wrong=2, wrong_wrong=0)
    assert level.went_backwards is False  # as many lost it as found it


def test_no_sittings_gives_zeros_and_no_figures():
    quiz = quiz_figures(SPECS, [])
    assert quiz.n == 0
    assert quiz.alpha is None
    for spec, question in zip(SPECS, quiz.questions, strict=True):
        assert question.slug == spec.slug
        assert (question.n, question.right) == (0, 0)
        assert question.facility is None
        assert question.option_shares == {}
        assert question.random_guess == random_guess_score(spec.type, len(spec.options))
        assert question.discrimination is None
        assert question.efficiency is None
        assert question.point_biserials == dict.fromkeys(spec.options)

    assert quiz_figures([], []) == QuizFigures(n=0, questions=[], alpha=None)

    paired = paired_counts({}, {})
    assert paired == Paired(0, 0, 0, 0)
    assert (paired.n, paired.before, paired.after) == (0, 0, 0)
    assert paired.went_backwards is False


def test_one_sitting_or_one_question_leaves_correlations_and_alpha_undefined():
    quiz = quiz_figures(SPECS, SITTINGS[:1])
    assert [q.facility for q in quiz.questions] == [1.0] * 5
    assert all(q.discrimination is None for q in quiz.questions)
    assert all(q.efficiency is None for q in quiz.questions)
    assert quiz.alpha is None  # fewer than 2 sittings

    assert quiz_figures(SPECS[:1], SITTINGS).alpha is None  # fewer than 2 questions


# Grouped counts: the figures as the reports compute them, from one row per kind
# of answer (schools.item_statistics.Group) rather than one per learner.


def ninth_learner_sittings() -> list[dict[str, Answer]]:
    """L1-L8 plus L9, who did not answer q5, all with an answer to "retired", a
    question not in the specs (as in the test of a missing question above)."""
    ninth = sitting(("a", "c", "a+b", "b", "true"))
    del ninth["q5"]
    sittings = [
        {**answers, "retired": Answer(name == "L8", frozenset({"x"}))}
        for name, answers in zip(TABLE, SITTINGS, strict=True)
    ]
    sittings.append({**ninth, "retired": Answer(False, frozenset({"x"}))})
    return sittings


def reference_figures(
    specs: Sequence[QuestionSpec], sittings: Sequence[Mapping[str, Answer]]
) -> QuizFigures:
    """The figures from one value per sitting with the standard library's
    statistics module: an independent check on the grouped sums."""
    slugs = [spec.slug for spec in specs]
    scores = [
        {slug: int(s[slug].correct) for slug in slugs if slug in s} for s in sittings
    ]

    def r(xs: list[int], ys: list[int]) -> float | None:
        try:
            return statistics.correlation(xs, ys)
        except statistics.StatisticsError:  # fewer than 2, or a side is constant
            return None

    questions = []
    for spec in specs:
        answered = [
            (s[spec.slug], score)
            for s, score in zip(sittings, scores, strict=True)
            if spec.slug in score
        ]
        x = [score[spec.slug] for _, score in answered]
        rest = [sum(score.values()) - score[spec.slug] for _, score in answered]
        picks = {o: [int(o in a.selected) for a, _ in answered] for o in spec.options}
        n, discrimination = len(x), r(x, rest)
        efficiency = None
        if discrimination is not None:
            most = statistics.covariance(sorted(x), sorted(rest))
            efficiency = statistics.covariance(x, rest) / most
        questions.append(
            QuestionFigures(
                slug=spec.slug,
                n=n,
                right=sum(x),
                facility=sum(x) / n if n else None,
                option_shares={o: sum(p) / n for o, p in picks.items()} if n else {},
                random_guess=random_guess_score(spec.type, len(spec.options)),
                discrimination=discrimination,
                efficiency=efficiency,
                point_biserials={o: r(p, rest) for o, p in picks.items()},
            )
        )
    complete = [score for score in scores if len(score) == len(slugs)]
    alpha = None
    if len(slugs) >= 2 and len(complete) >= 2:
        total = statistics.pvariance([sum(score.values()) for score in complete])
        if total:
            items = sum(statistics.pvariance([s[q] for s in complete]) for q in slugs)
            alpha = len(slugs) / (len(slugs) - 1) * (1 - items / total)
    return QuizFigures(n=len(sittings), questions=questions, alpha=alpha)


def assert_same_figures(
    actual: QuizFigures, expected: QuizFigures, times: int = 1
) -> None:
    """The same figures, to rounding; with `times`, from each sitting that many
    times: the counts multiplied, every ratio the same."""
    assert actual.n == expected.n * times
    assert actual.alpha == pytest.approx(expected.alpha)
    for got, want in zip(actual.questions, expected.questions, strict=True):
        assert got.slug == want.slug
        assert (got.n, got.right) == (want.n * times, want.right * times)
        assert got.random_guess == want.random_guess
        assert got.facility == pytest.approx(want.facility)
        assert got.option_shares == pytest.approx(want.option_shares)
        assert got.discrimination == pytest.approx(want.discrimination), got.slug
        assert got.efficiency == pytest.approx(want.efficiency), got.slug
        assert got.point_biserials == pytest.approx(want.point_biserials), got.slug


def test_the_reference_agrees_with_the_hand_worked_figures():
    # The check used below, itself checked against the figures worked by hand.
    assert_same_figures(
        reference_figures(SPECS, SITTINGS), quiz_figures(SPECS, SITTINGS)
    )
    assert reference_figures(SPECS, SITTINGS).alpha == approx(0.4427)
    sittings = ninth_learner_sittings()
    assert_same_figures(
        reference_figures(SPECS, sittings), quiz_figures(SPECS, sittings)
    )


def test_groups_of_the_fixture():
    groups = groups_of(SPECS, SITTINGS)
    a, b, c = frozenset({"a"}), frozenset({"b"}), frozenset({"c"})
    # q1: all right with a; rest = T - 1 = 4,3,3,2,2,1,1,0.
    assert [g for g in groups if g.question == "q1"] == [
        Group("q1", True, a, rest=0, complete=True, count=1),  # L8
        Group("q1", True, a, rest=1, complete=True, count=2),  # L6, L7
        Group("q1", True, a, rest=2, complete=True, count=2),  # L4, L5
        Group("q1", True, a, rest=3, complete=True, count=2),  # L2, L3
        Group("q1", True, a, rest=4, complete=True, count=1),  # L1
    ]
    # q2: x = 1,1,0,0,0,1,1,0 and X = 4,3,4,3,3,1,1,1 (see the q2 test); wrong
    # before right, then by what was chosen and by rest score.
    assert [g for g in groups if g.question == "q2"] == [
        Group("q2", False, b, rest=3, complete=True, count=2),  # L4, L5
        Group("q2", False, b, rest=4, complete=True, count=1),  # L3
        Group("q2", False, c, rest=1, complete=True, count=1),  # L8
        Group("q2", True, a, rest=1, complete=True, count=2),  # L6, L7
        Group("q2", True, a, rest=3, complete=True, count=1),  # L2
        Group("q2", True, a, rest=4, complete=True, count=1),  # L1
    ]
    # q3: no two learners alike (X = 4,4,3,3,2,2,2,1), so 8 groups of 1; the three
    # right, a+b, are L1, L3, L5 with rest 4, 3, 2.
    q3 = [g for g in groups if g.question == "q3"]
    assert len(q3) == 8 and all(g.count == 1 for g in q3)
    assert [g.rest for g in q3 if g.correct] == [2, 3, 4]
    assert all(g.selected == frozenset("ab") for g in q3 if g.correct)
    # q4: b right for L1-L5 (X = 4,3,3,2,2); c for L6, L7 (X = 2); d for L8 (1).
    assert [
        (g.correct, "".join(sorted(g.selected)), g.rest, g.count)
        for g in groups
        if g.question == "q4"
    ] == [
        (False, "c", 2, 2),
        (False, "d", 1, 1),
        (True, "b", 2, 2),
        (True, "b", 3, 2),
        (True, "b", 4, 1),
    ]
    # Every sitting answered all five: every group is complete, and each
    # question's groups count the 8 sittings.
    assert all(g.complete for g in groups)
    for spec in SPECS:
        assert sum(g.count for g in groups if g.question == spec.slug) == 8
    # In the order of the specs, whatever the order of the sittings.
    assert [g.question for g in groups] == sorted(g.question for g in groups)
    assert groups_of(SPECS, SITTINGS[::-1]) == groups
    assert groups_of(SPECS, []) == []


def test_groups_of_a_sitting_missing_a_question():
    # L9 (a, c, a+b, b; no q5): right on q1, q3, q4, so 3 right in all. Their
    # groups are the only incomplete ones; "retired" makes no group and no rest.
    groups = groups_of(SPECS, ninth_learner_sittings())
    assert [g for g in groups if not g.complete] == [
        Group("q1", True, frozenset("a"), rest=2, complete=False, count=1),
        Group("q2", False, frozenset("c"), rest=3, complete=False, count=1),
        Group("q3", True, frozenset("ab"), rest=2, complete=False, count=1),
        Group("q4", True, frozenset("b"), rest=2, complete=False, count=1),
    ]
    assert {g.question for g in groups} == {"q1", "q2", "q3", "q4", "q5"}
    # L8 got "retired" right, yet its rest score on q2 is still 1.
    assert Group("q2", False, frozenset("c"), 1, True, 1) in groups
    assert [g for g in groups if g.complete] == groups_of(SPECS, SITTINGS)


def test_figures_from_groups_with_every_count_tripled():
    # Every sitting three times: every count triples, every ratio is unchanged,
    # so the hand-worked figures stand, with n = 24 and each question's n, right
    # tripled.
    groups = groups_of(SPECS, SITTINGS)
    tripled = [replace(group, count=3 * group.count) for group in groups]
    assert groups_of(SPECS, SITTINGS * 3) == tripled

    quiz = figures_from_groups(SPECS, tripled, 24)
    assert_same_figures(quiz, quiz_figures(SPECS, SITTINGS), times=3)
    assert_same_figures(quiz, quiz_figures(SPECS, SITTINGS * 3))
    q2 = quiz.questions[1]
    assert (q2.n, q2.right) == (24, 12)
    assert q2.discrimination == approx(-0.2041)
    assert q2.efficiency == approx(-0.25)
    assert q2.point_biserials["b"] == approx(0.5270)
    assert quiz.questions[3].efficiency == approx(1.0)
    assert quiz.alpha == approx(0.4427)


def test_figures_from_groups_with_uneven_counts():
    # Each learner a different number of times: L1 once, L2 four times, ...,
    # L9 (no q5) twice. Groups made learner by learner repeat keys (L6 and L7
    # answered alike), as rows from SQL grouped more finely would; a group of a
    # question not in the specs is ignored.
    sittings = ninth_learner_sittings()
    times = [1, 4, 2, 1, 3, 1, 5, 2, 2]
    expanded = [s for s, k in zip(sittings, times, strict=True) for _ in range(k)]
    groups = [
        replace(group, count=group.count * k)
        for s, k in zip(sittings, times, strict=True)
        for group in groups_of(SPECS, [s])
    ]
    groups.append(Group("retired", True, frozenset("x"), 0, True, 5))

    quiz = figures_from_groups(SPECS, iter(groups), len(expanded))
    assert_same_figures(quiz, reference_figures(SPECS, expanded))
    assert_same_figures(quiz, quiz_figures(SPECS, expanded))
    assert quiz.n == 21
    assert [(q.n, q.right) for q in quiz.questions] == [
        (21, 21),
        (21, 11),  # L1, L2, L6, L7: 1 + 4 + 1 + 5
        (21, 8),  # L1, L3, L5, L9: 1 + 2 + 3 + 2
        (21, 13),  # L1-L5, L9: 1 + 4 + 2 + 1 + 3 + 2
        (19, 8),  # L1-L4: 1 + 4 + 2 + 1
    ]
    assert quiz.alpha is not None


def test_efficiency_from_groups_splits_the_top_rest_count():
    # One question, 6 sittings, 2 right; the top rest score, 3, has 3 sittings.
    #   right (a), X = 3: 1    wrong (b), X = 3: 2
    #   right (a), X = 1: 1    wrong (c), X = 0: 2
    # Σx = 2, ΣX = 3+6+1+0 = 10, ΣxX = 3+1 = 4, ΣX² = 9+18+1 = 28.
    # Sxx = 2 - 4/6 = 4/3; SXX = 28 - 100/6 = 34/3; SxX = 4 - 2·10/6 = 2/3.
    # r = (2/3) / √(4/3 · 34/3) = 2/√136 = 0.1715.
    # Sorted: X 0,0,1,3,3,3; the two 1s of x meet two of the three 3s: Σ = 6
    # (taking the whole count would give 9, a single 3 then the 1 would give 4).
    # Smax = 6 - 20/6 = 8/3; efficiency = (2/3)/(8/3) = 0.25.
    spec = QuestionSpec("q", "single", ("a", "b", "c"), frozenset({"a"}))
    groups = [
        Group("q", True, frozenset("a"), rest=3, complete=True, count=1),
        Group("q", False, frozenset("b"), rest=3, complete=True, count=2),
        Group("q", True, frozenset("a"), rest=1, complete=True, count=1),
        Group("q", False, frozenset("c"), rest=0, complete=True, count=2),
    ]
    q = figures_from_groups([spec], groups, 6).questions[0]
    assert (q.n, q.right) == (6, 2)
    assert q.option_shares == {
        "a": approx(1 / 3),
        "b": approx(1 / 3),
        "c": approx(1 / 3),
    }
    assert q.discrimination == approx(0.1715)
    assert q.efficiency == approx(0.25)


def test_complete_groups_that_disagree_give_no_alpha():
    # A complete sitting is in one complete group of every question; here q1's
    # count 3 complete sittings and q2's only 2, which no sittings could give.
    specs = SPECS[:2]
    groups = [
        Group("q1", True, frozenset("a"), 1, True, 3),
        Group("q2", True, frozenset("a"), 1, True, 2),
    ]
    assert figures_from_groups(specs, groups, 3).alpha is None
