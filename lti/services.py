"""Writes: registering an LMS, deciding on its deployments. Each is one transaction
with its audit row."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from lti.arrival import PendingLink
from lti.forms import ALREADY_REGISTERED
from lti.models import Deployment, Identity, PendingScore, Registration
from schools.models import AuditEntry, School, StaffMembership
from schools.services import ServiceError
from schools.services.audit import audit, user_label

OTHER_SCHOOLS = _(
    "Another school has approved this deployment: it can belong to one school only."
)


@transaction.atomic
def registration_create(*, school: School, actor: User, fields: dict) -> Registration:
    """Register an LMS; the same issuer and client ID twice (a double click) is a
    ServiceError, with nothing saved."""
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                school=school, created_by=actor, **fields
            )
    except IntegrityError:
        raise ServiceError(ALREADY_REGISTERED) from None
    audit(
        school=school,
        actor=actor,
        action=AuditEntry.Action.LMS_REGISTER,
        subject=f"{registration.name} ({registration.issuer})",
    )
    return registration


@transaction.atomic
def deployment_decide(
    *, school: School, actor: User, deployment_public_id: str, approve: bool
) -> Deployment:
    """Approve a deployment for this school, or revoke it (its scores still waiting
    are dropped). The row is locked, so two schools approving at once cannot both
    have it."""
    deployment = Deployment.objects.select_for_update().get(
        public_id=deployment_public_id
    )
    if deployment.school_id not in (None, school.pk):
        raise ServiceError(OTHER_SCHOOLS)
    deployment.school = school
    deployment.status = (
        Deployment.Status.APPROVED if approve else Deployment.Status.REVOKED
    )
    deployment.decided_by = actor
    deployment.decided_at = timezone.now()
    deployment.save()
    subject = f"{deployment.deployment_id} ({deployment.issuer})"
    if not approve:
        # The school no longer trusts this LMS: its learners' waiting scores go
        # unsent, and are not kept; the log says how many.
        dropped, _by_model = PendingScore.objects.filter(
            placement__course__deployment=deployment
        ).delete()
        if dropped:
            subject += ": " + ngettext(
                "%(count)d score waiting for its gradebook dropped",
                "%(count)d scores waiting for its gradebook dropped",
                dropped,
            ) % {"count": dropped}
    audit(
        school=school,
        actor=actor,
        action=AuditEntry.Action.LMS_APPROVE
        if approve
        else AuditEntry.Action.LMS_REVOKE,
        subject=subject,
    )
    return deployment


NOT_STAFF = _(
    "Only staff of the school this LMS belongs to can link an LMS account here. Ask "
    "the school's admin to invite you to its staff first."
)
LINKED_ELSEWHERE = _(
    "This LMS account is already linked to another account of ours. Ask the school's "
    "admin if that is wrong."
)


@transaction.atomic
def identity_link(*, user: User, pending: PendingLink) -> Identity:
    """Link a teacher's LMS identity to their staff account, once; audited. Never by
    matching an email: they proved the account by signing in to it."""
    school = School.objects.filter(pk=pending.school_pk, is_active=True).first()
    if (
        school is None
        or user.is_student
        or not StaffMembership.objects.filter(school=school, user=user).exists()
    ):
        raise ServiceError(NOT_STAFF)
    identity, created = Identity.objects.get_or_create(
        issuer=pending.issuer,
        subject=pending.subject,
        defaults={"user": user, "roles": pending.roles},
    )
    if identity.user_id != user.pk:
        raise ServiceError(LINKED_ELSEWHERE)
    if created:
        audit(
            school=school,
            actor=user,
            action=AuditEntry.Action.LMS_LINK,
            subject=f"{pending.lms_name}: {user_label(user)}",
        )
    return identity
