"""A learner's data: taken away (export), erased, or purged after long disuse."""

from collections.abc import Collection

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import students_inactive
from schools import summaries
from schools.models import AuditEntry, School
from schools.selectors.learner_data import (
    CHUNK,
    SIGN_IN_MODELS,
    audit_entries_naming,
    label_names,
    learner_data,
    sign_in_names,
    sign_in_records,
)
from schools.services.audit import audit, user_label

ERASED = _("an erased learner")


@transaction.atomic
def learner_export(*, actor: User, school: School, learner: User) -> dict:
    """Everything kept about a learner (selectors.learner_data: their sign-ins with
    address and browser included), as data they or the school can take away; the
    school's log records who took it, in the same transaction."""
    data = learner_data(learner=learner, school=school)
    audit(
        school=school,
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        subject=user_label(learner),
    )
    return data


def _traces_erase(learners: Collection[User]) -> None:
    """Remove what names the learners outside the rows that are theirs (those go
    with the account, by cascade): django-axes' records of their sign-ins and failed
    sign-ins, which keep the username, address and browser; every school's log,
    which keeps what was done but no longer to whom (or by whom); and the admin
    site's history of changes to their account, which keeps its name."""
    learners = list(learners)
    if not learners:
        return
    names = sign_in_names(learners)
    for start in range(0, len(names), CHUNK):
        for model in SIGN_IN_MODELS:
            sign_in_records(model, names=names[start : start + CHUNK]).delete()
    ids = [learner.pk for learner in learners]
    named = set(names)
    erased = str(ERASED)
    entries = audit_entries_naming(learners)
    for entry in entries:
        if label_names(entry.subject_label, named):
            entry.subject_label = erased
        if entry.actor_id in ids or label_names(entry.actor_label, named):
            entry.actor_label = erased
    AuditEntry.objects.bulk_update(
        entries, ["subject_label", "actor_label"], batch_size=CHUNK
    )
    users = ContentType.objects.get_for_model(User)
    for start in range(0, len(ids), CHUNK):
        LogEntry.objects.filter(
            content_type=users,
            object_id__in=[str(pk) for pk in ids[start : start + CHUNK]],
        ).update(object_repr=erased)


@transaction.atomic
def learner_erase(*, actor: User, school: School, learner: User) -> None:
    """Delete a student's account and every record of them, at once and for every
    report. Every school's audit entries about them keep what was done, not to whom;
    their sign-in records go."""
    _traces_erase([learner])
    schools = summaries.schools_of([learner.pk])
    learner.delete()  # their sessions now point at no one: signed out
    summaries.schools_recount(schools)
    audit(
        school=school, actor=actor, action=AuditEntry.Action.ERASE, subject=str(ERASED)
    )


@transaction.atomic
def students_purge(*, days: int) -> int:
    """Delete inactive students and, by cascade, every row about them, with their
    traces elsewhere (as learner_erase); recount the figures of their schools."""
    inactive = students_inactive(days=days)
    count = inactive.count()
    schools = summaries.schools_of(inactive)
    _traces_erase(inactive)
    inactive.delete()
    summaries.schools_recount(schools)
    return count
