"""Quizzes without the database: the answer form, the option order, the grading,
and the signed opening a form carries.

The form names fields and options by their database ids only, so the page that asks
the questions carries nothing that hints at which option is right.

Opening a quiz writes nothing: the form carries who opened which quiz, when, its
option order and the token the attempt will have, signed with the site's key. The
attempt is written, graded, when the answers arrive; its token is unique, so a
form sent twice is graded once (lessons.services.quiz_attempt_submit).
"""

import hashlib
import json
import random
import secrets
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.core import signing
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lessons.models import AttemptAnswer, Option, Question

PASS_MARK = 80
# How many orders of its options a quiz is shown in: an opening draws one, so that a
# learner who takes a quiz again sees the options moved, and each order's form is
# rendered once per process (lessons.views.quizzes).
ORDERS = 16
CHOOSE_ONE = _("Choose an answer to this question.")
CHOOSE_SOME = _("Choose at least one answer to this question.")
NOT_AN_OPTION = _("That answer is not one of this question's options. Choose again.")


def question_revision(
    *, type: str, situation: str, prompt: str, options: Iterable[tuple[str, str, bool]]
) -> str:
    """A short name for a question's wording: its type, situation, prompt and each
    option's slug, text and correctness, in order. Rewriting any of them makes a new
    revision, so reports never pool answers to two wordings."""
    wording = [type, situation, prompt, [list(option) for option in options]]
    text = json.dumps(wording, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def ordered_options(question: Question, seed: int) -> list[Option]:
    """The question's options in an order that is random, yet the same every time the
    same attempt (seed) shows them."""
    options = list(question.options.all())
    random.Random(f"{seed}:{question.pk}").shuffle(options)  # noqa: S311 - not secret
    return options


@dataclass(frozen=True)
class Opening:
    """A quiz form as it was given to a learner."""

    learner: int
    quiz: int
    phase: str
    seed: int  # the option order
    token: str  # the attempt's, once sent: its result's address
    started: int  # seconds since the epoch

    @classmethod
    def new(cls, *, learner: int, quiz: int, phase: str) -> "Opening":
        return cls(
            learner=learner,
            quiz=quiz,
            phase=phase,
            seed=secrets.randbelow(ORDERS),
            token=secrets.token_urlsafe(16),
            started=int(time.time()),
        )

    def signed(self) -> str:
        return _signer().sign_object(asdict(self))

    @classmethod
    def from_form(cls, value: str) -> "Opening | None":
        """The opening a form sent, or None if it was not one of ours, unchanged."""
        try:
            return cls(**_signer().unsign_object(value))
        except (signing.BadSignature, TypeError, ValueError):
            return None


def _signer() -> signing.Signer:
    return signing.Signer(salt="lessons.quiz-opening")


def field_name(question: Question) -> str:
    return f"q{question.pk}"


@dataclass(frozen=True)
class QuestionRow:
    """One question as the form shows it: its options in the attempt's order, each
    as (id, value, label, checked), and the message if its answer was refused."""

    situation: str
    prompt: str
    name: str
    type: str  # "radio", or "checkbox" for 'choose all'
    options: list[tuple[str, str, str, bool]]
    error: str


class QuizForm:
    """One answer per question: a radio button each, or checkboxes for 'choose all'.
    Checked as Django's choice fields check (every question answered, with options
    of its own), without their widgets: the quiz page's largest cost when it used
    them, on every opening and every submission."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        questions: list[Question],
        seed: int,
    ) -> None:
        self.questions = questions
        self.seed = seed
        self.is_bound = data is not None
        self.errors: dict[str, str] = {}
        self._chosen: dict[int, set[int]] = {}
        if data is not None:
            for question in questions:
                self._check(question, data.getlist(field_name(question)))

    def _check(self, question: Question, values: list[str]) -> None:
        name = field_name(question)
        many = question.type == Question.Type.MULTIPLE
        if not many:  # a radio button's field reads the last value sent
            values = [v for v in values[-1:] if v]
        if not values:
            self.errors[name] = str(CHOOSE_SOME if many else CHOOSE_ONE)
            return
        ids = {str(option.pk): option.pk for option in question.options.all()}
        if any(value not in ids for value in values):
            self.errors[name] = str(NOT_AN_OPTION)
            return
        self._chosen[question.pk] = {ids[value] for value in values}

    def is_valid(self) -> bool:
        return self.is_bound and not self.errors

    def rows(self) -> list[QuestionRow]:
        rows = []
        for question in self.questions:
            name = field_name(question)
            chosen = self._chosen.get(question.pk, set())
            options = [
                (f"id_{name}_{i}", str(option.pk), option.text, option.pk in chosen)
                for i, option in enumerate(ordered_options(question, self.seed))
            ]
            many = question.type == Question.Type.MULTIPLE
            rows.append(
                QuestionRow(
                    situation=question.situation,
                    prompt=question.prompt,
                    name=name,
                    type="checkbox" if many else "radio",
                    options=options,
                    error=self.errors.get(name, ""),
                )
            )
        return rows

    def chosen(self) -> dict[int, set[int]]:
        """Question id -> option ids chosen (valid forms only)."""
        return dict(self._chosen)


@dataclass
class QuestionResult:
    question: Question
    options: list[Option]
    chosen: set[int]
    is_correct: bool

    def rows(self) -> list[tuple[Option, bool]]:
        """Each option with whether the learner chose it."""
        return [(option, option.pk in self.chosen) for option in self.options]


@dataclass
class Grade:
    results: list[QuestionResult]

    @property
    def correct(self) -> int:
        return sum(r.is_correct for r in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def score(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        return self.score >= PASS_MARK


def grade(questions: list[Question], chosen: dict[int, set[int]], seed: int) -> Grade:
    """Right when the options chosen are exactly the correct ones: for 'choose all'
    questions every correct option and no wrong one."""
    results = []
    for question in questions:
        options = ordered_options(question, seed)
        correct = {o.pk for o in options if o.is_correct}
        mine = chosen.get(question.pk, set())
        results.append(QuestionResult(question, options, mine, mine == correct))
    return Grade(results)


def graded_answers(
    questions: list[Question], answers: list[AttemptAnswer], seed: int
) -> Grade:
    """A sent attempt's feedback, from the answers kept for it: each question's
    options in the order the learner saw them, and right or wrong as it was graded
    then, even if the content changed since."""
    by_slug = {(q.pk, o.slug): o.pk for q in questions for o in q.options.all()}
    chosen = {
        answer.question_id: {
            by_slug[(answer.question_id, slug)]
            for slug in answer.selected
            if (answer.question_id, slug) in by_slug
        }
        for answer in answers
    }
    result = grade(questions, chosen, seed)
    graded = {answer.question_id: answer.is_correct for answer in answers}
    for row in result.results:
        row.is_correct = graded.get(row.question.pk, False)
    return result
