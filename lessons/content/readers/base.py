"""What every reader shares: problems with file:line, YAML that keeps its line
numbers, and content Markdown rendered with its figures and citations checked."""

import re
from pathlib import Path
from typing import Any

import yaml
from django.urls import reverse

from lessons.content.markdown import (
    CITATION,
    Citations,
    figure_without_citation,
    has_raw_html,
    paragraphs,
    to_html,
)
from lessons.content.schema import Problem, SourceData

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line as the key '__line__'."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def line_of(mapping: Any) -> int:
    """The line a YAML mapping starts on (1 for anything else)."""
    return mapping.get("__line__", 1) if isinstance(mapping, dict) else 1


def text_of(mapping: dict, key: str) -> str:
    """A field as stripped text; '' when it is missing or null."""
    value = mapping.get(key, "")
    return "" if value is None else str(value).strip()


class Reader:
    """One read of a content folder: the problems found so far, and the sources
    that citations resolve to (known once sources.yaml is read)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.notices: list[Problem] = []
        # The names and numbers of the current locale's crisis lines, which every
        # student lesson's closing help section names at least one of.
        self.crisis_lines: set[str] = set()
        self.sources: dict[str, SourceData] = {}
        self.citations = Citations(numbers={}, url=reverse("lessons:sources"))

    def use_sources(self, sources: list[SourceData]) -> None:
        """Resolve citations to these sources from now on."""
        self.sources = {source.slug: source for source in sources}
        self.citations = Citations(
            numbers={source.slug: source.number for source in sources},
            url=self.citations.url,
        )

    # Problems

    def problem(self, path: Path, line: int, message: str) -> None:
        """Record a problem, its path shown relative to the content folder's parent."""
        self.problems.append(Problem(self._shown(path), line, message))

    def notice(self, path: Path, line: int, message: str) -> None:
        """Record something to know that does not stop the content loading."""
        self.notices.append(Problem(self._shown(path), line, message))

    def _shown(self, path: Path) -> Path:
        try:
            return path.relative_to(self.root.parent)
        except ValueError:
            return path

    def require(self, path: Path, mapping: dict, *keys: str, what: str) -> bool:
        """Whether every key has a value; a problem for each one that has none."""
        missing = [key for key in keys if not text_of(mapping, key)]
        for key in missing:
            self.problem(path, line_of(mapping), f"{what} has no '{key}'")
        return not missing

    def check_slug(self, path: Path, line: int, slug: str, what: str) -> None:
        """A problem unless `slug` is lowercase letters and digits joined by hyphens."""
        if not SLUG.match(slug):
            self.problem(
                path,
                line,
                f"{what} '{slug}' is not a slug (lowercase letters, digits, hyphens)",
            )

    def file_slug(self, path: Path, data: dict, what: str) -> str:
        """The slug of a file that holds one item: a slug, and its file's name."""
        slug = text_of(data, "slug")
        self.check_slug(path, line_of(data), slug, what)
        if slug != path.stem:
            self.problem(path, line_of(data), f"slug '{slug}' must match the file name")
        return slug

    # YAML

    def load_yaml(self, path: Path) -> Any:
        """The file's YAML (mappings carry '__line__'), or None after a problem."""
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as error:
            self._yaml_problem(path, error, first_line=1)
        except OSError as error:
            self.problem(path, 1, f"cannot read the file: {error}")
        return None

    def load_front_matter(self, path: Path, lines: list[str]) -> tuple[Any, int] | None:
        """The YAML between a file's opening and closing '---' lines, and the index
        of the closing one; None after a problem."""
        if not lines or lines[0].strip() != "---":
            self.problem(path, 1, "a lesson starts with YAML front matter between ---")
            return None
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            self.problem(path, 1, "the front matter has no closing ---")
            return None
        try:
            meta = yaml.load("\n".join(lines[1:end]), Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as error:
            # The YAML starts on the file's second line.
            self._yaml_problem(path, error, first_line=2)
            return None
        return meta, end

    def _yaml_problem(self, path: Path, error: yaml.YAMLError, first_line: int) -> None:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + first_line if mark else 1
        self.problem(path, line, f"invalid YAML: {error}")

    # Markdown

    def check_text(self, path: Path, line: int, text: str) -> None:
        """Problems for citations of unknown sources, or a figure without one."""
        for slug in CITATION.findall(text):
            if slug not in self.sources:
                self.problem(path, line, f"unknown source id '{slug}' in [@{slug}]")
        figure = figure_without_citation(text)
        if figure:
            self.problem(
                path,
                line,
                f"the figure '{figure}' needs a citation [@source-id] in the same "
                "paragraph",
            )

    def render(self, path: Path, line: int, text: str, *, inline: bool = False) -> str:
        """A short Markdown field, checked as one paragraph, as HTML."""
        if has_raw_html(text):
            self.problem(path, line, "raw HTML is not allowed in content; use Markdown")
        self.check_text(path, line, text)
        return to_html(text, self.citations, inline=inline)

    def render_paragraphs(self, path: Path, line: int, text: str) -> str:
        """A multi-paragraph field as HTML, each paragraph checked for figures."""
        return "\n".join(
            self.render(path, line, paragraph) for paragraph in paragraphs(text)
        )


def names_a_crisis_line(text: str, crisis_lines: set[str]) -> bool:
    """Whether `text` names one of the crisis lines (a name or number, whole words)."""
    return any(
        re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE)
        for name in crisis_lines
    )
