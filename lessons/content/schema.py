"""The content format's rules, and the plain dataclasses the readers parse it into.

Nothing here reads files or touches the database.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# What each track must teach: every tag is covered by at least one lesson objective
# of that audience's track, and an objective may only use its audience's tags.
COVERAGE: dict[str, set[str]] = {
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
# What each helpline is, in the order the help page shows them. Every country has at
# least one line of each REQUIRED kind, or says in `missing` why it has none.
HELPLINE_KINDS = {
    "youth-crisis": "crisis or suicide-prevention line for young people",
    "adult-crisis": "crisis or suicide-prevention line for adults",
    "child-helpline": "helpline for children and young people",
    "reporting": "reporting route",
    "removal": "tool to get pictures taken down",
    "adult-support": "line for parents and other adults",
}
REQUIRED_HELPLINE_KINDS = (
    "child-helpline",
    "youth-crisis",
    "adult-crisis",
    "reporting",
    "removal",
)
CRISIS_KINDS = {"youth-crisis", "adult-crisis"}
# Lines someone can talk to; each says when it is open.
TALK_KINDS = CRISIS_KINDS | {"child-helpline"}
# Facilitator notes: minutes a section may take in class, questions per section.
SECTION_MINUTES = (1, 20)
MAX_DISCUSS = 3
# /lessons/<lesson>/quiz/ is the lesson's quiz, and .../present/<lesson>/taught/
# and .../pack/ mark it taught and print it in presenter mode, so no section may
# take those slugs.
RESERVED_SECTION_SLUGS = {"quiz", "taught", "pack"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the content, shown as `path:line: message`."""

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
    slug: str
    title: str
    summary: str
    minutes: int
    position: int
    objectives: list[dict[str, Any]]
    sections: list[SectionData]
    questions: list[QuestionData]
    # Notes for teaching it to a class (presenter mode): rendered HTML, by section
    # ({} when the lesson has none; every student lesson has them).
    facilitator: dict[str, Any] = field(default_factory=dict)

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
    # The parents' leaflet of the track, as HTML (readers/leaflet.py).
    leaflet: dict[str, Any] = field(default_factory=dict)
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
    kinds: list[str] = field(default_factory=list)
    cost: str = ""
    always_open: bool = False

    @property
    def is_crisis(self) -> bool:
        return bool(CRISIS_KINDS & set(self.kinds))


@dataclass
class CountryData:
    locale: str
    code: str
    name: str
    emergency: str
    emergency_source: str
    lines: list[HelplineData]
    # A required kind of help the country has no verified line for, and why.
    missing: dict[str, str] = field(default_factory=dict)


@dataclass
class Bundle:
    """Everything read from the content folder, and what is wrong with it."""

    sources: list[SourceData] = field(default_factory=list)
    tracks: list[TrackData] = field(default_factory=list)
    countries: list[CountryData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Things to know that do not stop the content loading (e.g. a missing helpline).
    notices: list[Problem] = field(default_factory=list)
