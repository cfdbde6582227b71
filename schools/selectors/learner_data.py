"""What is kept about a learner, where it is kept, and the school's certificates."""

import re
from collections.abc import Collection
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower

from accounts.models import User
from lessons.models import Certificate, LessonProgress, QuizAttempt, SectionView
from schools.models import (
    AssignmentTarget,
    AuditEntry,
    Enrolment,
    ParentMembership,
    School,
    StaffMembership,
)
from schools.permissions import learners_of_school
from schools.signals import learner_data_gathered

# django-axes' tables, each a row per sign-in or failed sign-in, by username.
SIGN_IN_MODELS = (AccessLog, AccessFailureLog, AccessAttempt)

# So many names (or learners) per query: within every database's parameter limit.
CHUNK = 200

# Where a log label names a person (schools.services.audit.user_label): the whole
# label ("sam.k"), the part in brackets ("Sam (sam.k)"), or the part before a colon
# ("sam.k: Teacher").
_BRACKETED = re.compile(r"\(([^()]*)\)")


def isoformat(moment: datetime | None) -> str | None:
    """A moment as ISO 8601, for data taken away; None stays None."""
    return moment.isoformat() if moment else None


def sign_in_names(learners: Collection[User]) -> list[str]:
    """The names django-axes records the learners under: what they sign in with,
    trimmed and in lower case (accounts.backends.axes_username)."""
    return sorted(
        {
            name.strip().lower()
            for learner in learners
            for name in (learner.username, learner.email)
            if name and name.strip()
        }
    )


def sign_in_records(
    model: type[AccessLog | AccessFailureLog | AccessAttempt], *, names: list[str]
) -> QuerySet:
    """One of django-axes' tables, the rows under any of the names (a chunk of
    sign_in_names), oldest first. Axes keeps names as typed: compared in lower case."""
    return (
        model.objects.alias(name=Lower("username"))
        .filter(name__in=names)
        .order_by("attempt_time", "pk")
    )


def label_names(label: str, names: Collection[str]) -> bool:
    """Whether a log label (as user_label writes it) names one of the names."""
    label = label.strip().lower()
    found = {label, label.split(":", 1)[0].strip()}
    found.update(part.strip() for part in _BRACKETED.findall(label))
    return not found.isdisjoint(names)


def audit_entries_naming(learners: Collection[User]) -> list[AuditEntry]:
    """Every school's log entries that name one of the learners, as whom the action
    was done to or as who did it, oldest first."""
    learners = list(learners)
    entries: dict[int, AuditEntry] = {}
    for start in range(0, len(learners), CHUNK):
        chunk = learners[start : start + CHUNK]
        ids = {learner.pk for learner in chunk}
        names = set(sign_in_names(chunk))
        query = Q(actor__in=ids)
        for name in names:
            query |= Q(subject_label__icontains=name) | Q(actor_label__icontains=name)
        for entry in AuditEntry.objects.filter(query).select_related("school"):
            if (
                entry.actor_id in ids
                or label_names(entry.subject_label, names)
                or label_names(entry.actor_label, names)
            ):
                entries[entry.pk] = entry
    return sorted(entries.values(), key=lambda e: (e.at, e.pk))


def _sign_ins(learner: User) -> dict[str, list[dict]]:
    names = sign_in_names([learner])

    def common(row: AccessLog | AccessFailureLog | AccessAttempt) -> dict:
        return {
            "at": isoformat(row.attempt_time),
            "ip_address": row.ip_address,
            "user_agent": row.user_agent,
            "page": row.path_info,
        }

    return {
        "sign_ins": [
            {**common(row), "signed_out_at": isoformat(row.logout_time)}
            for row in sign_in_records(AccessLog, names=names)
        ],
        "failed_sign_ins": [
            {**common(row), "locked_out": row.locked_out}
            for row in sign_in_records(AccessFailureLog, names=names)
        ],
        "sign_in_failure_counts": [
            {**common(row), "failures": row.failures_since_start}
            for row in sign_in_records(AccessAttempt, names=names)
        ],
    }


def _memberships(learner: User) -> list[dict]:
    enrolments = Enrolment.objects.filter(student=learner).select_related(
        "school_class__school"
    )
    staff = StaffMembership.objects.filter(user=learner).select_related("school")
    parents = ParentMembership.objects.filter(parent=learner).select_related("school")
    return [
        *(
            {
                "school": e.school_class.school.name,
                "as": "student",
                "class": e.school_class.name,
                "since": isoformat(e.created_at),
            }
            for e in enrolments
        ),
        *(
            {"school": s.school.name, "as": s.role, "since": isoformat(s.created_at)}
            for s in staff
        ),
        *(
            {"school": p.school.name, "as": "parent", "since": isoformat(p.created_at)}
            for p in parents
        ),
    ]


def _audit(learner: User, school: School) -> list[dict]:
    # Another school's staff are not named to this one: what was done, where, when.
    return [
        {
            "school": entry.school.name,
            "action": entry.action,
            "at": isoformat(entry.at),
            "by": entry.actor_label if entry.school_id == school.pk else None,
        }
        for entry in audit_entries_naming([learner])
    ]


def learner_data(*, learner: User, school: School) -> dict:
    """Everything kept about a learner: account and memberships, progress and each
    section viewed, quiz attempts with their answers, certificates, lessons set for
    them alone, every school's log entries about them, and their sign-ins (when,
    from which address and browser) and failed sign-ins. For `school`'s admins:
    other schools' staff are not named; and what the apps built on schools keep
    about them (`signals.learner_data_gathered`)."""
    progress = LessonProgress.objects.filter(learner=learner).select_related("lesson")
    views = (
        SectionView.objects.filter(learner=learner)
        .select_related("section__lesson")
        .order_by("viewed_at", "pk")
    )
    attempts = (
        QuizAttempt.objects.filter(learner=learner)
        .select_related("quiz__lesson", "quiz__track")
        .prefetch_related("answers__question")
        .order_by("started_at", "pk")
    )
    certificates = Certificate.objects.filter(learner=learner).select_related("track")
    targets = AssignmentTarget.objects.filter(student=learner).select_related(
        "assignment__lesson", "assignment__school_class"
    )
    return {
        "account": {
            "username": learner.username,
            "display_name": learner.display_name,
            "kind": learner.kind,
            "joined": learner.date_joined.isoformat(),
            "last_login": isoformat(learner.last_login),
            "classes": list(
                learner.enrolments.values_list("school_class__name", flat=True)
            ),
        },
        "memberships": _memberships(learner),
        "progress": [
            {
                "lesson": p.lesson.slug,
                "status": p.status,
                "percent_read": p.percent,
                "sections_viewed": p.sections_viewed,
                "last_section": p.last_section,
                "best_score": p.best_score,
                "quiz_passed_at": isoformat(p.quiz_passed_at),
                "completed_at": isoformat(p.completed_at),
            }
            for p in progress
        ],
        "section_views": [
            {
                "lesson": v.section.lesson.slug,
                "section": v.section.slug,
                "viewed_at": isoformat(v.viewed_at),
            }
            for v in views
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.lesson.slug
                if a.quiz.lesson_id
                else f"{a.quiz.track.slug} check",
                "phase": a.phase,
                "started_at": isoformat(a.started_at),
                "submitted_at": isoformat(a.submitted_at),
                "score": a.score,
                "passed": a.passed,
                "answers": [
                    {
                        "question": answer.question.slug,
                        "chosen": answer.selected,
                        "correct": answer.is_correct,
                    }
                    for answer in a.answers.all()
                ],
            }
            for a in attempts
        ],
        "certificates": [
            {
                "track": c.track.slug,
                "code": c.code,
                "name": c.name,
                "issued_at": c.issued_at.isoformat(),
            }
            for c in certificates
        ],
        "assigned_to_them": [
            {
                "lesson": t.assignment.lesson.slug,
                "class": t.assignment.school_class.name,
                "due": isoformat(t.assignment.due_date),
            }
            for t in targets
        ],
        "audit": _audit(learner, school),
        **_sign_ins(learner),
        **_from_other_apps(learner),
    }


def _from_other_apps(learner: User) -> dict:
    """What the apps built on schools keep about the learner (an LMS account)."""
    sections: dict = {}
    for _receiver, part in learner_data_gathered.send(sender=User, learner=learner):
        sections.update(part)
    return sections


def school_certificates(*, school: School) -> QuerySet[Certificate]:
    """Every certificate issued to the school's learners, with its track and the
    learner's language (each prints in it), in order."""
    return (
        Certificate.objects.filter(learner__in=learners_of_school(school))
        .select_related("track")
        .annotate(learner_language=F("learner__language"))
        .order_by("issued_at", "pk")
    )
