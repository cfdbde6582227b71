"""Questions the lesson pages ask of the apps built on lessons.

Lessons cannot import schools (apps depend one way: accounts <- lessons <- schools),
yet a student's home page lists their assignments and the helplines default to
their school's country. So each question here has a neutral answer that lessons
gives alone, and schools registers its own answer in `SchoolsConfig.ready`.
"""

from collections.abc import Callable
from typing import Any

from accounts.models import User

_answers: dict[str, Callable[..., Any]] = {}
QUESTIONS = frozenset({"home_context", "learner_country", "answers_revealed"})


def register(question: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: `func` answers `question` from now on (one answer per question)."""
    if question not in QUESTIONS:
        raise ValueError(f"unknown lessons hook: {question}")

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        _answers[question] = func
        return func

    return decorator


def home_context(*, user: User) -> dict[str, Any]:
    """Extra context for a signed-in user's home page (a student's assignments)."""
    answer = _answers.get("home_context")
    return answer(user=user) if answer else {}


def learner_country(*, user: User) -> str | None:
    """The country code whose helplines a learner sees first, if one is known."""
    answer = _answers.get("learner_country")
    return answer(user=user) if answer else None


def answers_revealed(*, learner: User, lesson: Any) -> bool:
    """Whether a learner may see a lesson quiz's right answers after sending it."""
    answer = _answers.get("answers_revealed")
    return answer(learner=learner, lesson=lesson) if answer else True
