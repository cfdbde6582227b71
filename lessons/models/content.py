"""The content, loaded from files by `load_content`: sources, tracks, lessons, their
sections, and the scenarios and myth-or-fact sets that sections embed.

Content rows are matched by slug on every load, so editing a lesson and reloading keeps
every learner's progress. A section, question or option whose file entry is gone is
retired, never deleted: learners' views and answers point at it, and stay.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CurrentManager(models.Manager):
    """The rows still in the content files. Related managers (`lesson.sections`)
    follow it; the base manager, which foreign keys from learners' records use,
    still reaches a retired row."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(retired=False)


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

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    summary = models.TextField(_("summary"))
    position = models.PositiveSmallIntegerField(_("position"))
    # The parents' leaflet, rendered at load (readers/leaflet.py).
    leaflet = models.JSONField(_("parents' leaflet"), default=dict, blank=True)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:track", args=[self.slug])


class Lesson(models.Model):
    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.CASCADE, related_name="lessons"
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    minutes = models.PositiveSmallIntegerField(_("estimated minutes"))
    position = models.PositiveSmallIntegerField(_("position"))
    # [{"id": ..., "text": ..., "covers": [...]}]: tagged learning objectives.
    objectives = models.JSONField(_("learning objectives"), default=list)
    # Notes for teaching it to a class, rendered at load (readers/facilitator.py):
    # {"minutes", "prepare_html", "sections": {slug: {...}}, "disclosure_html",
    # "help_html"}; {} for a lesson without them.
    facilitator = models.JSONField(_("facilitator notes"), default=dict, blank=True)
    # A lesson whose file was removed is unpublished, never deleted: progress stays.
    is_published = models.BooleanField(_("published"), default=True)
    section_count = models.PositiveSmallIntegerField(_("number of sections"))

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["track__position", "position"]

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
    # Gone from the files: hidden from learners, kept for their views.
    retired = models.BooleanField(_("retired"), default=False)

    objects = CurrentManager()

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
