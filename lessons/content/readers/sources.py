"""sources.yaml: the numbered list of sources that content cites as [@id]."""

from pathlib import Path

from lessons.content.readers.base import Reader, line_of, text_of
from lessons.content.schema import SourceData

REQUIRED = ("id", "organisation", "title", "year", "url", "certainty")


def read_sources(reader: Reader, path: Path) -> list[SourceData]:
    """Every valid source, numbered by its place in the file (from 1)."""
    data = reader.load_yaml(path)
    if not isinstance(data, list):
        if data is not None:
            reader.problem(path, 1, "sources.yaml must be a list of sources")
        return []
    sources: dict[str, SourceData] = {}
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            reader.problem(path, 1, f"source {number} is not a mapping")
            continue
        if not reader.require(path, entry, *REQUIRED, what="a source"):
            continue
        source = _read_source(reader, path, number, entry, sources)
        if source:
            sources[source.slug] = source
    return list(sources.values())


def _read_source(
    reader: Reader,
    path: Path,
    number: int,
    entry: dict,
    sources: dict[str, SourceData],
) -> SourceData | None:
    line = line_of(entry)
    slug = text_of(entry, "id")
    reader.check_slug(path, line, slug, "source id")
    if slug in sources:
        reader.problem(path, line, f"source id '{slug}' is used twice")
        return None
    if not str(entry["year"]).isdigit():
        reader.problem(path, line, f"source '{slug}': year must be a number")
        return None
    if text_of(entry, "certainty") not in ("verified", "secondary"):
        reader.problem(
            path, line, f"source '{slug}': certainty must be verified or secondary"
        )
    url = text_of(entry, "url")
    if not url.startswith(("https://", "http://")):
        reader.problem(path, line, f"source '{slug}': url must start with https://")
    same = next((s.slug for s in sources.values() if s.url == url), None)
    if same:
        reader.problem(
            path, line, f"source '{slug}' has the url of source '{same}': cite that one"
        )
    return SourceData(
        slug=slug,
        number=number,
        organisation=text_of(entry, "organisation"),
        title=text_of(entry, "title"),
        year=int(entry["year"]),
        url=text_of(entry, "url"),
        certainty=text_of(entry, "certainty"),
        note=text_of(entry, "note"),
    )
