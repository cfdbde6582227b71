"""The quiz reader: options and their explanations, correct answers per type."""

import yaml

from tests.lessons import content_builder
from tests.lessons.content_builder import problems, yaml_with


def test_a_quiz_option_without_explanation_fails(tmp_path):
    quiz = yaml.safe_load(
        content_builder.files()["en/students/01-first-lesson.quiz.yaml"]
    )
    del quiz["questions"][0]["options"][1]["explanation"]
    found = problems(tmp_path, yaml_with("en/students/01-first-lesson.quiz.yaml", quiz))
    assert len(found) == 1
    assert "question 'q-single': option 'b' has no explanation" in found[0]
    assert found[0].startswith("content/en/students/01-first-lesson.quiz.yaml:")


def test_multiple_choice_needs_two_correct_options(tmp_path):
    quiz = yaml.safe_load(
        content_builder.files()["en/students/01-first-lesson.quiz.yaml"]
    )
    quiz["questions"][1]["options"][1]["correct"] = False
    found = problems(tmp_path, yaml_with("en/students/01-first-lesson.quiz.yaml", quiz))
    assert any("needs at least two correct options" in p for p in found)
