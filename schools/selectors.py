"""Reads about schools, and the reports. Every report runs a fixed number of queries,
whatever the number of learners; figures are aggregated by the database."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
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

from accounts.models import User
from lessons.models import Certificate, Lesson, LessonProgress, QuizAttempt, Track
from schools.models import (
    Assignment,
    AssignmentTarget,
    AuditEntry,
    Enrolment,
    ParentMembership,
    School,
    SchoolClass,
    StaffMembership,
)
from schools.permissions import learner_ids_of_school

NOT_STARTED = "not_started"
OVERDUE = "overdue"
STATUSES = [NOT_STARTED, "in_progress", "completed", OVERDUE]


def school_of_user(*, user: User) -> School | None:
    """The school a user belongs to (as student, staff or consenting parent), if any."""
    if not user.is_authenticated:
        return None
    # Three lookups by the user's id (each indexed), not three outer joins over
    # every school's classes and members.
    return (
        School.objects.filter(
            Q(
                pk__in=Enrolment.objects.filter(student=user).values(
                    "school_class__school"
                )
            )
            | Q(pk__in=StaffMembership.objects.filter(user=user).values("school"))
            | Q(pk__in=ParentMembership.objects.filter(parent=user).values("school")),
            is_active=True,
        )
        .order_by("pk")
        .first()
    )


def _completed(student: str = "student", lesson: str = "assignment__lesson") -> Exists:
    return Exists(
        LessonProgress.objects.filter(
            learner=OuterRef(student),
            lesson=OuterRef(lesson),
            status=LessonProgress.Status.COMPLETED,
        )
    )


# A student's own work


@dataclass
class MyAssignment:
    assignment: Assignment
    status: str
    best_score: int | None
    overdue: bool


def my_assignments(*, student: User) -> list[MyAssignment]:
    """A student's assignments, soonest due first (no date last), with their status."""
    targets = (
        AssignmentTarget.objects.filter(
            student=student, assignment__school_class__school__is_active=True
        )
        .select_related("assignment__lesson__track", "assignment__school_class")
        .annotate(
            status=Coalesce(
                Subquery(
                    LessonProgress.objects.filter(
                        learner=student, lesson=OuterRef("assignment__lesson")
                    ).values("status")[:1]
                ),
                Value(NOT_STARTED),
            ),
            best_score=Subquery(
                LessonProgress.objects.filter(
                    learner=student, lesson=OuterRef("assignment__lesson")
                ).values("best_score")[:1]
            ),
        )
        .order_by(
            F("assignment__due_date").asc(nulls_last=True),
            "assignment__lesson__track__position",
            "assignment__lesson__position",
        )
    )
    today = timezone.localdate()
    return [
        MyAssignment(
            assignment=t.assignment,
            status=t.status,
            best_score=t.best_score,
            overdue=bool(
                t.assignment.due_date
                and t.assignment.due_date < today
                and t.status != LessonProgress.Status.COMPLETED
            ),
        )
        for t in targets
    ]


def answers_revealed(*, learner: User, lesson: Lesson) -> bool:
    """Quiz answers show at once, unless the student's teacher chose to hold them
    back until the due date of this lesson's assignment."""
    if not learner.is_authenticated or not learner.is_student:
        return True
    return not AssignmentTarget.objects.filter(
        student=learner,
        assignment__lesson=lesson,
        assignment__reveal=Assignment.Reveal.AFTER_DUE,
        assignment__due_date__gte=timezone.localdate(),
    ).exists()


# The class report


@dataclass
class Cell:
    assigned: bool
    status: str = NOT_STARTED
    best_score: int | None = None
    overdue: bool = False

    @property
    def shown_status(self) -> str:
        return OVERDUE if self.overdue else self.status


@dataclass
class ReportRow:
    student: User
    cells: list[Cell]

    @property
    def assigned(self) -> int:
        return sum(c.assigned for c in self.cells)

    @property
    def completed(self) -> int:
        return sum(c.assigned and c.status == "completed" for c in self.cells)


@dataclass
class ClassReport:
    school_class: SchoolClass
    assignments: list[Assignment]
    rows: list[ReportRow]
    completion: list[int | None] = field(default_factory=list)  # percent per lesson
    overdue: int = 0


def class_report(*, school_class: SchoolClass, status: str = "") -> ClassReport:
    """Students x assigned lessons: status and best score in each cell. Four queries:
    assignments (with lessons), students, their assignment targets, their progress."""
    assignments = list(
        school_class.assignments.select_related("lesson__track").order_by(
            F("due_date").asc(nulls_last=True),
            "lesson__track__position",
            "lesson__position",
        )
    )
    students = list(
        User.objects.filter(enrolments__school_class=school_class).order_by(
            "display_name", "username"
        )
    )
    targets = set(
        AssignmentTarget.objects.filter(
            assignment__school_class=school_class
        ).values_list("assignment_id", "student_id")
    )
    progress = {
        (p["learner_id"], p["lesson_id"]): p
        for p in LessonProgress.objects.filter(
            learner__enrolments__school_class=school_class,
            lesson__assignments__school_class=school_class,
        ).values("learner_id", "lesson_id", "status", "best_score")
    }
    today = timezone.localdate()
    rows = []
    for student in students:
        cells = []
        for assignment in assignments:
            if (assignment.pk, student.pk) not in targets:
                cells.append(Cell(assigned=False))
                continue
            p = progress.get((student.pk, assignment.lesson_id), {})
            done = p.get("status") == LessonProgress.Status.COMPLETED
            cells.append(
                Cell(
                    assigned=True,
                    status=p.get("status", NOT_STARTED),
                    best_score=p.get("best_score"),
                    overdue=bool(assignment.due_date and assignment.due_date < today)
                    and not done,
                )
            )
        rows.append(ReportRow(student, cells))
    report = ClassReport(school_class, assignments, rows)
    for index in range(len(assignments)):
        column = [row.cells[index] for row in rows if row.cells[index].assigned]
        report.completion.append(
            round(100 * sum(c.status == "completed" for c in column) / len(column))
            if column
            else None
        )
    report.overdue = sum(c.overdue for row in rows for c in row.cells)
    if status in STATUSES:
        report.rows = [
            row
            for row in rows
            if any(c.assigned and c.shown_status == status for c in row.cells)
        ]
    return report


# The school dashboard


@dataclass
class Figure:
    label: str
    assigned: int
    completed: int
    extra: dict = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.assigned) if self.assigned else 0


def _targets_of(school: School) -> QuerySet[AssignmentTarget]:
    return AssignmentTarget.objects.filter(
        assignment__school_class__school=school
    ).annotate(done=_completed())


def completion_by_class(school: School) -> list[Figure]:
    rows = (
        _targets_of(school)
        .values("assignment__school_class__name", "assignment__school_class__public_id")
        .annotate(
            assigned=Count("pk"),
            completed=Count("pk", filter=Q(done=True)),
            overdue=Count(
                "pk",
                filter=Q(done=False, assignment__due_date__lt=timezone.localdate()),
            ),
        )
        .order_by("assignment__school_class__name")
    )
    return [
        Figure(
            r["assignment__school_class__name"],
            r["assigned"],
            r["completed"],
            {"overdue": r["overdue"]},
        )
        for r in rows
    ]


def completion_by_lesson(school: School) -> list[Figure]:
    rows = (
        _targets_of(school)
        .values(
            "assignment__lesson__title",
            "assignment__lesson__track__position",
            "assignment__lesson__position",
        )
        .annotate(assigned=Count("pk"), completed=Count("pk", filter=Q(done=True)))
        .order_by("assignment__lesson__track__position", "assignment__lesson__position")
    )
    return [
        Figure(r["assignment__lesson__title"], r["assigned"], r["completed"])
        for r in rows
    ]


def completion_by_track(school: School) -> list[Figure]:
    rows = (
        _targets_of(school)
        .values(
            "assignment__lesson__track__title", "assignment__lesson__track__position"
        )
        .annotate(assigned=Count("pk"), completed=Count("pk", filter=Q(done=True)))
        .order_by("assignment__lesson__track__position")
    )
    return [
        Figure(r["assignment__lesson__track__title"], r["assigned"], r["completed"])
        for r in rows
    ]


def staff_training(school: School) -> list[Figure]:
    """Each member of staff: lessons of the staff track completed, of all of them."""
    staff_lessons = Lesson.objects.filter(
        track__audience=Track.Audience.STAFF, is_published=True
    )
    total = staff_lessons.count()
    rows = (
        StaffMembership.objects.filter(school=school)
        .annotate(
            completed=Count(
                "user__lesson_progress",
                filter=Q(
                    user__lesson_progress__lesson__in=staff_lessons,
                    user__lesson_progress__status=LessonProgress.Status.COMPLETED,
                ),
            )
        )
        .select_related("user")
        .order_by("user__display_name")
    )
    return [
        Figure(
            r.user.display_name or r.user.username,
            total,
            r.completed,
            {"role": r.get_role_display()},
        )
        for r in rows
    ]


@dataclass
class ParentEngagement:
    parents: int
    active: int  # completed at least one lesson
    lessons_completed: int
    certificates: int


def parent_engagement(school: School) -> ParentEngagement:
    parents = User.objects.filter(parent_memberships__school=school)
    figures = parents.aggregate(
        parents=Count("pk", distinct=True),
        active=Count(
            "pk",
            distinct=True,
            filter=Q(lesson_progress__status=LessonProgress.Status.COMPLETED),
        ),
        lessons_completed=Count(
            "lesson_progress",
            distinct=True,
            filter=Q(lesson_progress__status=LessonProgress.Status.COMPLETED),
        ),
    )
    figures["certificates"] = Certificate.objects.filter(learner__in=parents).count()
    return ParentEngagement(**figures)


@dataclass
class Gain:
    track: str
    learners: int
    before: float | None
    after: float | None

    @property
    def gain(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


def knowledge_gain(school: School) -> list[Gain]:
    """Average score before and after each track, among the school's learners who
    took both checks, so the gain compares the same people."""
    learners = learner_ids_of_school(school)
    took_both = Exists(
        QuizAttempt.objects.filter(
            learner=OuterRef("learner"),
            quiz=OuterRef("quiz"),
            phase=QuizAttempt.Phase.POST,
            submitted_at__isnull=False,
        )
    )
    rows = (
        QuizAttempt.objects.filter(
            learner__in=learners,
            phase__in=[QuizAttempt.Phase.PRE, QuizAttempt.Phase.POST],
            submitted_at__isnull=False,
        )
        .annotate(both=took_both)
        .filter(Q(phase=QuizAttempt.Phase.POST) | Q(both=True))
        .values("quiz__track__title", "quiz__track__position")
        .annotate(
            learners=Count("learner", distinct=True, filter=Q(phase="post")),
            before=Avg("score", filter=Q(phase="pre")),
            after=Avg("score", filter=Q(phase="post")),
        )
        .order_by("quiz__track__position")
    )
    return [
        Gain(
            r["quiz__track__title"],
            r["learners"],
            round(r["before"], 1) if r["before"] is not None else None,
            round(r["after"], 1) if r["after"] is not None else None,
        )
        for r in rows
    ]


def audit_entries(school: School) -> QuerySet[AuditEntry]:
    return school.audit_entries.order_by("-at")


# The platform overview

PLATFORM_ORDER = {
    "name": "name",
    "learners": "learners",
    "active": "active",
    "completion": "completion",
    "last_activity": "last_activity",
}


def platform_overview(*, order: str = "name", descending: bool = False) -> list[School]:
    """One row per school: learners (students), active in the last 30 days, percent
    of assigned work completed, last activity. The figures are the school's own
    summary columns (schools.summaries); "active" is counted in one grouped query
    from the students who signed in lately (an index on the sign-in time), so the
    page costs the same however many learners there are."""
    since = timezone.now() - timedelta(days=30)
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
    key = PLATFORM_ORDER.get(order, "name")
    if key != "name":
        present = [s for s in schools if getattr(s, key) is not None]
        missing = [s for s in schools if getattr(s, key) is None]  # always last
        present.sort(key=lambda s: getattr(s, key), reverse=descending)
        return present + missing
    return schools[::-1] if descending else schools


def platform_totals() -> dict:
    since = timezone.now() - timedelta(days=30)
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
