"""Facilitator notes (readers/facilitator.py): every student lesson has them, they
follow its sections, and they say where pupils can get help."""

import copy

import yaml

from tests.lessons.content_builder import FACILITATOR, files, notes_for, problems

NOTES = "en/students/01-first-lesson.facilitator.yaml"
SHOWN = "content/en/students/01-first-lesson.facilitator.yaml"


def with_notes(change) -> dict[str, str]:
    notes = copy.deepcopy(FACILITATOR)
    change(notes)
    return {NOTES: yaml.safe_dump(notes, sort_keys=False)}


def test_the_builders_notes_pass(tmp_path):
    assert problems(tmp_path) == []


def test_a_student_lesson_without_notes_fails(tmp_path):
    [problem] = problems(tmp_path, {NOTES: None})
    assert problem == (
        "content/en/students/01-first-lesson.md:1: a student lesson needs facilitator "
        "notes for presenter mode: 01-first-lesson.facilitator.yaml"
    )


def test_notes_that_do_not_follow_the_sections_fail(tmp_path):
    [problem] = problems(
        tmp_path, {NOTES: notes_for("how-it-starts", "get-help", "not-your-fault")}
    )
    assert problem.startswith(f"{SHOWN}:1: sections must be the lesson's sections")


def test_minutes_and_questions_are_bounded(tmp_path):
    def spoil(notes):
        notes["sections"]["how-it-starts"]["minutes"] = 45
        notes["sections"]["get-help"]["discuss"] = []

    found = problems(tmp_path, with_notes(spoil))
    assert any(
        "how-it-starts: minutes must be a whole number from 1 to 20" in p for p in found
    )
    assert any("get-help: discuss needs 1 to 3 questions" in p for p in found)


def test_help_must_name_a_crisis_line(tmp_path):
    def spoil(notes):
        notes["help"] = "Talk to someone."

    [problem] = problems(tmp_path, with_notes(spoil))
    assert "help names no crisis line from helplines.yaml" in problem


def test_a_figure_in_the_notes_needs_a_citation(tmp_path):
    def spoil(notes):
        notes["prepare"] = "NCMEC had 26,718 reports."

    [problem] = problems(tmp_path, with_notes(spoil))
    assert "the figure '26,718' needs a citation" in problem


def test_the_notes_minutes_are_the_same_in_every_language(tmp_path):
    spanish = yaml.safe_load(files(("en", "es"))[f"es/{NOTES[3:]}"])
    spanish["sections"]["get-help"]["minutes"] = 15
    found = problems(
        tmp_path,
        {f"es/{NOTES[3:]}": yaml.safe_dump(spanish, allow_unicode=True)},
        languages=("en", "es"),
    )
    assert any("the facilitator notes' sections and minutes" in p for p in found)
