"""<track>/NN-<slug>.md: a lesson, YAML front matter then ## sections of Markdown
that may embed the track's scenarios and myth-or-fact sets; its quiz beside it."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from lessons.content.markdown import has_raw_html, markdown_units, plain, to_html
from lessons.content.readers.base import (
    Reader,
    line_of,
    names_a_crisis_line,
    text_of,
)
from lessons.content.readers.diagrams import Diagrams, figure_html, list_items_after
from lessons.content.readers.facilitator import read_facilitator
from lessons.content.readers.quizzes import read_questions
from lessons.content.schema import (
    COVERAGE,
    GET_HELP_SECTION,
    MAX_QUESTIONS,
    MAX_SECTIONS,
    MIN_QUESTIONS,
    MIN_SECTIONS,
    RESERVED_SECTION_SLUGS,
    LessonData,
    QuestionData,
    SectionData,
)

LESSON_FILE = re.compile(r"^(\d\d)-([a-z0-9-]+)\.md$")
HEADING = re.compile(r"^##\s+(.+?)\s*(?:\{#([^}]*)\})?\s*$")
EMBED = re.compile(r"^\[\[(scenario|mythfact|diagram):([^\]]*)\]\]$")
# Problems with the lesson's own fields point at the front matter's first line.
META_LINE = 2

Embeds = dict[str, set[str]]  # "scenario"/"mythfact" -> the slugs a lesson may embed


def read_lesson(
    reader: Reader,
    path: Path,
    audience: str,
    embeds: Embeds,
    diagrams: Diagrams | None = None,
) -> LessonData | None:
    """The lesson in the file and its quiz; None if it cannot be read. The
    diagrams it places are added to `diagrams.used`."""
    name = LESSON_FILE.match(path.name)
    if not name:
        reader.problem(path, 1, "a lesson file is named NN-<slug>.md")
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    front = reader.load_front_matter(path, lines)
    if front is None:
        return None
    meta, end = front
    if not isinstance(meta, dict) or not reader.require(
        path, meta, "slug", "title", "summary", "minutes", what="the lesson"
    ):
        return None
    slug = text_of(meta, "slug")
    reader.check_slug(path, META_LINE, slug, "lesson slug")
    if slug != name.group(2):
        reader.problem(path, META_LINE, f"slug '{slug}' must match the file name")
    minutes = meta.get("minutes")
    if not isinstance(minutes, int) or not 1 <= minutes <= 120:
        reader.problem(path, META_LINE, "minutes must be a whole number from 1 to 120")
        minutes = 1
    objectives = _read_objectives(reader, path, meta, audience)
    sections = _read_sections(
        reader, path, lines, end + 1, embeds, diagrams or Diagrams()
    )
    _check_sections(reader, path, lines, end, audience, sections)
    return LessonData(
        slug=slug,
        title=text_of(meta, "title"),
        summary=text_of(meta, "summary"),
        minutes=minutes,
        position=int(name.group(1)),
        objectives=objectives,
        sections=sections,
        questions=_read_quiz(reader, path),
        facilitator=read_facilitator(
            reader, path, sections, required=audience == "students"
        ),
    )


def _read_quiz(reader: Reader, path: Path) -> list[QuestionData]:
    quiz_path = path.with_name(path.stem + ".quiz.yaml")
    quiz = reader.load_yaml(quiz_path) if quiz_path.exists() else None
    if not quiz_path.exists():
        reader.problem(path, 1, f"the lesson has no quiz file {quiz_path.name}")
    return read_questions(
        reader,
        quiz_path,
        quiz.get("questions") if isinstance(quiz, dict) else None,
        low=MIN_QUESTIONS,
        high=MAX_QUESTIONS,
        what="quiz",
        line=1,
    )


def _read_objectives(
    reader: Reader, path: Path, meta: dict, audience: str
) -> list[dict[str, Any]]:
    raw = meta.get("objectives")
    if not isinstance(raw, list) or not raw:
        reader.problem(path, META_LINE, "the lesson has no learning objectives")
        return []
    objectives: list[dict[str, Any]] = []
    ids: set[str] = set()
    for entry in raw:
        if not isinstance(entry, dict) or not reader.require(
            path, entry, "id", "text", what="an objective"
        ):
            continue
        # Lines in the front matter count from its first line, the file's second.
        line = line_of(entry) + 1
        objective_id = text_of(entry, "id")
        reader.check_slug(path, line, objective_id, "objective id")
        if objective_id in ids:
            reader.problem(path, line, f"objective id '{objective_id}' is used twice")
        ids.add(objective_id)
        covers = entry.get("covers") or []
        if not isinstance(covers, list):
            reader.problem(path, line, "covers must be a list of coverage tags")
            covers = []
        allowed = COVERAGE.get(audience, set())
        for tag in covers:
            if tag not in allowed:
                reader.problem(
                    path, line, f"unknown coverage tag '{tag}' for the {audience} track"
                )
        objectives.append(
            {"id": objective_id, "text": text_of(entry, "text"), "covers": covers}
        )
    return objectives


def _check_sections(
    reader: Reader,
    path: Path,
    lines: list[str],
    end: int,
    audience: str,
    sections: list[SectionData],
) -> None:
    """Problems for the number of sections, a lesson that embeds nothing, and a
    student lesson that does not end on where to get help."""
    if not MIN_SECTIONS <= len(sections) <= MAX_SECTIONS:
        reader.problem(
            path,
            end + 2,
            f"a lesson has {MIN_SECTIONS} to {MAX_SECTIONS} sections (## headings); "
            f"this one has {len(sections)}",
        )
    if not any(
        "scenario" in block or "mythfact" in block
        for section in sections
        for block in section.blocks
    ):
        reader.problem(
            path, 1, "a lesson embeds at least one [[scenario:..]] or [[mythfact:..]]"
        )
    if audience != "students" or not sections:
        return
    if sections[-1].slug != GET_HELP_SECTION:
        reader.problem(
            path,
            len(lines),
            f"a student lesson ends with a section {{#{GET_HELP_SECTION}}} "
            "on where to get help",
        )
    elif not names_a_crisis_line(sections[-1].prose, reader.crisis_lines):
        reader.problem(
            path,
            len(lines),
            "the where-to-get-help section names no crisis line from helplines.yaml "
            "(by name or number): say what to do if you or a friend are not safe "
            "right now",
        )


def _read_sections(
    reader: Reader,
    path: Path,
    lines: list[str],
    start: int,
    embeds: Embeds,
    diagrams: Diagrams,
) -> list[SectionData]:
    """The ## sections from line index `start` on."""
    sections: list[SectionData] = []
    for number, title, slug, body in _split_sections(reader, path, lines, start):
        if slug in {section.slug for section in sections}:
            reader.problem(path, number, f"section slug '{slug}' is used twice")
        blocks, prose = _section_blocks(reader, path, body, embeds, diagrams)
        if not prose.strip():
            reader.problem(path, number, f"section '{title}' has no text")
        sections.append(SectionData(slug=slug, title=title, blocks=blocks, prose=prose))
    return sections


def _split_sections(
    reader: Reader, path: Path, lines: list[str], start: int
) -> Iterator[tuple[int, str, str, list[tuple[int, str]]]]:
    """Each section's heading line, title, slug and numbered body lines.

    A section is yielded before the next heading is checked, so that problems are
    reported in the order of the file."""
    current: tuple[int, str, str, list[tuple[int, str]]] | None = None
    for index in range(start, len(lines)):
        raw, number = lines[index], index + 1
        heading = HEADING.match(raw)
        if heading and not raw.startswith("###"):
            if current:
                yield current
            title = heading.group(1).strip()
            slug = (heading.group(2) or slugify(title)).strip()
            _check_section_slug(reader, path, number, slug)
            current = (number, title, slug, [])
        elif current:
            current[3].append((number, raw))
        elif raw.strip():
            reader.problem(path, number, "text before the first ## section heading")
    if current:
        yield current


def _check_section_slug(reader: Reader, path: Path, line: int, slug: str) -> None:
    reader.check_slug(path, line, slug, "section slug")
    if slug in RESERVED_SECTION_SLUGS:
        reader.problem(
            path,
            line,
            f"section slug '{slug}' is reserved for the lesson's own pages; "
            "choose another",
        )


def _section_blocks(
    reader: Reader,
    path: Path,
    body: list[tuple[int, str]],
    embeds: Embeds,
    diagrams: Diagrams,
) -> tuple[list[dict[str, str]], str]:
    """A section's blocks (Markdown as {"html": ...}, a diagram as its figure's
    {"html": ...}, each other embed as {kind: slug}) and its plain prose."""
    blocks: list[dict[str, str]] = []
    pending: list[tuple[int, str]] = []
    prose: list[str] = []
    placed: set[str] = set()
    for index, (line, text) in enumerate(body):
        embed = EMBED.match(text.strip())
        if embed and embed.group(1) == "diagram":
            _flush(reader, path, pending, blocks, prose)
            figure = _diagram(reader, path, line, embed.group(2), diagrams, placed)
            if figure:
                _check_text_equivalent(reader, path, line, diagrams, body, index)
                blocks.append({"html": figure})
        elif embed:
            _flush(reader, path, pending, blocks, prose)
            kind, slug = embed.groups()
            if slug not in embeds[kind]:
                reader.problem(
                    path, line, f"no {kind} '{slug}' in this track's {kind}s folder"
                )
            else:
                blocks.append({kind: slug})
        elif text.strip().startswith("[[") and text.strip().endswith("]]"):
            reader.problem(
                path,
                line,
                "an embed is [[scenario:<slug>]], [[mythfact:<slug>]] or "
                "[[diagram:<slug>]]",
            )
        else:
            pending.append((line, text))
    _flush(reader, path, pending, blocks, prose)
    return blocks, "\n".join(p for p in prose if p)


def _diagram(
    reader: Reader,
    path: Path,
    line: int,
    slug: str,
    diagrams: Diagrams,
    placed: set[str],
) -> str | None:
    """The figure for `[[diagram:<slug>]]` on `line`, or None after a problem."""
    diagram = diagrams.found.get(slug)
    if diagram is None and slug in diagrams.broken:
        return None
    if diagram is None:
        reader.problem(
            path, line, f"no diagram '{slug}' in this track's diagrams folder"
        )
        return None
    diagrams.used.add(slug)
    if slug in placed:
        # Its ids would repeat in the page.
        reader.problem(path, line, f"the diagram '{slug}' is placed twice here")
        return None
    placed.add(slug)
    return figure_html(diagram)


def _check_text_equivalent(
    reader: Reader,
    path: Path,
    line: int,
    diagrams: Diagrams,
    body: list[tuple[int, str]],
    index: int,
) -> None:
    """A problem unless an ordered list with one item per step of the diagram
    follows it: its text equivalent, shown in the page."""
    slug = EMBED.match(body[index][1].strip()).group(2)
    steps = diagrams.found[slug].steps
    items = list_items_after(body, index)
    if items != steps:
        reader.problem(
            path,
            line,
            f"the diagram '{slug}' has {steps} steps: follow it with an ordered "
            f"list (1. 2. ...) of {steps} items that says the same in words"
            + (f"; the list after it has {items}" if items else ""),
        )


def _flush(
    reader: Reader,
    path: Path,
    pending: list[tuple[int, str]],
    blocks: list[dict[str, str]],
    prose: list[str],
) -> None:
    """Turn the Markdown lines met since the last embed into one block, and empty
    `pending`. Each paragraph, list item or table row is checked on its own, so a
    figure needs its citation close by and a problem names its own line."""
    if any(text.strip() for _, text in pending):
        for line, unit in markdown_units(pending):
            reader.check_text(path, line, unit)
            prose.append(plain(unit))
        text = "\n".join(text for _, text in pending)
        if has_raw_html(text):
            reader.problem(path, pending[0][0], "raw HTML is not allowed in content")
        blocks.append({"html": to_html(text, reader.citations)})
    pending.clear()
