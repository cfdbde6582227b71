"""Writes to lessons: loading content, recording progress. Each one atomic."""

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from elearning.codes import random_code
from lessons import content_cache
from lessons.content_files import Bundle, QuestionData
from lessons.models import (
    AttemptAnswer,
    Certificate,
    Helpline,
    HelplineCountry,
    Lesson,
    LessonProgress,
    MythFactSet,
    Option,
    Question,
    Quiz,
    QuizAttempt,
    Scenario,
    Section,
    SectionView,
    Source,
    Track,
)
from lessons.quizzes import Grade, grade
from schools import summaries


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
    # This process forgets the content it held now; every process, once committed.
    content_cache.forget()
    transaction.on_commit(content_cache.content_changed)
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
        rows.filter(sections_viewed__gte=total, quiz_passed_at__isnull=False).exclude(
            status=LessonProgress.Status.COMPLETED
        ).update(status=LessonProgress.Status.COMPLETED, completed_at=timezone.now())
    summaries.schools_recount()  # content changes are rare: every school, in full


def section_view_record(*, learner: User, section: Section) -> LessonProgress:
    """Record that a learner saw a section, and bring their lesson progress up to date.

    A section seen before changes only where the learner is in the lesson: two
    reads and at most two small writes, no transaction. A first view goes through
    `_section_first_view`.
    """
    lesson = section.lesson
    progress = LessonProgress.objects.filter(learner=learner, lesson=lesson).first()
    if (
        progress is None
        or not SectionView.objects.filter(learner=learner, section=section).exists()
    ):
        return _section_first_view(learner=learner, section=section)
    progress.lesson = lesson  # already fetched
    if progress.last_section != section.slug:
        progress.last_section = section.slug
        progress.save(update_fields=["last_section", "updated_at"])
    summaries.activity_record(learner=learner)
    return progress


@transaction.atomic
def _section_first_view(*, learner: User, section: Section) -> LessonProgress:
    """Safe to repeat and to race (a refresh, two tabs): the view row is unique per
    learner and section, and the summary row, unique per learner and lesson, is
    locked before the views are counted, so concurrent views never lose a count."""
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
    progress.lesson = lesson  # already fetched
    viewed = SectionView.objects.filter(learner=learner, section__lesson=lesson).count()
    total = max(lesson.section_count, 1)
    progress.sections_viewed = viewed
    progress.percent = min(100, viewed * 100 // total)
    progress.last_section = section.slug
    fields = ["sections_viewed", "percent", "last_section", "updated_at"]
    fields += _complete_if_done(progress)
    progress.save(update_fields=fields)
    summaries.activity_record(learner=learner)
    if "status" in fields:
        summaries.lesson_completed(learner=learner, lesson=lesson)
        certificate_issue_if_complete(learner=learner, track=lesson.track)
    return progress


def _complete_if_done(progress: LessonProgress) -> list[str]:
    """Mark the lesson completed once every section was viewed and its quiz passed;
    return the fields changed. A completed lesson stays completed."""
    if progress.status == LessonProgress.Status.COMPLETED:
        return []
    if (
        progress.sections_viewed >= progress.lesson.section_count
        and progress.quiz_passed_at is not None
    ):
        progress.status = LessonProgress.Status.COMPLETED
        progress.completed_at = timezone.now()
        return ["status", "completed_at"]
    return []


def _certificate_code() -> str:
    """Twelve unambiguous letters and digits (25^12, about 6 x 10^16 codes), shown
    in groups of four: unguessable, and easy to read out or type."""
    raw = random_code(12)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def certificate_issue_if_complete(*, learner: User, track: Track) -> Certificate | None:
    """Issue the track's certificate (once) when every published lesson is complete."""
    lessons = track.lessons.filter(is_published=True)
    done = LessonProgress.objects.filter(
        learner=learner,
        lesson__in=lessons,
        status=LessonProgress.Status.COMPLETED,
    ).count()
    if done < lessons.count() or done == 0:
        return None
    existing = Certificate.objects.filter(learner=learner, track=track).first()
    if existing:
        return existing
    for _ in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    learner=learner,
                    track=track,
                    code=_certificate_code(),
                    name=learner.display_name or learner.username,
                )
        except IntegrityError:
            # Issued by a concurrent request, or (never yet seen) a code collision.
            existing = Certificate.objects.filter(learner=learner, track=track).first()
            if existing:
                return existing
    raise RuntimeError("could not issue a unique certificate code")


class AttemptAlreadySubmitted(Exception):
    """The attempt was graded before: a double click, a resubmitted form, a 2nd tab."""


def quiz_attempt_open(*, learner: User, quiz: Quiz, phase: str) -> QuizAttempt:
    """The learner's open attempt at this quiz, or a new one. A knowledge check has
    one attempt per phase, which may already be submitted."""
    if phase in (QuizAttempt.Phase.PRE, QuizAttempt.Phase.POST):
        try:
            with transaction.atomic():
                attempt, _ = QuizAttempt.objects.get_or_create(
                    learner=learner,
                    quiz=quiz,
                    phase=phase,
                    defaults={
                        "token": secrets.token_urlsafe(16),
                        "seed": secrets.randbelow(2**31),
                    },
                )
        except IntegrityError:  # opened by a concurrent request
            attempt = QuizAttempt.objects.get(learner=learner, quiz=quiz, phase=phase)
        return attempt
    attempt = (
        QuizAttempt.objects.filter(
            learner=learner, quiz=quiz, phase=phase, submitted_at__isnull=True
        )
        .order_by("-started_at")
        .first()
    )
    return attempt or QuizAttempt.objects.create(
        learner=learner,
        quiz=quiz,
        phase=phase,
        token=secrets.token_urlsafe(16),
        seed=secrets.randbelow(2**31),
    )


@transaction.atomic
def quiz_attempt_submit(
    *, attempt: QuizAttempt, questions: list[Question], chosen: dict[int, set[int]]
) -> Grade:
    """Grade an attempt exactly once, keep every answer, and update the lesson.

    The attempt is claimed with a conditional UPDATE, so of two simultaneous
    submissions one grades it and the other gets AttemptAlreadySubmitted.
    """
    now = timezone.now()
    claimed = QuizAttempt.objects.filter(
        pk=attempt.pk, submitted_at__isnull=True
    ).update(submitted_at=now)
    if not claimed:
        raise AttemptAlreadySubmitted
    result = grade(questions, chosen, attempt.seed)
    slugs = {o.pk: o.slug for q in questions for o in q.options.all()}
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(
            attempt=attempt,
            question=r.question,
            selected=sorted(slugs[pk] for pk in r.chosen),
            is_correct=r.is_correct,
        )
        for r in result.results
    )
    attempt.submitted_at = now
    attempt.correct, attempt.total = result.correct, result.total
    attempt.score, attempt.passed = result.score, result.passed
    attempt.save(update_fields=["correct", "total", "score", "passed"])
    if attempt.phase == QuizAttempt.Phase.LESSON:
        _lesson_quiz_recorded(attempt)
    return result


def _lesson_quiz_recorded(attempt: QuizAttempt) -> None:
    """Keep the best score on the lesson's progress; passing may complete it."""
    lesson = attempt.quiz.lesson
    try:
        with transaction.atomic():
            progress, _ = LessonProgress.objects.select_for_update().get_or_create(
                learner=attempt.learner, lesson=lesson
            )
    except IntegrityError:
        progress = LessonProgress.objects.select_for_update().get(
            learner=attempt.learner, lesson=lesson
        )
    progress.lesson = lesson
    fields = []
    if progress.best_score is None or attempt.score > progress.best_score:
        progress.best_score = attempt.score
        fields.append("best_score")
    if attempt.passed and progress.quiz_passed_at is None:
        progress.quiz_passed_at = attempt.submitted_at
        fields.append("quiz_passed_at")
    fields += _complete_if_done(progress)
    if fields:
        progress.save(update_fields=[*fields, "updated_at"])
        summaries.activity_record(learner=attempt.learner)
    if "status" in fields:
        summaries.lesson_completed(learner=attempt.learner, lesson=lesson)
        certificate_issue_if_complete(learner=attempt.learner, track=lesson.track)
