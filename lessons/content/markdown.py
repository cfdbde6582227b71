"""Markdown in the content: the one way it becomes HTML, and how its text is checked.

Every piece of content Markdown (section text, scenario messages, quiz options and
explanations, debriefs, cards) becomes HTML through `to_html`. The readers check the
text first: `figure_without_citation` and the citations, per `markdown_units` in a
section so that a problem points at its own line; `plain` is what readability sees.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html import escape

import markdown

CITATION = re.compile(r"\[@([^\]\s]+)\]")
RAW_HTML = re.compile(r"<[a-zA-Z/!]")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
EXTENSIONS = ["tables", "sane_lists"]
# A resolved citation while Markdown runs: number and slug between NUL characters,
# which Markdown leaves alone; the link goes in afterwards so that Markdown never
# sees (or escapes) HTML of ours.
PLACEHOLDER = re.compile(r"\x00(\d+)\x00([^\x00]+)\x00")

# A figure that needs a source: a percentage, or a number of 1,000 or more, as
# English writes them (26,718; 2 million) and Spanish (26.718; 79 %; 2 millones).
# Years (1900-2099) and phone numbers (digit groups joined by spaces or hyphens) are
# not.
PERCENT = re.compile(r"(?<![\d.,])\d[\d.,]*\s?(?:%|per ?cent\b)", re.IGNORECASE)
SCALED = re.compile(
    r"(?<![\d.,])\d[\d.,]*\s?(?:thousand|million|billion|mil|millón|millones)\b",
    re.IGNORECASE,
)
GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+)(?![\d,.])")
PHONE = re.compile(r"\+?\d+(?:[ -]\d+){1,5}")
# The sources page lists this many sources at a time (so it stays a light page):
# source n is on page (n - 1) // SOURCES_PER_PAGE + 1, page 1 being the sources
# page itself and page k its address followed by "k/" (lessons:sources_page).
SOURCES_PER_PAGE = 40
LONG_NUMBER = re.compile(r"(?<![\d,.])(\d{4,})(?![\d,])")


@dataclass(frozen=True)
class Citations:
    """How `[@slug]` is shown: each source's number by slug, and the sources page."""

    numbers: Mapping[str, int]
    url: str

    def href(self, number: int, slug: str) -> str:
        page = source_page(number)
        return f"{self.url}{f'{page}/' if page > 1 else ''}#source-{slug}"


def source_page(number: int) -> int:
    return (number - 1) // SOURCES_PER_PAGE + 1


SUB_HEADING = re.compile(r"<(/?)h([3-6])>")


def to_html(text: str, citations: Citations, *, inline: bool = False) -> str:
    """Markdown to HTML, with each `[@slug]` a numbered link to the sources page.

    Raw HTML is escaped, so it shows as text and never runs; a citation of an
    unknown source is dropped. The readers report both as problems. `inline` drops
    the paragraph around a one-paragraph text, for short fields shown inside a line.
    """
    if has_raw_html(text):
        text = escape(text, quote=False)

    def placeholder(match: re.Match) -> str:
        number = citations.numbers.get(match.group(1))
        return "" if number is None else f"\x00{number}\x00{match.group(1)}\x00"

    html = markdown.markdown(CITATION.sub(placeholder, text), extensions=EXTENSIONS)
    html = PLACEHOLDER.sub(
        lambda m: (
            f'<a class="cite" href="{citations.href(int(m.group(1)), m.group(2))}">'
            f"[{m.group(1)}]</a>"
        ),
        html,
    )
    # "##" starts a section, shown under the page's <h1>, so a section's "###"
    # sub-heading is the page's <h2>: no heading level is skipped.
    html = SUB_HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) - 1}>", html)
    if inline and html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return html


def has_raw_html(text: str) -> bool:
    """Whether the text has an HTML tag (outside its citations)."""
    return bool(RAW_HTML.search(CITATION.sub("", text)))


def figure_without_citation(text: str) -> str | None:
    """Return the first figure in `text` that needs a citation, if it has none."""
    if CITATION.search(text):
        return None
    plain_text = CITATION.sub("", text)
    for pattern in (PERCENT, SCALED, GROUPED):
        match = pattern.search(plain_text)
        if match:
            return match.group(0)
    without_phones = PHONE.sub(
        lambda m: " " if re.search(r"[ -]", m.group(0)) else m.group(0), plain_text
    )
    for match in LONG_NUMBER.finditer(without_phones):
        if not 1900 <= int(match.group(1)) <= 2099:
            return match.group(1)
    return None


def paragraphs(text: str) -> Iterator[str]:
    """Paragraphs of a text (blank-line separated)."""
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.strip():
            yield paragraph.strip()


def markdown_units(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Split Markdown into what a reader sees as one unit: a paragraph, a list item,
    a table row; each with its first line number."""
    unit: list[str] = []
    first = 0
    for line, text in lines:
        stripped = text.strip()
        starts_new = (
            not stripped
            or LIST_ITEM.match(text)
            or stripped.startswith("|")
            or stripped.startswith("#")
        )
        if starts_new and unit:
            yield first, " ".join(unit)
            unit = []
        if stripped:
            if not unit:
                first = line
            unit.append(stripped)
            if stripped.startswith(("|", "#")):
                yield first, " ".join(unit)
                unit = []
    if unit:
        yield first, " ".join(unit)


def plain(unit: str) -> str:
    """The words of a Markdown unit as a reader hears them, for readability measures.

    Headings and table separator rows are dropped; citations, link targets and
    Markdown marks removed; a list item or table row counts as a sentence."""
    text = unit.strip()
    if text.startswith("#") or set(text) <= set("|-: "):
        return ""
    text = CITATION.sub("", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = LIST_ITEM.sub("", text)
    text = text.replace("**", "").replace("`", "").replace("|", " ")
    text = re.sub(r"(?<!\w)[*_]|[*_](?!\w)", "", text).strip()
    if text and not re.search(r"[.!?:]$", text):
        text += "."
    return text
