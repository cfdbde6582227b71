"""Quiz item statistics for the reports: how hard each question was, whether it
tells stronger learners from weaker ones, which options drew whom, and how
consistent the quiz is as a whole.

The figures follow Moodle's quiz statistics
(https://docs.moodle.org/dev/Quiz_statistics_calculations). Pure functions over
plain values: the report selectors fetch the answers and call these.

A "sitting" is one learner's one attempt: a mapping of question slug to Answer.
A sitting may lack some questions (the caller leaves out answers to an older
wording); slugs not among the specs are ignored.

Each answer scores 1 if right, else 0. A sitting's rest score for a question is
the number of the OTHER questions of the specs it got right: correlating an item
with the total that includes it would flatter the item.
"""

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """One learner's answer to one question."""

    correct: bool
    selected: frozenset[str]  # option slugs the learner chose or ticked


@dataclass(frozen=True)
class QuestionSpec:
    """A question as the learners saw it."""

    slug: str
    type: str  # "single" | "multiple" | "truefalse" | "scenario"
    options: tuple[str, ...]  # option slugs in display order
    correct: frozenset[str]  # the correct option slugs


@dataclass(frozen=True)
class QuestionFigures:
    """One question's figures over the sittings that answered it.

    - n: how many sittings answered the question.
    - right: how many of them were right.
    - facility: right / n, the share who got it right (0..1; high is easy).
      None when n == 0.
    - option_shares: for each option, the share of the n who chose or ticked it.
      For "multiple" (choose all that apply) each is the share ticking that box,
      so the shares need not sum to 1. {} when n == 0.
    - random_guess: the facility expected if everyone guessed at random; a
      facility near it means the question taught or tested little.
    - discrimination: the correlation (-1..1) between being right here and the
      rest score. Positive: stronger learners get it right more often; near 0 or
      negative: the question is confusing or its key is wrong. None when n < 2
      or everyone had the same item or rest score.
    - efficiency: the covariance behind discrimination as a share of the largest
      covariance possible with the same facility and rest scores. Discrimination
      cannot reach 1 for a very easy or very hard item; this can. None where
      discrimination is None.
    - point_biserials: for each option, the correlation between choosing it and
      the rest score. A wrong option with a positive r draws stronger learners:
      its wording may be misleading, or it may be right after all. None where
      nobody, or everybody, chose it (or n < 2).
    """

    slug: str
    n: int
    right: int
    facility: float | None
    option_shares: dict[str, float]
    random_guess: float
    discrimination: float | None
    efficiency: float | None
    point_biserials: dict[str, float | None]


@dataclass(frozen=True)
class QuizFigures:
    """A quiz's figures.

    - n: how many sittings were given.
    - questions: each question's figures, in the order of the specs.
    - alpha: Cronbach's alpha (at most 1), how consistently the questions
      measure one thing, over the sittings that answered every question. None
      with fewer than 2 questions or 2 such sittings, or when they all scored
      the same total.
    """

    n: int
    questions: list[QuestionFigures]
    alpha: float | None


@dataclass(frozen=True)
class Paired:
    """The same learners' answers before and after (e.g. a lesson), as a 2x2
    table: `wrong_right` is wrong before and right after."""

    right_right: int
    wrong_right: int
    right_wrong: int
    wrong_wrong: int

    @property
    def n(self) -> int:
        """Learners who answered both times."""
        return self.right_right + self.wrong_right + self.right_wrong + self.wrong_wrong

    @property
    def before(self) -> int:
        """Of them, how many were right before."""
        return self.right_right + self.right_wrong

    @property
    def after(self) -> int:
        """Of them, how many were right after."""
        return self.right_right + self.wrong_right

    @property
    def went_backwards(self) -> bool:
        """More learners lost the right answer than found it."""
        return self.right_wrong > self.wrong_right


def random_guess_score(question_type: str, option_count: int) -> float:
    """The chance of being right by guessing at random among option_count
    options, as our grading marks the question type."""
    if option_count < 1:
        raise ValueError(f"A question needs at least one option, not {option_count}.")
    if question_type in ("single", "scenario"):
        return 1 / option_count
    if question_type == "truefalse":
        return 1 / 2
    if question_type == "multiple":
        # Right only when exactly the correct set is ticked, and ticking nothing
        # is never accepted: one right set among the 2^k - 1 non-empty ones.
        return 1 / (2**option_count - 1)
    raise ValueError(f"Unknown question type {question_type!r}.")


def quiz_figures(
    specs: Sequence[QuestionSpec], sittings: Sequence[Mapping[str, Answer]]
) -> QuizFigures:
    """Each question's figures and the quiz's alpha, from the sittings."""
    slugs = [spec.slug for spec in specs]
    # Each sitting's 0/1 scores on the specs' questions only: an answer to a
    # question not in the specs must not count in anyone's rest score.
    scores = [
        {slug: int(sitting[slug].correct) for slug in slugs if slug in sitting}
        for sitting in sittings
    ]
    questions = [_question_figures(spec, sittings, scores) for spec in specs]
    return QuizFigures(
        n=len(sittings), questions=questions, alpha=_cronbach_alpha(slugs, scores)
    )


def paired_counts(
    before: Mapping[Hashable, bool], after: Mapping[Hashable, bool]
) -> Paired:
    """Count the learners (keys) in both mappings by right (True) or wrong before
    and after. A learner in only one tells us nothing about change."""
    counts = {(True, True): 0, (False, True): 0, (True, False): 0, (False, False): 0}
    for learner in before.keys() & after.keys():
        counts[(bool(before[learner]), bool(after[learner]))] += 1
    return Paired(
        right_right=counts[(True, True)],
        wrong_right=counts[(False, True)],
        right_wrong=counts[(True, False)],
        wrong_wrong=counts[(False, False)],
    )


def _question_figures(
    spec: QuestionSpec,
    sittings: Sequence[Mapping[str, Answer]],
    scores: Sequence[Mapping[str, int]],
) -> QuestionFigures:
    """One question's figures over the sittings that answered it."""
    answers: list[Answer] = []
    items: list[int] = []  # x_i: 1 if right
    rests: list[int] = []  # X_i: right answers to the other questions
    for sitting, score in zip(sittings, scores, strict=True):
        if spec.slug in score:
            answers.append(sitting[spec.slug])
            items.append(score[spec.slug])
            rests.append(sum(score.values()) - score[spec.slug])
    n = len(answers)
    right = sum(items)
    # For each option, 1 for each answer that chose or ticked it, else 0.
    picks = {
        option: [int(option in answer.selected) for answer in answers]
        for option in spec.options
    }
    discrimination = _correlation(items, rests)
    return QuestionFigures(
        slug=spec.slug,
        n=n,
        right=right,
        facility=right / n if n else None,
        option_shares={option: sum(p) / n for option, p in picks.items()} if n else {},
        random_guess=random_guess_score(spec.type, len(spec.options)),
        discrimination=discrimination,
        efficiency=None if discrimination is None else _efficiency(items, rests),
        point_biserials={option: _correlation(p, rests) for option, p in picks.items()},
    )


def _cronbach_alpha(
    slugs: Sequence[str], scores: Sequence[Mapping[str, int]]
) -> float | None:
    """P/(P-1) * (1 - sum of the item variances / variance of the total), over
    the sittings that answered all P questions."""
    count = len(slugs)
    # A sitting with a question missing has no total comparable with the others.
    complete = [score for score in scores if all(slug in score for slug in slugs)]
    if count < 2 or len(complete) < 2:
        return None
    totals = [sum(score[slug] for slug in slugs) for score in complete]
    total_variance = _variance(totals)
    if total_variance == 0:
        return None
    item_variances = sum(
        _variance([score[slug] for score in complete]) for slug in slugs
    )
    return count / (count - 1) * (1 - item_variances / total_variance)


def _efficiency(items: Sequence[int], rests: Sequence[int]) -> float | None:
    """Cov(x, X) / Cmax, Cmax being the covariance with x and X each sorted
    ascending and paired in that order: the largest covariance possible with
    these two sets of values (the rearrangement inequality)."""
    most = _covariance(sorted(items), sorted(rests))
    if most == 0:
        return None
    return _covariance(items, rests) / most


def _correlation(xs: Sequence[int], ys: Sequence[int]) -> float | None:
    """Pearson's r; None when it is undefined (fewer than 2 values, or either
    side does not vary)."""
    if len(xs) < 2:
        return None
    x_variance, y_variance = _variance(xs), _variance(ys)
    if x_variance == 0 or y_variance == 0:
        return None
    return _covariance(xs, ys) / math.sqrt(x_variance * y_variance)


# Population (co)variances, dividing by n. Every figure above is a ratio of two of
# them, so dividing by n - 1 instead would give the same results. They are
# computed from deviations from the mean so that values that do not vary give
# exactly 0, which the checks for "undefined" rely on.
def _variance(values: Sequence[int]) -> float:
    return _covariance(values, values)


def _covariance(xs: Sequence[int], ys: Sequence[int]) -> float:
    n = len(xs)
    x_mean, y_mean = sum(xs) / n, sum(ys) / n
    return sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)) / n
