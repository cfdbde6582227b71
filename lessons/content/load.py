"""Write a validated content bundle to the database (`content_load`).

Every row is matched by its slug (a helpline by its place in its country), so a load
is idempotent and an edited lesson keeps its learners' progress.

The English files make the rows; another language's files (same slugs, checked by
`load_content --check`) fill the same rows' columns for that language
(`lessons/translation.py`), so a lesson read in Spanish is the same lesson.
"""

from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import translation

from lessons import content_cache
from lessons.content.rows import LoadReport, remove_others, sync, upsert
from lessons.content.schema import (
    Bundle,
    CountryData,
    LessonData,
    QuestionData,
    SourceData,
    TrackData,
)
from lessons.models import (
    Helpline,
    HelplineCountry,
    Lesson,
    MythFactSet,
    Option,
    Question,
    Quiz,
    Scenario,
    Section,
    Source,
    Track,
)
from lessons.quizzes import question_revision
from lessons.services import progress_recount

# The language whose files make the rows; the others fill their columns.
CANONICAL = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


@dataclass
class Translated:
    """One language's version of a piece of content (None where it has none)."""

    language: str
    data: Any


def counterparts(versions: list[Translated], attribute: str, slug: str):
    """Each language's item with this slug in its parent's `attribute` list."""
    return [
        Translated(
            other.language,
            next((x for x in getattr(other.data, attribute) if x.slug == slug), None)
            if other.data is not None
            else None,
        )
        for other in versions
    ]


def localized(versions: list[Translated], *fields: str) -> dict[str, Any]:
    """The `<field>_<language>` column of each language, from its version."""
    return {
        f"{name}_{other.language}": getattr(other.data, name, None)
        for other in versions
        for name in fields
    }


@transaction.atomic
def content_load(*, bundle: Bundle) -> LoadReport:
    """Write validated content to the database, matching every row by its slug.

    Running it twice changes nothing. A lesson whose file is gone is unpublished, not
    deleted, so learners keep their progress; a removed section, question or option
    is retired, so learners keep their views and answers; and the progress of the
    lessons whose sections changed is recounted.
    """
    if bundle.problems:
        raise ValueError("content with problems cannot be loaded; run --check")
    with translation.override(CANONICAL):
        return _content_load(bundle)


def _content_load(bundle: Bundle) -> LoadReport:
    report = LoadReport()
    sources = _load_sources(report, bundle.sources)
    for locale in sorted({c.locale for c in bundle.countries}):
        sync(
            report,
            HelplineCountry.objects.filter(locale=locale),
            [c for c in bundle.countries if c.locale == locale],
            partial(_load_country, report, sources),
        )
    changed_lessons: list[int] = []
    canonical = [t for t in bundle.tracks if t.locale == CANONICAL]
    for track_data in canonical:
        versions = [Translated(CANONICAL, track_data)] + [
            Translated(t.locale, t)
            for t in bundle.tracks
            if t.locale != CANONICAL and t.slug == track_data.slug
        ]
        changed_lessons += _load_track(report, track_data, versions)
    _unpublish_missing(report, canonical)
    if changed_lessons:
        progress_recount(lesson_ids=changed_lessons)
    # Sources go last: helplines cite them (protected) until they are rewritten.
    remove_others(report, Source.objects.all(), [s.pk for s in sources.values()])
    # This process forgets the content it held now; every process, once committed.
    content_cache.forget()
    transaction.on_commit(content_cache.content_changed)
    return report


def _load_sources(report: LoadReport, data: list[SourceData]) -> dict[str, Source]:
    # Numbers are unique: move every row out of the way before renumbering.
    current = dict(Source.objects.values_list("slug", "number"))
    if any(current.get(s.slug, s.number) != s.number for s in data):
        Source.objects.update(number=models.F("number") + 100000)
    return {
        source.slug: upsert(report, Source, {"slug": source.slug}, _values(source))
        for source in data
    }


def _values(data: Any, **replaced: Any) -> dict[str, Any]:
    """The values of a row from the dataclass that mirrors its model: every field
    but the slug the row is found by, some replaced (a source's slug by its row)."""
    values = {**asdict(data), **replaced}
    values.pop("slug", None)
    return values


def _load_country(
    report: LoadReport, sources: dict[str, Source], position: int, data: CountryData
) -> HelplineCountry:
    country = upsert(
        report,
        HelplineCountry,
        {"locale": data.locale, "code": data.code},
        {
            "name": data.name,
            "emergency": data.emergency,
            "emergency_source": sources.get(data.emergency_source),
            "position": position,
            "missing": data.missing,
        },
    )
    sync(
        report,
        country.lines.all(),
        data.lines,
        lambda line_position, line: upsert(
            report,
            Helpline,
            {"country": country, "position": line_position},
            _values(line, source=sources[line.source]),
        ),
    )
    return country


def _load_track(
    report: LoadReport, data: TrackData, versions: list[Translated]
) -> list[int]:
    """Write the track and everything in it; return the lessons whose sections
    changed, whose learners' progress needs a recount."""
    track = upsert(
        report,
        Track,
        {"slug": data.slug},
        {
            "title": data.title,
            "audience": data.audience,
            "summary": data.summary,
            "position": data.position,
            "leaflet": data.leaflet,
            **localized(versions, "title", "summary", "leaflet"),
        },
    )
    # Scenarios and myth-or-fact sets are rows per locale, under the one track.
    for version in (v.data for v in versions if v.data is not None):
        for model, items in (
            (Scenario, version.scenarios),
            (MythFactSet, version.mythfacts),
        ):
            for item in items:
                upsert(
                    report,
                    model,
                    {"locale": version.locale, "slug": item.slug},
                    _values(item, track=track),
                )
    check, _ = Quiz.objects.get_or_create(kind=Quiz.Kind.KNOWLEDGE_CHECK, track=track)
    _load_questions(report, check, data.questions, versions)
    return [
        lesson.pk
        for lesson, sections_changed in (
            _load_lesson(
                report,
                track,
                lesson_data,
                counterparts(versions, "lessons", lesson_data.slug),
            )
            for lesson_data in data.lessons
        )
        if sections_changed
    ]


def _load_lesson(
    report: LoadReport, track: Track, data: LessonData, versions: list[Translated]
) -> tuple[Lesson, bool]:
    """Write the lesson, its sections and its quiz; say whether the set of its
    sections changed."""
    lesson = upsert(
        report,
        Lesson,
        {"slug": data.slug},
        {
            "track": track,
            "title": data.title,
            "summary": data.summary,
            "minutes": data.minutes,
            "position": data.position,
            "objectives": data.objectives,
            "is_published": True,
            "section_count": len(data.sections),
            "facilitator": data.facilitator,
            **localized(versions, "title", "summary", "objectives", "facilitator"),
        },
    )
    before = set(lesson.sections.values_list("slug", flat=True))
    sync(
        report,
        lesson.sections.all(),
        data.sections,
        lambda position, section: upsert(
            report,
            Section,
            {"lesson": lesson, "slug": section.slug},
            {
                "title": section.title,
                "position": position,
                "blocks": section.blocks,
                **localized(
                    counterparts(versions, "sections", section.slug), "title", "blocks"
                ),
            },
        ),
    )
    quiz, _ = Quiz.objects.get_or_create(kind=Quiz.Kind.LESSON, lesson=lesson)
    _load_questions(report, quiz, data.questions, versions)
    return lesson, before != {s.slug for s in data.sections}


def _load_questions(
    report: LoadReport,
    quiz: Quiz,
    questions: list[QuestionData],
    versions: list[Translated],
) -> None:
    """Write a quiz's questions; `versions` are the track's or lesson's version in
    each language, which hold the same questions."""
    sync(
        report,
        quiz.questions.all(),
        questions,
        lambda position, data: _load_question(
            report, quiz, position, data, counterparts(versions, "questions", data.slug)
        ),
    )


def _load_question(
    report: LoadReport,
    quiz: Quiz,
    position: int,
    data: QuestionData,
    versions: list[Translated],
) -> Question:
    question = upsert(
        report,
        Question,
        {"quiz": quiz, "slug": data.slug},
        {
            "type": data.type,
            "situation": data.situation,
            "prompt": data.prompt,
            "objective": data.objective,
            "position": position,
            "revision": question_revision(
                type=data.type,
                situation=data.situation,
                prompt=data.prompt,
                options=((o.slug, o.text, o.is_correct) for o in data.options),
            ),
            **localized(versions, "situation", "prompt"),
        },
    )
    sync(
        report,
        question.options.all(),
        data.options,
        lambda option_position, option: upsert(
            report,
            Option,
            {"question": question, "slug": option.slug},
            {
                "text": option.text,
                "is_correct": option.is_correct,
                "explanation_html": option.explanation_html,
                "position": option_position,
                **localized(
                    counterparts(versions, "options", option.slug),
                    "text",
                    "explanation_html",
                ),
            },
        ),
    )
    return question


def _unpublish_missing(report: LoadReport, tracks: list[TrackData]) -> None:
    """Unpublish, never delete, the lessons whose files are gone: their learners
    keep their progress and certificates."""
    loaded = {lesson.slug for t in tracks for lesson in t.lessons}
    for lesson in Lesson.objects.filter(is_published=True):
        if lesson.slug not in loaded:
            lesson.is_published = False
            lesson.save(update_fields=["is_published"])
            report.count(report.updated, "lesson")
