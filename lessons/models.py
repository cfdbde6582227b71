"""Content (loaded from files by `load_content`) and learners' progress through it.

Content rows are matched by slug on every load, so editing a lesson and reloading keeps
every learner's progress. Progress is kept in two layers: one row per learner and
section viewed, and one summary row per learner and lesson.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from elearning.models import TimeStampedModel


class Source(models.Model):
    """A public source that lessons cite as [@slug]."""

    class Certainty(models.TextChoices):
        VERIFIED = "verified", _("Seen at the source")
        SECONDARY = "secondary", _("Reported by a secondary source")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    number = models.PositiveIntegerField(_("number"), unique=True)
    organisation = models.CharField(_("organisation"), max_length=300)
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveSmallIntegerField(_("year"))
    url = models.URLField(_("URL"), max_length=500)
    certainty = models.CharField(
        _("certainty"), max_length=16, choices=Certainty.choices
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"[{self.number}] {self.organisation}: {self.title} ({self.year})"


class Track(models.Model):
    class Audience(models.TextChoices):
        PARENTS = "parents", _("Parents and carers")
        STAFF = "staff", _("School staff")
        STUDENTS = "students", _("Students")

    locale = models.CharField(_("locale"), max_length=10, default="en")
    slug = models.SlugField(_("slug"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    summary = models.TextField(_("summary"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="lessons_track_unique_locale_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:track", args=[self.slug])


class Lesson(models.Model):
    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.CASCADE, related_name="lessons"
    )
    locale = models.CharField(_("locale"), max_length=10, default="en")
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    minutes = models.PositiveSmallIntegerField(_("estimated minutes"))
    position = models.PositiveSmallIntegerField(_("position"))
    # [{"id": ..., "text": ..., "covers": [...]}]: tagged learning objectives.
    objectives = models.JSONField(_("learning objectives"), default=list)
    # A lesson whose file was removed is unpublished, never deleted: progress stays.
    is_published = models.BooleanField(_("published"), default=True)
    section_count = models.PositiveSmallIntegerField(_("number of sections"))

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["track__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="lessons_lesson_unique_locale_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson", args=[self.slug])


class Section(models.Model):
    lesson = models.ForeignKey(
        Lesson,
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"))
    # [{"html": "..."} | {"scenario": slug} | {"mythfact": slug}], rendered at load.
    blocks = models.JSONField(_("content blocks"), default=list)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "slug"], name="lessons_section_unique_lesson_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:section", args=[self.lesson.slug, self.slug])


class Scenario(models.Model):
    """A simulated chat: steps with messages and choices, ending in a debrief."""

    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        on_delete=models.CASCADE,
        related_name="scenarios",
    )
    locale = models.CharField(_("locale"), max_length=10, default="en")
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"))
    start = models.SlugField(_("first step"), max_length=80)
    # {step: {"messages": [...], "choices": [...]} | {"ending": ..., "text": ...}}
    steps = models.JSONField(_("steps"))
    debrief_html = models.TextField(_("debrief"))

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="lessons_scenario_unique_locale_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MythFactSet(models.Model):
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        on_delete=models.CASCADE,
        related_name="mythfact_sets",
    )
    locale = models.CharField(_("locale"), max_length=10, default="en")
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    # [{"id", "statement", "answer": "myth"|"fact", "explanation_html"}]
    cards = models.JSONField(_("cards"))

    class Meta:
        verbose_name = _("myth-or-fact set")
        verbose_name_plural = _("myth-or-fact sets")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="lessons_mythfact_unique_locale_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Quiz(models.Model):
    """A lesson's quiz, or a track's knowledge check (the same before and after)."""

    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson quiz")
        KNOWLEDGE_CHECK = "knowledge_check", _("Knowledge check")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    lesson = models.OneToOneField(
        Lesson,
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="quiz",
        null=True,
        blank=True,
    )
    track = models.OneToOneField(
        Track,
        verbose_name=_("track"),
        on_delete=models.CASCADE,
        related_name="knowledge_check",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="lesson", lesson__isnull=False, track__isnull=True)
                    | models.Q(
                        kind="knowledge_check", lesson__isnull=True, track__isnull=False
                    )
                ),
                name="lessons_quiz_belongs_to_lesson_or_track",
            ),
        ]

    def __str__(self) -> str:
        return str(self.lesson or self.track)


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "truefalse", _("True or false")
        SCENARIO = "scenario", _("Scenario")

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="questions"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    situation = models.TextField(_("situation"), blank=True)
    prompt = models.TextField(_("prompt"))
    # "<lesson-slug>/<objective-id>" for knowledge-check questions.
    objective = models.CharField(_("objective"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "slug"], name="lessons_question_unique_quiz_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.prompt


class Option(models.Model):
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="options",
    )
    slug = models.SlugField(_("slug"), max_length=40)
    text = models.TextField(_("text"))
    is_correct = models.BooleanField(_("correct"))
    explanation_html = models.TextField(_("explanation"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "slug"], name="lessons_option_unique_question_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class HelplineCountry(models.Model):
    locale = models.CharField(_("locale"), max_length=10, default="en")
    code = models.CharField(_("country code"), max_length=2)
    name = models.CharField(_("name"), max_length=100)
    emergency = models.CharField(_("emergency number"), max_length=40)
    emergency_source = models.ForeignKey(
        Source,
        verbose_name=_("source of the emergency number"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("helpline country")
        verbose_name_plural = _("helpline countries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "code"], name="lessons_country_unique_locale_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Helpline(models.Model):
    country = models.ForeignKey(
        HelplineCountry,
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(_("who it is for"), max_length=300)
    description = models.TextField(_("description"))
    url = models.URLField(_("web address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    text = models.CharField(_("text message"), max_length=200, blank=True)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("helpline")
        verbose_name_plural = _("helplines")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class LessonProgress(TimeStampedModel):
    """One learner's place in one lesson: the summary that pages and reports read."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        Lesson,
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS
    )
    sections_viewed = models.PositiveSmallIntegerField(_("sections viewed"), default=0)
    percent = models.PositiveSmallIntegerField(_("percent"), default=0)
    last_section = models.SlugField(_("last section viewed"), max_length=80, blank=True)
    best_score = models.PositiveSmallIntegerField(
        _("best quiz score (percent)"), null=True, blank=True
    )
    quiz_passed_at = models.DateTimeField(_("quiz passed at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"],
                name="lessons_progress_unique_learner_lesson",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100),
                name="lessons_progress_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.lesson}: {self.percent}%"


class SectionView(models.Model):
    """A learner has seen a section (once; the first time is kept)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="section_views",
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="views",
    )
    viewed_at = models.DateTimeField(_("first viewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("section view")
        verbose_name_plural = _("section views")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "section"],
                name="lessons_sectionview_unique_learner_section",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} saw {self.section}"


class QuizAttempt(models.Model):
    """One sitting of a quiz by a signed-in learner: opened when the quiz is shown,
    graded once when submitted. Its token is the form's key, so a double click, a
    resubmitted form or a second tab can never grade it twice."""

    class Phase(models.TextChoices):
        LESSON = "lesson", _("Lesson quiz")
        PRE = "pre", _("Knowledge check before the track")
        POST = "post", _("Knowledge check after the track")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    phase = models.CharField(_("phase"), max_length=8, choices=Phase.choices)
    token = models.CharField(_("token"), max_length=32, unique=True)
    # Seeds the order of the options, so it stays the same for this attempt.
    seed = models.PositiveIntegerField(_("option order seed"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    correct = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    total = models.PositiveSmallIntegerField(_("questions"), default=0)
    score = models.PositiveSmallIntegerField(
        _("score (percent)"), null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            # The knowledge check is taken once before and once after a track.
            models.UniqueConstraint(
                fields=["learner", "quiz", "phase"],
                condition=models.Q(phase__in=["pre", "post"]),
                name="lessons_attempt_unique_learner_check_phase",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="lessons_attempt_score_at_most_100",
            ),
        ]
        indexes = [
            # The learner's attempts at a quiz, newest first (quiz page, best score).
            models.Index(
                fields=["learner", "quiz", "-started_at"],
                name="lessons_attempt_learner_quiz",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.quiz} ({self.get_phase_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class AttemptAnswer(models.Model):
    """What the learner chose for one question of an attempt, kept as submitted."""

    attempt = models.ForeignKey(
        QuizAttempt,
        verbose_name=_("attempt"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    # Option slugs, which stay stable when the content is reloaded.
    selected = models.JSONField(_("options chosen"), default=list)
    is_correct = models.BooleanField(_("correct"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"],
                name="lessons_answer_unique_attempt_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt}: {self.question.slug}"


class Certificate(models.Model):
    """Issued once per learner and track, when every lesson of the track is complete."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    # The name as it was when issued: a certificate does not change afterwards.
    name = models.CharField(_("name on the certificate"), max_length=80)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "track"],
                name="lessons_certificate_unique_learner_track",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.track} · {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("lessons:certificate", args=[self.code])
