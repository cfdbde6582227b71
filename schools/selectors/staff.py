"""A school's staff and its invitations."""

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet

from schools.models import School, StaffInvite, StaffMembership


def school_staff(*, school: School) -> QuerySet[StaffMembership]:
    """The school's staff, each with `two_factor`: whether they have turned on
    two-factor sign-in (an authenticator app), in the same query."""
    return (
        school.staff.select_related("user")
        .annotate(
            two_factor=Exists(
                Authenticator.objects.filter(
                    user=OuterRef("user"), type=Authenticator.Type.TOTP
                )
            )
        )
        .order_by("user__display_name")
    )


def invites_pending(*, school: School) -> QuerySet[StaffInvite]:
    """Invitations not yet used (expired ones too, marked so on the page)."""
    return school.invites.filter(accepted_at__isnull=True).order_by("-created_at")


def invite_by_token(*, token: str) -> StaffInvite | None:
    """The invitation, with its school and who sent it (named on its page)."""
    return (
        StaffInvite.objects.select_related("school", "invited_by")
        .filter(token=token)
        .first()
    )
