"""<locale>/helplines.yaml: each country's emergency number and helplines."""

import re
from pathlib import Path
from typing import Any

from lessons.content.readers.base import Reader, line_of, text_of
from lessons.content.schema import CountryData, HelplineData

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def read_helplines(reader: Reader, locale: str, path: Path) -> list[CountryData]:
    """The countries of one locale, in the file's order."""
    data = reader.load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("countries"), list):
        if data is not None or path.exists():
            reader.problem(path, 1, "helplines.yaml has a list 'countries'")
        return []
    countries: list[CountryData] = []
    codes: set[str] = set()
    for entry in data["countries"]:
        if not isinstance(entry, dict) or not reader.require(
            path, entry, "code", "name", "emergency", what="a country"
        ):
            continue
        country = _read_country(reader, locale, path, entry, codes)
        codes.add(country.code)
        countries.append(country)
    return countries


def _read_country(
    reader: Reader, locale: str, path: Path, entry: dict, codes: set[str]
) -> CountryData:
    line = line_of(entry)
    code = text_of(entry, "code")
    if not COUNTRY_CODE.match(code):
        reader.problem(path, line, f"country code '{code}' is not two capital letters")
    if code in codes:
        reader.problem(path, line, f"country '{code}' is listed twice")
    emergency_source = text_of(entry, "emergency_source")
    if emergency_source and emergency_source not in reader.sources:
        reader.problem(path, line, f"unknown source id '{emergency_source}'")
    lines = []
    for raw in entry.get("lines") or []:
        helpline = _read_helpline(reader, path, code, raw)
        if helpline:
            lines.append(helpline)
    if not entry.get("lines"):
        reader.problem(path, line, f"country '{code}' has no helplines")
    return CountryData(
        locale=locale,
        code=code,
        name=text_of(entry, "name"),
        emergency=text_of(entry, "emergency"),
        emergency_source=emergency_source,
        lines=lines,
    )


def _read_helpline(
    reader: Reader, path: Path, code: str, raw: Any
) -> HelplineData | None:
    if not isinstance(raw, dict):
        reader.problem(path, 1, f"a helpline of {code} is not a mapping")
        return None
    name = text_of(raw, "name")
    complete = reader.require(
        path,
        raw,
        "name",
        "for",
        "description",
        "source",
        what=f"a helpline of {code} ('{name}')",
    )
    line = line_of(raw)
    if not any(text_of(raw, key) for key in ("url", "phone", "text")):
        reader.problem(
            path, line, f"helpline '{name}' ({code}) has none of url, phone, text"
        )
        complete = False
    source = text_of(raw, "source")
    if source and source not in reader.sources:
        reader.problem(path, line, f"unknown source id '{source}'")
        complete = False
    if text_of(raw, "url") and not text_of(raw, "url").startswith("https://"):
        reader.problem(path, line, f"helpline '{name}': url is not https")
    if not complete:
        return None
    return HelplineData(
        name=name,
        audience=text_of(raw, "for"),
        description=text_of(raw, "description"),
        url=text_of(raw, "url"),
        phone=text_of(raw, "phone"),
        text=text_of(raw, "text"),
        hours=text_of(raw, "hours"),
        note=text_of(raw, "note"),
        source=source,
    )
