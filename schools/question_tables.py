"""The question-insight tables, as text cells: the page shows them and the CSV
writes them, so the two are the same column for column.

Small numbers are suppressed here, once for both: a question's figures appear only
when at least `minimum` learners answered it (5 on a class's page, 10 on a school's
or the platform's); with fewer than 20 learners a share under 5% or over 95% shows
as "5% or less" or "95% or more", so that nobody can read off that every learner
but one, or only one, gave an answer. No table names or lists a learner.
"""

import html
from collections.abc import Collection, Iterable
from typing import NamedTuple

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schools.item_statistics import QuestionFigures, QuizFigures
from schools.selectors.questions import CheckAnswers, QuestionAnswers, QuizAnswers

CLASS_MINIMUM = 5
SCHOOL_MINIMUM = 10
# Below this many learners, shares near 0% or 100% are shown as bands.
EXACT_FROM = 20
# A wrong option chosen by this share of learners or more is "still believed".
STILL_BELIEVED = 0.20


class Cell(NamedTuple):
    """A table cell: its text, or a list of texts (shown as a list on the page,
    joined with " | " in the CSV)."""

    text: str | list[str]

    @property
    def items(self) -> list[str]:
        """The list's texts; [] for a cell of one text."""
        return self.text if isinstance(self.text, list) else []

    def __str__(self) -> str:
        return " | ".join(self.text) if isinstance(self.text, list) else self.text


class QuestionTable(NamedTuple):
    header: list[str]
    rows: list[list[Cell]]
    # per row: "suppressed", "still-believed", "backwards" or "review"
    marks: list[set[str]]
    left_out: int
    answered: bool  # anyone answered today's wording

    def csv_rows(self) -> Iterable[list[str]]:
        return ([str(cell) for cell in row] for row in self.rows)


def too_few(minimum: int) -> str:
    return ngettext(
        "fewer than %(n)d learner so far",
        "fewer than %(n)d learners so far",
        minimum,
    ) % {"n": minimum}


def share(count: int, n: int) -> str:
    """`count` of `n` as a whole percent, banded at the ends for small groups."""
    percent = 100 * count / n
    if n < EXACT_FROM:
        if percent < 5:
            return _("5% or less")
        if percent > 95:
            return _("95% or more")
    return f"{round(percent)}%"


def plain(explanation_html: str) -> str:
    """An option's explanation as plain text (the CSV's, and the table's)."""
    return html.unescape(strip_tags(explanation_html)).strip()


def _quiz_header() -> list[str]:
    return [
        _("Question"),
        _("Learners who answered"),
        _("Right"),
        _("Answers chosen"),
        _("Most chosen wrong answer"),
        _("What learners were told about it"),
    ]


def empty_quiz_table() -> QuestionTable:
    """A lesson quiz's table before anything is assigned: its header only."""
    return QuestionTable(_quiz_header(), [], [], 0, False)


def quiz_table(answers: QuizAnswers, *, minimum: int) -> QuestionTable:
    """A lesson quiz's table: one row per question."""
    header = _quiz_header()
    rows, marks = [], []
    for question in answers.questions:
        row, mark = _quiz_row(question, minimum)
        rows.append(row)
        marks.append(mark)
    answered = any(q.n for q in answers.questions)
    if not answered:  # the page explains; the CSV is its header row
        rows, marks = [], []
    return QuestionTable(header, rows, marks, answers.left_out, answered)


def _quiz_row(answers: QuestionAnswers, minimum: int) -> tuple[list[Cell], set[str]]:
    prompt = Cell(answers.question.prompt)
    n = answers.n
    if n < minimum:
        return [prompt, Cell(too_few(minimum)), *[Cell("")] * 4], {"suppressed"}
    marks: set[str] = set()
    chosen = []
    for figures in answers.options:
        option = figures.option
        text = f"{share(figures.chosen, n)}: {option.text}"
        if option.is_correct:
            text = _("%(answer)s (correct)") % {"answer": text}
        elif figures.chosen / n >= STILL_BELIEVED:
            text = _("%(answer)s (still believed)") % {"answer": text}
            marks.add("still-believed")
        chosen.append(text)
    wrong = answers.most_chosen_wrong
    return [
        prompt,
        Cell(str(n)),
        Cell(share(answers.right, n)),
        Cell(chosen),
        Cell(f"{share(wrong.chosen, n)}: {wrong.option.text}" if wrong else "—"),
        Cell(plain(wrong.option.explanation_html) if wrong else ""),
    ], marks


def check_table(
    answers: CheckAnswers, objectives: dict[str, str], *, minimum: int
) -> QuestionTable:
    """A knowledge check's table: one row per question, grouped by the learning
    objective it tests, over the learners who took the check before and after."""
    header = [
        _("Learning objective"),
        _("Question"),
        _("Learners who took it before and after"),
        _("Right before"),
        _("Right after"),
        _("Change (points)"),
        _("Wrong before, right after"),
        _("Right before, wrong after"),
        _("Right both times"),
        _("Wrong both times"),
        _("Went backwards"),
    ]
    order = {key: index for index, key in enumerate(objectives)}
    changes = sorted(
        answers.questions,
        key=lambda c: order.get(c.question.objective, len(order)),
    )
    rows, marks = [], []
    for change in changes:
        question, paired = change.question, change.paired
        objective = Cell(objectives.get(question.objective, question.objective))
        prompt = Cell(question.prompt)
        n = paired.n
        if n < minimum:
            rows.append([objective, prompt, Cell(too_few(minimum)), *[Cell("")] * 8])
            marks.append({"suppressed"})
            continue
        points = round(100 * paired.after / n - 100 * paired.before / n)
        backwards = paired.went_backwards
        rows.append(
            [
                objective,
                prompt,
                Cell(str(n)),
                Cell(share(paired.before, n)),
                Cell(share(paired.after, n)),
                Cell(f"{points:+d}" if points else "0"),
                Cell(str(paired.wrong_right)),
                Cell(str(paired.right_wrong)),
                Cell(str(paired.right_right)),
                Cell(str(paired.wrong_wrong)),
                Cell(_("went backwards") if backwards else ""),
            ]
        )
        marks.append({"backwards"} if backwards else set())
    answered = any(c.paired.n for c in answers.questions)
    if not answered:
        rows, marks = [], []
    return QuestionTable(header, rows, marks, answers.left_out, answered)


# Discrimination, efficiency, alpha and point-biserials swing widely on few
# learners: they are shown from this many.
STATISTICS_FROM = 30
# The content team's review flags (README, "Revising a quiz").
WEAK_DISCRIMINATION = 0.15
WEAK_EFFICIENCY = 0.15
TOO_EASY = 0.95


class QuizStatistics(NamedTuple):
    """One quiz's questions and figures, for the platform's table."""

    title: str  # the lesson's or the track's knowledge check's
    questions: list  # lessons.models.Question, in order
    figures: QuizFigures


def _decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def review_reasons(figures: QuestionFigures, wrong: Collection[str]) -> list[str]:
    """Why a question needs the content team's review ([] when it does not), from
    its figures and its wrong options' slugs."""
    reasons = []
    if figures.facility is not None:
        if figures.facility > TOO_EASY:
            reasons.append(_("almost everyone is right"))
        if figures.facility < figures.random_guess:
            reasons.append(_("fewer are right than guessing would make"))
    if figures.n < STATISTICS_FROM:
        return reasons
    if figures.discrimination is not None and (
        figures.discrimination < WEAK_DISCRIMINATION
    ):
        reasons.append(_("discrimination below 0.15"))
    if figures.efficiency is not None and figures.efficiency < WEAK_EFFICIENCY:
        reasons.append(_("efficiency below 15%"))
    if any((figures.point_biserials.get(slug) or 0) > 0 for slug in wrong):
        reasons.append(_("a wrong answer draws stronger learners"))
    return reasons


def platform_table(
    quizzes: list[QuizStatistics], *, minimum: int, left_out: int = 0
) -> QuestionTable:
    """Every question's item statistics, one row each, quiz by quiz."""
    header = [
        _("Quiz"),
        _("Question"),
        _("Learners"),
        _("Right"),
        _("Random-guess score"),
        _("Discrimination"),
        _("Efficiency"),
        _("Strongest wrong answer (point-biserial)"),
        _("Quiz's alpha"),
        _("Review"),
    ]
    rows, marks = [], []
    for quiz in quizzes:
        alpha = (
            _decimal(quiz.figures.alpha) if quiz.figures.n >= STATISTICS_FROM else "—"
        )
        for question, figures in zip(
            quiz.questions, quiz.figures.questions, strict=True
        ):
            start = [Cell(quiz.title), Cell(question.prompt)]
            if figures.n < minimum:
                rows.append([*start, Cell(too_few(minimum)), *[Cell("")] * 7])
                marks.append({"suppressed"})
                continue
            guess = f"{100 * figures.random_guess:.1f}%"
            wrong = [o.slug for o in question.options.all() if not o.is_correct]
            reasons = review_reasons(figures, wrong)
            rows.append(
                [
                    *start,
                    Cell(str(figures.n)),
                    Cell(share(figures.right, figures.n)),
                    Cell(guess),
                    *_statistics(question, figures),
                    Cell(alpha),
                    Cell(reasons or ""),
                ]
            )
            marks.append({"review"} if reasons else set())
    answered = any(q.figures.n for q in quizzes)
    return QuestionTable(header, rows, marks, left_out, answered)


def _statistics(question, figures: QuestionFigures) -> list[Cell]:
    """Discrimination, efficiency and the strongest wrong answer, from 30 learners."""
    if figures.n < STATISTICS_FROM:
        wait = _("from %(n)d learners") % {"n": STATISTICS_FROM}
        return [Cell(wait)] * 3
    efficiency = (
        "—" if figures.efficiency is None else f"{round(100 * figures.efficiency)}%"
    )
    wrong = [
        (figures.point_biserials[o.slug], o)
        for o in question.options.all()
        if not o.is_correct and figures.point_biserials.get(o.slug) is not None
    ]
    strongest = max(wrong, key=lambda pair: pair[0], default=None)
    return [
        Cell(_decimal(figures.discrimination)),
        Cell(efficiency),
        Cell(f"{strongest[1].text} ({_decimal(strongest[0])})" if strongest else "—"),
    ]
