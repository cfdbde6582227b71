"""A learner's data: taken away (export), erased, or purged after long disuse."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import students_inactive
from schools import summaries
from schools.models import AuditEntry, School
from schools.selectors.learner_data import learner_data
from schools.services.audit import audit, user_label

ERASED = _("an erased learner")


def learner_export(*, actor: User, school: School, learner: User) -> dict:
    """Everything kept about a learner, as data they or the school can take away;
    the school's log records who took it."""
    data = learner_data(learner=learner)
    audit(
        school=school,
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        subject=user_label(learner),
    )
    return data


@transaction.atomic
def learner_erase(*, actor: User, school: School, learner: User) -> None:
    """Delete a student's account and every record of them, at once and for every
    report. Earlier audit entries about them keep what was done, not who."""
    label = user_label(learner)
    AuditEntry.objects.filter(school=school, subject_label=label).update(
        subject_label=str(ERASED)
    )
    schools = summaries.schools_of([learner.pk])
    learner.delete()  # their sessions now point at no one: signed out
    summaries.schools_recount(schools)
    audit(
        school=school, actor=actor, action=AuditEntry.Action.ERASE, subject=str(ERASED)
    )


@transaction.atomic
def students_purge(*, days: int) -> int:
    """Delete inactive students and, by cascade, every row about them; recount the
    figures of the schools they were in."""
    inactive = students_inactive(days=days)
    count = inactive.count()
    schools = summaries.schools_of(inactive)
    inactive.delete()
    summaries.schools_recount(schools)
    return count
