"""Helplines by country, loaded with the content, each citing its source."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lessons.models.content import Source


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
    # A kind of help (schema.REQUIRED_HELPLINE_KINDS) with no verified line, and why.
    missing = models.JSONField(_("kinds of help not found"), default=dict, blank=True)

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
    note = models.TextField(_("note"), blank=True)
    # What the line is (schema.HELPLINE_KINDS), the first deciding where it is listed.
    kinds = models.JSONField(_("kinds"), default=list, blank=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    always_open = models.BooleanField(_("open at any hour"), default=False)
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
