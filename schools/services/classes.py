"""Classes: creating one, and its join code."""

from django.db import transaction

from accounts.models import User
from schools.models import AuditEntry, School, SchoolClass
from schools.services.audit import audit
from schools.services.schools import unique_code


@transaction.atomic
def class_create(
    *, school: School, teacher: User, name: str, year_group: str
) -> SchoolClass:
    """A teacher creates a class of theirs, with a join code open at once."""
    school_class = SchoolClass.objects.create(
        school=school,
        teacher=teacher,
        name=name,
        year_group=year_group,
        join_code=unique_code(SchoolClass, "join_code"),
    )
    audit(
        school=school,
        actor=teacher,
        action=AuditEntry.Action.CLASS_CREATE,
        subject=name,
    )
    return school_class


@transaction.atomic
def class_join_code_regenerate(
    *, actor: User, school_class: SchoolClass
) -> SchoolClass:
    """A new join code, open; the old one stops working at once."""
    school_class.join_code = unique_code(SchoolClass, "join_code")
    school_class.join_code_active = True
    school_class.save(update_fields=["join_code", "join_code_active", "updated_at"])
    _audit_code(actor, school_class, "new code")
    return school_class


@transaction.atomic
def class_join_code_set_open(
    *, actor: User, school_class: SchoolClass, is_open: bool
) -> SchoolClass:
    """Open or close the class's join code (closed, nobody can join with it)."""
    school_class.join_code_active = is_open
    school_class.save(update_fields=["join_code_active", "updated_at"])
    _audit_code(actor, school_class, "opened" if is_open else "closed")
    return school_class


def _audit_code(actor: User, school_class: SchoolClass, change: str) -> None:
    audit(
        school=school_class.school,
        actor=actor,
        action=AuditEntry.Action.JOIN_CODE,
        subject=f"{school_class.name}: {change}",
    )
