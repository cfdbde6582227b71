"""The platform overview: one row per school, from each school's summary figures
(schools.summaries), so the page costs the same however many learners there are."""

from datetime import timedelta

from django.db.models import Case, Count, F, IntegerField, Max, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from schools.models import Enrolment, School

ACTIVE_DAYS = 30
# The overview's columns, each one an order it can be sorted in.
PLATFORM_COLUMNS = [
    ("name", _("School")),
    ("learners", _("Learners")),
    ("active", _("Active in the last 30 days")),
    ("completion", _("Completion (%)")),
    ("last_activity", _("Last activity")),
]
PLATFORM_ORDER = [key for key, _label in PLATFORM_COLUMNS]


def platform_order(value: str) -> tuple[str, bool]:
    """The column to sort by and whether descending, from `?order=-learners`; an
    unknown column sorts by name."""
    order = value.lstrip("-")
    if order not in PLATFORM_ORDER:
        return "name", False
    return order, value.startswith("-")


def platform_overview(*, order: str = "name", descending: bool = False) -> list[School]:
    """One row per school: learners (students), active in the last 30 days, percent
    of assigned work completed, last activity. The figures are the school's own
    summary columns; "active" is counted in one grouped query from the students who
    signed in lately (an index on the sign-in time). Two queries in all."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    active = dict(
        Enrolment.objects.filter(student__last_login__gte=since)
        .values("school_class__school")
        .annotate(n=Count("student", distinct=True))
        .values_list("school_class__school", "n")
    )
    schools = list(
        School.objects.annotate(
            learners=F("learner_count"),
            last_activity=F("last_activity_at"),
            completion=Case(
                When(assigned_count=0, then=Value(0)),
                default=F("completed_count") * 100 / F("assigned_count"),
                output_field=IntegerField(),
            ),
        ).order_by("name", "pk")
    )
    for school in schools:
        school.active = active.get(school.pk, 0)
    if order != "name" and order in PLATFORM_ORDER:
        present = [s for s in schools if getattr(s, order) is not None]
        missing = [s for s in schools if getattr(s, order) is None]  # always last
        present.sort(key=lambda s: getattr(s, order), reverse=descending)
        return present + missing
    return schools[::-1] if descending else schools


def platform_totals() -> dict:
    """The same figures for the whole platform (two queries)."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    totals = School.objects.aggregate(
        schools=Count("pk"),
        learners=Coalesce(Sum("learner_count"), 0),
        assigned=Coalesce(Sum("assigned_count"), 0),
        completed=Coalesce(Sum("completed_count"), 0),
        last_activity=Max("last_activity_at"),
    )
    # A student in two schools is one learner of the platform.
    totals["active"] = (
        User.objects.filter(last_login__gte=since, enrolments__isnull=False)
        .distinct()
        .count()
    )
    totals["completion"] = (
        round(100 * totals["completed"] / totals["assigned"])
        if totals["assigned"]
        else 0
    )
    return totals
