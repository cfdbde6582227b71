"""A lesson diagram of each track, in Chromium at a laptop (1280 px) and a phone
(390 px): axe clean, no sideways scroll, every line of text inside its box and at
least 14 px on screen; and drawn in the page's text colour under Windows high
contrast (forced colours). Screenshots of each diagram go to screenshots/."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_pages import AXE_TAGS

pytestmark = pytest.mark.django_db(transaction=True)

# One section with a diagram per track: the lesson, the section and the diagram.
SECTIONS = {
    "students": ("how-sextortion-works", "what-it-is", "how-it-unfolds"),
    "parents": ("the-first-hour", "stay-calm", "first-steps"),
    "staff": ("recording-and-reporting", "where-reports-go", "where-reports-go"),
}

# The site's header stays at the top of the window; let it scroll away, so that
# it does not cover the diagram in a screenshot (CSSOM, which the CSP allows).
UNSTICK = """() => {
  for (const el of document.querySelectorAll('header, .sticky-top, .fixed-top')) {
    el.style.position = 'static';
  }
}"""

# Every diagram in the content, by the section that places it.
EVERY_DIAGRAM = [
    ("how-sextortion-works", "what-it-is", "how-it-unfolds"),
    ("what-to-do", "plan", "first-steps"),
    ("what-to-do", "report", "where-reports-go"),
    ("warning-signs", "red-flags-in-the-chat", "how-it-unfolds"),
    ("the-first-hour", "stay-calm", "first-steps"),
    ("reporting-and-removal", "after-a-report", "where-reports-go"),
    ("understanding-sextortion", "how-offenders-operate", "how-it-unfolds"),
    ("responding-to-a-disclosure", "why-it-matters", "first-steps"),
    ("recording-and-reporting", "where-reports-go", "where-reports-go"),
]

MEASURE = """(figure) => {
  const svg = figure.querySelector('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const outside = [];
  let smallest = Infinity;
  for (const text of svg.querySelectorAll('text')) {
    const group = text.closest('g');
    const rect = group && group.querySelector('rect');
    const size = parseFloat(text.getAttribute('font-size')) * scale;
    smallest = Math.min(smallest, size);
    if (!rect) continue;
    const t = text.getBBox(), r = rect.getBBox();
    if (t.x < r.x || t.x + t.width > r.x + r.width
        || t.y < r.y || t.y + t.height > r.y + r.height) {
      outside.push(text.textContent);
    }
  }
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    outside: outside,
    smallest: smallest,
    ol: figure.nextElementSibling && figure.nextElementSibling.tagName,
  };
}"""

COLOURS = """(figure) => {
  const svg = figure.querySelector('svg');
  const text = svg.querySelector('text');
  const rect = svg.querySelector('rect');
  return {
    page: getComputedStyle(figure).color,
    text: getComputedStyle(text).fill,
    stroke: getComputedStyle(rect).stroke,
  };
}"""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("track", sorted(SECTIONS))
def test_a_diagram_reads_at_every_width_and_is_accessible(
    new_page, site, track, viewport
):
    lesson, section, slug = SECTIONS[track]
    page = new_page(viewport)
    page.goto(f"{site}/lessons/{lesson}/{section}/")
    figure = page.locator(f"#diagram-{slug}")

    measured = figure.evaluate(MEASURE)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})

    assert measured["overflow"] <= 0
    assert measured["outside"] == []
    assert measured["smallest"] >= 14
    # The text equivalent, an ordered list, follows the figure.
    assert measured["ol"] == "OL"
    assert [v["id"] for v in results.response["violations"]] == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate(UNSTICK)
    figure.screenshot(path=SCREENSHOTS / f"diagram-{track}-{viewport}.png")


def test_every_diagram_fits_its_boxes_at_phone_width(new_page, site):
    page = new_page("phone")
    problems = {}
    for lesson, section, slug in EVERY_DIAGRAM:
        page.goto(f"{site}/lessons/{lesson}/{section}/")
        measured = page.locator(f"#diagram-{slug}").evaluate(MEASURE)
        if (
            measured["overflow"] > 0
            or measured["outside"]
            or measured["smallest"] < 14
            or measured["ol"] != "OL"
        ):
            problems[f"{lesson}/{section}"] = measured
    assert problems == {}


def test_a_diagram_is_drawn_in_the_text_colour_in_high_contrast(new_page, site):
    lesson, section, slug = SECTIONS["students"]
    page = new_page("phone")
    page.emulate_media(forced_colors="active")
    page.goto(f"{site}/lessons/{lesson}/{section}/")
    figure = page.locator(f"#diagram-{slug}")

    colours = figure.evaluate(COLOURS)

    assert colours["text"] == colours["page"]
    assert colours["stroke"] == colours["page"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate(UNSTICK)
    figure.screenshot(path=SCREENSHOTS / "diagram-students-high-contrast.png")


def test_a_diagram_follows_the_dark_colour_mode(new_page, site):
    lesson, section, slug = SECTIONS["parents"]
    page = new_page("desktop")
    page.goto(f"{site}/lessons/{lesson}/{section}/")
    light = page.locator(f"#diagram-{slug}").evaluate(COLOURS)
    # Bootstrap 5.3's colour modes: the site's dark mode sets this attribute.
    page.evaluate(
        "() => document.documentElement.setAttribute('data-bs-theme', 'dark')"
    )
    figure = page.locator(f"#diagram-{slug}")

    dark = figure.evaluate(COLOURS)

    assert dark["text"] == dark["page"] == dark["stroke"]
    assert dark["text"] != light["text"]
    page.evaluate(UNSTICK)
    figure.screenshot(path=SCREENSHOTS / "diagram-parents-dark.png")


def test_a_diagram_prints_in_black_on_white(new_page, site):
    lesson, section, slug = SECTIONS["staff"]
    page = new_page("desktop")
    page.emulate_media(media="print")
    page.goto(f"{site}/lessons/{lesson}/{section}/")

    colours = page.locator(f"#diagram-{slug}").evaluate(COLOURS)
    box_fill = page.locator(f"#diagram-{slug} rect").first.evaluate(
        "(rect) => getComputedStyle(rect).fill"
    )

    assert colours["text"] == colours["stroke"] == "rgb(0, 0, 0)"
    assert box_fill == "none"
