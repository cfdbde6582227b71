"""The school dashboard: completion by class, lesson and track, staff training, the
parent group and the knowledge gain, each one grouped query."""

from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from lessons.models import Certificate, Lesson, LessonProgress, QuizAttempt, Track
from lessons.translated import translated
from schools.models import (
    Assignment,
    AssignmentTarget,
    Enrolment,
    LessonTaught,
    ParentMembership,
    School,
    SchoolClass,
    StaffMembership,
)
from schools.permissions import learner_ids_of_school
from schools.selectors.stamps import Sources, Stamp

COMPLETED = LessonProgress.Status.COMPLETED
Phase = QuizAttempt.Phase


@dataclass
class Figure:
    label: str
    assigned: int
    completed: int

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.assigned) if self.assigned else 0


@dataclass
class ClassFigure(Figure):
    overdue: int


@dataclass
class LessonFigure(Figure):
    taught: int = 0  # classes it was taught to in presenter mode


@dataclass
class StaffFigure(Figure):
    role: str


@dataclass
class ParentEngagement:
    parents: int
    active: int  # completed at least one lesson
    lessons_completed: int
    certificates: int


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


@dataclass
class Dashboard:
    classes: list[ClassFigure]
    lessons: list[LessonFigure]
    tracks: list[Figure]
    staff: list[StaffFigure]
    parents: ParentEngagement
    gain: list[Gain]

    @property
    def overdue(self) -> int:
        return sum(figure.overdue for figure in self.classes)


def dashboard(*, school: School) -> Dashboard:
    """Every figure of the dashboard: eight queries, whatever the school's size."""
    return Dashboard(
        classes=completion_by_class(school=school),
        lessons=completion_by_lesson(school=school),
        tracks=completion_by_track(school=school),
        staff=staff_training(school=school),
        parents=parent_engagement(school=school),
        gain=knowledge_gain(school=school),
    )


def _school_sources() -> Sources:
    """What the dashboard shows (schools.selectors.stamps): the progress, quiz
    attempts (their time of submission) and, for parents, certificates of the
    school's learners; its classes, assignments and their targets; its staff and
    parent group; the lessons taught. The school's `updated_at`, the content
    version, the language and the day go into the key beside the stamp. Work given
    to students (assignment targets: 2,500 rows for 500 students) is not read: each
    change to it recounts the school's figures, which saves the school's row."""
    this = OuterRef("pk")
    in_school = {"school_class__school": this}
    # Each group's ids, read from its memberships alone (not joined to the users),
    # in a subquery of the source's subquery: the school is two levels out.
    school = OuterRef(this)
    learners = {
        "students": Enrolment.objects.filter(school_class__school=school).values(
            "student"
        ),
        "staff": StaffMembership.objects.filter(school=school).values("user"),
        "parents": ParentMembership.objects.filter(school=school).values("parent"),
    }
    sources: Sources = {}
    for group, ids in learners.items():
        sources[f"{group}_progress"] = (
            LessonProgress.objects.filter(learner__in=ids),
            "updated_at",
        )
        sources[f"{group}_attempts"] = (
            QuizAttempt.objects.filter(learner__in=ids),
            "submitted_at",
        )
    parents = Certificate.objects.filter(learner__in=learners["parents"])
    return sources | {
        "certificates": (parents, "pk"),
        "classes": (SchoolClass.objects.filter(school=this), "updated_at"),
        "assigned": (Assignment.objects.filter(**in_school), "updated_at"),
        "staff": (StaffMembership.objects.filter(school=this), "updated_at"),
        "parents": (ParentMembership.objects.filter(school=this), "pk"),
        "taught": (LessonTaught.objects.filter(**in_school), "updated_at"),
    }


_SCHOOL_STAMP = Stamp(School, _school_sources)


def dashboard_stamp(*, school: School) -> tuple:
    """The dashboard's stamp, in one query."""
    return _SCHOOL_STAMP.of(school.pk)


def _targets_of(school: School) -> QuerySet[AssignmentTarget]:
    done = Exists(
        LessonProgress.objects.filter(
            learner=OuterRef("student"),
            lesson=OuterRef("assignment__lesson"),
            status=COMPLETED,
        )
    )
    return AssignmentTarget.objects.filter(
        assignment__school_class__school=school
    ).annotate(done=done)


def _counts(**extra: Count) -> dict[str, Count]:
    return {
        "assigned": Count("pk"),
        "completed": Count("pk", filter=Q(done=True)),
        **extra,
    }


def completion_by_class(*, school: School) -> list[ClassFigure]:
    overdue = Count(
        "pk", filter=Q(done=False, assignment__due_date__lt=timezone.localdate())
    )
    rows = (
        _targets_of(school)
        .values("assignment__school_class__name", "assignment__school_class__public_id")
        .annotate(**_counts(overdue=overdue))
        .order_by("assignment__school_class__name")
    )
    return [
        ClassFigure(
            r["assignment__school_class__name"],
            r["assigned"],
            r["completed"],
            overdue=r["overdue"],
        )
        for r in rows
    ]


def completion_by_lesson(*, school: School) -> list[LessonFigure]:
    """Each assigned lesson's completion, and how many of the school's classes it
    was taught to in class (a subquery: still one query)."""
    taught = (
        LessonTaught.objects.filter(
            school_class__school=school, lesson=OuterRef("assignment__lesson")
        )
        .values("lesson")
        .annotate(classes=Count("school_class", distinct=True))
        .values("classes")
    )
    rows = (
        _targets_of(school)
        .values(
            "assignment__lesson",
            "assignment__lesson__track__position",
            "assignment__lesson__position",
            title=translated("assignment__lesson__title"),
            taught=Coalesce(Subquery(taught), 0),
        )
        .annotate(**_counts())
        .order_by("assignment__lesson__track__position", "assignment__lesson__position")
    )
    return [
        LessonFigure(r["title"], r["assigned"], r["completed"], taught=r["taught"])
        for r in rows
    ]


def completion_by_track(*, school: School) -> list[Figure]:
    rows = (
        _targets_of(school)
        .values(
            "assignment__lesson__track__position",
            title=translated("assignment__lesson__track__title"),
        )
        .annotate(**_counts())
        .order_by("assignment__lesson__track__position")
    )
    return [Figure(r["title"], r["assigned"], r["completed"]) for r in rows]


def staff_training(*, school: School) -> list[StaffFigure]:
    """Each member of staff: lessons of the staff track completed, of all of them
    (counted in the same query)."""
    staff_lessons = Lesson.objects.filter(
        track__audience=Track.Audience.STAFF, is_published=True
    )
    total = staff_lessons.order_by().annotate(n=Func(F("pk"), function="COUNT"))
    rows = (
        StaffMembership.objects.filter(school=school)
        .annotate(
            completed=Count(
                "user__lesson_progress",
                filter=Q(
                    user__lesson_progress__lesson__in=staff_lessons,
                    user__lesson_progress__status=COMPLETED,
                ),
            ),
            total=Subquery(total.values("n")),
        )
        .select_related("user")
        .order_by("user__display_name")
    )
    return [
        StaffFigure(
            r.user.display_name or r.user.username,
            r.total,
            r.completed,
            role=r.get_role_display(),
        )
        for r in rows
    ]


def parent_engagement(*, school: School) -> ParentEngagement:
    parents = User.objects.filter(parent_memberships__school=school)
    completed = Q(lesson_progress__status=COMPLETED)
    figures = parents.aggregate(
        parents=Count("pk", distinct=True),
        active=Count("pk", distinct=True, filter=completed),
        lessons_completed=Count("lesson_progress", distinct=True, filter=completed),
    )
    figures["certificates"] = Certificate.objects.filter(learner__in=parents).count()
    return ParentEngagement(**figures)


def knowledge_gain(*, school: School) -> list[Gain]:
    """Average score before and after each track, among the school's learners who
    took both checks, so the gain compares the same people."""
    learners = learner_ids_of_school(school)
    took_both = Exists(
        QuizAttempt.objects.filter(
            learner=OuterRef("learner"),
            quiz=OuterRef("quiz"),
            phase=Phase.POST,
            submitted_at__isnull=False,
        )
    )
    rows = (
        QuizAttempt.objects.filter(
            learner__in=learners,
            phase__in=[Phase.PRE, Phase.POST],
            submitted_at__isnull=False,
        )
        .annotate(both=took_both)
        .filter(Q(phase=Phase.POST) | Q(both=True))
        .values("quiz__track__position", title=translated("quiz__track__title"))
        .annotate(
            learners=Count("learner", distinct=True, filter=Q(phase=Phase.POST)),
            before=Avg("score", filter=Q(phase=Phase.PRE)),
            after=Avg("score", filter=Q(phase=Phase.POST)),
        )
        .order_by("quiz__track__position")
    )
    return [
        Gain(
            r["title"],
            r["learners"],
            _rounded(r["before"]),
            _rounded(r["after"]),
        )
        for r in rows
    ]


def _rounded(score: float | None) -> float | None:
    return round(score, 1) if score is not None else None
