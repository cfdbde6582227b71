"""A lesson taught to a whole class in presenter mode (schools/views/presenting.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from schools.models import SchoolClass


class LessonTaught(TimeStampedModel):
    """A lesson taught to a whole class by a teacher (presenter mode), on a day:
    beside, never instead of, each student's own reading and quiz."""

    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="lessons_taught",
    )
    lesson = models.ForeignKey(
        "lessons.Lesson",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    taught_on = models.DateField(_("taught on"))
    taught_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taught by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lesson taught in class")
        verbose_name_plural = _("lessons taught in class")
        ordering = ["-taught_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "lesson", "taught_on"],
                name="schools_taught_unique_class_lesson_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson} · {self.school_class} · {self.taught_on}"
