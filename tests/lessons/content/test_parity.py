"""Every language holds the same content (lessons/content/parity.py): the check
names anything present in one language and missing in the other, and any keyed
answer that differs."""

import yaml

from tests.lessons.content_builder import LESSON, files, problems
from tests.lessons.pseudo_translation import pseudo

BOTH = ("en", "es")


def spanish(path: str, change) -> dict[str, str]:
    """A change to the tree: the Spanish file at `path` (data changed by `change`)."""
    data = yaml.safe_load(files(BOTH)[f"es/{path}"])
    change(data)
    return {f"es/{path}": yaml.safe_dump(data, sort_keys=False, allow_unicode=True)}


def found(tmp_path, changes) -> list[str]:
    return problems(tmp_path, changes, languages=BOTH)


def test_the_same_content_in_both_languages_passes(tmp_path):
    assert found(tmp_path, {}) == []


def test_a_different_correct_option_is_found(tmp_path):
    def swap(quiz):
        for option in quiz["questions"][0]["options"]:
            option["correct"] = option["id"] == "b"

    [problem] = found(tmp_path, spanish("students/01-first-lesson.quiz.yaml", swap))
    assert problem == (
        "content/es:1: lesson first-lesson, quiz, question q-single: the correct "
        "options: ['a'] in en but ['b'] in es"
    )


def test_a_missing_option_and_question_are_found(tmp_path):
    def drop(quiz):
        quiz["questions"][0]["options"].pop()
        quiz["questions"].pop()

    result = found(tmp_path, spanish("students/01-first-lesson.quiz.yaml", drop))
    assert (
        "content/es:1: lesson first-lesson, quiz: question 'q-five' is missing in es"
        in result
    )
    assert any("option 'c' is missing in es" in p for p in result)


def test_a_section_missing_or_renamed_is_found(tmp_path):
    text = pseudo("en/students/01-first-lesson.md", LESSON).replace(
        "{#myth-or-fact}", "{#mito-o-realidad}"
    )
    result = found(tmp_path, {"es/students/01-first-lesson.md": text})
    assert (
        "content/es:1: lesson first-lesson: section 'myth-or-fact' is missing in es"
        in result
    )
    assert any("section 'mito-o-realidad' is not in en" in p for p in result)


def test_a_scenario_step_leading_elsewhere_is_found(tmp_path):
    def reroute(scenario):
        scenario["steps"]["hello"]["choices"][1]["next"] = "end-safe"

    result = found(tmp_path, spanish("students/scenarios/test-chat.yaml", reroute))
    assert any(
        "scenario test-chat, step hello: its ending or its choices and where they lead"
        in p
        for p in result
    )


def test_a_card_with_another_answer_is_found(tmp_path):
    def flip(cards):
        cards["cards"][0]["answer"] = "fact"

    [problem] = found(tmp_path, spanish("students/mythfacts/test-cards.yaml", flip))
    assert "myth-or-fact set test-cards: the cards and their answers: " in problem


def test_a_lesson_only_in_one_language_is_found(tmp_path):
    changes = {
        "es/students/01-first-lesson.md": None,
        "es/students/01-first-lesson.quiz.yaml": None,
    }
    result = found(tmp_path, changes)
    assert (
        "content/es:1: track students: lesson 'first-lesson' is missing in es" in result
    )


def test_a_locale_the_site_does_not_have_is_refused(tmp_path):
    tree = {
        f"fr/{path[3:]}": text
        for path, text in files(BOTH).items()
        if path[:3] == "es/"
    }
    result = found(tmp_path, tree)
    assert any("'fr' is not one of the site's languages" in p for p in result)
