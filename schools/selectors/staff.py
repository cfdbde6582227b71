"""A school's staff and its invitations."""

from django.db.models import QuerySet

from schools.models import School, StaffInvite, StaffMembership


def school_staff(*, school: School) -> QuerySet[StaffMembership]:
    return school.staff.select_related("user").order_by("user__display_name")


def invites_pending(*, school: School) -> QuerySet[StaffInvite]:
    """Invitations not yet used (expired ones too, marked so on the page)."""
    return school.invites.filter(accepted_at__isnull=True).order_by("-created_at")


def invite_by_token(*, token: str) -> StaffInvite | None:
    return StaffInvite.objects.select_related("school").filter(token=token).first()
