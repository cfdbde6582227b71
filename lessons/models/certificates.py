"""Certificates, issued once per learner and track."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lessons.models.content import Track


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
