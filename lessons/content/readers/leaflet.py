"""<track>/leaflet.yaml: the two-page leaflet for parents and carers that a school
prints for the track (lessons/packs.py): what it is, warning signs, the first
hour, how to talk about it; the help lines of the reader's country are added."""

from pathlib import Path
from typing import Any

from lessons.content.readers.base import Reader, line_of, text_of

LEAFLET_FILE = "leaflet.yaml"
SIGNS = (4, 6)  # warning signs
STEPS = (5, 7)  # first-hour steps


def read_leaflet(reader: Reader, track_dir: Path) -> dict[str, Any]:
    """The leaflet as HTML; {} (and a problem) when it is missing or unusable."""
    path = track_dir / LEAFLET_FILE
    if not path.exists():
        reader.problem(track_dir / "track.yaml", 1, f"the track has no {LEAFLET_FILE}")
        return {}
    data = reader.load_yaml(path)
    if not isinstance(data, dict):
        if data is not None:
            reader.problem(path, 1, "the leaflet must be a mapping")
        return {}
    keys = ("title", "intro", "what_it_is", "warning_signs", "first_hour", "talking")
    if not reader.require(path, data, *keys, what="the leaflet"):
        return {}
    line = line_of(data)
    leaflet: dict[str, Any] = {"title": text_of(data, "title")}
    for key in ("intro", "what_it_is", "talking"):
        leaflet[f"{key}_html"] = reader.render_paragraphs(
            path, line, text_of(data, key)
        )
    for key, (low, high) in (("warning_signs", SIGNS), ("first_hour", STEPS)):
        items = data.get(key)
        if (
            not isinstance(items, list)
            or not low <= len(items) <= high
            or not all(isinstance(item, str) and item.strip() for item in items)
        ):
            reader.problem(path, line, f"{key} needs {low} to {high} items")
            items = []
        leaflet[key] = [reader.render(path, line, item, inline=True) for item in items]
    return leaflet
