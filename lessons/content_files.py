"""Read the content files, validate them and render their text (see content/README.md).

`read_content(root)` returns a `Bundle`: everything parsed into plain dataclasses, the
Markdown already rendered to HTML with citations resolved, and a list of `Problem`s,
each with file:line and a clear message. Nothing here touches the database; the
`content_load` service writes a bundle that has no problems.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import markdown
import yaml
from django.urls import reverse
from django.utils.text import slugify

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CITATION = re.compile(r"\[@([^\]\s]+)\]")
EMBED = re.compile(r"^\[\[(scenario|mythfact):([^\]]*)\]\]$")
HEADING = re.compile(r"^##\s+(.+?)\s*(?:\{#([^}]*)\})?\s*$")
RAW_HTML = re.compile(r"<[a-zA-Z/!]")
LESSON_FILE = re.compile(r"^(\d\d)-([a-z0-9-]+)\.md$")

# A figure that needs a source: a percentage, or a number of 1,000 or more. Years
# (1900-2099) and phone numbers (digit groups joined by spaces or hyphens) are not.
PERCENT = re.compile(r"(?<![\d.,])\d[\d.,]*\s?(?:%|per ?cent\b)", re.IGNORECASE)
SCALED = re.compile(
    r"(?<![\d.,])\d[\d.,]*\s?(?:thousand|million|billion)\b", re.IGNORECASE
)
GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")
PHONE = re.compile(r"\+?\d+(?:[ -]\d+){1,5}")
LONG_NUMBER = re.compile(r"(?<![\d,.])(\d{4,})(?![\d,])")

COVERAGE = {
    "students": {
        "how-offenders-operate",
        "not-your-fault",
        "dont-pay-or-send-more",
        "stop-block-keep-evidence",
        "tell-trusted-adult",
        "report-platform-and-police",
        "image-removal",
        "helping-a-friend",
        "where-to-get-help",
    },
    "parents": {
        "what-and-how-common",
        "warning-signs",
        "talking-early-without-blame",
        "first-hour-response",
        "reporting-and-removal",
        "prevention-at-home",
    },
    "staff": {
        "financial-and-sexual-motivation",
        "responding-to-disclosure",
        "recording-and-reporting",
        "police-and-hotlines",
        "teaching-prevention",
        "cross-border-case-study",
    },
}
QUESTION_TYPES = {"single", "multiple", "truefalse", "scenario"}
ENDINGS = {"safe", "risky", "harmed"}
SPEAKERS = {"them", "you", "narrator"}
MIN_SECTIONS, MAX_SECTIONS = 4, 8
MIN_QUESTIONS, MAX_QUESTIONS = 5, 8
MIN_CHECK_QUESTIONS, MAX_CHECK_QUESTIONS = 6, 10
GET_HELP_SECTION = "get-help"
# /lessons/<lesson>/quiz/ is the lesson's quiz, so no section may take that slug.
RESERVED_SECTION_SLUGS = {"quiz"}


def figure_without_citation(text: str) -> str | None:
    """Return the first figure in `text` that needs a citation, if it has none."""
    if CITATION.search(text):
        return None
    plain = CITATION.sub("", text)
    for pattern in (PERCENT, SCALED, GROUPED):
        match = pattern.search(plain)
        if match:
            return match.group(0)
    without_phones = PHONE.sub(
        lambda m: " " if re.search(r"[ -]", m.group(0)) else m.group(0), plain
    )
    for match in LONG_NUMBER.finditer(without_phones):
        if not 1900 <= int(match.group(1)) <= 2099:
            return match.group(1)
    return None


# --- Parsed content -----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class SourceData:
    slug: str
    number: int
    organisation: str
    title: str
    year: int
    url: str
    certainty: str
    note: str


@dataclass
class OptionData:
    slug: str
    text: str
    is_correct: bool
    explanation_html: str


@dataclass
class QuestionData:
    slug: str
    type: str
    situation: str
    prompt: str
    objective: str
    options: list[OptionData]


@dataclass
class SectionData:
    slug: str
    title: str
    blocks: list[dict[str, str]]
    prose: str  # the plain text, for readability measures


@dataclass
class LessonData:
    path: Path
    slug: str
    title: str
    summary: str
    minutes: int
    position: int
    objectives: list[dict[str, Any]]
    sections: list[SectionData]
    questions: list[QuestionData]

    @property
    def prose(self) -> str:
        return "\n".join(section.prose for section in self.sections)


@dataclass
class ScenarioData:
    slug: str
    title: str
    intro: str
    start: str
    steps: dict[str, dict[str, Any]]
    debrief_html: str


@dataclass
class MythFactData:
    slug: str
    title: str
    cards: list[dict[str, str]]


@dataclass
class TrackData:
    locale: str
    slug: str
    title: str
    audience: str
    summary: str
    position: int
    questions: list[QuestionData]
    lessons: list[LessonData] = field(default_factory=list)
    scenarios: list[ScenarioData] = field(default_factory=list)
    mythfacts: list[MythFactData] = field(default_factory=list)


@dataclass
class HelplineData:
    name: str
    audience: str
    description: str
    url: str
    phone: str
    text: str
    hours: str
    note: str
    source: str


@dataclass
class CountryData:
    locale: str
    code: str
    name: str
    emergency: str
    emergency_source: str
    lines: list[HelplineData]


@dataclass
class Bundle:
    sources: list[SourceData] = field(default_factory=list)
    tracks: list[TrackData] = field(default_factory=list)
    countries: list[CountryData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --- YAML with line numbers ---------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line as the key '__line__'."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _line(mapping: Any) -> int:
    return mapping.get("__line__", 1) if isinstance(mapping, dict) else 1


def _text(mapping: dict, key: str) -> str:
    value = mapping.get(key, "")
    return "" if value is None else str(value).strip()


# --- Reading ------------------------------------------------------------------------


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.bundle = Bundle()
        self.sources: dict[str, SourceData] = {}
        self.cited: set[str] = set()
        self.sources_url = reverse("lessons:sources")

    # Problems

    def problem(self, path: Path, line: int, message: str) -> None:
        try:
            shown = path.relative_to(self.root.parent)
        except ValueError:
            shown = path
        self.bundle.problems.append(Problem(shown, line, message))

    def load_yaml(self, path: Path) -> Any:
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            self.problem(path, mark.line + 1 if mark else 1, f"invalid YAML: {error}")
        except OSError as error:
            self.problem(path, 1, f"cannot read the file: {error}")
        return None

    def require(self, path: Path, mapping: dict, *keys: str, what: str) -> bool:
        missing = [key for key in keys if not _text(mapping, key)]
        for key in missing:
            self.problem(path, _line(mapping), f"{what} has no '{key}'")
        return not missing

    def check_slug(self, path: Path, line: int, slug: str, what: str) -> None:
        if not SLUG.match(slug):
            self.problem(
                path,
                line,
                f"{what} '{slug}' is not a slug (lowercase letters, digits, hyphens)",
            )

    # Rendering

    def check_citations(self, path: Path, line: int, text: str) -> None:
        for slug in CITATION.findall(text):
            if slug in self.sources:
                self.cited.add(slug)
            else:
                self.problem(path, line, f"unknown source id '{slug}' in [@{slug}]")

    def cite(self, text: str) -> str:
        """`text` with its citations as placeholders (unknown ones dropped)."""

        def replace(match: re.Match) -> str:
            source = self.sources.get(match.group(1))
            return f"\x00{source.number}\x00{source.slug}\x00" if source else ""

        return CITATION.sub(replace, text)

    def render(self, path: Path, line: int, text: str, *, inline: bool = False) -> str:
        """Markdown to HTML, with [@id] as numbered links to the sources page."""
        if RAW_HTML.search(CITATION.sub("", text)):
            self.problem(path, line, "raw HTML is not allowed in content; use Markdown")
            text = escape(text, quote=False)
        figure = figure_without_citation(text)
        if figure:
            self.problem(
                path,
                line,
                f"the figure '{figure}' needs a citation [@source-id] in the same "
                "paragraph",
            )
        self.check_citations(path, line, text)
        html = self.link_citations(
            markdown.markdown(self.cite(text), extensions=["tables", "sane_lists"])
        )
        if inline and html.startswith("<p>") and html.endswith("</p>"):
            html = html[3:-4]
        return html

    def render_paragraphs(self, path: Path, line: int, text: str) -> str:
        """Render a multi-paragraph text, checking each paragraph for figures."""
        parts = []
        for paragraph in _units(text):
            parts.append(self.render(path, line, paragraph))
        return "\n".join(parts)

    # Files

    def read(self) -> Bundle:
        self.read_sources(self.root / "sources.yaml")
        locales = sorted(
            p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
        if not locales:
            self.problem(self.root, 1, "no locale folder (e.g. content/en/)")
        for locale_dir in locales:
            self.read_locale(locale_dir)
        return self.bundle

    def read_sources(self, path: Path) -> None:
        data = self.load_yaml(path)
        if not isinstance(data, list):
            if data is not None:
                self.problem(path, 1, "sources.yaml must be a list of sources")
            return
        for number, entry in enumerate(data, start=1):
            if not isinstance(entry, dict):
                self.problem(path, 1, f"source {number} is not a mapping")
                continue
            line = _line(entry)
            if not self.require(
                path,
                entry,
                "id",
                "organisation",
                "title",
                "year",
                "url",
                "certainty",
                what="a source",
            ):
                continue
            slug = _text(entry, "id")
            self.check_slug(path, line, slug, "source id")
            if slug in self.sources:
                self.problem(path, line, f"source id '{slug}' is used twice")
                continue
            if not str(entry["year"]).isdigit():
                self.problem(path, line, f"source '{slug}': year must be a number")
                continue
            if _text(entry, "certainty") not in ("verified", "secondary"):
                self.problem(
                    path,
                    line,
                    f"source '{slug}': certainty must be verified or secondary",
                )
            if not _text(entry, "url").startswith(("https://", "http://")):
                self.problem(
                    path, line, f"source '{slug}': url must start with https://"
                )
            source = SourceData(
                slug=slug,
                number=number,
                organisation=_text(entry, "organisation"),
                title=_text(entry, "title"),
                year=int(entry["year"]),
                url=_text(entry, "url"),
                certainty=_text(entry, "certainty"),
                note=_text(entry, "note"),
            )
            self.sources[slug] = source
            self.bundle.sources.append(source)

    def read_locale(self, locale_dir: Path) -> None:
        locale = locale_dir.name
        self.read_helplines(locale, locale_dir / "helplines.yaml")
        track_dirs = sorted(p for p in locale_dir.iterdir() if p.is_dir())
        seen: dict[str, set[str]] = {
            "lesson": set(),
            "scenario": set(),
            "mythfact": set(),
        }
        for position, track_dir in enumerate(track_dirs, start=1):
            track = self.read_track(locale, position, track_dir, seen)
            if track:
                self.bundle.tracks.append(track)

    def read_track(
        self, locale: str, position: int, track_dir: Path, seen: dict[str, set[str]]
    ) -> TrackData | None:
        path = track_dir / "track.yaml"
        data = self.load_yaml(path)
        if not isinstance(data, dict):
            if data is not None:
                self.problem(path, 1, "track.yaml must be a mapping")
            return None
        if not self.require(
            path, data, "slug", "title", "audience", "summary", what="the track"
        ):
            return None
        slug = _text(data, "slug")
        if slug != track_dir.name:
            self.problem(path, _line(data), f"slug '{slug}' must match the folder name")
        audience = _text(data, "audience")
        if audience not in COVERAGE:
            self.problem(
                path,
                _line(data),
                f"audience '{audience}' must be one of {sorted(COVERAGE)}",
            )
        check = data.get("knowledge_check") or {}
        questions = self.read_questions(
            path,
            check.get("questions") if isinstance(check, dict) else None,
            low=MIN_CHECK_QUESTIONS,
            high=MAX_CHECK_QUESTIONS,
            what="knowledge check",
            line=_line(data),
        )
        track = TrackData(
            locale=locale,
            slug=slug,
            title=_text(data, "title"),
            audience=audience,
            summary=_text(data, "summary"),
            position=position,
            questions=questions,
        )
        for kind, folder, reader in (
            ("scenario", "scenarios", self.read_scenario),
            ("mythfact", "mythfacts", self.read_mythfact),
        ):
            for item_path in sorted((track_dir / folder).glob("*.yaml")):
                item = reader(item_path)
                if item is None:
                    continue
                if item.slug in seen[kind]:
                    self.problem(
                        item_path, 1, f"{kind} slug '{item.slug}' is used twice"
                    )
                    continue
                seen[kind].add(item.slug)
                (track.scenarios if kind == "scenario" else track.mythfacts).append(
                    item
                )
        embeds = {
            "scenario": {s.slug for s in track.scenarios},
            "mythfact": {m.slug for m in track.mythfacts},
        }
        for lesson_path in sorted(track_dir.glob("*.md")):
            lesson = self.read_lesson(lesson_path, audience, embeds)
            if lesson is None:
                continue
            if lesson.slug in seen["lesson"]:
                self.problem(
                    lesson_path, 1, f"lesson slug '{lesson.slug}' is used twice"
                )
                continue
            seen["lesson"].add(lesson.slug)
            track.lessons.append(lesson)
        self.check_track(path, track)
        return track

    def check_track(self, path: Path, track: TrackData) -> None:
        objectives = {
            f"{lesson.slug}/{objective['id']}"
            for lesson in track.lessons
            for objective in lesson.objectives
        }
        for question in track.questions:
            if question.objective not in objectives:
                self.problem(
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
            self.problem(path, 1, f"no objective in this track covers '{tag}'")

    def read_lesson(
        self, path: Path, audience: str, embeds: dict[str, set[str]]
    ) -> LessonData | None:
        name = LESSON_FILE.match(path.name)
        if not name:
            self.problem(path, 1, "a lesson file is named NN-<slug>.md")
            return None
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if not lines or lines[0].strip() != "---":
            self.problem(path, 1, "a lesson starts with YAML front matter between ---")
            return None
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            self.problem(path, 1, "the front matter has no closing ---")
            return None
        try:
            meta = yaml.load("\n".join(lines[1:end]), Loader=_LineLoader)  # noqa: S506
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            self.problem(path, (mark.line + 2) if mark else 1, f"invalid YAML: {error}")
            return None
        if not isinstance(meta, dict) or not self.require(
            path, meta, "slug", "title", "summary", "minutes", what="the lesson"
        ):
            return None
        slug = _text(meta, "slug")
        self.check_slug(path, 2, slug, "lesson slug")
        if slug != name.group(2):
            self.problem(path, 2, f"slug '{slug}' must match the file name")
        minutes = meta.get("minutes")
        if not isinstance(minutes, int) or not 1 <= minutes <= 120:
            self.problem(path, 2, "minutes must be a whole number from 1 to 120")
            minutes = 1
        objectives = self.read_objectives(path, meta, audience)
        sections = self.read_sections(path, lines, end + 1, embeds)
        if not MIN_SECTIONS <= len(sections) <= MAX_SECTIONS:
            self.problem(
                path,
                end + 2,
                f"a lesson has {MIN_SECTIONS} to {MAX_SECTIONS} sections "
                "(## headings); "
                f"this one has {len(sections)}",
            )
        if not any(
            "scenario" in block or "mythfact" in block
            for section in sections
            for block in section.blocks
        ):
            self.problem(
                path,
                1,
                "a lesson embeds at least one [[scenario:..]] or [[mythfact:..]]",
            )
        if (
            audience == "students"
            and sections
            and sections[-1].slug != GET_HELP_SECTION
        ):
            self.problem(
                path,
                len(lines),
                f"a student lesson ends with a section {{#{GET_HELP_SECTION}}} "
                "on where to get help",
            )
        quiz_path = path.with_name(path.stem + ".quiz.yaml")
        quiz = self.load_yaml(quiz_path) if quiz_path.exists() else None
        if not quiz_path.exists():
            self.problem(path, 1, f"the lesson has no quiz file {quiz_path.name}")
        questions = self.read_questions(
            quiz_path,
            quiz.get("questions") if isinstance(quiz, dict) else None,
            low=MIN_QUESTIONS,
            high=MAX_QUESTIONS,
            what="quiz",
            line=1,
        )
        return LessonData(
            path=path,
            slug=slug,
            title=_text(meta, "title"),
            summary=_text(meta, "summary"),
            minutes=minutes,
            position=int(name.group(1)),
            objectives=objectives,
            sections=sections,
            questions=questions,
        )

    def read_objectives(
        self, path: Path, meta: dict, audience: str
    ) -> list[dict[str, Any]]:
        raw = meta.get("objectives")
        if not isinstance(raw, list) or not raw:
            self.problem(path, 2, "the lesson has no learning objectives")
            return []
        objectives: list[dict[str, Any]] = []
        ids: set[str] = set()
        for entry in raw:
            if not isinstance(entry, dict) or not self.require(
                path, entry, "id", "text", what="an objective"
            ):
                continue
            line = _line(entry) + 1
            objective_id = _text(entry, "id")
            self.check_slug(path, line, objective_id, "objective id")
            if objective_id in ids:
                self.problem(path, line, f"objective id '{objective_id}' is used twice")
            ids.add(objective_id)
            covers = entry.get("covers") or []
            if not isinstance(covers, list):
                self.problem(path, line, "covers must be a list of coverage tags")
                covers = []
            allowed = COVERAGE.get(audience, set())
            for tag in covers:
                if tag not in allowed:
                    self.problem(
                        path,
                        line,
                        f"unknown coverage tag '{tag}' for the {audience} track",
                    )
            objectives.append(
                {"id": objective_id, "text": _text(entry, "text"), "covers": covers}
            )
        return objectives

    def read_sections(
        self, path: Path, lines: list[str], start: int, embeds: dict[str, set[str]]
    ) -> list[SectionData]:
        sections: list[SectionData] = []
        current: tuple[int, str, str] | None = None
        body: list[tuple[int, str]] = []
        slugs: set[str] = set()

        def close() -> None:
            if current is None:
                return
            line, title, slug = current
            if slug in slugs:
                self.problem(path, line, f"section slug '{slug}' is used twice")
            slugs.add(slug)
            blocks, prose = self.section_blocks(path, body, embeds)
            if not prose.strip():
                self.problem(path, line, f"section '{title}' has no text")
            sections.append(
                SectionData(slug=slug, title=title, blocks=blocks, prose=prose)
            )

        for index in range(start, len(lines)):
            raw = lines[index]
            heading = HEADING.match(raw)
            if heading and not raw.startswith("###"):
                close()
                title = heading.group(1).strip()
                slug = (heading.group(2) or slugify(title)).strip()
                self.check_slug(path, index + 1, slug, "section slug")
                if slug in RESERVED_SECTION_SLUGS:
                    self.problem(
                        path,
                        index + 1,
                        f"section slug '{slug}' is reserved for the lesson's "
                        "own pages; choose another",
                    )
                current = (index + 1, title, slug)
                body = []
            elif current is None:
                if raw.strip():
                    self.problem(
                        path, index + 1, "text before the first ## section heading"
                    )
            else:
                body.append((index + 1, raw))
        close()
        return sections

    def section_blocks(
        self, path: Path, body: list[tuple[int, str]], embeds: dict[str, set[str]]
    ) -> tuple[list[dict[str, str]], str]:
        blocks: list[dict[str, str]] = []
        pending: list[tuple[int, str]] = []
        prose: list[str] = []

        def flush() -> None:
            if not any(text.strip() for _, text in pending):
                pending.clear()
                return
            for line, unit in _markdown_units(pending):
                self.check_citations(path, line, unit)
                figure = figure_without_citation(unit)
                if figure:
                    self.problem(
                        path,
                        line,
                        f"the figure '{figure}' needs a citation [@source-id] in the "
                        "same paragraph",
                    )
                prose.append(_plain(unit))
            first = pending[0][0]
            markdown_text = "\n".join(text for _, text in pending)
            if RAW_HTML.search(CITATION.sub("", markdown_text)):
                self.problem(path, first, "raw HTML is not allowed in content")
                markdown_text = escape(markdown_text, quote=False)
            html = markdown.markdown(
                self.cite(markdown_text), extensions=["tables", "sane_lists"]
            )
            blocks.append({"html": self.link_citations(html)})
            pending.clear()

        for line, text in body:
            embed = EMBED.match(text.strip())
            if embed:
                flush()
                kind, slug = embed.groups()
                if slug not in embeds[kind]:
                    self.problem(
                        path, line, f"no {kind} '{slug}' in this track's {kind}s folder"
                    )
                else:
                    blocks.append({kind: slug})
            elif text.strip().startswith("[[") and text.strip().endswith("]]"):
                self.problem(
                    path, line, "an embed is [[scenario:<slug>]] or [[mythfact:<slug>]]"
                )
            else:
                pending.append((line, text))
        flush()
        return blocks, "\n".join(p for p in prose if p)

    def link_citations(self, html: str) -> str:
        return re.sub(
            r"\x00(\d+)\x00([^\x00]+)\x00",
            lambda m: (
                f'<a class="cite" href="{self.sources_url}#source-{m.group(2)}">'
                f"[{m.group(1)}]</a>"
            ),
            html,
        )

    def read_questions(
        self, path: Path, raw: Any, *, low: int, high: int, what: str, line: int
    ) -> list[QuestionData]:
        if not isinstance(raw, list):
            self.problem(path, line, f"the {what} has no list of questions")
            return []
        if not low <= len(raw) <= high:
            self.problem(
                path,
                line,
                f"a {what} has {low} to {high} questions; this has {len(raw)}",
            )
        questions: list[QuestionData] = []
        slugs: set[str] = set()
        for entry in raw:
            question = self.read_question(path, entry, what=what)
            if question is None:
                continue
            if question.slug in slugs:
                self.problem(
                    path, _line(entry), f"question id '{question.slug}' is used twice"
                )
                continue
            slugs.add(question.slug)
            questions.append(question)
        return questions

    def read_question(
        self, path: Path, entry: Any, *, what: str
    ) -> QuestionData | None:
        if not isinstance(entry, dict) or not self.require(
            path, entry, "id", "type", "prompt", what="a question"
        ):
            return None
        line = _line(entry)
        slug = _text(entry, "id")
        self.check_slug(path, line, slug, "question id")
        kind = _text(entry, "type")
        if kind not in QUESTION_TYPES:
            self.problem(
                path,
                line,
                f"question '{slug}': type must be one of {sorted(QUESTION_TYPES)}",
            )
            return None
        if kind == "scenario" and not _text(entry, "situation"):
            self.problem(path, line, f"scenario question '{slug}' has no 'situation'")
        if what == "knowledge check" and not _text(entry, "objective"):
            self.problem(
                path, line, f"knowledge check question '{slug}' has no objective"
            )
        options = self.read_options(path, slug, kind, entry.get("options"), line)
        return QuestionData(
            slug=slug,
            type=kind,
            situation=self.render(path, line, _text(entry, "situation"), inline=True)
            if _text(entry, "situation")
            else "",
            prompt=self.render(path, line, _text(entry, "prompt"), inline=True),
            objective=_text(entry, "objective"),
            options=options,
        )

    def read_options(
        self, path: Path, question: str, kind: str, raw: Any, line: int
    ) -> list[OptionData]:
        if not isinstance(raw, list) or len(raw) < 2:
            self.problem(
                path, line, f"question '{question}' needs at least two options"
            )
            return []
        options: list[OptionData] = []
        for entry in raw:
            if not isinstance(entry, dict):
                self.problem(
                    path, line, f"question '{question}': an option is not a mapping"
                )
                continue
            option_line = _line(entry)
            if not _text(entry, "explanation"):
                self.problem(
                    path,
                    option_line,
                    f"question '{question}': option '{_text(entry, 'id')}' has no "
                    "explanation",
                )
            if not self.require(path, entry, "id", "text", what="an option"):
                continue
            correct = entry.get("correct")
            if not isinstance(correct, bool):
                self.problem(
                    path,
                    option_line,
                    f"question '{question}': option '{_text(entry, 'id')}' needs "
                    "correct: true or false",
                )
                correct = False
            options.append(
                OptionData(
                    slug=_text(entry, "id"),
                    text=self.render(
                        path, option_line, _text(entry, "text"), inline=True
                    ),
                    is_correct=correct,
                    explanation_html=self.render(
                        path, option_line, _text(entry, "explanation"), inline=True
                    ),
                )
            )
        ids = [o.slug for o in options]
        if len(set(ids)) != len(ids):
            self.problem(path, line, f"question '{question}': option ids repeat")
        correct_count = sum(o.is_correct for o in options)
        if kind == "multiple":
            if correct_count < 2 or correct_count == len(options):
                self.problem(
                    path,
                    line,
                    f"multiple-choice question '{question}' needs at least two correct "
                    "options and at least one wrong one",
                )
        elif correct_count != 1:
            self.problem(
                path,
                line,
                f"{kind} question '{question}' needs exactly one correct option",
            )
        if kind == "truefalse" and sorted(ids) != ["false", "true"]:
            self.problem(
                path,
                line,
                f"true/false question '{question}' has exactly the options 'true' and "
                "'false'",
            )
        return options

    def read_scenario(self, path: Path) -> ScenarioData | None:
        data = self.load_yaml(path)
        if not isinstance(data, dict) or not self.require(
            path,
            data,
            "slug",
            "title",
            "intro",
            "start",
            "debrief",
            what="the scenario",
        ):
            return None
        slug = _text(data, "slug")
        self.check_slug(path, _line(data), slug, "scenario slug")
        if slug != path.stem:
            self.problem(path, _line(data), f"slug '{slug}' must match the file name")
        raw_steps = data.get("steps")
        if not isinstance(raw_steps, dict) or not raw_steps:
            self.problem(path, _line(data), "the scenario has no steps")
            return None
        steps: dict[str, dict[str, Any]] = {}
        for name, step in raw_steps.items():
            if name == "__line__":
                continue
            rendered = self.read_step(path, str(name), step)
            if rendered is not None:
                steps[str(name)] = rendered
        start = _text(data, "start")
        self.check_graph(path, _line(data), start, steps)
        return ScenarioData(
            slug=slug,
            title=_text(data, "title"),
            intro=self.render(path, _line(data), _text(data, "intro"), inline=True),
            start=start,
            steps=steps,
            debrief_html=self.render_paragraphs(
                path, _line(data), _text(data, "debrief")
            ),
        )

    def read_step(self, path: Path, name: str, step: Any) -> dict[str, Any] | None:
        if not isinstance(step, dict):
            self.problem(path, 1, f"step '{name}' is not a mapping")
            return None
        line = _line(step)
        self.check_slug(path, line, name, "step name")
        if step.get("ending") is not None:
            ending = _text(step, "ending")
            if ending not in ENDINGS:
                self.problem(
                    path,
                    line,
                    f"step '{name}': ending must be one of {sorted(ENDINGS)}",
                )
            if step.get("choices"):
                self.problem(path, line, f"ending step '{name}' cannot have choices")
            if not _text(step, "text"):
                self.problem(path, line, f"ending step '{name}' has no text")
            return {
                "ending": ending,
                "text_html": self.render(path, line, _text(step, "text"), inline=True),
            }
        messages = []
        for message in step.get("messages") or []:
            if not isinstance(message, dict):
                self.problem(path, line, f"step '{name}': a message is not a mapping")
                continue
            speaker = _text(message, "from")
            if speaker not in SPEAKERS:
                self.problem(
                    path,
                    _line(message),
                    f"step '{name}': a message is from one of {sorted(SPEAKERS)}",
                )
            messages.append(
                {
                    "from": speaker,
                    "name": _text(message, "name"),
                    "text_html": self.render(
                        path, _line(message), _text(message, "text"), inline=True
                    ),
                }
            )
        choices = []
        raw_choices = step.get("choices")
        if not isinstance(raw_choices, list) or not raw_choices:
            self.problem(
                path,
                line,
                f"step '{name}' has no choices and is not an ending: it leads nowhere",
            )
            raw_choices = []
        for choice in raw_choices:
            if not isinstance(choice, dict) or not self.require(
                path, choice, "id", "text", "next", what=f"a choice in step '{name}'"
            ):
                continue
            choices.append(
                {
                    "id": _text(choice, "id"),
                    "text": _text(choice, "text"),
                    "consequence_html": self.render(
                        path, _line(choice), _text(choice, "consequence"), inline=True
                    ),
                    "next": _text(choice, "next"),
                    "line": _line(choice),
                }
            )
        ids = [c["id"] for c in choices]
        if len(set(ids)) != len(ids):
            self.problem(path, line, f"step '{name}': choice ids repeat")
        return {"messages": messages, "choices": choices}

    def check_graph(
        self, path: Path, line: int, start: str, steps: dict[str, dict[str, Any]]
    ) -> None:
        if start not in steps:
            self.problem(path, line, f"start step '{start}' does not exist")
            return
        for name, step in steps.items():
            for choice in step.get("choices", []):
                if choice["next"] not in steps:
                    self.problem(
                        path,
                        choice.pop("line"),
                        f"step '{name}', choice '{choice['id']}': next step "
                        f"'{choice['next']}' does not exist (the branch leads nowhere)",
                    )
                else:
                    choice.pop("line", None)
        reachable = _reachable(start, steps)
        for name in sorted(set(steps) - reachable):
            self.problem(path, line, f"step '{name}' cannot be reached from '{start}'")
        # Every step must be able to reach an ending (no loop without a way out).
        finishing = {n for n, s in steps.items() if "ending" in s}
        changed = True
        while changed:
            changed = False
            for name, step in steps.items():
                if name not in finishing and any(
                    c["next"] in finishing for c in step.get("choices", [])
                ):
                    finishing.add(name)
                    changed = True
        for name in sorted(reachable - finishing):
            self.problem(path, line, f"step '{name}' never reaches an ending")

    def read_mythfact(self, path: Path) -> MythFactData | None:
        data = self.load_yaml(path)
        if not isinstance(data, dict) or not self.require(
            path, data, "slug", "title", what="the myth-or-fact set"
        ):
            return None
        slug = _text(data, "slug")
        self.check_slug(path, _line(data), slug, "myth-or-fact slug")
        if slug != path.stem:
            self.problem(path, _line(data), f"slug '{slug}' must match the file name")
        cards = []
        raw = data.get("cards")
        if not isinstance(raw, list) or len(raw) < 2:
            self.problem(
                path, _line(data), "a myth-or-fact set needs at least two cards"
            )
            raw = []
        for card in raw:
            if not isinstance(card, dict) or not self.require(
                path, card, "id", "statement", "answer", "explanation", what="a card"
            ):
                continue
            line = _line(card)
            self.check_slug(path, line, _text(card, "id"), "card id")
            if _text(card, "answer") not in ("myth", "fact"):
                self.problem(path, line, "a card's answer is myth or fact")
            cards.append(
                {
                    "id": _text(card, "id"),
                    "statement_html": self.render(
                        path, line, _text(card, "statement"), inline=True
                    ),
                    "answer": _text(card, "answer"),
                    "explanation_html": self.render(
                        path, line, _text(card, "explanation"), inline=True
                    ),
                }
            )
        ids = [c["id"] for c in cards]
        if len(set(ids)) != len(ids):
            self.problem(path, _line(data), "card ids repeat")
        return MythFactData(slug=slug, title=_text(data, "title"), cards=cards)

    def read_helplines(self, locale: str, path: Path) -> None:
        data = self.load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("countries"), list):
            if data is not None or path.exists():
                self.problem(path, 1, "helplines.yaml has a list 'countries'")
            return
        codes: set[str] = set()
        for entry in data["countries"]:
            if not isinstance(entry, dict) or not self.require(
                path, entry, "code", "name", "emergency", what="a country"
            ):
                continue
            line = _line(entry)
            code = _text(entry, "code")
            if not re.match(r"^[A-Z]{2}$", code):
                self.problem(
                    path, line, f"country code '{code}' is not two capital letters"
                )
            if code in codes:
                self.problem(path, line, f"country '{code}' is listed twice")
            codes.add(code)
            emergency_source = _text(entry, "emergency_source")
            if emergency_source and emergency_source not in self.sources:
                self.problem(path, line, f"unknown source id '{emergency_source}'")
            lines = []
            for raw in entry.get("lines") or []:
                helpline = self.read_helpline(path, code, raw)
                if helpline:
                    lines.append(helpline)
            if not entry.get("lines"):
                self.problem(path, line, f"country '{code}' has no helplines")
            self.bundle.countries.append(
                CountryData(
                    locale=locale,
                    code=code,
                    name=_text(entry, "name"),
                    emergency=_text(entry, "emergency"),
                    emergency_source=emergency_source,
                    lines=lines,
                )
            )

    def read_helpline(self, path: Path, code: str, raw: Any) -> HelplineData | None:
        if not isinstance(raw, dict):
            self.problem(path, 1, f"a helpline of {code} is not a mapping")
            return None
        complete = self.require(
            path,
            raw,
            "name",
            "for",
            "description",
            "source",
            what=f"a helpline of {code} ('{_text(raw, 'name')}')",
        )
        line = _line(raw)
        if not any(_text(raw, key) for key in ("url", "phone", "text")):
            self.problem(
                path,
                line,
                f"helpline '{_text(raw, 'name')}' ({code}) has none of url, "
                "phone, text",
            )
            complete = False
        source = _text(raw, "source")
        if source and source not in self.sources:
            self.problem(path, line, f"unknown source id '{source}'")
            complete = False
        if _text(raw, "url") and not _text(raw, "url").startswith("https://"):
            self.problem(
                path, line, f"helpline '{_text(raw, 'name')}': url is not https"
            )
        if not complete:
            return None
        self.cited.add(source)
        return HelplineData(
            name=_text(raw, "name"),
            audience=_text(raw, "for"),
            description=_text(raw, "description"),
            url=_text(raw, "url"),
            phone=_text(raw, "phone"),
            text=_text(raw, "text"),
            hours=_text(raw, "hours"),
            note=_text(raw, "note"),
            source=source,
        )


# --- Helpers ------------------------------------------------------------------------


def _reachable(start: str, steps: dict[str, dict[str, Any]]) -> set[str]:
    seen = {start}
    queue = [start]
    while queue:
        for choice in steps[queue.pop()].get("choices", []):
            if choice["next"] in steps and choice["next"] not in seen:
                seen.add(choice["next"])
                queue.append(choice["next"])
    return seen


def _units(text: str) -> Iterator[str]:
    """Paragraphs of a text (blank-line separated)."""
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.strip():
            yield paragraph.strip()


LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


def _markdown_units(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
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


def _plain(unit: str) -> str:
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


def read_content(root: Path) -> Bundle:
    """Parse and validate every content file under `root`."""
    reader = _Reader(root)
    return reader.read()
