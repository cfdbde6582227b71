"""<locale>/helplines.yaml: each country's emergency number and helplines."""

import re
from pathlib import Path
from typing import Any

from lessons.content.readers.base import Reader, line_of, text_of
from lessons.content.schema import (
    HELPLINE_KINDS,
    REQUIRED_HELPLINE_KINDS,
    TALK_KINDS,
    CountryData,
    HelplineData,
)

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
    country = CountryData(
        locale=locale,
        code=code,
        name=text_of(entry, "name"),
        emergency=text_of(entry, "emergency"),
        emergency_source=emergency_source,
        lines=lines,
        missing=_read_missing(reader, path, code, entry),
    )
    # A line with another problem still counts here, so one mistake is one problem.
    listed = [raw for raw in entry.get("lines") or [] if isinstance(raw, dict)]
    _check_kinds_of_help(reader, path, line, country, listed)
    return country


def _read_missing(reader: Reader, path: Path, code: str, entry: dict) -> dict[str, str]:
    """The country's `missing` mapping: a required kind of help -> why there is none."""
    raw = entry.get("missing") or {}
    if not isinstance(raw, dict):
        reader.problem(path, line_of(entry), f"missing of {code} is a mapping")
        return {}
    missing = {}
    for kind, reason in raw.items():
        if kind == "__line__":
            continue
        if kind not in REQUIRED_HELPLINE_KINDS:
            reader.problem(
                path, line_of(raw), f"missing of {code}: '{kind}' is not a kind"
            )
        elif not str(reason or "").strip():
            reader.problem(
                path, line_of(raw), f"missing of {code}: say why there is no '{kind}'"
            )
        else:
            missing[kind] = str(reason).strip()
    return missing


def _check_kinds_of_help(
    reader: Reader, path: Path, line: int, country: CountryData, listed: list[dict]
) -> None:
    """Every required kind of help is listed, or `missing` says why not (a notice);
    someone in crisis can reach a line at any hour."""
    code = country.code
    present = {kind for raw in listed for kind in _kinds_listed(raw)}
    for kind in REQUIRED_HELPLINE_KINDS:
        if kind in present and kind in country.missing:
            reader.problem(
                path, line, f"{code} lists '{kind}' as missing but has such a line"
            )
        elif kind in country.missing:
            reader.notice(
                path,
                line,
                f"{code} has no {HELPLINE_KINDS[kind]}: {country.missing[kind]}",
            )
        elif kind not in present:
            reader.problem(
                path,
                line,
                f"{code} has no {HELPLINE_KINDS[kind]} ('{kind}'); add a verified one, "
                "or say under 'missing' why there is none",
            )
    reachable = [
        raw
        for raw in listed
        if raw.get("always_open") is True and TALK_KINDS & _kinds_listed(raw)
    ]
    if listed and not reachable:
        reader.problem(
            path,
            line,
            f"{code} has no crisis line or child helpline marked always_open: "
            "someone in crisis at night has nowhere to call but the emergency number",
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
    kinds = _read_kinds(reader, path, line, name, raw)
    secondary = (
        source in reader.sources and reader.sources[source].certainty != "verified"
    )
    if secondary and not text_of(raw, "note"):
        reader.problem(
            path,
            line,
            f"helpline '{name}' ({code}) is cited to a secondary source: "
            "its note says what to check before relying on it",
        )
    if set(kinds) & TALK_KINDS and not text_of(raw, "hours"):
        reader.problem(
            path, line, f"helpline '{name}' ({code}) says when it is open (hours)"
        )
    always_open = raw.get("always_open", False)
    if not isinstance(always_open, bool):
        reader.problem(path, line, f"helpline '{name}': always_open is true or false")
        always_open = False
    if not complete:
        return None
    _check_lengths(reader, path, line_of(raw), code, name, raw)
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
        kinds=kinds,
        cost=text_of(raw, "cost"),
        always_open=always_open,
    )


# The file's keys and the columns that hold them: a value longer than its column
# fails here, not in the database at load (PostgreSQL refuses it; SQLite would not).
COLUMNS = {
    "name": "name",
    "for": "audience",
    "url": "url",
    "phone": "phone",
    "text": "text",
    "hours": "hours",
    "cost": "cost",
}


def _check_lengths(
    reader: Reader, path: Path, line: int, code: str, name: str, raw: dict
) -> None:
    from lessons.models import Helpline  # the content check needs no database

    for key, column in COLUMNS.items():
        limit = Helpline._meta.get_field(column).max_length
        if len(text_of(raw, key)) > limit:
            reader.problem(
                path,
                line,
                f"{code} '{name}': {key} is longer than {limit} characters",
            )


def _kinds_listed(raw: dict) -> set[str]:
    kinds = raw.get("kinds")
    return {str(kind) for kind in kinds} if isinstance(kinds, list) else set()


def _read_kinds(
    reader: Reader, path: Path, line: int, name: str, raw: dict
) -> list[str]:
    kinds = raw.get("kinds")
    if not isinstance(kinds, list) or not kinds:
        reader.problem(
            path,
            line,
            f"helpline '{name}' has no kinds (a list of: {', '.join(HELPLINE_KINDS)})",
        )
        return []
    unknown = [kind for kind in kinds if kind not in HELPLINE_KINDS]
    for kind in unknown:
        reader.problem(path, line, f"helpline '{name}': unknown kind '{kind}'")
    return [kind for kind in kinds if kind not in unknown]
