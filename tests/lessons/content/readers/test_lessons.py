"""The lesson reader: sections, citations, figures, embeds, with file:line."""

import pytest

from lessons.content.readers.lessons import names_a_crisis_line
from tests.lessons import content_builder
from tests.lessons.content_builder import lesson_with, problems


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
        # As Spanish writes them.
        ("El NCMEC recibió 26.718 denuncias.", "26.718"),
        ("Lo dice el 79 % de los casos.", "79 %"),
        ("Bajaron a 20,5 millones.", "20,5 millones"),
    ],
)
def test_a_figure_without_a_citation_fails(tmp_path, text, figure):
    found = problems(tmp_path, lesson_with("You are not alone.", text))
    assert len(found) == 1
    assert f"the figure '{figure}' needs a citation [@source-id]" in found[0]
    assert found[0].startswith("content/en/students/01-first-lesson.md:")


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


def test_an_embed_of_a_missing_scenario_fails(tmp_path):
    found = problems(
        tmp_path, lesson_with("[[scenario:test-chat]]", "[[scenario:gone]]")
    )
    assert any(
        "no scenario 'gone' in this track's scenarios folder" in p for p in found
    )


def test_a_student_help_section_must_name_a_crisis_line(tmp_path):
    found = problems(
        tmp_path,
        lesson_with(
            "If you are not safe right now, call Samaritans or the emergency number.",
            "If you are not safe right now, call the emergency number.",
        ),
    )
    assert len(found) == 1
    assert "the where-to-get-help section names no crisis line" in found[0]
    assert found[0].startswith("content/en/students/01-first-lesson.md:")


def test_a_crisis_line_is_named_by_its_name_or_number_as_whole_words():
    lines = {"Samaritans", "116 123", "988"}
    assert names_a_crisis_line("Call samaritans now.", lines)
    assert names_a_crisis_line("Call or text 988 at any time.", lines)
    assert names_a_crisis_line("Free on 116 123, day or night.", lines)
    assert not names_a_crisis_line("Call 1-800-988-0000.", lines)
    assert not names_a_crisis_line("In 1988 there was no such line.", lines)
