"""<track>/diagrams/<slug>.svg: a diagram that a lesson section places with a line
`[[diagram:<slug>]]`, followed by an ordered list that says the same in words.

A diagram is drawn for the page it sits in: it carries no script, no style
attribute, no image and no link out of the page (the site's Content-Security-Policy
and its privacy promise forbid them), and it names itself for screen readers with
role="img" and a <title> and <desc> that aria-labelledby points to. It is stored
with the section's HTML as a <figure>, every id prefixed with `diagram-<slug>-` so
that ids stay unique in the page.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from lessons.content.markdown import figure_without_citation
from lessons.content.readers.base import Reader

SVG_NS = "http://www.w3.org/2000/svg"
FOLDER = "diagrams"
# The drawing elements a diagram may use; anything else (script, foreignObject,
# image, style, a, use, animation...) is refused.
ELEMENTS = {
    "svg",
    "title",
    "desc",
    "g",
    "defs",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "path",
    "text",
    "tspan",
}
ATTRIBUTES = {
    "id",
    "class",
    "viewBox",
    "preserveAspectRatio",
    "role",
    "aria-labelledby",
    "aria-hidden",
    "focusable",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "d",
    "points",
    "dx",
    "dy",
    "transform",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "font-size",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
}
# A step of the diagram: the lesson's list after it has one item per step.
STEP_CLASS = "diagram-step"
ORDERED_ITEM = re.compile(r"^\d+\.\s+\S")
COLOUR = re.compile(r"^(?:none|currentColor)$")


@dataclass(frozen=True)
class Diagram:
    slug: str
    path: Path
    title: str
    steps: int
    svg: ET.Element


@dataclass
class Diagrams:
    """A track's diagrams by slug, and the ones its lessons placed."""

    found: dict[str, Diagram] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    # Files with problems of their own, reported where they are.
    broken: set[str] = field(default_factory=set)


def read_diagrams(reader: Reader, track_dir: Path) -> Diagrams:
    """Every diagram in the track's diagrams folder that passes the checks."""
    diagrams = Diagrams()
    folder = track_dir / FOLDER
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.suffix != ".svg":
            reader.problem(path, 1, "the diagrams folder holds only <slug>.svg files")
            continue
        reader.check_slug(path, 1, path.stem, "diagram slug")
        diagram = read_diagram(reader, path)
        if diagram:
            diagrams.found[diagram.slug] = diagram
        else:
            diagrams.broken.add(path.stem)
    return diagrams


def read_diagram(reader: Reader, path: Path) -> Diagram | None:
    """The diagram in the file, or None after the problems that make it unusable."""
    try:
        root, lines = _parse(path.read_bytes())
    except ET.ParseError as error:
        line = error.position[0]
        reader.problem(path, line, f"the diagram is not well-formed SVG: {error}")
        return None
    except DefusedXmlException as error:
        reader.problem(
            path, 1, f"the diagram declares entities or a DTD, refused: {error}"
        )
        return None
    before = len(reader.problems)
    if root.tag != f"{{{SVG_NS}}}svg":
        reader.problem(path, 1, "the diagram's root is not <svg> in the SVG namespace")
        return None
    for element in root.iter():
        _check_element(reader, path, lines.get(element, 1), element)
    title, desc = _check_names(reader, path, root)
    texts = " ".join(
        " ".join(element.itertext())
        for element in root.iter()
        if _local(element.tag) in ("text", "title", "desc")
    )
    figure = figure_without_citation(texts)
    if figure:
        reader.problem(
            path,
            1,
            f"the diagram states the figure '{figure}': a diagram carries no figures "
            "(leave them to the lesson text, with its citation)",
        )
    steps = sum(1 for e in root.iter() if STEP_CLASS in e.get("class", "").split())
    if not steps:
        reader.problem(path, 1, f'the diagram has no step (class="{STEP_CLASS}")')
    if len(reader.problems) > before or title is None or desc is None:
        return None
    return Diagram(slug=path.stem, path=path, title=title, steps=steps, svg=root)


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[ET.Element, int] = {}
        self.parser: DefusedXMLParser | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        self.lines[element] = self.parser.parser.CurrentLineNumber
        return element


def _parse(data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The SVG's tree (no DTD entities, no external references: defusedxml's
    parser) and each element's line."""
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    parser.feed(data)
    return parser.close(), builder.lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_element(reader: Reader, path: Path, line: int, element: ET.Element) -> None:
    name = _local(element.tag)
    if not element.tag.startswith(f"{{{SVG_NS}}}") or name not in ELEMENTS:
        reader.problem(
            path,
            line,
            f"<{name}> is not allowed in a diagram (no script, foreignObject, image, "
            "style, link or other element outside the drawing set)",
        )
    for attribute, value in element.attrib.items():
        local = _local(attribute)
        if local == "style":
            reader.problem(path, line, f"<{name}> has a style attribute: use a class")
        elif local.startswith("on"):
            reader.problem(path, line, f"<{name}> has an event handler '{local}'")
        elif local == "href":
            reader.problem(path, line, f"<{name}> has an href: a diagram links nowhere")
        elif attribute not in ATTRIBUTES:
            reader.problem(
                path, line, f"<{name}> has an attribute '{local}', not allowed"
            )
        elif attribute in ("fill", "stroke") and not COLOUR.match(value):
            reader.problem(
                path,
                line,
                f'<{name}> has {attribute}="{value}": use none or currentColor, and '
                "a class for anything else (dark mode and high contrast)",
            )
        elif "url(" in value:
            reader.problem(path, line, f"<{name}> refers to url(...): not allowed")


def _check_names(
    reader: Reader, path: Path, root: ET.Element
) -> tuple[str | None, str | None]:
    """The texts of the <title> and <desc> that name the diagram, checked."""
    if not root.get("viewBox"):
        reader.problem(path, 1, "the diagram has no viewBox, so it cannot scale")
    if root.get("role") != "img":
        reader.problem(path, 1, 'the diagram\'s <svg> needs role="img"')
    found: dict[str, tuple[str, str]] = {}
    for name in ("title", "desc"):
        element = root.find(f"{{{SVG_NS}}}{name}")
        words = "".join(element.itertext()).split() if element is not None else []
        text = " ".join(words)
        if not text:
            reader.problem(path, 1, f"the diagram has no <{name}> with text")
        elif not element.get("id"):
            reader.problem(path, 1, f"the diagram's <{name}> has no id")
        else:
            found[name] = (element.get("id"), text)
    labelled_by = (root.get("aria-labelledby") or "").split()
    if len(found) == 2 and labelled_by != [found["title"][0], found["desc"][0]]:
        reader.problem(
            path,
            1,
            "the <svg>'s aria-labelledby must name its <title> and <desc> ids, "
            f'in that order: "{found["title"][0]} {found["desc"][0]}"',
        )
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        reader.problem(path, 1, f"the id '{duplicate}' is used twice in the diagram")
    return (
        found["title"][1] if "title" in found else None,
        found["desc"][1] if "desc" in found else None,
    )


def list_items_after(body: list[tuple[int, str]], index: int) -> int:
    """How many items the ordered list right after line `index` of `body` has
    (blank lines skipped); 0 when the next text is not an ordered list."""
    rest = [text for _, text in body[index + 1 :]]
    while rest and not rest[0].strip():
        rest.pop(0)
    items = 0
    for text in rest:
        if not text.strip():
            break
        if ORDERED_ITEM.match(text):
            items += 1
        elif items == 0:
            break
    return items


def figure_html(diagram: Diagram) -> str:
    """The diagram as a <figure> for the page: the SVG written out again from the
    checked tree (so nothing unchecked reaches the page), every id and reference
    to one prefixed, and the title as its caption."""
    prefix = f"diagram-{diagram.slug}-"
    return (
        f'<figure class="diagram" id="diagram-{diagram.slug}">'
        f"{_write(diagram.svg, prefix, root=True)}"
        f'<figcaption class="diagram-caption">{escape(diagram.title)}</figcaption>'
        "</figure>"
    )


def _write(element: ET.Element, prefix: str, *, root: bool = False) -> str:
    """One checked element as markup: only SVG elements and plain attributes
    reach here (`read_diagram` refused the rest); text is escaped."""
    name = _local(element.tag)
    attributes = dict(element.attrib)
    if root:
        classes = attributes.get("class", "").split()
        attributes = {
            "xmlns": SVG_NS,
            **attributes,
            "class": " ".join(["diagram-svg", *classes]),
        }
    for key in ("id", "aria-labelledby"):
        if key in attributes:
            attributes[key] = " ".join(prefix + i for i in attributes[key].split())
    written = "".join(
        f' {key}="{escape(value, quote=True)}"' for key, value in attributes.items()
    )
    children = "".join(_write(child, prefix) + _text(child.tail) for child in element)
    return f"<{name}{written}>{_text(element.text)}{children}</{name}>"


def _text(text: str | None) -> str:
    """Text between tags, escaped; whitespace alone (indentation) is dropped."""
    return escape(text, quote=False) if text and text.strip() else ""
