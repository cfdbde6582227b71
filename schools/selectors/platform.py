"""The platform overview: one row per school, from each school's summary figures
(schools.summaries) and grouped subqueries, so the page costs the same however many
schools and learners there are."""

from datetime import timedelta

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.compiled import CompiledQuery
from lessons.models import LessonProgress, Track
from schools.models import Enrolment, ParentMembership, School, StaffMembership

ACTIVE_DAYS = 30
COMPLETED = LessonProgress.Status.COMPLETED
# The overview's columns, each one an order it can be sorted in.
PLATFORM_COLUMNS = [
    ("name", _("School")),
    ("learners", _("Students")),
    ("active", _("Active in the last 30 days")),
    ("completion", _("Completion (%)")),
    ("parent_count", _("Parents")),
    ("parent_lessons", _("Lessons completed by parents")),
    ("staff_count", _("Staff")),
    ("staff_lessons", _("Staff lessons completed")),
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


def _per_school(queryset: QuerySet, school: str) -> Coalesce:
    """The rows of `queryset` counted for the outer school (`school` is the path
    from a row to its school)."""
    return Coalesce(
        Subquery(
            queryset.filter(**{school: OuterRef("pk")})
            .order_by()
            .values(school)
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def _staff_lesson() -> Q:
    return Q(lesson__track__audience=Track.Audience.STAFF, lesson__is_published=True)


def _with_figures(schools: QuerySet) -> QuerySet:
    """Schools with the overview's figures: the students' from the summary columns;
    the parent group (parents, lessons they completed) and staff training (staff,
    lessons of the staff track they completed) from one grouped subquery each. A
    school has each person once in its parent group and staff (unique constraints),
    so no progress row is counted twice for a school."""
    completed = LessonProgress.objects.filter(status=COMPLETED)
    return schools.annotate(
        learners=F("learner_count"),
        last_activity=F("last_activity_at"),
        completion=Case(
            When(assigned_count=0, then=Value(0)),
            default=F("completed_count") * 100 / F("assigned_count"),
            output_field=IntegerField(),
        ),
        parent_count=_per_school(ParentMembership.objects.all(), "school"),
        parent_lessons=_per_school(completed, "learner__parent_memberships__school"),
        staff_count=_per_school(StaffMembership.objects.all(), "school"),
        staff_lessons=_per_school(
            completed.filter(_staff_lesson()), "learner__staff_memberships__school"
        ),
    )


def _active_enrolments(since) -> QuerySet:
    """The enrolments of students who signed in since `since`, reached from those
    students (the sign-in time's index: a few rows), not from every enrolment."""
    recent = User.objects.filter(last_login__gte=since).values("pk")
    return Enrolment.objects.filter(student__in=recent)


def platform_overview(*, order: str = "name", descending: bool = False) -> list[School]:
    """One row per school: students, active in the last 30 days, percent of assigned
    work completed, parents in the parent group and the lessons they completed,
    staff and the staff lessons they completed, last activity. "Active" is counted
    in one grouped query from the students who signed in lately (an index on the
    sign-in time); everything else is the schools' query. Two queries in all."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    active = dict(
        _active_enrolments(since)
        .values("school_class__school")
        .annotate(n=Count("student", distinct=True))
        .values_list("school_class__school", "n")
    )
    schools = list(_with_figures(School.objects.all()).order_by("name", "pk"))
    for school in schools:
        school.active = active.get(school.pk, 0)
    if order != "name" and order in PLATFORM_ORDER:
        present = [s for s in schools if getattr(s, order) is not None]
        missing = [s for s in schools if getattr(s, order) is None]  # always last
        present.sort(key=lambda s: getattr(s, order), reverse=descending)
        return present + missing
    return schools[::-1] if descending else schools


def platform_school(*, school: School) -> School:
    """One school with the overview's figures (one query): what deactivating it
    would lock out."""
    return _with_figures(School.objects.filter(pk=school.pk)).get()


def _distinct(queryset: QuerySet, column: str) -> Coalesce:
    """How many different `column` values `queryset` has, as a subquery that
    stands alone (evaluated once, not per row)."""
    count = Func(
        F(column), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)"
    )
    return Coalesce(Max(Subquery(queryset.order_by().annotate(n=count).values("n"))), 0)


def platform_totals() -> dict:
    """The same figures for the whole platform, in one query. A person in two
    schools is one student, parent or member of staff of the platform, and each of
    their completed lessons counts once. Each person count starts from its own
    small set (students signed in lately, by the sign-in time's index; parent
    groups; staff) rather than from every user, so its cost does not grow with the
    learners: each is an uncorrelated subquery, which the database runs once, in
    the schools' aggregate (the `Max` of a constant is the constant)."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    parents = ParentMembership.objects.values("parent")
    staff = StaffMembership.objects.values("user")
    completed = LessonProgress.objects.filter(status=COMPLETED)
    totals = School.objects.aggregate(
        schools=Count("pk"),
        learners=Coalesce(Sum("learner_count"), 0),
        assigned=Coalesce(Sum("assigned_count"), 0),
        completed=Coalesce(Sum("completed_count"), 0),
        last_activity=Max("last_activity_at"),
        active=_distinct(_active_enrolments(since), "student"),
        parent_count=_distinct(ParentMembership.objects.all(), "parent"),
        parent_lessons=_distinct(completed.filter(learner__in=parents), "pk"),
        staff_count=_distinct(StaffMembership.objects.all(), "user"),
        staff_lessons=_distinct(
            completed.filter(_staff_lesson(), learner__in=staff), "pk"
        ),
    )
    totals["completion"] = (
        round(100 * totals["completed"] / totals["assigned"])
        if totals["assigned"]
        else 0
    )
    return totals


def _whole(rows: QuerySet, function: str, column: str) -> Max:
    """`function(column)` over all of `rows`, as an uncorrelated subquery (run once)."""
    value = Func(F(column), function=function)
    return Max(Subquery(rows.order_by().annotate(v=value).values("v")))


def _stamp_query() -> QuerySet:
    """The platform stamp's query (built once per process: _STAMP)."""
    schools = School.objects.order_by().annotate(one=Value(1)).values("one")
    return schools.annotate(
        schools=Count("pk"),
        changed=Max("updated_at"),
        activity=Max("last_activity_at"),
        learners=Sum("learner_count"),
        assigned=Sum("assigned_count"),
        completed=Sum("completed_count"),
        parents=_whole(ParentMembership.objects.all(), "COUNT", "pk"),
        parent_latest=_whole(ParentMembership.objects.all(), "MAX", "pk"),
        staff=_whole(StaffMembership.objects.all(), "COUNT", "pk"),
        staff_latest=_whole(StaffMembership.objects.all(), "MAX", "updated_at"),
        completion=_whole(LessonProgress.objects.all(), "MAX", "completed_at"),
        sign_in=_whole(User.objects.all(), "MAX", "last_login"),
    )


_STAMP = CompiledQuery(_stamp_query, values=0)


def platform_stamp() -> dict:
    """Figures that change whenever the overview would, read in one query of small
    reads (200 school rows, the parent groups and staff, and one step down the
    indexes on completion and sign-in times), so that the rendered overview can be
    kept under them (core.fragment_cache) and is never shown stale:

    - the schools' rows: their number, their latest change (a recount of a school's
      figures, after a student joins or leaves, work is assigned or a learner is
      erased, saves it), their latest activity (always written as "now"), and the
      sums of their figures (a completion adds to one, never takes away);
    - the parent groups and staff: their number and their latest row or change;
    - the latest completed lesson of anyone (parents' and staff lessons) and the
      latest sign-in (active students).

    "Active in the last 30 days" also changes as time passes: the caller puts the
    day in the key, and a kept overview expires within minutes."""
    sql, params = _STAMP.bind()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))
