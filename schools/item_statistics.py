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

The reports count in SQL, so every figure is computed from Groups: counts of
sittings alike in their answer to one question (right or not, what they chose,
rest score, whether they answered every question). groups_of builds them from
sittings as the SQL does; quiz_figures is figures_from_groups over them.
"""

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
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
class Group:
    """Sittings alike in their answer to one question: one row of the SQL GROUP BY."""

    question: str  # question slug
    correct: bool  # the answer was right
    selected: frozenset[str]  # option slugs chosen/ticked
    rest: int  # right answers to the OTHER spec questions in the sitting
    complete: bool  # the sitting answered every question of the specs
    count: int  # how many sittings


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
    """Each question's figures and the quiz's alpha, from the sittings: the
    figures of their groups (see groups_of)."""
    return figures_from_groups(specs, groups_of(specs, sittings), len(sittings))


def groups_of(
    specs: Sequence[QuestionSpec], sittings: Sequence[Mapping[str, Answer]]
) -> list[Group]:
    """The sittings' answers to the specs' questions as Groups: the Python twin of
    the reports' SQL GROUP BY. In the order of the specs, then by correct,
    selected (as sorted slugs), rest and complete."""
    slugs = [spec.slug for spec in specs]
    counts: Counter[tuple[str, bool, frozenset[str], int, bool]] = Counter()
    for sitting in sittings:
        # Only the specs' questions: an answer to a question not in the specs
        # must not count in anyone's rest score.
        answers = {slug: sitting[slug] for slug in slugs if slug in sitting}
        right = sum(bool(answer.correct) for answer in answers.values())
        complete = all(slug in answers for slug in slugs)
        for slug, answer in answers.items():
            correct = bool(answer.correct)
            rest = right - int(correct)
            counts[(slug, correct, frozenset(answer.selected), rest, complete)] += 1
    position = {slug: index for index, slug in enumerate(slugs)}
    groups = [Group(*key, count=count) for key, count in counts.items()]
    return sorted(
        groups,
        key=lambda group: (
            position[group.question],
            group.correct,
            sorted(group.selected),
            group.rest,
            group.complete,
        ),
    )


def figures_from_groups(
    specs: Sequence[QuestionSpec], groups: Iterable[Group], sittings: int
) -> QuizFigures:
    """Each question's figures and the quiz's alpha from grouped answers alone;
    `sittings` is how many sittings the groups came from (QuizFigures.n).

    Groups of a question not in the specs are ignored. Two groups alike in every
    field but count are as one group with the counts added.
    """
    by_question: dict[str, list[Group]] = {spec.slug: [] for spec in specs}
    for group in groups:
        if group.question in by_question:
            by_question[group.question].append(group)
    questions = [_question_figures(spec, by_question[spec.slug]) for spec in specs]
    alpha = _cronbach_alpha([by_question[spec.slug] for spec in specs])
    return QuizFigures(n=sittings, questions=questions, alpha=alpha)


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


def _question_figures(spec: QuestionSpec, groups: Sequence[Group]) -> QuestionFigures:
    """One question's figures from the groups of its answers."""
    weights = [group.count for group in groups]
    items = [int(group.correct) for group in groups]  # x: 1 if right
    rests = [group.rest for group in groups]  # X: right answers to the others
    n = sum(weights)
    right = _weighted_sum(items, weights)
    # For each option, 1 for each group that chose or ticked it, else 0.
    picks = {
        option: [int(option in group.selected) for group in groups]
        for option in spec.options
    }
    discrimination = _correlation(items, rests, weights)
    return QuestionFigures(
        slug=spec.slug,
        n=n,
        right=right,
        facility=right / n if n else None,
        option_shares=(
            {option: _weighted_sum(p, weights) / n for option, p in picks.items()}
            if n
            else {}
        ),
        random_guess=random_guess_score(spec.type, len(spec.options)),
        discrimination=discrimination,
        efficiency=(
            None if discrimination is None else _efficiency(items, rests, weights)
        ),
        point_biserials={
            option: _correlation(p, rests, weights) for option, p in picks.items()
        },
    )


def _cronbach_alpha(per_question: Sequence[Sequence[Group]]) -> float | None:
    """P/(P-1) * (1 - sum of the item variances / variance of the total), over
    the sittings that answered all P questions: the complete groups.

    Each complete sitting is in exactly one complete group of every question, so
    each question's complete groups count the same sittings; the totals come
    from the first question's, as int(correct) + rest.
    """
    count = len(per_question)
    if count < 2:
        return None
    # A sitting with a question missing has no total comparable with the others.
    complete = [
        [group for group in groups if group.complete] for groups in per_question
    ]
    sizes = [sum(group.count for group in groups) for groups in complete]
    if len(set(sizes)) > 1:
        # Not from real sittings (the content changed between the reads that
        # built the specs and the groups, say): no alpha rather than a wrong one.
        return None
    n = sizes[0]
    if n < 2:
        return None
    weights = [group.count for group in complete[0]]
    totals = [int(group.correct) + group.rest for group in complete[0]]
    total_variance = _co_sum(totals, totals, weights)  # n² Var(T)
    if total_variance == 0:
        return None
    # n² p(1 - p) = right (n - right), p being the question's facility here.
    item_variances = 0
    for groups in complete:
        right = sum(group.count for group in groups if group.correct)
        item_variances += right * (n - right)
    return count / (count - 1) * (1 - item_variances / total_variance)


def _efficiency(
    items: Sequence[int], rests: Sequence[int], weights: Sequence[int]
) -> float | None:
    """Cov(x, X) / Cmax, Cmax being the covariance with x and X each sorted
    ascending and paired in that order: the largest covariance possible with
    these two sets of values (the rearrangement inequality). x being 0 or 1,
    Σ x_sorted·X_sorted is the sum of the `right` largest rest scores."""
    n, right = sum(weights), _weighted_sum(items, weights)
    distribution: Counter[int] = Counter()  # rest score -> how many sittings
    for rest, weight in zip(rests, weights, strict=True):
        distribution[rest] += weight
    top, wanted = 0, right
    for rest in sorted(distribution, reverse=True):
        taken = min(wanted, distribution[rest])  # may take part of a count
        top, wanted = top + taken * rest, wanted - taken
    # n² Cmax = n·top - Σx·ΣX, as _co_sum scales.
    most = n * top - right * _weighted_sum(rests, weights)
    if most == 0:
        return None
    return _co_sum(items, rests, weights) / most


def _correlation(
    xs: Sequence[int], ys: Sequence[int], weights: Sequence[int]
) -> float | None:
    """Pearson's r of the values, each counted `weight` times; None when it is
    undefined (fewer than 2 values, or either side does not vary)."""
    if sum(weights) < 2:
        return None
    x_spread, y_spread = _co_sum(xs, xs, weights), _co_sum(ys, ys, weights)
    if x_spread == 0 or y_spread == 0:
        return None
    return _co_sum(xs, ys, weights) / (math.sqrt(x_spread) * math.sqrt(y_spread))


# Every figure above is a ratio of two population (co)variances, so any common
# factor cancels: _co_sum gives n² × the weighted covariance (n = Σ weights) as
# n·Σwxy - Σwx·Σwy. The values and weights are whole numbers, so this is exact
# integer arithmetic: values that do not vary give exactly 0, which the checks
# for "undefined" rely on, with no tolerance and no rounding however large the
# counts (floating point deviations from a mean would need both).
def _weighted_sum(values: Sequence[int], weights: Sequence[int]) -> int:
    return sum(value * weight for value, weight in zip(values, weights, strict=True))


def _co_sum(xs: Sequence[int], ys: Sequence[int], weights: Sequence[int]) -> int:
    products = [x * y for x, y in zip(xs, ys, strict=True)]
    x_sum, y_sum = _weighted_sum(xs, weights), _weighted_sum(ys, weights)
    return sum(weights) * _weighted_sum(products, weights) - x_sum * y_sum
