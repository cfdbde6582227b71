"""Presenter mode: a lesson as slides, one section each, with its facilitator notes;
and what a class was taught."""

from dataclasses import dataclass, field
from typing import Any

from lessons import helplines
from lessons import selectors as lessons
from lessons.content.schema import GET_HELP_SECTION
from lessons.models import Lesson, Section, Track
from schools.models import LessonTaught, SchoolClass


@dataclass
class Slide:
    """One section of a lesson as the class sees it, and the teacher's notes."""

    lesson: Lesson
    section: Section
    sections: list[Section]
    number: int
    # ({"html"} | {"scenario": Scenario, "steps": [...]} | {"mythfact": MythFactSet}).
    blocks: list[dict[str, Any]] = field(default_factory=list)
    # This section's notes ({} when the lesson has none): minutes, discuss,
    # watch_for_html.
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.sections)

    @property
    def previous(self) -> Section | None:
        return self.sections[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> Section | None:
        return self.sections[self.number] if self.number < self.count else None


def slide(*, lesson_slug: str, section_slug: str | None) -> Slide:
    """The section as a slide (the lesson's first without `section_slug`); a 404
    for a lesson or section that does not exist. No query once the content is held
    in memory (lessons.content_cache)."""
    lesson = lessons.lesson_get(slug=lesson_slug)
    sections = list(lesson.sections.all())
    section = lessons.section_get(lesson=lesson, slug=section_slug or sections[0].slug)
    scenarios, mythfacts = lessons.embeds_for(
        locale=lessons.content_locale(), section=section
    )
    blocks: list[dict[str, Any]] = []
    for block in section.blocks:
        if "html" in block:
            blocks.append({"html": block["html"]})
        elif block.get("scenario") in scenarios:
            scenario = scenarios[block["scenario"]]
            blocks.append({"scenario": scenario, "steps": _steps_in_order(scenario)})
        elif block.get("mythfact") in mythfacts:
            blocks.append({"mythfact": mythfacts[block["mythfact"]]})
    return Slide(
        lesson=lesson,
        section=section,
        sections=sections,
        number=next(i for i, s in enumerate(sections, 1) if s.pk == section.pk),
        blocks=blocks,
        notes=(lesson.facilitator or {}).get("sections", {}).get(section.slug, {}),
    )


def _steps_in_order(scenario) -> list[dict[str, Any]]:
    """A scenario's steps from its start, each once, in the order a class meets
    them (breadth first), each with its id: the class discusses every branch."""
    order, queue = [], [scenario.start]
    while queue:
        step_id = queue.pop(0)
        if step_id in order or step_id not in scenario.steps:
            continue
        order.append(step_id)
        queue += [c["next"] for c in scenario.steps[step_id].get("choices", [])]
    return [{"id": step_id, **scenario.steps[step_id]} for step_id in order]


def lessons_taught(*, school_class: SchoolClass) -> dict[int, LessonTaught]:
    """The last time each lesson was taught to the class, by lesson id."""
    latest: dict[int, LessonTaught] = {}
    for taught in school_class.lessons_taught.order_by("taught_on"):
        latest[taught.lesson_id] = taught
    return latest


def slide_help(
    *, school_class: SchoolClass, shown: Slide
) -> helplines.CountryHelp | None:
    """On a student lesson's where-to-get-help slide, the help lines of the school's
    country, else the language's own country's (as lessons.views.player.help_country
    chooses for a learner of the school)."""
    if shown.section.slug != GET_HELP_SECTION:
        return None
    if shown.lesson.track.audience != Track.Audience.STUDENTS:
        return None
    countries = {
        c.code: c for c in helplines.helpline_countries(locale=lessons.content_locale())
    }
    country = countries.get(school_class.school.country) or helplines.home_country(
        countries
    )
    return helplines.country_help(country=country) if country else None


@dataclass
class ToPresent:
    lesson: Lesson
    taught: LessonTaught | None


def lessons_to_present(*, school_class: SchoolClass) -> list[ToPresent]:
    """Every published lesson, students' track first, with the last day it was
    taught to the class, as the class page lists them to present (two queries)."""
    taught = lessons_taught(school_class=school_class)
    lessons_ = Lesson.objects.filter(is_published=True).select_related("track")
    ordered = sorted(
        lessons_,
        key=lambda x: (
            x.track.audience != Track.Audience.STUDENTS,
            x.track.position,
            x.position,
        ),
    )
    return [ToPresent(lesson, taught.get(lesson.pk)) for lesson in ordered]
