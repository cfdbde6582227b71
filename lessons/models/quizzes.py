"""Quizzes (a lesson's, or a track's knowledge check) with their questions and
options, loaded with the content; and learners' attempts at them with the answers
chosen."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lessons.models.content import CurrentManager, Lesson, Track


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
    # The wording learners answered (lessons.quizzes.question_revision), set at load
    # and copied onto each answer, so that reports count answers to this wording.
    revision = models.CharField(_("revision"), max_length=12, blank=True)
    # Gone from the files: never shown again, kept for the answers to it.
    retired = models.BooleanField(_("retired"), default=False)

    objects = CurrentManager()

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
    # Gone from the files: never shown again; answers name it by its slug.
    retired = models.BooleanField(_("retired"), default=False)

    objects = CurrentManager()

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
        db_index=False,  # the indexes below start with the learner
    )
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    phase = models.CharField(_("phase"), max_length=8, choices=Phase.choices)
    token = models.CharField(_("token"), max_length=32, unique=True)
    # Seeds the order of the options, so it stays the same for this attempt.
    seed = models.PositiveIntegerField(_("option order seed"))
    # When the form was opened (lessons.quizzes.Opening): an attempt is written
    # when its answers are sent, never before.
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
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
            # A school's attempts for its dashboard's stamp (their number and latest
            # time, schools.selectors.dashboard) from the index alone.
            models.Index(
                fields=["learner", "submitted_at"],
                name="lessons_attempt_learner_sent",
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
    # Protected: a question leaves the files by being retired, never deleted.
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    # Option slugs, which stay stable when the content is reloaded.
    selected = models.JSONField(_("options chosen"), default=list)
    is_correct = models.BooleanField(_("correct"))
    # The question's revision when it was answered: the wording and options shown.
    revision = models.CharField(_("question revision"), max_length=12, blank=True)

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
