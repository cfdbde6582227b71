"""How schools plugs into the apps below it (connected in `SchoolsConfig.ready`).

- Lessons' progress signals keep each school's summary figures (`summaries`) in
  the same transaction as the progress rows they count.
- Lessons' hooks get schools' answers: a student's assignments on the home page,
  the school's country for helplines, quiz answers held back until a due date.
- Accounts refuses sign-in to the members of a deactivated school.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.dispatch import receiver

from accounts import hooks as account_hooks
from accounts.models import User
from lessons import hooks as lesson_hooks
from lessons import signals
from lessons.models import Lesson, LessonProgress
from schools import permissions, summaries
from schools.models import School, StaffMembership
from schools.selectors.assignments import answers_revealed, my_assignments
from schools.selectors.schools import school_of_user


@receiver(signals.learner_active, dispatch_uid="schools-activity")
def _learner_active(sender: Any, *, learner: User, **kwargs: Any) -> None:
    summaries.activity_record(learner=learner)


@receiver(signals.lesson_completed, dispatch_uid="schools-completed")
def _lesson_completed(sender: Any, *, learner: User, lesson: Lesson, **kwargs: Any):
    summaries.lesson_completed(learner=learner, lesson=lesson)


@receiver(signals.progress_recounted, dispatch_uid="schools-recount")
def _progress_recounted(sender: Any, **kwargs: Any) -> None:
    summaries.schools_recount()  # content changes are rare: every school, in full


@lesson_hooks.register("home_context")
def home_context(*, user: User) -> dict[str, Any]:
    """A student's assignments, soonest due first; for adults, their schools."""
    if not user.is_student:
        return {"schools": list(permissions.schools_staffed_by(user))}
    assignments = my_assignments(student=user)
    done = sum(a.status == LessonProgress.Status.COMPLETED for a in assignments)
    return {"assignments": assignments, "assigned_done": done}


@lesson_hooks.register("learner_country")
def learner_country(*, user: User) -> str | None:
    school = school_of_user(user=user)
    return school.country if school else None


lesson_hooks.register("answers_revealed")(answers_revealed)


def in_deactivated_school() -> Exists:
    """True for staff and students of a school a platform admin has deactivated."""
    return Exists(
        School.objects.filter(is_active=False).filter(
            Q(staff__user=OuterRef("pk"))
            | Q(classes__enrolments__student=OuterRef("pk"))
        )
    )


account_hooks.refuse_sign_in_when(in_deactivated_school)


def school_admin() -> Exists:
    """True for the admins of any school: they must sign in with a second factor."""
    return Exists(
        StaffMembership.objects.filter(
            user=OuterRef("pk"), role=StaffMembership.Role.ADMIN
        )
    )


account_hooks.require_two_factor_when(school_admin)
