"""Teaching a lesson to a whole class (presenter mode), recorded by the teacher."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lessons.models import Lesson
from schools.models import AuditEntry, LessonTaught, SchoolClass
from schools.services import ServiceError
from schools.services.audit import audit

TAUGHT_IN_FUTURE = _("A lesson cannot be marked taught on a day still to come.")
TAUGHT_TOO_LONG_AGO = _("Choose a day within the last year.")
# How far back a teacher may record a lesson they taught and forgot to mark.
OLDEST = timedelta(days=366)


@transaction.atomic
def lesson_taught_record(
    *, actor: User, school_class: SchoolClass, lesson: Lesson, taught_on: date
) -> tuple[LessonTaught, bool]:
    """Record that `lesson` was taught to the class on `taught_on` (once per day:
    marking it again changes nothing). Returns the record and whether it is new."""
    today = timezone.localdate()
    if taught_on > today:
        raise ServiceError(TAUGHT_IN_FUTURE)
    if taught_on < today - OLDEST:
        raise ServiceError(TAUGHT_TOO_LONG_AGO)
    taught, created = LessonTaught.objects.get_or_create(
        school_class=school_class,
        lesson=lesson,
        taught_on=taught_on,
        defaults={"taught_by": actor},
    )
    if created:
        audit(
            school=school_class.school,
            actor=actor,
            action=AuditEntry.Action.LESSON_TAUGHT,
            subject=f"{lesson.title} · {school_class.name} · {taught_on.isoformat()}",
        )
    return taught, created
