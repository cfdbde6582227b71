"""`load_content --check` finds each kind of problem, with file:line and a message."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from lessons.content_files import figure_without_citation, read_content
from tests.lessons import content_builder


def problems(tmp_path, changes=None) -> list[str]:
    root = content_builder.write(tmp_path / "content", changes)
    return [str(p) for p in read_content(root).problems]


def lesson_with(old: str, new: str) -> dict[str, str]:
    assert old in content_builder.LESSON
    return {"en/students/01-first-lesson.md": content_builder.LESSON.replace(old, new)}


def yaml_with(path: str, data: dict) -> dict[str, str]:
    return {path: yaml.safe_dump(data, sort_keys=False)}


def test_the_builder_tree_is_valid(tmp_path):
    assert problems(tmp_path) == []


def test_unknown_source_id_is_named_with_its_line(tmp_path):
    found = problems(tmp_path, lesson_with("[@fbi-2024-threat]", "[@no-such-source]"))
    line = content_builder.LESSON.splitlines().index(
        "It is never your fault. Do not pay [@fbi-2024-threat]."
    )
    assert found == [
        f"content/en/students/01-first-lesson.md:{line + 1}: unknown source id "
        "'no-such-source' in [@no-such-source]"
    ]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("About 5% of teens say so.", "5%"),
        ("NCMEC received 26,718 reports.", "26,718"),
        ("Over 1000 reports came in.", "1000"),
        ("Reports fell to 20.5 million.", "20.5 million"),
    ],
)
def test_a_figure_without_a_citation_fails(tmp_path, text, figure):
    found = problems(tmp_path, lesson_with("You are not alone.", text))
    assert len(found) == 1
    assert f"the figure '{figure}' needs a citation [@source-id]" in found[0]
    assert found[0].startswith("content/en/students/01-first-lesson.md:")


@pytest.mark.parametrize(
    "text",
    [
        "In 2023, reports rose.",
        "Call 0800 1111 or 1-800-843-5678.",
        "About 1 in 3 told nobody.",
        "Most were aged 14-17.",
    ],
)
def test_years_phone_numbers_and_small_numbers_need_no_citation(text):
    assert figure_without_citation(text) is None


def test_a_cited_figure_in_the_same_list_item_passes_but_not_in_the_next(tmp_path):
    found = problems(
        tmp_path,
        lesson_with(
            "You are not alone.",
            "- Reports rose 257% [@ncmec-2024-new-data].\n- And then 40% more.",
        ),
    )
    assert len(found) == 1
    assert "the figure '40%'" in found[0]


def test_a_quiz_option_without_explanation_fails(tmp_path):
    quiz = yaml.safe_load(
        content_builder.files()["en/students/01-first-lesson.quiz.yaml"]
    )
    del quiz["questions"][0]["options"][1]["explanation"]
    found = problems(tmp_path, yaml_with("en/students/01-first-lesson.quiz.yaml", quiz))
    assert len(found) == 1
    assert "question 'q-single': option 'b' has no explanation" in found[0]
    assert found[0].startswith("content/en/students/01-first-lesson.quiz.yaml:")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: s["steps"]["hello"]["choices"][1].update(next="nowhere"),
            "step 'hello', choice 'chat': next step 'nowhere' does not exist "
            "(the branch leads nowhere)",
        ),
        (
            lambda s: s["steps"].update(lost={"ending": "safe", "text": "Unreached."}),
            "step 'lost' cannot be reached from 'hello'",
        ),
        (
            lambda s: s["steps"]["moved"].pop("choices"),
            "step 'moved' has no choices and is not an ending: it leads nowhere",
        ),
        (
            lambda s: s["steps"]["moved"]["choices"][0].update(next="moved"),
            "step 'moved' never reaches an ending",
        ),
    ],
)
def test_a_scenario_branch_that_leads_nowhere_fails(tmp_path, change, message):
    scenario = yaml.safe_load(yaml.safe_dump(content_builder.SCENARIO))
    change(scenario)
    found = problems(
        tmp_path, yaml_with("en/students/scenarios/test-chat.yaml", scenario)
    )
    assert any(message in p for p in found), found
    assert all(
        p.startswith("content/en/students/scenarios/test-chat.yaml:") for p in found
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("for", "a helpline of GB ('CEOP Safety Centre') has no 'for'"),
        ("description", "a helpline of GB ('CEOP Safety Centre') has no 'description'"),
        ("source", "a helpline of GB ('CEOP Safety Centre') has no 'source'"),
        ("url", "helpline 'CEOP Safety Centre' (GB) has none of url, phone, text"),
    ],
)
def test_a_missing_helpline_field_fails(tmp_path, field, message):
    helplines = yaml.safe_load(yaml.safe_dump(content_builder.HELPLINES))
    del helplines["countries"][0]["lines"][0][field]
    found = problems(tmp_path, yaml_with("en/helplines.yaml", helplines))
    assert len(found) == 1
    assert message in found[0]
    assert found[0].startswith("content/en/helplines.yaml:")


def test_raw_html_in_a_lesson_fails(tmp_path):
    found = problems(tmp_path, lesson_with("You are not alone.", "<script>x</script>"))
    assert any("raw HTML is not allowed" in p for p in found)


def test_a_lesson_needs_four_sections(tmp_path):
    text = content_builder.LESSON.replace("## Myth or fact\n", "").replace(
        "## It is not your fault {#not-your-fault}\n", ""
    )
    found = problems(tmp_path, {"en/students/01-first-lesson.md": text})
    assert any("a lesson has 4 to 8 sections" in p and "has 2" in p for p in found)


def test_a_student_lesson_must_end_with_where_to_get_help(tmp_path):
    found = problems(tmp_path, lesson_with("{#get-help}", "{#the-end}"))
    assert any("a student lesson ends with a section {#get-help}" in p for p in found)


def test_an_uncovered_coverage_tag_fails(tmp_path):
    found = problems(tmp_path, lesson_with("helping-a-friend, ", ""))
    assert found == [
        "content/en/students/track.yaml:1: no objective in this track covers "
        "'helping-a-friend'"
    ]


def test_an_embed_of_a_missing_scenario_fails(tmp_path):
    found = problems(
        tmp_path, lesson_with("[[scenario:test-chat]]", "[[scenario:gone]]")
    )
    assert any(
        "no scenario 'gone' in this track's scenarios folder" in p for p in found
    )


def test_multiple_choice_needs_two_correct_options(tmp_path):
    quiz = yaml.safe_load(
        content_builder.files()["en/students/01-first-lesson.quiz.yaml"]
    )
    quiz["questions"][1]["options"][1]["correct"] = False
    found = problems(tmp_path, yaml_with("en/students/01-first-lesson.quiz.yaml", quiz))
    assert any("needs at least two correct options" in p for p in found)


def test_check_command_exits_non_zero_and_prints_each_problem(tmp_path, capsys):
    root = content_builder.write(
        tmp_path / "content", lesson_with("[@fbi-2024-threat]", "[@missing]")
    )
    with pytest.raises(CommandError, match=r"1 problem\(s\) in the content"):
        call_command("load_content", "--check", "--root", str(root))
    assert "unknown source id 'missing'" in capsys.readouterr().err


def test_check_command_passes_a_valid_tree_and_writes_nothing(tmp_path, capsys, db):
    from lessons.models import Lesson

    root = content_builder.write(tmp_path / "content")
    call_command("load_content", "--check", "--root", str(root))
    assert "Content is valid: 1 tracks, 1 lessons" in capsys.readouterr().out
    assert not Lesson.objects.exists()
