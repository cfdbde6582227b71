"""Content Markdown: which figures need a citation, and the one way to HTML."""

import pytest
import yaml

from lessons.content.markdown import (
    Citations,
    figure_without_citation,
    markdown_units,
    plain,
    to_html,
)
from lessons.content.validate import read_content
from tests.lessons import content_builder
from tests.lessons.content_builder import lesson_with, yaml_with

CITATIONS = Citations(numbers={"fbi-2024-threat": 2}, url="/sources/")


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


def test_a_citation_becomes_a_numbered_link_to_its_source():
    assert to_html("Do not pay [@fbi-2024-threat].", CITATIONS) == (
        '<p>Do not pay <a class="cite" href="/sources/#source-fbi-2024-threat">'
        "[2]</a>.</p>"
    )


def test_a_citation_of_an_unknown_source_is_dropped():
    assert to_html("Do not pay [@no-such-source].", CITATIONS) == "<p>Do not pay .</p>"


def test_raw_html_is_escaped_so_it_never_runs():
    assert to_html("<script>x</script>", CITATIONS) == (
        "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_inline_drops_the_paragraph_around_a_short_field():
    assert to_html("**Stop** now.", CITATIONS, inline=True) == (
        "<strong>Stop</strong> now."
    )


def test_markdown_units_are_paragraphs_list_items_and_table_rows_with_lines():
    lines = ["First line", "still first.", "", "- an item", "- another", "| a | b |"]
    assert list(markdown_units(enumerate(lines, start=10))) == [
        (10, "First line still first."),
        (13, "- an item"),
        (14, "- another"),
        (15, "| a | b |"),
    ]


def test_plain_keeps_the_words_a_reader_hears():
    assert plain("- **Block** them [@fbi-2024-threat]") == "Block them."
    assert plain("See [the help page](/help/).") == "See the help page."
    assert plain("### A heading") == ""


def test_a_section_and_a_quiz_explanation_render_markdown_the_same_way(tmp_path):
    text = "**Tell** an adult [@fbi-2024-threat]."
    quiz = yaml.safe_load(
        content_builder.files()["en/students/01-first-lesson.quiz.yaml"]
    )
    quiz["questions"][0]["options"][0]["explanation"] = text
    root = content_builder.write(
        tmp_path / "content",
        {
            **lesson_with("You are not alone. Talk to an adult you trust.", text),
            **yaml_with("en/students/01-first-lesson.quiz.yaml", quiz),
        },
    )
    bundle = read_content(root)
    lesson = bundle.tracks[0].lessons[0]
    section_html = lesson.sections[-1].blocks[0]["html"]
    explanation_html = lesson.questions[0].options[0].explanation_html
    assert bundle.problems == []
    assert section_html.startswith(f"<p>{explanation_html}</p>")
    assert explanation_html == (
        '<strong>Tell</strong> an adult <a class="cite" '
        'href="/sources/#source-fbi-2024-threat">[2]</a>.'
    )


def test_a_sections_sub_heading_is_the_pages_second_level():
    html = to_html("### If the picture is fake\n\nText.", Citations(numbers={}, url=""))
    assert html.startswith("<h2>If the picture is fake</h2>")


def test_a_citation_links_to_the_page_of_sources_its_source_is_on():
    citations = Citations(numbers={"a": 40, "b": 41, "c": 95}, url="/sources/")
    html = to_html("One [@a], two [@b], three [@c].", citations)
    assert 'href="/sources/#source-a">[40]' in html
    assert 'href="/sources/2/#source-b">[41]' in html
    assert 'href="/sources/3/#source-c">[95]' in html
