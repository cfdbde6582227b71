"""Staff: invitations, roles, and leaving. A school always keeps an admin."""

from functools import partial
from urllib.parse import urljoin

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from schools.models import AuditEntry, School, StaffInvite, StaffMembership
from schools.services import ServiceError
from schools.services.audit import audit, user_label

LAST_ADMIN = _(
    "A school must keep at least one admin. Make someone else an admin first."
)
INVITE_NOT_USABLE = _(
    "This invitation link has expired, was already used, or is not valid. Ask your "
    "school admin for a new one."
)
INVITE_STUDENT = _("Student accounts cannot become school staff.")
INVITE_OTHER_EMAIL = _(
    "This invitation was sent to another email address. Sign in with the account of "
    "that address to accept it, or ask the school admin to invite this account."
)


def invite_is_for(invite: StaffInvite, user: User) -> bool:
    """An invitation is accepted only by the account of the address it was sent to."""
    return bool(user.email) and user.email.casefold() == invite.email.casefold()


@transaction.atomic
def staff_membership_set(
    *, school: School, user: User, role: StaffMembership.Role
) -> StaffMembership:
    """Give a user a role in a school, or change the role they have."""
    membership, _created = StaffMembership.objects.update_or_create(
        school=school, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def staff_invite_create(
    *, school: School, invited_by: User, email: str, role: str, site_url: str
) -> StaffInvite:
    """Invite someone to the school's staff: a link that works once, for 7 days,
    emailed to them once the invitation is saved. `site_url` is the site's address
    (`request.build_absolute_uri("/")`), for the link in the email."""
    invite = StaffInvite.objects.create(
        school=school, invited_by=invited_by, email=email.lower(), role=role
    )
    audit(
        school=school,
        actor=invited_by,
        action=AuditEntry.Action.STAFF_INVITE,
        subject=f"{invite.email}: {invite.get_role_display()}",
    )
    subject = gettext("You are invited to join %(school)s") % {"school": school.name}
    body = gettext(
        "%(name)s invited you to join %(school)s as %(role)s.\n\nOpen this "
        "link within 7 days to accept (it works once):\n%(link)s\n"
    ) % {
        "name": invited_by.display_name,
        "school": school.name,
        "role": invite.get_role_display(),
        "link": urljoin(site_url, invite.get_absolute_url()),
    }
    transaction.on_commit(partial(send_mail, subject, body, None, [invite.email]))
    return invite


@transaction.atomic
def staff_invite_accept(*, token: str, user: User) -> StaffMembership:
    """Use an invitation once: claimed by a conditional UPDATE, so two tabs or two
    people cannot both use it."""
    if user.is_student:
        raise ServiceError(INVITE_STUDENT)
    invite = StaffInvite.objects.filter(token=token).first()
    if invite is not None and not invite_is_for(invite, user):
        raise ServiceError(INVITE_OTHER_EMAIL)
    now = timezone.now()
    claimed = StaffInvite.objects.filter(
        token=token,
        accepted_at__isnull=True,
        expires_at__gt=now,
        school__is_active=True,
    ).update(accepted_at=now, accepted_by=user)
    if not claimed:
        raise ServiceError(INVITE_NOT_USABLE)
    invite = StaffInvite.objects.select_related("school").get(token=token)
    existing = StaffMembership.objects.filter(school=invite.school, user=user).first()
    if existing and existing.role == StaffMembership.Role.ADMIN:
        return existing  # never demote an admin through an invitation
    membership = staff_membership_set(school=invite.school, user=user, role=invite.role)
    audit(
        school=invite.school,
        actor=user,
        action=AuditEntry.Action.STAFF_JOIN,
        subject=f"{user_label(user)}: {membership.get_role_display()}",
    )
    return membership


def _check_keeps_an_admin(school: School, leaving: StaffMembership) -> None:
    if leaving.role != StaffMembership.Role.ADMIN:
        return
    admins = (
        StaffMembership.objects.select_for_update()
        .filter(school=school, role=StaffMembership.Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if list(admins) == [leaving.pk]:
        raise ServiceError(LAST_ADMIN)


@transaction.atomic
def staff_role_change(
    *, actor: User, membership: StaffMembership, role: str
) -> StaffMembership:
    """Make a member of staff a teacher or an admin (never the last admin a
    teacher)."""
    if membership.role == role:
        return membership
    _check_keeps_an_admin(membership.school, membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit(
        school=membership.school,
        actor=actor,
        action=AuditEntry.Action.STAFF_ROLE,
        subject=f"{user_label(membership.user)}: {membership.get_role_display()}",
    )
    return membership


@transaction.atomic
def staff_remove(*, actor: User, membership: StaffMembership) -> None:
    """Remove someone from the school's staff. Their classes stay, with the school's
    admins, until another teacher takes them on."""
    _check_keeps_an_admin(membership.school, membership)
    audit(
        school=membership.school,
        actor=actor,
        action=AuditEntry.Action.STAFF_REMOVE,
        subject=user_label(membership.user),
    )
    membership.delete()
