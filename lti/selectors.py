"""Reads for the LMS connections page, and a learner's LMS data for their export."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import User
from lti.models import Deployment, Identity, PendingScore, Registration
from schools.models import School
from schools.selectors.learner_data import isoformat


@dataclass(frozen=True)
class Connection:
    registration: Registration
    deployments: list[Deployment]


def school_registrations(*, school: School) -> QuerySet[Registration]:
    return Registration.objects.filter(school=school)


def deployments_visible(*, school: School) -> QuerySet[Deployment]:
    """The deployments a school's admins decide on: seen through one of its
    registrations (same issuer and client id), and not another school's."""
    registered = Registration.objects.filter(
        school=school, issuer=OuterRef("issuer"), client_id=OuterRef("client_id")
    )
    return Deployment.objects.filter(
        Exists(registered), Q(school__isnull=True) | Q(school=school)
    )


def connections(*, school: School) -> list[Connection]:
    """Each registration with its deployments, in two queries."""
    registrations = list(school_registrations(school=school))
    deployments = list(deployments_visible(school=school).order_by("created_at"))
    return [
        Connection(
            registration=registration,
            deployments=[
                d
                for d in deployments
                if (d.issuer, d.client_id)
                == (registration.issuer, registration.client_id)
            ],
        )
        for registration in registrations
    ]


def scores_not_delivered(*, school: School) -> int:
    """Scores given up on after a day of failures, for the school's courses."""
    return PendingScore.objects.filter(
        placement__course__deployment__school=school, failed_at__isnull=False
    ).aggregate(n=Count("pk"))["n"]


def learner_lms_data(learner: User) -> dict:
    """What we keep about a learner from LMSs: each LMS's id for them and their
    roles there (never their name, email or picture: they are not stored), and the
    scores waiting to be sent to a gradebook."""
    identities = list(Identity.objects.filter(user=learner).order_by("created_at"))
    waiting = (
        PendingScore.objects.filter(identity__in=identities)
        .select_related("placement__lesson", "identity")
        .order_by("scored_at", "pk")
        if identities
        else []
    )
    return {
        "lms_accounts": [
            {
                "lms": identity.issuer,
                "lms_user_id": identity.subject,
                "roles": identity.roles.split(),
                "first_launch": identity.created_at.isoformat(),
            }
            for identity in identities
        ],
        "lms_scores_waiting": [
            {
                "lms": pending.identity.issuer,
                "lesson": pending.placement.lesson.slug,
                "score": pending.score,
                "completed": pending.completed,
                "scored_at": pending.scored_at.isoformat(),
                "given_up_at": isoformat(pending.failed_at),
            }
            for pending in waiting
        ],
    }
