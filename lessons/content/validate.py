"""Read the whole content folder into a `Bundle`: what `load_content --check` runs.

The bundle holds everything parsed into plain dataclasses, the Markdown already
rendered to HTML with citations resolved, and a `Problem` (file:line and a clear
message) for each thing wrong. Nothing here touches the database; `content_load`
writes a bundle that has no problems.
"""

from pathlib import Path

from django.conf import settings

from lessons.content.copying import SEEDS_FOLDER, check_copying
from lessons.content.parity import check_parity
from lessons.content.readers.base import Reader
from lessons.content.readers.helplines import read_helplines
from lessons.content.readers.sources import read_sources
from lessons.content.readers.tracks import read_track
from lessons.content.schema import Bundle


def read_content(root: Path) -> Bundle:
    """Parse and validate every content file under `root`."""
    reader = Reader(root)
    bundle = Bundle()
    # Sources first: every other file's citations resolve to them.
    bundle.sources = read_sources(reader, root / "sources.yaml")
    reader.use_sources(bundle.sources)
    locales = sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name != SEEDS_FOLDER
    )
    if not locales:
        reader.problem(root, 1, "no locale folder (e.g. content/en/)")
    languages = dict(settings.LANGUAGES)
    for locale_dir in locales:
        if locale_dir.name not in languages:
            reader.problem(
                locale_dir,
                1,
                f"{locale_dir.name!r} is not one of the site's languages "
                f"({', '.join(languages)}): add it to LANGUAGES in the settings",
            )
            continue
        _read_locale(reader, bundle, locale_dir)
    canonical = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if locales and canonical not in {p.name for p in locales}:
        reader.problem(root, 1, f"no {canonical}/ folder: every language follows it")
    check_parity(reader, root, bundle.tracks, canonical)
    check_copying(reader, root, locales)
    bundle.problems = reader.problems
    bundle.notices = reader.notices
    return bundle


def _read_locale(reader: Reader, bundle: Bundle, locale_dir: Path) -> None:
    locale = locale_dir.name
    countries = read_helplines(reader, locale, locale_dir / "helplines.yaml")
    bundle.countries += countries
    reader.crisis_lines = {
        name
        for country in countries
        for line in country.lines
        if line.is_crisis
        for name in (line.name, line.phone)
        if name
    }
    # Lessons, scenarios and myth-or-fact sets are found by slug within a locale.
    seen: dict[str, set[str]] = {"lesson": set(), "scenario": set(), "mythfact": set()}
    track_dirs = sorted(p for p in locale_dir.iterdir() if p.is_dir())
    for position, track_dir in enumerate(track_dirs, start=1):
        track = read_track(reader, locale, position, track_dir, seen)
        if track:
            bundle.tracks.append(track)
