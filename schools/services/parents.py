"""Parents: joining a school's parent group, having consented, and leaving it."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from schools.models import ParentMembership, School


@transaction.atomic
def parent_group_join(*, school: School, parent: User) -> ParentMembership:
    """A parent joins a school's parent group, having seen what it will see."""
    membership, _created = ParentMembership.objects.get_or_create(
        school=school, parent=parent, defaults={"consented_at": timezone.now()}
    )
    return membership


@transaction.atomic
def parent_group_leave(*, membership: ParentMembership) -> None:
    """A parent leaves: from then on the school sees nothing of their progress."""
    membership.delete()
