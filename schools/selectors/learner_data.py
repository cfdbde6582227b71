"""What is kept about a learner, and the school's certificates."""

from datetime import datetime

from django.db.models import QuerySet

from accounts.models import User
from lessons.models import Certificate, LessonProgress, QuizAttempt
from schools.models import School
from schools.permissions import learners_of_school


def isoformat(moment: datetime | None) -> str | None:
    """A moment as ISO 8601, for data taken away; None stays None."""
    return moment.isoformat() if moment else None


def learner_data(*, learner: User) -> dict:
    """Everything kept about a learner: account, progress, quiz attempts with their
    answers, certificates."""
    progress = LessonProgress.objects.filter(learner=learner).select_related("lesson")
    attempts = (
        QuizAttempt.objects.filter(learner=learner, submitted_at__isnull=False)
        .select_related("quiz__lesson", "quiz__track")
        .prefetch_related("answers__question")
    )
    certificates = Certificate.objects.filter(learner=learner).select_related("track")
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
        "progress": [
            {
                "lesson": p.lesson.slug,
                "status": p.status,
                "percent_read": p.percent,
                "best_score": p.best_score,
                "completed_at": isoformat(p.completed_at),
            }
            for p in progress
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.lesson.slug
                if a.quiz.lesson_id
                else f"{a.quiz.track.slug} check",
                "phase": a.phase,
                "submitted_at": a.submitted_at.isoformat(),
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
                "issued_at": c.issued_at.isoformat(),
            }
            for c in certificates
        ],
    }


def school_certificates(*, school: School) -> QuerySet[Certificate]:
    """Every certificate issued to the school's learners, with track and learner."""
    return Certificate.objects.filter(
        learner__in=learners_of_school(school)
    ).select_related("track", "learner")
