"""Learners' progress through lessons, kept in two layers: one row per learner and
section viewed, and one summary row per learner and lesson."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from lessons.models.content import Lesson, Section


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
        # The platform overview's stamp reads the latest completion (one step down
        # this index); a row's other writes leave it untouched.
        indexes = [
            models.Index(fields=["completed_at"], name="lessons_progress_completed_at")
        ]
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
    # Protected: a section leaves the files by being retired, never deleted.
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
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
