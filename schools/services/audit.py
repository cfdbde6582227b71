"""The audit log: who did what to whom, written with the action it records."""

from accounts.models import User
from schools.models import AuditEntry, School


def user_label(user: User) -> str:
    """How the log names a person: as they were called when it happened."""
    return (
        f"{user.display_name} ({user.username})" if user.display_name else user.username
    )


def audit(*, school: School, actor: User, action: str, subject: str) -> AuditEntry:
    """Record a staff action in the school's log. Call it inside the transaction of
    the write it records, so that the two are kept or undone together."""
    return AuditEntry.objects.create(
        school=school,
        actor=actor,
        actor_label=user_label(actor),
        action=action,
        subject_label=subject[:500],
    )
