"""Reads for the lesson player: each returns rows with what the page needs, in a
fixed number of queries whatever the number of lessons, sections or learners."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from accounts.models import User
from lessons import content_cache
from lessons.models import (
    Certificate,
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
from lessons.quizzes import Opening

DEFAULT_LOCALE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def content_locale() -> str:
    """The locale of the scenarios, myth-or-fact sets and help lines to show: the
    active language (tracks, lessons and quizzes follow it by themselves)."""
    language = (get_language() or DEFAULT_LOCALE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else DEFAULT_LOCALE


def tracks_list() -> QuerySet[Track]:
    return Track.objects.annotate(
        lesson_count=Count("lessons", filter=Q(lessons__is_published=True)),
    ).order_by("position")


def tracks_held() -> list[Track]:
    """The tracks in order, held in memory until the content changes (their titles
    read the active language when shown)."""
    return content_cache.held(
        ("tracks",), lambda: list(Track.objects.order_by("position"))
    )


def track_get(*, slug: str) -> Track:
    try:
        return Track.objects.get(slug=slug)
    except Track.DoesNotExist:
        raise Http404("No such track") from None


def lessons_of_track(*, track: Track) -> QuerySet[Lesson]:
    return track.lessons.filter(is_published=True).order_by("position")


def sections_of_track(*, track: Track) -> QuerySet[Section]:
    """The sections of a track's published lessons in reading order, with their
    lesson's slug (for their addresses): one query however many lessons."""
    return (
        Section.objects.filter(lesson__track=track, lesson__is_published=True)
        .select_related("lesson")
        .only("slug", "lesson__slug")
        .order_by("lesson__position", "position")
    )


def progress_by_lesson(
    *, learner: User, lessons: list[Lesson]
) -> dict[int, LessonProgress]:
    if not learner.is_authenticated or not lessons:
        return {}
    rows = LessonProgress.objects.filter(learner=learner, lesson__in=lessons)
    return {row.lesson_id: row for row in rows}


def lesson_get(*, slug: str) -> Lesson:
    """A published lesson with its track and its sections (titles and slugs only);
    held in memory until the content changes (lessons.content_cache). The same
    objects serve every language: their translated fields read the active one."""

    def fetch() -> Lesson | None:
        sections = Section.objects.only("id", "lesson_id", "slug", "title", "position")
        return (
            Lesson.objects.select_related("track")
            .prefetch_related(Prefetch("sections", queryset=sections))
            .filter(slug=slug, is_published=True)
            .first()
        )

    lesson = content_cache.held(("lesson", slug), fetch)
    if lesson is None:
        raise Http404("No such lesson")
    return lesson


def section_get(*, lesson: Lesson, slug: str) -> Section:
    """A section of the lesson with its text, held in memory like the lesson."""

    def fetch() -> Section | None:
        section = Section.objects.filter(lesson=lesson, slug=slug).first()
        if section is not None:
            section.lesson = lesson  # already fetched, with its track
        return section

    section = content_cache.held(("section", lesson.pk, slug), fetch)
    if section is None:
        raise Http404("No such section")
    return section


def sections_viewed(*, learner: User, lesson: Lesson) -> set[int]:
    if not learner.is_authenticated:
        return set()
    return set(
        SectionView.objects.filter(learner=learner, section__lesson=lesson).values_list(
            "section_id", flat=True
        )
    )


def embeds_for(*, locale: str, section: Section) -> tuple[dict, dict]:
    """The scenarios and myth-or-fact sets a section embeds, by slug."""
    return content_cache.held(
        ("embeds", locale, section.pk), lambda: _embeds_for(locale, section)
    )


def _embeds_for(locale: str, section: Section) -> tuple[dict, dict]:
    wanted = {"scenario": [], "mythfact": []}
    for block in section.blocks:
        for kind in wanted:
            if kind in block:
                wanted[kind].append(block[kind])
    scenarios = (
        {
            s.slug: s
            for s in Scenario.objects.filter(locale=locale, slug__in=wanted["scenario"])
        }
        if wanted["scenario"]
        else {}
    )
    mythfacts = (
        {
            m.slug: m
            for m in MythFactSet.objects.filter(
                locale=locale, slug__in=wanted["mythfact"]
            )
        }
        if wanted["mythfact"]
        else {}
    )
    return scenarios, mythfacts


def sources_list() -> QuerySet[Source]:
    return Source.objects.order_by("number")


def quiz_with_questions(*, lesson: Lesson | None = None, track: Track | None = None):
    """A lesson's quiz or a track's knowledge check, with questions and options;
    held in memory until the content changes."""

    def fetch() -> Quiz | None:
        options = Prefetch("options", queryset=Option.objects.order_by("position"))
        questions = Prefetch(
            "questions",
            queryset=Question.objects.order_by("position").prefetch_related(options),
        )
        quizzes = Quiz.objects.prefetch_related(questions)
        if lesson is not None:
            return quizzes.filter(lesson=lesson).first()
        return quizzes.filter(track=track).first()

    key = ("quiz", lesson.pk if lesson else None, track.pk if track else None)
    quiz = content_cache.held(key, fetch)
    if quiz is None:
        raise Http404("No quiz")
    return quiz


def attempt_of_learner(*, learner: User, token: str) -> QuizAttempt:
    """A submitted attempt of this learner (another's is a 404: no hint it exists)."""
    try:
        return QuizAttempt.objects.select_related(
            "quiz__lesson__track", "quiz__track"
        ).get(learner=learner, token=token, submitted_at__isnull=False)
    except QuizAttempt.DoesNotExist:
        raise Http404("No such result") from None


def check_attempt(*, learner: User, quiz: Quiz, phase: str) -> QuizAttempt | None:
    """The learner's attempt at a knowledge check in this phase, if sent."""
    return quiz.attempts.filter(learner=learner, phase=phase).first()


def attempt_sent(*, learner: User, opening: Opening) -> QuizAttempt | None:
    """The attempt written for a form that was sent again: the one with its token,
    or for a knowledge check the one of its phase (sent from another tab)."""
    attempts = QuizAttempt.objects.filter(learner=learner, quiz_id=opening.quiz)
    if opening.phase == QuizAttempt.Phase.LESSON:
        return attempts.filter(token=opening.token).first()
    return attempts.filter(phase=opening.phase).first()


def knowledge_check_attempts(*, learner: User, track: Track) -> dict[str, QuizAttempt]:
    """The learner's pre and post attempts at the track's check, by phase."""
    if not learner.is_authenticated:
        return {}
    rows = QuizAttempt.objects.filter(
        learner=learner,
        quiz__track=track,
        phase__in=[QuizAttempt.Phase.PRE, QuizAttempt.Phase.POST],
    )
    return {row.phase: row for row in rows}


def certificate_of_learner(*, learner: User, code: str) -> Certificate:
    try:
        return Certificate.objects.select_related("track").get(
            learner=learner, code=code
        )
    except Certificate.DoesNotExist:
        raise Http404("No such certificate") from None


def certificate_for_track(*, learner: User, track: Track) -> Certificate | None:
    if not learner.is_authenticated:
        return None
    return Certificate.objects.filter(learner=learner, track=track).first()


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate with this (normalised) code, for the public check."""
    return Certificate.objects.select_related("track").filter(code=code).first()


def track_lessons(*, track: Track) -> list[Lesson]:
    """The track's published lessons in order, held in memory like the lessons."""
    return content_cache.held(
        ("track-lessons", track.pk), lambda: list(lessons_of_track(track=track))
    )


@dataclass
class NextStep:
    """Where a learner goes on from a quiz result: a lesson, or the certificate."""

    # The lesson to go on with, and how it stands to the one just taken:
    # "next" (after it in the track, or the first for a knowledge check), "earlier"
    # (left unfinished before it) or "this" (the quiz is passed, some of it unread).
    lesson: Lesson | None
    kind: str
    # The learner's certificate once every lesson is complete (signed in only).
    certificate: Certificate | None
    # Lessons of the track completed, and in all (0 of n for a visitor).
    completed: int
    total: int


def next_step(*, learner: User, track: Track, after: Lesson | None) -> NextStep:
    """The next step of the track after a quiz on `after` (None: a knowledge check).

    Signed in: the first lesson not yet completed, looking at those after `after`
    first, then those before it, then `after` itself; none left, the certificate.
    A visitor (nothing is stored): simply the lesson after `after` in order.
    At most two queries (progress, and the certificate once all are complete)."""
    lessons = track_lessons(track=track)
    position = next(
        (i for i, x in enumerate(lessons) if x.pk == getattr(after, "pk", None)), -1
    )
    later = lessons[position + 1 :]
    if not learner.is_authenticated:
        return NextStep(
            lesson=later[0] if later else None,
            kind="next",
            certificate=None,
            completed=0,
            total=len(lessons),
        )
    progress = progress_by_lesson(learner=learner, lessons=lessons)
    done = {
        pk
        for pk, row in progress.items()
        if row.status == LessonProgress.Status.COMPLETED
    }
    candidates = [(x, "next") for x in later]
    if position >= 0:
        candidates += [(x, "earlier") for x in lessons[:position]]
        candidates.append((lessons[position], "this"))
    lesson, kind = next(((x, k) for x, k in candidates if x.pk not in done), (None, ""))
    certificate = None
    if lesson is None and lessons:
        certificate = certificate_for_track(learner=learner, track=track)
    return NextStep(
        lesson=lesson,
        kind=kind,
        certificate=certificate,
        completed=len(done),
        total=len(lessons),
    )
