"""LTI 1.3: the LMSs a school connected, what they launched, and scores on their way.

What a launch tells us about a person is kept to the least: the LMS's id for them
(`sub`), their roles, the course and the placement. Never an email, a family or full
name, or a picture; a learner's given name becomes their display name only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.codes import public_id
from core.models import TimeStampedModel

# Referred to by migrations under this name.
generate_public_id = public_id


class Registration(TimeStampedModel):
    """An LMS registered by a school: who it is (issuer and our client id in it) and
    where to reach it. A district's LMS may be registered by each of its schools; a
    deployment then says which school a launch belongs to."""

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="lti_registrations",
    )
    public_id = models.CharField(
        _("public id"), max_length=16, unique=True, default=generate_public_id
    )
    name = models.CharField(_("name"), max_length=100)
    issuer = models.URLField(_("issuer"), max_length=255)
    client_id = models.CharField(_("client id"), max_length=255)
    login_url = models.URLField(_("authorization URL"), max_length=500)
    token_url = models.URLField(_("token URL"), max_length=500)
    jwks_url = models.URLField(_("key set (JWKS) URL"), max_length=500)
    # The audience our token request names: the token URL unless the LMS says
    # otherwise (Brightspace: https://api.brightspace.com/auth/token).
    token_audience = models.CharField(_("token audience"), max_length=255, blank=True)
    # The web origins (https://lms.example.org) that may show our launch in a frame,
    # one per line.
    frame_origins = models.TextField(_("LMS web origins"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("LMS registration")
        verbose_name_plural = _("LMS registrations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "issuer", "client_id"],
                name="lti_registration_unique_school_issuer_client",
            ),
        ]
        indexes = [
            models.Index(fields=["issuer", "client_id"], name="lti_registration_iss"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def origins(self) -> list[str]:
        return [
            line.strip() for line in self.frame_origins.splitlines() if line.strip()
        ]


class Deployment(TimeStampedModel):
    """A placement of our tool in an LMS (its `deployment_id`), seen at a launch.
    Unusable until a school admin approves it; it then belongs to that one school."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REVOKED = "revoked", _("Revoked")

    public_id = models.CharField(
        _("public id"), max_length=16, unique=True, default=generate_public_id
    )
    issuer = models.URLField(_("issuer"), max_length=255)
    client_id = models.CharField(_("client id"), max_length=255)
    deployment_id = models.CharField(_("deployment id"), max_length=255)
    # The school that approved it (none while it awaits a decision).
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lti_deployments",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("LMS deployment")
        verbose_name_plural = _("LMS deployments")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "client_id", "deployment_id"],
                name="lti_deployment_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.deployment_id


class ToolKey(models.Model):
    """The public half of each key we have signed with, so that the JWKS keeps
    publishing the previous key for a while after a new one takes over."""

    kid = models.CharField(_("key id"), max_length=64, unique=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    first_used_at = models.DateTimeField(_("first used"), auto_now_add=True)
    # Set when another key took over: published until then, forgotten after.
    published_until = models.DateTimeField(_("published until"), null=True, blank=True)

    class Meta:
        verbose_name = _("tool key")
        verbose_name_plural = _("tool keys")
        ordering = ["-first_used_at"]

    def __str__(self) -> str:
        return self.kid


class Identity(TimeStampedModel):
    """Who a user is in an LMS: its id for them (`sub`) and their latest roles."""

    issuer = models.URLField(_("issuer"), max_length=255)
    subject = models.CharField(_("LMS user id"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="lti_identities",
    )
    roles = models.TextField(_("roles"), blank=True)

    class Meta:
        verbose_name = _("LMS identity")
        verbose_name_plural = _("LMS identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="lti_identity_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Course(TimeStampedModel):
    """An LMS course (its context id in a deployment) and the class it became."""

    deployment = models.ForeignKey(
        Deployment,
        verbose_name=_("deployment"),
        on_delete=models.CASCADE,
        related_name="courses",
    )
    context_id = models.CharField(_("course id"), max_length=255)
    school_class = models.OneToOneField(
        "schools.SchoolClass",
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="lti_course",
    )

    class Meta:
        verbose_name = _("LMS course")
        verbose_name_plural = _("LMS courses")
        constraints = [
            models.UniqueConstraint(
                fields=["deployment", "context_id"], name="lti_course_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.context_id


class Placement(TimeStampedModel):
    """A link to one of our lessons in an LMS course (its resource link), and the
    gradebook column (line item) its scores go to."""

    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    resource_link_id = models.CharField(_("resource link id"), max_length=255)
    lesson = models.ForeignKey(
        "lessons.Lesson",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    line_item_url = models.URLField(_("line item URL"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("LMS placement")
        verbose_name_plural = _("LMS placements")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "resource_link_id"], name="lti_placement_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.resource_link_id


class PendingScore(models.Model):
    """A learner's score waiting to be sent to an LMS gradebook. One per learner and
    placement: a better score replaces the one waiting. Deleted once delivered."""

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="pending_scores",
    )
    identity = models.ForeignKey(
        Identity,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="pending_scores",
    )
    score = models.PositiveSmallIntegerField(_("score (of 100)"))
    completed = models.BooleanField(_("lesson completed"))
    # The time the score was reached (sent as its timestamp), fixed when queued.
    scored_at = models.DateTimeField(_("scored at"))
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    next_try_at = models.DateTimeField(_("next try"))
    # Set when it was given up after a day of failures; it then waits for a person.
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("score waiting")
        verbose_name_plural = _("scores waiting")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "identity"], name="lti_score_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["failed_at", "next_try_at"], name="lti_score_due"),
        ]

    def __str__(self) -> str:
        return f"{self.score} for {self.identity}"
