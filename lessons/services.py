"""Writes to lessons: loading content, recording progress. Each one atomic."""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from lessons.content_files import Bundle, QuestionData
from lessons.models import (
    Helpline,
    HelplineCountry,
    Lesson,
    LessonProgress,
    MythFactSet,
    Option,
    Question,
    Quiz,
    Scenario,
    Section,
    SectionView,
    Source,
    Track,
)


@dataclass
class LoadReport:
    """What a load changed, by kind of row: {'lesson': 3, ...}."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], kind: str, n: int = 1) -> None:
        if n:
            bucket[kind] = bucket.get(kind, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def _upsert(
    report: LoadReport,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
) -> models.Model:
    """Create the row, or update only the fields whose value changed."""
    kind = model._meta.model_name
    try:
        obj = model.objects.get(**lookup)
    except model.DoesNotExist:
        report.count(report.created, kind)
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(report.updated, kind)
    return obj


def _remove_others(
    report: LoadReport, queryset: models.QuerySet, keep: list[int]
) -> None:
    stale = queryset.exclude(pk__in=keep)
    n = stale.count()
    if n:
        report.count(report.removed, queryset.model._meta.model_name, n)
        stale.delete()


def _load_questions(
    report: LoadReport, quiz: Quiz, questions: list[QuestionData]
) -> None:
    kept = []
    for position, data in enumerate(questions, start=1):
        question = _upsert(
            report,
            Question,
            {"quiz": quiz, "slug": data.slug},
            {
                "type": data.type,
                "situation": data.situation,
                "prompt": data.prompt,
                "objective": data.objective,
                "position": position,
            },
        )
        kept.append(question.pk)
        kept_options = []
        for option_position, option in enumerate(data.options, start=1):
            kept_options.append(
                _upsert(
                    report,
                    Option,
                    {"question": question, "slug": option.slug},
                    {
                        "text": option.text,
                        "is_correct": option.is_correct,
                        "explanation_html": option.explanation_html,
                        "position": option_position,
                    },
                ).pk
            )
        _remove_others(report, question.options.all(), kept_options)
    _remove_others(report, quiz.questions.all(), kept)


@transaction.atomic
def content_load(*, bundle: Bundle) -> LoadReport:
    """Write validated content to the database, matching every row by its slug.

    Running it twice changes nothing. A lesson whose file is gone is unpublished, not
    deleted, so learners keep their progress; a removed section goes with its views,
    and the progress of the lessons whose sections changed is recounted.
    """
    if bundle.problems:
        raise ValueError("content with problems cannot be loaded; run --check")
    report = LoadReport()

    sources = {}
    # Numbers are unique: move every row out of the way before renumbering.
    current = dict(Source.objects.values_list("slug", "number"))
    if any(current.get(s.slug, s.number) != s.number for s in bundle.sources):
        Source.objects.update(number=models.F("number") + 100000)
    for data in bundle.sources:
        sources[data.slug] = _upsert(
            report,
            Source,
            {"slug": data.slug},
            {
                "number": data.number,
                "organisation": data.organisation,
                "title": data.title,
                "year": data.year,
                "url": data.url,
                "certainty": data.certainty,
                "note": data.note,
            },
        )

    for locale in sorted({c.locale for c in bundle.countries}):
        kept_countries = []
        for position, data in enumerate(
            (c for c in bundle.countries if c.locale == locale), start=1
        ):
            country = _upsert(
                report,
                HelplineCountry,
                {"locale": locale, "code": data.code},
                {
                    "name": data.name,
                    "emergency": data.emergency,
                    "emergency_source": sources.get(data.emergency_source),
                    "position": position,
                },
            )
            kept_countries.append(country.pk)
            kept_lines = []
            for line_position, line in enumerate(data.lines, start=1):
                kept_lines.append(
                    _upsert(
                        report,
                        Helpline,
                        {"country": country, "position": line_position},
                        {
                            "name": line.name,
                            "audience": line.audience,
                            "description": line.description,
                            "url": line.url,
                            "phone": line.phone,
                            "text": line.text,
                            "hours": line.hours,
                            "note": line.note,
                            "source": sources[line.source],
                        },
                    ).pk
                )
            _remove_others(report, country.lines.all(), kept_lines)
        _remove_others(
            report, HelplineCountry.objects.filter(locale=locale), kept_countries
        )

    changed_lessons: list[int] = []
    for track_data in bundle.tracks:
        track = _upsert(
            report,
            Track,
            {"locale": track_data.locale, "slug": track_data.slug},
            {
                "title": track_data.title,
                "audience": track_data.audience,
                "summary": track_data.summary,
                "position": track_data.position,
            },
        )
        for kind, model, items in (
            ("scenario", Scenario, track_data.scenarios),
            ("mythfact", MythFactSet, track_data.mythfacts),
        ):
            for item in items:
                values: dict[str, Any] = {"track": track, "title": item.title}
                if kind == "scenario":
                    values.update(
                        intro=item.intro,
                        start=item.start,
                        steps=item.steps,
                        debrief_html=item.debrief_html,
                    )
                else:
                    values.update(cards=item.cards)
                _upsert(
                    report,
                    model,
                    {"locale": track_data.locale, "slug": item.slug},
                    values,
                )
        check, _ = Quiz.objects.get_or_create(
            kind=Quiz.Kind.KNOWLEDGE_CHECK, track=track
        )
        _load_questions(report, check, track_data.questions)

        for lesson_data in track_data.lessons:
            lesson = _upsert(
                report,
                Lesson,
                {"locale": track_data.locale, "slug": lesson_data.slug},
                {
                    "track": track,
                    "title": lesson_data.title,
                    "summary": lesson_data.summary,
                    "minutes": lesson_data.minutes,
                    "position": lesson_data.position,
                    "objectives": lesson_data.objectives,
                    "is_published": True,
                    "section_count": len(lesson_data.sections),
                },
            )
            before = set(lesson.sections.values_list("slug", flat=True))
            kept_sections = []
            for position, section_data in enumerate(lesson_data.sections, start=1):
                kept_sections.append(
                    _upsert(
                        report,
                        Section,
                        {"lesson": lesson, "slug": section_data.slug},
                        {
                            "title": section_data.title,
                            "position": position,
                            "blocks": section_data.blocks,
                        },
                    ).pk
                )
            _remove_others(report, lesson.sections.all(), kept_sections)
            if before != {s.slug for s in lesson_data.sections}:
                changed_lessons.append(lesson.pk)
            quiz, _ = Quiz.objects.get_or_create(kind=Quiz.Kind.LESSON, lesson=lesson)
            _load_questions(report, quiz, lesson_data.questions)

    loaded = [(t.locale, lesson.slug) for t in bundle.tracks for lesson in t.lessons]
    for lesson in Lesson.objects.filter(is_published=True):
        if (lesson.locale, lesson.slug) not in loaded:
            lesson.is_published = False
            lesson.save(update_fields=["is_published"])
            report.count(report.updated, "lesson")
    if changed_lessons:
        progress_recount(lesson_ids=changed_lessons)
    _remove_others(report, Source.objects.all(), [s.pk for s in sources.values()])
    return report


def progress_recount(*, lesson_ids: list[int]) -> None:
    """Recount sections viewed and percent of every learner of these lessons, in SQL."""
    viewed = (
        SectionView.objects.filter(
            learner=OuterRef("learner"), section__lesson=OuterRef("lesson")
        )
        .values("section__lesson")
        .annotate(n=Count("pk"))
        .values("n")
    )
    progress = LessonProgress.objects.filter(lesson_id__in=lesson_ids)
    progress.update(sections_viewed=Coalesce(Subquery(viewed), 0))
    for lesson in Lesson.objects.filter(pk__in=lesson_ids).only("pk", "section_count"):
        total = max(lesson.section_count, 1)
        rows = LessonProgress.objects.filter(lesson=lesson)
        rows.update(percent=models.F("sections_viewed") * 100 / total)
        rows.filter(sections_viewed__gte=total).exclude(
            status=LessonProgress.Status.COMPLETED
        ).update(status=LessonProgress.Status.COMPLETED, completed_at=timezone.now())


@transaction.atomic
def section_view_record(*, learner: User, section: Section) -> LessonProgress:
    """Record that a learner saw a section, and bring their lesson progress up to date.

    Safe to repeat and to race (a refresh, two tabs): the view row is unique per
    learner and section, and the summary row, unique per learner and lesson, is
    locked before the views are counted, so concurrent views never lose a count.
    """
    lesson = section.lesson
    SectionView.objects.bulk_create(
        [SectionView(learner=learner, section=section)], ignore_conflicts=True
    )
    try:
        with transaction.atomic():
            progress, _ = LessonProgress.objects.select_for_update().get_or_create(
                learner=learner, lesson=lesson, defaults={"last_section": section.slug}
            )
    except IntegrityError:  # created by a concurrent request a moment ago
        progress = LessonProgress.objects.select_for_update().get(
            learner=learner, lesson=lesson
        )
    viewed = SectionView.objects.filter(learner=learner, section__lesson=lesson).count()
    total = max(lesson.section_count, 1)
    progress.sections_viewed = viewed
    progress.percent = min(100, viewed * 100 // total)
    progress.last_section = section.slug
    fields = ["sections_viewed", "percent", "last_section", "updated_at"]
    if viewed >= total and progress.status != LessonProgress.Status.COMPLETED:
        progress.status = LessonProgress.Status.COMPLETED
        progress.completed_at = timezone.now()
        fields += ["status", "completed_at"]
    progress.save(update_fields=fields)
    return progress
