"""Plausible progress for seeded learners: section views, lesson progress, quiz
attempts (some failed before passing), knowledge checks and certificates, built in
memory for one school and written in a few bulk inserts."""

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import User
from core.codes import random_code
from lessons.models import (
    Certificate,
    Lesson,
    LessonProgress,
    Quiz,
    QuizAttempt,
    SectionView,
    Track,
)

PASS_MARK = 80


@dataclass
class TrackPlan:
    """What a track holds, fetched once: its lessons with their sections and quiz."""

    track: Track
    lessons: list[Lesson]
    sections: dict[int, list[int]]  # lesson id -> section ids in order
    quizzes: dict[int, int]  # lesson id -> quiz id
    check: int | None  # the knowledge check's quiz id


def track_plan(slug: str) -> TrackPlan:
    track = Track.objects.get(slug=slug)
    lessons = list(
        track.lessons.filter(is_published=True)
        .order_by("position")
        .prefetch_related("sections")
    )
    quizzes = dict(
        Quiz.objects.filter(lesson__in=lessons).values_list("lesson_id", "pk")
    )
    check = Quiz.objects.filter(track=track).values_list("pk", flat=True).first()
    return TrackPlan(
        track,
        lessons,
        {lesson.pk: [s.pk for s in lesson.sections.all()] for lesson in lessons},
        quizzes,
        check,
    )


class Progress:
    """Section views, lesson progress, quiz attempts and certificates, gathered for
    one school and written in a few bulk inserts."""

    def __init__(self, *, rng: random.Random, now: datetime) -> None:
        self.random = rng
        self.now = now
        self.views: list[SectionView] = []
        self.progress: list[LessonProgress] = []
        self.attempts: list[QuizAttempt] = []
        self.certificates: list[Certificate] = []

    def attempt(self, learner, quiz_id, phase, score, when) -> None:
        self.attempts.append(
            QuizAttempt(
                learner=learner,
                quiz_id=quiz_id,
                phase=phase,
                token=secrets.token_urlsafe(16),
                seed=self.random.randrange(2**31),
                started_at=when,
                submitted_at=when,
                correct=score // 10,
                total=10,
                score=score,
                passed=score >= PASS_MARK,
            )
        )

    def learner(self, learner: User, plan: TrackPlan, *, diligence: float) -> None:
        """Lessons done in order; how far depends on the learner's diligence."""
        rng = self.random
        if rng.random() > 0.15 + diligence:  # never started
            return
        reach = rng.random() * (0.6 + diligence) * (len(plan.lessons) + 1)
        completed = min(len(plan.lessons), int(reach))
        started = self.now - timedelta(days=rng.randint(1, 60))
        if plan.check and rng.random() < 0.8:
            self.attempt(learner, plan.check, "pre", rng.randint(3, 7) * 10, started)
        for position, lesson in enumerate(plan.lessons[: completed + 1]):
            sections = plan.sections[lesson.pk]
            done = position < completed
            seen = len(sections) if done else rng.randint(1, len(sections))
            when = started + timedelta(hours=position * 24 + 1)
            self.views += [
                SectionView(learner=learner, section_id=s, viewed_at=when)
                for s in sections[:seen]
            ]
            best = None
            quiz = plan.quizzes.get(lesson.pk)
            if done and quiz:
                if rng.random() < 0.25:  # failed once first
                    self.attempt(learner, quiz, "lesson", rng.randint(4, 7) * 10, when)
                best = rng.randint(8, 10) * 10
                self.attempt(learner, quiz, "lesson", best, when)
            self.progress.append(
                LessonProgress(
                    learner=learner,
                    lesson=lesson,
                    status=(
                        LessonProgress.Status.COMPLETED
                        if done
                        else LessonProgress.Status.IN_PROGRESS
                    ),
                    sections_viewed=seen,
                    percent=seen * 100 // max(len(sections), 1),
                    last_section="",
                    best_score=best,
                    quiz_passed_at=when if best else None,
                    completed_at=when if done else None,
                )
            )
        if completed == len(plan.lessons):
            when = started + timedelta(days=len(plan.lessons))
            if plan.check and rng.random() < 0.9:
                self.attempt(learner, plan.check, "post", rng.randint(7, 10) * 10, when)
            self.certificates.append(
                Certificate(
                    learner=learner,
                    track=plan.track,
                    code=f"{random_code(4)}-{random_code(4)}-{random_code(4)}",
                    name=learner.display_name,
                )
            )

    def save(self) -> int:
        SectionView.objects.bulk_create(self.views, batch_size=10000)
        LessonProgress.objects.bulk_create(self.progress, batch_size=5000)
        QuizAttempt.objects.bulk_create(self.attempts, batch_size=5000)
        Certificate.objects.bulk_create(self.certificates, batch_size=5000)
        return (
            len(self.views)
            + len(self.progress)
            + len(self.attempts)
            + len(self.certificates)
        )
