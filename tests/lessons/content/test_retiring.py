"""A content reload never takes a learner's records with it: a section, question or
option gone from the files is retired, and each answer names the wording it
answered."""

import importlib

import pytest
import yaml
from django.db.models import ProtectedError
from django.urls import reverse

from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import (
    AttemptAnswer,
    Lesson,
    LessonProgress,
    Option,
    Question,
    Section,
    SectionView,
)
from lessons.quizzes import question_revision
from lessons.services import section_view_record
from tests.lessons import content_builder
from tests.lessons.quiz_helpers import take_quiz

pytestmark = pytest.mark.django_db

QUIZ_FILE = "en/students/01-first-lesson.quiz.yaml"
LESSON_FILE = "en/students/01-first-lesson.md"
NOTES_FILE = "en/students/01-first-lesson.facilitator.yaml"


def load(root, changes=None):
    content_builder.write(root, changes)
    return content_load(bundle=read_content(root))


def quiz_without(question: str, option: tuple[str, str]) -> str:
    """The lesson quiz's file with one question replaced by a new one (a quiz has 5
    to 8) and one option of another question gone."""
    quiz = yaml.safe_load(content_builder.files()[QUIZ_FILE])
    quiz["questions"] = [q for q in quiz["questions"] if q["id"] != question] + [
        {**quiz["questions"][0], "id": "q-new", "prompt": "A new question."}
    ]
    for q in quiz["questions"]:
        if q["id"] == option[0]:
            q["options"] = [o for o in q["options"] if o["id"] != option[1]]
    return yaml.safe_dump(quiz, sort_keys=False)


def without_not_your_fault() -> dict[str, str]:
    """The lesson with one section replaced by a new one (a lesson has 4 to 8)."""
    lesson = content_builder.LESSON.replace(
        "## It is not your fault {#not-your-fault}\n\n"
        "It is never your fault. Do not pay [@fbi-2024-threat].",
        "## Stay calm {#stay-calm}\n\nTake a breath.",
    )
    notes = content_builder.notes_for(
        "how-it-starts", "stay-calm", "myth-or-fact", "get-help"
    )
    return {LESSON_FILE: lesson, NOTES_FILE: notes}


@pytest.fixture
def learner_with_records(tmp_path, client, student):
    """The builder's lesson loaded, every section seen and the quiz answered (all
    wrong, so option answers are recorded) by a student."""
    load(tmp_path)
    lesson = Lesson.objects.get(slug="first-lesson")
    for section in lesson.sections.all():
        section_view_record(learner=student, section=section)
    client.force_login(student)
    url = reverse("lessons:lesson_quiz", args=["first-lesson"])
    assert take_quiz(client, url, right=False).status_code == 302
    return lesson


def test_removing_a_question_an_option_and_a_section_keeps_every_answer_and_view(
    tmp_path, student, learner_with_records
):
    lesson = learner_with_records
    answers = list(AttemptAnswer.objects.order_by("pk").values())
    views = list(SectionView.objects.order_by("pk").values())
    assert (len(answers), len(views)) == (5, 4)

    report = load(
        tmp_path,
        {QUIZ_FILE: quiz_without("q-five", ("q-single", "c"))}
        | without_not_your_fault(),
    )

    assert report.retired == {"question": 1, "option": 1, "section": 1}
    assert not report.removed
    assert list(AttemptAnswer.objects.order_by("pk").values()) == answers
    assert list(SectionView.objects.order_by("pk").values()) == views
    # Learners no longer see them ...
    quiz = lesson.quiz
    assert "q-five" not in set(quiz.questions.values_list("slug", flat=True))
    single = quiz.questions.get(slug="q-single")
    assert list(single.options.values_list("slug", flat=True)) == ["a", "b"]
    assert [s.slug for s in lesson.sections.all()] == [
        "how-it-starts",
        "stay-calm",
        "myth-or-fact",
        "get-help",
    ]
    # ... yet every answer still reaches its question, retired or not.
    retired = AttemptAnswer.objects.get(question__slug="q-five").question
    assert (retired.slug, retired.retired) == ("q-five", True)
    # 3 of the 4 sections were seen; the retired one no longer counts.
    progress = LessonProgress.objects.get(learner=student, lesson=lesson)
    assert (progress.sections_viewed, progress.percent) == (3, 75)


def test_a_retired_question_named_again_comes_back_as_the_same_row(
    tmp_path, learner_with_records
):
    before = Question.objects.get(slug="q-five").pk
    load(tmp_path, {QUIZ_FILE: quiz_without("q-five", ("q-single", "c"))})
    report = load(tmp_path, {QUIZ_FILE: content_builder.files()[QUIZ_FILE]})
    # q-five and option c come back; q-single's revision changes back with its
    # options; the new question goes.
    assert report.updated == {"question": 2, "option": 1}
    assert report.retired == {"question": 1}
    assert Question.objects.get(slug="q-five").pk == before
    assert Option.objects.filter(question__slug="q-single").count() == 3


def test_deleting_content_that_learners_answered_or_viewed_is_refused(
    learner_with_records,
):
    with pytest.raises(ProtectedError):
        Question.objects.get(slug="q-five").delete()
    with pytest.raises(ProtectedError):
        Section.objects.get(slug="get-help").delete()
    assert AttemptAnswer.objects.count() == 5


def test_each_answer_names_the_revision_of_its_question(learner_with_records):
    for answer in AttemptAnswer.objects.select_related("question"):
        assert len(answer.revision) == 12
        assert answer.revision == answer.question.revision


def test_rewording_an_option_makes_a_new_revision_and_leaves_old_answers_alone(
    tmp_path, client, learner_with_records
):
    old = Question.objects.get(slug="q-single").revision
    untouched = Question.objects.get(slug="q-multiple").revision
    quiz = content_builder.files()[QUIZ_FILE].replace(
        "text: Option b\n", "text: Option b, reworded\n", 1
    )
    load(tmp_path, {QUIZ_FILE: quiz})
    new = Question.objects.get(slug="q-single").revision
    assert new != old
    assert Question.objects.get(slug="q-multiple").revision == untouched
    assert AttemptAnswer.objects.get(question__slug="q-single").revision == old

    url = reverse("lessons:lesson_quiz", args=["first-lesson"])
    take_quiz(client, url, right=True)
    revisions = AttemptAnswer.objects.filter(question__slug="q-single")
    assert sorted(revisions.values_list("revision", flat=True)) == sorted([old, new])


def test_the_migration_names_each_question_as_the_load_does(learner_with_records):
    migration = importlib.import_module(
        "lessons.migrations.0010_retired_content_and_revisions"
    )
    for question in Question.objects.prefetch_related("options"):
        options = list(question.options.order_by("position"))
        assert migration.revision(question, options) == question.revision
        assert question.revision == question_revision(
            type=question.type,
            situation=question.situation,
            prompt=question.prompt,
            options=[(o.slug, o.text, o.is_correct) for o in options],
        )
