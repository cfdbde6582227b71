"""The class report: students x assigned lessons, status and best score in each
cell, and when each lesson was taught to the class, in four queries however many
students there are."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lessons.models import LessonProgress
from lessons.translated import bodies
from schools.models import (
    Assignment,
    AssignmentTarget,
    Enrolment,
    LessonTaught,
    SchoolClass,
)
from schools.selectors.classes import class_students
from schools.selectors.stamps import Sources, Stamp

Status = LessonProgress.Status
OVERDUE = "overdue"
STATUS_LABELS = {**dict(Status.choices), OVERDUE: _("Overdue")}
STATUSES = list(STATUS_LABELS)
# Not a status a student's lesson can have (so not a filter): the grid's key for a
# lesson that was not assigned to that student.
NOT_ASSIGNED = "not_assigned"
SORTS = {"name": _("Name"), "progress": _("Progress")}


@dataclass
class Cell:
    assigned: bool
    status: str = Status.NOT_STARTED
    best_score: int | None = None
    overdue: bool = False
    label: str = ""  # the shown status, translated

    @property
    def shown_status(self) -> str:
        return OVERDUE if self.overdue else self.status

    @property
    def key(self) -> str:
        """What the grid shows (its icon and label): the shown status, or that the
        lesson is not assigned to this student."""
        return self.shown_status if self.assigned else NOT_ASSIGNED

    @property
    def completed(self) -> bool:
        return self.assigned and self.status == Status.COMPLETED


@dataclass
class ReportRow:
    student: User
    cells: list[Cell]

    @property
    def assigned(self) -> int:
        return sum(c.assigned for c in self.cells)

    @property
    def completed(self) -> int:
        return sum(c.completed for c in self.cells)


@dataclass
class ColumnTotal:
    """One lesson's completion over the whole class (whatever the filter shows)."""

    completed: int
    assigned: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.completed / self.assigned) if self.assigned else None


@dataclass
class ClassReport:
    school_class: SchoolClass
    assignments: list[Assignment]
    rows: list[ReportRow]
    completion: list[int | None] = field(default_factory=list)  # percent per lesson
    overdue: int = 0
    totals: list[ColumnTotal] = field(default_factory=list)  # one per lesson
    # The last day each lesson was taught to the whole class (presenter mode).
    taught: list[date | None] = field(default_factory=list)
    sort: str = "name"
    students: int = 0  # in the class, before the filter

    @property
    def completed_total(self) -> int:
        return sum(t.completed for t in self.totals)

    @property
    def assigned_total(self) -> int:
        return sum(t.assigned for t in self.totals)


def _cells(
    student: User,
    assignments: list[Assignment],
    targets: set[tuple[int, int]],
    progress: dict[tuple[int, int], dict],
) -> list[Cell]:
    today = timezone.localdate()
    cells = []
    for assignment in assignments:
        if (assignment.pk, student.pk) not in targets:
            cells.append(Cell(assigned=False))
            continue
        p = progress.get((student.pk, assignment.lesson_id), {})
        done = p.get("status") == Status.COMPLETED
        late = bool(assignment.due_date and assignment.due_date < today)
        cells.append(
            Cell(
                assigned=True,
                status=p.get("status", Status.NOT_STARTED),
                best_score=p.get("best_score"),
                overdue=late and not done,
            )
        )
    return cells


def _class_sources() -> Sources:
    """What the class report shows (schools.selectors.stamps): its students'
    progress rows (every learner's write saves their time of change), its
    enrolments, assignments (due dates), their targets, the lessons taught. The
    class's and school's own `updated_at` (names), the content version (titles),
    the language and the day (overdue) go into the key beside the stamp
    (schools.views.reports)."""
    this = OuterRef("pk")
    return {
        "progress": (
            LessonProgress.objects.filter(learner__enrolments__school_class=this),
            "updated_at",
        ),
        "enrolled": (Enrolment.objects.filter(school_class=this), "pk"),
        "assigned": (Assignment.objects.filter(school_class=this), "updated_at"),
        "targets": (
            AssignmentTarget.objects.filter(assignment__school_class=this),
            "pk",
        ),
        "taught": (LessonTaught.objects.filter(school_class=this), "updated_at"),
    }


_CLASS_STAMP = Stamp(SchoolClass, _class_sources)


def class_report_stamp(*, school_class: SchoolClass) -> tuple:
    """The class report's stamp, in one query."""
    return _CLASS_STAMP.of(school_class.pk)


def class_report(
    *, school_class: SchoolClass, status: str = "", sort: str = "name"
) -> ClassReport:
    """Students x assigned lessons: status and best score in each cell, and the day
    each lesson was last taught to the class. Four queries: assignments (with
    lessons, and the last day each was taught), students, their assignment
    targets, their progress.
    Rows come by name, or with `sort="progress"` by lessons completed (most first)
    then name: sorted here over the loaded rows, so no query is added."""
    taught = (
        LessonTaught.objects.filter(
            school_class=school_class, lesson=OuterRef("lesson")
        )
        .order_by("-taught_on")
        .values("taught_on")[:1]
    )
    assignments = list(
        school_class.assignments.select_related("lesson__track")
        .defer(*bodies("lesson", "lesson__track"))
        .annotate(taught=Subquery(taught))
        .order_by(
            F("due_date").asc(nulls_last=True),
            "lesson__track__position",
            "lesson__position",
        )
    )
    students = list(class_students(school_class=school_class))
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
    rows = [
        ReportRow(student, _cells(student, assignments, targets, progress))
        for student in students
    ]
    labels = {key: str(label) for key, label in STATUS_LABELS.items()}
    labels[NOT_ASSIGNED] = str(_("Not assigned"))
    for row in rows:  # each label translated once here, not once per cell
        for cell in row.cells:
            cell.label = labels[cell.key]
    report = ClassReport(school_class, assignments, rows, students=len(rows))
    report.taught = [a.taught for a in assignments]
    for index in range(len(assignments)):
        column = [row.cells[index] for row in rows if row.cells[index].assigned]
        total = ColumnTotal(sum(c.completed for c in column), len(column))
        report.totals.append(total)
        report.completion.append(total.percent)
    report.overdue = sum(c.overdue for row in rows for c in row.cells)
    if sort == "progress":
        # Stable: rows already come by name, so equal counts stay by name.
        rows.sort(key=lambda row: row.completed, reverse=True)
        report.sort = sort
    if status in STATUSES:
        report.rows = [
            row
            for row in rows
            if any(c.assigned and c.shown_status == status for c in row.cells)
        ]
    return report
