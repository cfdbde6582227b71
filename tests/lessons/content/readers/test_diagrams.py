"""Diagrams: <track>/diagrams/<slug>.svg placed with [[diagram:<slug>]], checked for
what may reach the page, and stored with the section's HTML as a <figure>."""

import pytest
from django.urls import reverse

from lessons import content_cache
from lessons.content.load import content_load
from lessons.content.validate import read_content
from tests.lessons import content_builder
from tests.lessons.content_builder import problems

LESSON_PATH = "en/students/01-first-lesson.md"
DIAGRAM_PATH = "en/students/diagrams/steps.svg"
SHOWN_DIAGRAM = "content/en/students/diagrams/steps.svg"
ANCHOR = "It is never your fault. Do not pay [@fbi-2024-threat]."
STEPS = """
  <g class="diagram-step">
    <rect class="diagram-box" x="2" y="2" width="336" height="40" fill="none"
          stroke="currentColor"/>
    <text x="46" y="28" font-size="15" fill="currentColor">Stop replying</text>
  </g>
  <g class="diagram-step">
    <rect class="diagram-box" x="2" y="60" width="336" height="40" fill="none"
          stroke="currentColor"/>
    <text x="46" y="86" font-size="15" fill="currentColor">Tell an adult</text>
  </g>"""


def svg(body: str = STEPS, **root: str) -> str:
    attributes = {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": "0 0 340 102",
        "role": "img",
        "aria-labelledby": "title desc",
        **root,
    }
    written = " ".join(f'{k}="{v}"' for k, v in attributes.items() if v is not None)
    return (
        f"<svg {written}>\n"
        '  <title id="title">What to do</title>\n'
        '  <desc id="desc">Step 1: stop replying. Step 2: tell an adult.</desc>'
        f"{body}\n</svg>\n"
    )


def placed(after: str = "1. Stop replying.\n2. Tell an adult.") -> dict[str, str]:
    """The lesson with the diagram placed after the anchor, then `after`."""
    lesson = content_builder.LESSON.replace(
        ANCHOR, f"{ANCHOR}\n\n[[diagram:steps]]\n\n{after}"
    )
    return {LESSON_PATH: lesson}


def embed_line() -> int:
    lines = placed()[LESSON_PATH].splitlines()
    return lines.index("[[diagram:steps]]") + 1


def section_blocks(tmp_path, changes):
    bundle = read_content(content_builder.write(tmp_path / "content", changes))
    assert [str(p) for p in bundle.problems] == []
    lesson = bundle.tracks[0].lessons[0]
    return next(s for s in lesson.sections if s.slug == "not-your-fault")


def test_a_placed_diagram_becomes_a_figure_with_ids_unique_to_it(tmp_path):
    section = section_blocks(tmp_path, {**placed(), DIAGRAM_PATH: svg()})

    figure = section.blocks[1]["html"]
    assert figure.startswith('<figure class="diagram" id="diagram-steps">')
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 102" role="img" '
        'aria-labelledby="diagram-steps-title diagram-steps-desc" class="diagram-svg">'
    ) in figure
    assert '<title id="diagram-steps-title">What to do</title>' in figure
    assert '<desc id="diagram-steps-desc">' in figure
    assert figure.endswith(
        '<figcaption class="diagram-caption">What to do</figcaption></figure>'
    )
    # The text equivalent follows as the section's own Markdown.
    assert section.blocks[2]["html"].startswith("<ol>\n<li>Stop replying.</li>")


def test_the_placing_line_is_not_prose_but_its_list_is(tmp_path):
    section = section_blocks(tmp_path, {**placed(), DIAGRAM_PATH: svg()})

    assert "diagram" not in section.prose
    assert "Tell an adult." in section.prose


def test_a_missing_diagram_is_a_problem_at_its_line(tmp_path):
    assert problems(tmp_path, placed()) == [
        f"content/{LESSON_PATH}:{embed_line()}: no diagram 'steps' in this "
        "track's diagrams folder"
    ]


def test_a_diagram_no_lesson_places_is_a_problem(tmp_path):
    assert problems(tmp_path, {DIAGRAM_PATH: svg()}) == [
        f"{SHOWN_DIAGRAM}:1: the diagram 'steps' is not placed in any lesson: add a "
        "line [[diagram:steps]] to a section, or remove the file"
    ]


@pytest.mark.parametrize(
    ("after", "found"),
    [
        ("Just a paragraph.", ""),
        ("- Stop replying.\n- Tell an adult.", ""),
        ("1. Stop replying.", "; the list after it has 1"),
    ],
)
def test_a_diagram_needs_a_list_of_its_steps_after_it(tmp_path, after, found):
    assert problems(tmp_path, {**placed(after), DIAGRAM_PATH: svg()}) == [
        f"content/{LESSON_PATH}:{embed_line()}: the diagram 'steps' has 2 steps: "
        "follow it with an ordered list (1. 2. ...) of 2 items that says the same "
        f"in words{found}"
    ]


def test_the_same_diagram_twice_in_a_section_is_a_problem(tmp_path):
    twice = "1. Stop replying.\n2. Tell an adult.\n\n[[diagram:steps]]\n\n" + (
        "1. Stop replying.\n2. Tell an adult."
    )
    found = problems(tmp_path, {**placed(twice), DIAGRAM_PATH: svg()})
    assert found == [
        f"content/{LESSON_PATH}:{embed_line() + 5}: the diagram 'steps' is placed "
        "twice here"
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<script>alert(1)</script>", "<script> is not allowed in a diagram"),
        (
            "<foreignObject><p>x</p></foreignObject>",
            "<foreignObject> is not allowed in a diagram",
        ),
        ('<image href="https://example.org/a.png"/>', "<image> is not allowed"),
        ('<a href="https://example.org/"><text>x</text></a>', "<a> is not allowed"),
        ("<style>text { fill: red }</style>", "<style> is not allowed"),
        ('<rect style="fill: red"/>', "<rect> has a style attribute: use a class"),
        ('<rect onclick="alert(1)"/>', "<rect> has an event handler 'onclick'"),
        (
            '<use xmlns:xlink="http://www.w3.org/1999/xlink" '
            'xlink:href="https://example.org/x.svg#a"/>',
            "<use> has an href: a diagram links nowhere",
        ),
        ('<rect fill="#ff0000"/>', '<rect> has fill="#ff0000": use none or'),
        ('<rect data-x="1"/>', "<rect> has an attribute 'data-x', not allowed"),
    ],
)
def test_what_may_not_reach_the_page_is_refused_with_its_line(tmp_path, body, message):
    spoilt = svg(STEPS + "\n  " + body)
    line = spoilt.splitlines().index("  " + body) + 1

    found = problems(tmp_path, {**placed(), DIAGRAM_PATH: spoilt})

    assert any(p.startswith(f"{SHOWN_DIAGRAM}:{line}: {message}") for p in found), found


@pytest.mark.parametrize(
    ("root", "message"),
    [
        ({"viewBox": None}, "the diagram has no viewBox, so it cannot scale"),
        ({"role": None}, 'the diagram\'s <svg> needs role="img"'),
        (
            {"aria-labelledby": "title"},
            "the <svg>'s aria-labelledby must name its <title> and <desc> ids, in "
            'that order: "title desc"',
        ),
    ],
)
def test_a_diagram_must_name_itself_and_scale(tmp_path, root, message):
    found = problems(tmp_path, {**placed(), DIAGRAM_PATH: svg(**root)})

    assert f"{SHOWN_DIAGRAM}:1: {message}" in found


def test_a_diagram_without_a_desc_is_a_problem(tmp_path):
    spoilt = svg().replace(
        '  <desc id="desc">Step 1: stop replying. Step 2: tell an adult.</desc>', ""
    )
    found = problems(tmp_path, {**placed(), DIAGRAM_PATH: spoilt})

    assert f"{SHOWN_DIAGRAM}:1: the diagram has no <desc> with text" in found


def test_a_figure_in_a_diagram_is_a_problem(tmp_path):
    spoilt = svg().replace("Tell an adult", "Reports rose by 26,718")

    found = problems(tmp_path, {**placed(), DIAGRAM_PATH: spoilt})

    assert f"{SHOWN_DIAGRAM}:1: the diagram states the figure '26,718'" in found[0]


def test_svg_that_is_not_well_formed_is_a_problem_at_its_line(tmp_path):
    spoilt = svg().replace("</g>", "</rect>", 1)
    line = spoilt.splitlines().index("  </rect>") + 1

    found = problems(tmp_path, {**placed(), DIAGRAM_PATH: spoilt})

    assert found[0].startswith(
        f"{SHOWN_DIAGRAM}:{line}: the diagram is not well-formed SVG"
    )


def test_entities_are_refused_before_they_expand(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>\n'
        + svg().replace("What to do", "&a;")
    )
    found = problems(tmp_path, {**placed(), DIAGRAM_PATH: bomb})

    assert found[0].startswith(
        f"{SHOWN_DIAGRAM}:1: the diagram declares entities or a DTD, refused"
    )


@pytest.mark.django_db
def test_a_loaded_diagram_is_on_the_section_page_and_in_its_cached_copy(
    tmp_path, client
):
    root = content_builder.write(
        tmp_path / "content", {**placed(), DIAGRAM_PATH: svg()}
    )
    content_cache.forget()
    content_load(bundle=read_content(root))
    url = reverse("lessons:section", args=["first-lesson", "not-your-fault"])

    first, second = client.get(url), client.get(url)

    for response in (first, second):
        assert response.status_code == 200
        assert response.content.count(b'<figure class="diagram"') == 1
        assert b'id="diagram-steps-title"' in response.content
