"""<track>/NN-<slug>.facilitator.yaml: notes for teaching a lesson to a class, shown
beside the slides in presenter mode and printed in the teacher's pack.

Every student lesson has them. They follow the lesson's sections one by one (minutes
in class, questions to discuss, what to watch for), and say how to prepare, what to
do if a pupil discloses, and where pupils can get help (naming a crisis line of the
locale's help lines, like a lesson's get-help section).
"""

from pathlib import Path
from typing import Any

from lessons.content.readers.base import (
    Reader,
    line_of,
    names_a_crisis_line,
    text_of,
)
from lessons.content.schema import MAX_DISCUSS, SECTION_MINUTES, SectionData

SUFFIX = ".facilitator.yaml"


def read_facilitator(
    reader: Reader, lesson_path: Path, sections: list[SectionData], *, required: bool
) -> dict[str, Any]:
    """The lesson's facilitator notes as HTML by section; {} if it has none (a
    problem when `required`) or they cannot be read."""
    path = lesson_path.with_name(lesson_path.stem + SUFFIX)
    if not path.exists():
        if required:
            reader.problem(
                lesson_path,
                1,
                f"a student lesson needs facilitator notes for presenter mode: "
                f"{path.name}",
            )
        return {}
    data = reader.load_yaml(path)
    if not isinstance(data, dict):
        if data is not None:
            reader.problem(path, 1, "facilitator notes must be a mapping")
        return {}
    if not reader.require(
        path, data, "prepare", "sections", "disclosure", "help", what="the notes"
    ):
        return {}
    line = line_of(data)
    notes = _read_sections(reader, path, data.get("sections"), sections, line)
    help_text = text_of(data, "help")
    if not names_a_crisis_line(help_text, reader.crisis_lines):
        reader.problem(
            path,
            line,
            "help names no crisis line from helplines.yaml (by name or number)",
        )
    return {
        "minutes": sum(note["minutes"] for note in notes.values()),
        "prepare_html": reader.render_paragraphs(path, line, text_of(data, "prepare")),
        "sections": notes,
        "disclosure_html": reader.render_paragraphs(
            path, line, text_of(data, "disclosure")
        ),
        "help_html": reader.render_paragraphs(path, line, help_text),
    }


def _read_sections(
    reader: Reader,
    path: Path,
    raw: Any,
    sections: list[SectionData],
    line: int,
) -> dict[str, dict[str, Any]]:
    wanted = [section.slug for section in sections]
    # The YAML loader notes each mapping's line under "__line__" (base._LineLoader).
    raw = (
        {k: v for k, v in raw.items() if k != "__line__"}
        if isinstance(raw, dict)
        else None
    )
    if raw is None or list(raw) != wanted:
        found = list(raw) if raw is not None else []
        reader.problem(
            path,
            line,
            f"sections must be the lesson's sections, in order: {wanted} "
            f"(found {found})",
        )
    notes: dict[str, dict[str, Any]] = {}
    for slug, entry in (raw or {}).items():
        if slug not in wanted or not isinstance(entry, dict):
            continue
        here = line_of(entry) or line
        low, high = SECTION_MINUTES
        minutes = entry.get("minutes")
        if not isinstance(minutes, int) or not low <= minutes <= high:
            reader.problem(
                path,
                here,
                f"{slug}: minutes must be a whole number from {low} to {high}",
            )
            minutes = low
        discuss = entry.get("discuss")
        if (
            not isinstance(discuss, list)
            or not 1 <= len(discuss) <= MAX_DISCUSS
            or not all(isinstance(q, str) and q.strip() for q in discuss)
        ):
            reader.problem(
                path, here, f"{slug}: discuss needs 1 to {MAX_DISCUSS} questions"
            )
            discuss = []
        watch_for = entry.get("watch_for") or ""
        notes[slug] = {
            "minutes": minutes,
            "discuss": [reader.render(path, here, q, inline=True) for q in discuss],
            "watch_for_html": (
                reader.render_paragraphs(path, here, str(watch_for))
                if watch_for
                else ""
            ),
        }
    return notes
