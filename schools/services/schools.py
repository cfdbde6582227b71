"""Schools: registering one, and the platform switching one off and on."""

from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from accounts.models import User
from core.codes import random_code
from schools.models import AuditEntry, School, StaffMembership, generate_code
from schools.services import ServiceError
from schools.services.audit import audit
from schools.services.staff import INVITE_STUDENT


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "school"
    slug = base
    while School.objects.filter(slug=slug).exists():
        slug = f"{base}-{random_code(4).lower()}"
    return slug


def unique_code(model: type[Model], field: str) -> str:
    """A code no row of the model has in this field yet (join and parent codes)."""
    for _attempt in range(20):
        code = generate_code()
        if not model.objects.filter(**{field: code}).exists():
            return code
    raise RuntimeError("could not find a free code")


@transaction.atomic
def school_register(*, user: User, name: str, country: str) -> School:
    """Register a school; the person who registers it becomes its admin."""
    if user.is_student:
        raise ServiceError(INVITE_STUDENT)
    school = School.objects.create(
        name=name,
        country=country,
        slug=_unique_slug(name),
        parent_code=unique_code(School, "parent_code"),
    )
    StaffMembership.objects.create(
        school=school, user=user, role=StaffMembership.Role.ADMIN
    )
    audit(
        school=school,
        actor=user,
        action=AuditEntry.Action.SCHOOL_REGISTER,
        subject=school.name,
    )
    return school


@transaction.atomic
def school_set_active(*, actor: User, school: School, is_active: bool) -> School:
    """A deactivated school's staff and students can no longer sign in (and are
    signed out at their next request: see accounts.backends); nothing is deleted,
    and reactivating the school restores everything. Asking for the state the
    school is already in (a form sent twice) changes nothing and is not audited."""
    if school.is_active == is_active:
        return school
    school.is_active = is_active
    school.save(update_fields=["is_active", "updated_at"])
    audit(
        school=school,
        actor=actor,
        action=AuditEntry.Action.SCHOOL_ACTIVATE
        if is_active
        else AuditEntry.Action.SCHOOL_DEACTIVATE,
        subject=school.name,
    )
    return school
