"""Every language holds the same content: the same tracks, lessons, sections, quiz
questions and options, scenario steps and myth-or-fact cards, with the same keyed
answers. A learner's progress, quiz attempts and certificates belong to the lesson,
not to the language it was read in (`lessons/translation.py`), so a lesson that a
Spanish reader and an English reader take must be the same lesson.

`check_parity` compares each locale with the canonical one (English) and records a
problem, against the translated locale's folder, for every difference. Help lines
differ by design (each language lists the countries its readers need) and are not
compared.
"""

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lessons.content.readers.base import Reader
from lessons.content.schema import (
    LessonData,
    MythFactData,
    QuestionData,
    ScenarioData,
    SectionData,
    TrackData,
)

DIAGRAM = re.compile(r'<figure class="diagram" id="diagram-([a-z0-9-]+)"')


def check_parity(
    reader: Reader, root: Path, tracks: list[TrackData], canonical: str
) -> None:
    """Record a problem for each piece of content whose keys differ between the
    canonical locale and another one."""
    by_locale: dict[str, dict[str, TrackData]] = {}
    for track in tracks:
        by_locale.setdefault(track.locale, {})[track.slug] = track
    reference = by_locale.get(canonical, {})
    for locale, others in sorted(by_locale.items()):
        if locale == canonical:
            continue
        compare = _Comparison(reader, root / locale, canonical, locale)
        compare.keyed("track", reference, others)
        for slug in reference.keys() & others.keys():
            compare.track(reference[slug], others[slug])


class _Comparison:
    def __init__(self, reader: Reader, folder: Path, canonical: str, locale: str):
        self.reader, self.folder = reader, folder
        self.canonical, self.locale = canonical, locale

    def differ(self, where: str, message: str) -> None:
        self.reader.problem(
            self.folder,
            1,
            f"{where}: {message} (in {self.canonical} and {self.locale})",
        )

    def keyed(self, what: str, ours: dict, theirs: dict, where: str = "") -> None:
        """The same keys on both sides, in the same order."""
        prefix = f"{where}: " if where else ""
        for key in ours.keys() - theirs.keys():
            self.reader.problem(
                self.folder, 1, f"{prefix}{what} {key!r} is missing in {self.locale}"
            )
        for key in theirs.keys() - ours.keys():
            self.reader.problem(
                self.folder,
                1,
                f"{prefix}{what} {key!r} is not in {self.canonical} "
                f"(every language has the same {what}s)",
            )
        if ours.keys() == theirs.keys() and list(ours) != list(theirs):
            self.differ(where or what, f"the {what}s are in a different order")

    def same(self, where: str, what: str, ours: Any, theirs: Any) -> None:
        if ours != theirs:
            self.reader.problem(
                self.folder,
                1,
                f"{where}: {what}: {ours!r} in {self.canonical} but {theirs!r} in "
                f"{self.locale}",
            )

    def track(self, ours: TrackData, theirs: TrackData) -> None:
        where = f"track {ours.slug}"
        self.same(where, "audience", ours.audience, theirs.audience)
        self.same(
            where,
            "the leaflet's warning signs and first-hour steps (how many)",
            [len(ours.leaflet.get(k, [])) for k in ("warning_signs", "first_hour")],
            [len(theirs.leaflet.get(k, [])) for k in ("warning_signs", "first_hour")],
        )
        self.questions(f"{where}, knowledge check", ours.questions, theirs.questions)
        lessons = _by_slug(ours.lessons), _by_slug(theirs.lessons)
        self.keyed("lesson", *lessons, where=where)
        for slug in lessons[0].keys() & lessons[1].keys():
            self.lesson(lessons[0][slug], lessons[1][slug])
        for kind, attribute, compare in (
            ("scenario", "scenarios", self.scenario),
            ("myth-or-fact set", "mythfacts", self.mythfact),
        ):
            items = (
                _by_slug(getattr(ours, attribute)),
                _by_slug(getattr(theirs, attribute)),
            )
            self.keyed(kind, *items, where=where)
            for slug in items[0].keys() & items[1].keys():
                compare(items[0][slug], items[1][slug])

    def lesson(self, ours: LessonData, theirs: LessonData) -> None:
        where = f"lesson {ours.slug}"
        self.same(where, "minutes", ours.minutes, theirs.minutes)
        self.same(
            where,
            "the objectives (ids and coverage tags)",
            [(o["id"], sorted(o.get("covers", []))) for o in ours.objectives],
            [(o["id"], sorted(o.get("covers", []))) for o in theirs.objectives],
        )
        sections = _by_slug(ours.sections), _by_slug(theirs.sections)
        self.keyed("section", *sections, where=where)
        for slug in sections[0].keys() & sections[1].keys():
            self.same(
                f"{where}, section {slug}",
                "what it embeds (scenarios, myth-or-fact sets, diagrams)",
                _embeds(sections[0][slug]),
                _embeds(sections[1][slug]),
            )
        self.questions(f"{where}, quiz", ours.questions, theirs.questions)
        self.same(
            where,
            "the facilitator notes' sections and minutes",
            _minutes(ours.facilitator),
            _minutes(theirs.facilitator),
        )

    def questions(
        self, where: str, ours: list[QuestionData], theirs: list[QuestionData]
    ) -> None:
        questions = _by_slug(ours), _by_slug(theirs)
        self.keyed("question", *questions, where=where)
        for slug in questions[0].keys() & questions[1].keys():
            a, b = questions[0][slug], questions[1][slug]
            here = f"{where}, question {slug}"
            self.same(here, "type", a.type, b.type)
            self.same(here, "objective", a.objective, b.objective)
            options = _by_slug(a.options), _by_slug(b.options)
            self.keyed("option", *options, where=here)
            self.same(
                here,
                "the correct options",
                sorted(o.slug for o in a.options if o.is_correct),
                sorted(o.slug for o in b.options if o.is_correct),
            )

    def scenario(self, ours: ScenarioData, theirs: ScenarioData) -> None:
        where = f"scenario {ours.slug}"
        self.same(where, "start", ours.start, theirs.start)
        self.keyed("step", ours.steps, theirs.steps, where=where)
        for step in ours.steps.keys() & theirs.steps.keys():
            self.same(
                f"{where}, step {step}",
                "its ending or its choices and where they lead",
                _step_keys(ours.steps[step]),
                _step_keys(theirs.steps[step]),
            )

    def mythfact(self, ours: MythFactData, theirs: MythFactData) -> None:
        self.same(
            f"myth-or-fact set {ours.slug}",
            "the cards and their answers",
            [(c["id"], c["answer"]) for c in ours.cards],
            [(c["id"], c["answer"]) for c in theirs.cards],
        )


def _by_slug(items: Iterable[Any]) -> dict[str, Any]:
    return {item.slug: item for item in items}


def _embeds(section: SectionData) -> list[str]:
    found = []
    for block in section.blocks:
        for kind in ("scenario", "mythfact"):
            if kind in block:
                found.append(f"{kind}:{block[kind]}")
        found += [f"diagram:{slug}" for slug in DIAGRAM.findall(block.get("html", ""))]
    return found


def _minutes(facilitator: dict[str, Any]) -> list[tuple[str, int]]:
    return [
        (slug, note["minutes"])
        for slug, note in facilitator.get("sections", {}).items()
    ]


def _step_keys(step: dict[str, Any]) -> Any:
    if "ending" in step:
        return ("ending", step["ending"])
    return [(c["id"], c["next"]) for c in step.get("choices", [])]
