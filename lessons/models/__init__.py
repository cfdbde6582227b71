"""Content (loaded from files by `load_content`) and learners' progress through it,
one module per concern; every model is importable from `lessons.models`."""

from lessons.models.certificates import Certificate
from lessons.models.content import (
    Lesson,
    MythFactSet,
    Scenario,
    Section,
    Source,
    Track,
)
from lessons.models.helplines import Helpline, HelplineCountry
from lessons.models.progress import LessonProgress, SectionView
from lessons.models.quizzes import AttemptAnswer, Option, Question, Quiz, QuizAttempt

__all__ = [
    "AttemptAnswer",
    "Certificate",
    "Helpline",
    "HelplineCountry",
    "Lesson",
    "LessonProgress",
    "MythFactSet",
    "Option",
    "Question",
    "Quiz",
    "QuizAttempt",
    "Scenario",
    "Section",
    "SectionView",
    "Source",
    "Track",
]
