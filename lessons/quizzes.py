"""Quizzes without the database: the answer form, the option order, the grading.

The form names fields and options by their database ids only, so the page that asks
the questions carries nothing that hints at which option is right.
"""

import random
from dataclasses import dataclass

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from lessons.models import AttemptAnswer, Option, Question

PASS_MARK = 80
CHOOSE_ONE = _("Choose an answer to this question.")
CHOOSE_SOME = _("Choose at least one answer to this question.")
NOT_AN_OPTION = _("That answer is not one of this question's options. Choose again.")


def ordered_options(question: Question, seed: int) -> list[Option]:
    """The question's options in an order that is random, yet the same every time the
    same attempt (seed) shows them."""
    options = list(question.options.all())
    random.Random(f"{seed}:{question.pk}").shuffle(options)  # noqa: S311 - not secret
    return options


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class QuizForm(forms.Form):
    """One field per question: radio buttons, or checkboxes for 'choose all'."""

    def __init__(self, *args: object, questions: list[Question], seed: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [
                (str(option.pk), mark_safe(option.text))  # noqa: S308 - rendered at load
                for option in ordered_options(question, seed)
            ]
            if question.type == Question.Type.MULTIPLE:
                field: forms.Field = forms.MultipleChoiceField(
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple(
                        attrs={"class": "form-check-input"}
                    ),
                    error_messages={
                        "required": CHOOSE_SOME,
                        "invalid_choice": NOT_AN_OPTION,
                    },
                )
            else:
                field = forms.ChoiceField(
                    choices=choices,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    error_messages={
                        "required": CHOOSE_ONE,
                        "invalid_choice": NOT_AN_OPTION,
                    },
                )
            field.label = mark_safe(question.prompt)  # noqa: S308 - rendered at load
            self.fields[field_name(question)] = field

    def rows(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[field_name(q)]) for q in self.questions]

    def chosen(self) -> dict[int, set[int]]:
        """Question id -> option ids chosen (valid forms only)."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data[field_name(question)]
            values = value if isinstance(value, list) else [value]
            answers[question.pk] = {int(v) for v in values}
        return answers


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
