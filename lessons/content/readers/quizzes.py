"""Questions: a lesson's quiz (<lesson>.quiz.yaml) and a track's knowledge check."""

from pathlib import Path
from typing import Any

from lessons.content.readers.base import Reader, line_of, text_of
from lessons.content.schema import QUESTION_TYPES, OptionData, QuestionData


def read_questions(
    reader: Reader, path: Path, raw: Any, *, low: int, high: int, what: str, line: int
) -> list[QuestionData]:
    """A list of `low` to `high` questions; `what` names it in problems."""
    if not isinstance(raw, list):
        reader.problem(path, line, f"the {what} has no list of questions")
        return []
    if not low <= len(raw) <= high:
        reader.problem(
            path, line, f"a {what} has {low} to {high} questions; this has {len(raw)}"
        )
    questions: list[QuestionData] = []
    slugs: set[str] = set()
    for entry in raw:
        question = _read_question(reader, path, entry, what=what)
        if question is None:
            continue
        if question.slug in slugs:
            reader.problem(
                path, line_of(entry), f"question id '{question.slug}' is used twice"
            )
            continue
        slugs.add(question.slug)
        questions.append(question)
    return questions


def _read_question(
    reader: Reader, path: Path, entry: Any, *, what: str
) -> QuestionData | None:
    if not isinstance(entry, dict) or not reader.require(
        path, entry, "id", "type", "prompt", what="a question"
    ):
        return None
    line = line_of(entry)
    slug = text_of(entry, "id")
    reader.check_slug(path, line, slug, "question id")
    kind = text_of(entry, "type")
    if kind not in QUESTION_TYPES:
        reader.problem(
            path,
            line,
            f"question '{slug}': type must be one of {sorted(QUESTION_TYPES)}",
        )
        return None
    situation = text_of(entry, "situation")
    if kind == "scenario" and not situation:
        reader.problem(path, line, f"scenario question '{slug}' has no 'situation'")
    if what == "knowledge check" and not text_of(entry, "objective"):
        reader.problem(
            path, line, f"knowledge check question '{slug}' has no objective"
        )
    options = _read_options(reader, path, slug, kind, entry.get("options"), line)
    return QuestionData(
        slug=slug,
        type=kind,
        situation=reader.render(path, line, situation, inline=True)
        if situation
        else "",
        prompt=reader.render(path, line, text_of(entry, "prompt"), inline=True),
        objective=text_of(entry, "objective"),
        options=options,
    )


def _read_options(
    reader: Reader, path: Path, question: str, kind: str, raw: Any, line: int
) -> list[OptionData]:
    if not isinstance(raw, list) or len(raw) < 2:
        reader.problem(path, line, f"question '{question}' needs at least two options")
        return []
    options: list[OptionData] = []
    for entry in raw:
        if not isinstance(entry, dict):
            reader.problem(
                path, line, f"question '{question}': an option is not a mapping"
            )
            continue
        option = _read_option(reader, path, question, entry)
        if option:
            options.append(option)
    ids = [o.slug for o in options]
    if len(set(ids)) != len(ids):
        reader.problem(path, line, f"question '{question}': option ids repeat")
    _check_correct(reader, path, line, question, kind, options)
    return options


def _read_option(
    reader: Reader, path: Path, question: str, entry: dict
) -> OptionData | None:
    line = line_of(entry)
    if not text_of(entry, "explanation"):
        reader.problem(
            path,
            line,
            f"question '{question}': option '{text_of(entry, 'id')}' has no "
            "explanation",
        )
    if not reader.require(path, entry, "id", "text", what="an option"):
        return None
    correct = entry.get("correct")
    if not isinstance(correct, bool):
        reader.problem(
            path,
            line,
            f"question '{question}': option '{text_of(entry, 'id')}' needs "
            "correct: true or false",
        )
        correct = False
    return OptionData(
        slug=text_of(entry, "id"),
        text=reader.render(path, line, text_of(entry, "text"), inline=True),
        is_correct=correct,
        explanation_html=reader.render(
            path, line, text_of(entry, "explanation"), inline=True
        ),
    )


def _check_correct(
    reader: Reader,
    path: Path,
    line: int,
    question: str,
    kind: str,
    options: list[OptionData],
) -> None:
    """Problems unless the question's correct options fit its type."""
    correct_count = sum(o.is_correct for o in options)
    if kind == "multiple":
        if correct_count < 2 or correct_count == len(options):
            reader.problem(
                path,
                line,
                f"multiple-choice question '{question}' needs at least two correct "
                "options and at least one wrong one",
            )
    elif correct_count != 1:
        reader.problem(
            path,
            line,
            f"{kind} question '{question}' needs exactly one correct option",
        )
    if kind == "truefalse" and sorted(o.slug for o in options) != ["false", "true"]:
        reader.problem(
            path,
            line,
            f"true/false question '{question}' has exactly the options 'true' and "
            "'false'",
        )
