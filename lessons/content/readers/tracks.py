"""<locale>/<track>/: track.yaml with its knowledge check, then the track's
scenarios, myth-or-fact sets and lessons, and what the track as a whole must cover."""

from pathlib import Path

from lessons.content.readers.base import Reader, line_of, text_of
from lessons.content.readers.cards import read_mythfact
from lessons.content.readers.diagrams import read_diagrams
from lessons.content.readers.leaflet import read_leaflet
from lessons.content.readers.lessons import read_lesson
from lessons.content.readers.quizzes import read_questions
from lessons.content.readers.scenarios import read_scenario
from lessons.content.schema import (
    COVERAGE,
    MAX_CHECK_QUESTIONS,
    MIN_CHECK_QUESTIONS,
    TrackData,
)

# Slugs already taken in the locale, by kind: "lesson", "scenario", "mythfact".
Seen = dict[str, set[str]]


def read_track(
    reader: Reader, locale: str, position: int, track_dir: Path, seen: Seen
) -> TrackData | None:
    """The track in `track_dir` with everything in it; None if track.yaml is
    unusable. `seen` is shared by the locale's tracks, whose slugs must differ."""
    path = track_dir / "track.yaml"
    data = reader.load_yaml(path)
    if not isinstance(data, dict):
        if data is not None:
            reader.problem(path, 1, "track.yaml must be a mapping")
        return None
    if not reader.require(
        path, data, "slug", "title", "audience", "summary", what="the track"
    ):
        return None
    line = line_of(data)
    slug = text_of(data, "slug")
    if slug != track_dir.name:
        reader.problem(path, line, f"slug '{slug}' must match the folder name")
    audience = text_of(data, "audience")
    if audience not in COVERAGE:
        reader.problem(
            path, line, f"audience '{audience}' must be one of {sorted(COVERAGE)}"
        )
    check = data.get("knowledge_check") or {}
    track = TrackData(
        locale=locale,
        slug=slug,
        title=text_of(data, "title"),
        audience=audience,
        summary=text_of(data, "summary"),
        position=position,
        questions=read_questions(
            reader,
            path,
            check.get("questions") if isinstance(check, dict) else None,
            low=MIN_CHECK_QUESTIONS,
            high=MAX_CHECK_QUESTIONS,
            what="knowledge check",
            line=line,
        ),
    )
    track.leaflet = read_leaflet(reader, track_dir)
    _read_embeddable(reader, track_dir, track, seen)
    _read_lessons(reader, track_dir, track, seen)
    _check_track(reader, path, track)
    return track


def _read_embeddable(
    reader: Reader, track_dir: Path, track: TrackData, seen: Seen
) -> None:
    """The scenarios and myth-or-fact sets that the track's lessons may embed."""
    for kind, read, items in (
        ("scenario", read_scenario, track.scenarios),
        ("mythfact", read_mythfact, track.mythfacts),
    ):
        for item_path in sorted((track_dir / f"{kind}s").glob("*.yaml")):
            item = read(reader, item_path)
            if item is None:
                continue
            if item.slug in seen[kind]:
                reader.problem(item_path, 1, f"{kind} slug '{item.slug}' is used twice")
                continue
            seen[kind].add(item.slug)
            items.append(item)


def _read_lessons(
    reader: Reader, track_dir: Path, track: TrackData, seen: Seen
) -> None:
    embeds = {
        "scenario": {s.slug for s in track.scenarios},
        "mythfact": {m.slug for m in track.mythfacts},
    }
    diagrams = read_diagrams(reader, track_dir)
    for lesson_path in sorted(track_dir.glob("*.md")):
        lesson = read_lesson(reader, lesson_path, track.audience, embeds, diagrams)
        if lesson is None:
            continue
        if lesson.slug in seen["lesson"]:
            reader.problem(lesson_path, 1, f"lesson slug '{lesson.slug}' is used twice")
            continue
        seen["lesson"].add(lesson.slug)
        track.lessons.append(lesson)
    for slug, diagram in sorted(diagrams.found.items()):
        if slug not in diagrams.used:
            reader.problem(
                diagram.path,
                1,
                f"the diagram '{slug}' is not placed in any lesson: add a line "
                f"[[diagram:{slug}]] to a section, or remove the file",
            )


def _check_track(reader: Reader, path: Path, track: TrackData) -> None:
    """Problems for a knowledge-check question whose objective is not one of the
    track's, and for a coverage tag that no objective of the track covers."""
    objectives = {
        f"{lesson.slug}/{objective['id']}"
        for lesson in track.lessons
        for objective in lesson.objectives
    }
    for question in track.questions:
        if question.objective not in objectives:
            reader.problem(
                path,
                1,
                f"knowledge check question '{question.slug}': objective "
                f"'{question.objective}' is not '<lesson-slug>/<objective-id>' of "
                "a lesson in this track",
            )
    covered = {
        tag
        for lesson in track.lessons
        for objective in lesson.objectives
        for tag in objective["covers"]
    }
    for tag in sorted(COVERAGE.get(track.audience, set()) - covered):
        reader.problem(path, 1, f"no objective in this track covers '{tag}'")
