"""Plausible progress for seeded learners: section views, lesson progress, quiz
attempts (some failed before passing), knowledge checks and certificates, built in
memory for one school and written in a few bulk inserts.

A learner's way through a track is a `Story` (how many lessons done, how the next
one goes, the checks taken, how fast); `seed_scale` draws stories at random
(`Progress.learner`), the demo writes its own (`Progress.story`)."""

import random
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models

from accounts.models import User
from core.codes import random_code
from lessons.models import (
    AttemptAnswer,
    Certificate,
    Lesson,
    LessonProgress,
    Option,
    Quiz,
    QuizAttempt,
    SectionView,
    Track,
)

PASS_MARK = 80
RETAKES = 0.25  # the chance of failing a lesson's quiz once before passing it


@dataclass(frozen=True)
class QuestionKey:
    """A question with its options' slugs, right and wrong: enough to write an
    answer that grades as meant."""

    id: int
    revision: str
    right: list[str]
    wrong: list[str]


@dataclass
class TrackPlan:
    """What a track holds, fetched once: its lessons with their sections and quiz."""

    track: Track
    lessons: list[Lesson]
    sections: dict[int, list[tuple[int, str]]]  # lesson id -> (id, slug) in order
    quizzes: dict[int, int]  # lesson id -> quiz id
    check: int | None  # the knowledge check's quiz id
    questions: dict[int, list[QuestionKey]]  # quiz id -> its questions in order


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
    keys: dict[int, dict[int, QuestionKey]] = {}
    options = (
        Option.objects.filter(
            question__quiz_id__in=[*quizzes.values(), check], question__retired=False
        )
        .order_by("question__position", "position")
        .values_list(
            "question__quiz_id",
            "question_id",
            "question__revision",
            "slug",
            "is_correct",
        )
    )
    for quiz_id, question_id, revision, option, correct in options:
        key = keys.setdefault(quiz_id, {}).setdefault(
            question_id, QuestionKey(question_id, revision, [], [])
        )
        (key.right if correct else key.wrong).append(option)
    return TrackPlan(
        track,
        lessons,
        {
            lesson.pk: [(s.pk, s.slug) for s in lesson.sections.all()]
            for lesson in lessons
        },
        quizzes,
        check,
        {quiz_id: list(questions.values()) for quiz_id, questions in keys.items()},
    )


@dataclass(frozen=True)
class Story:
    """One learner's way through a track: the first `completed` lessons done in
    order (some quizzes failed once before passing), the next one begun (some
    sections read, or all of them and its quiz failed so far), and the knowledge
    check before and, once every lesson is done, after the track."""

    started: datetime
    completed: int
    quiz_failed: bool = False  # the lesson begun read to the end, its quiz failed
    pre: bool = True
    post: bool = True
    pace: timedelta = timedelta(days=1)  # from one lesson to the next


class Progress:
    """Section views, lesson progress, quiz attempts and certificates, gathered for
    one school and written in a few bulk inserts.

    `answers`: keep each attempt's answers too (what a learner sees when they open a
    result), chosen so that they grade to the attempt's score. `backdate`: give rows
    the times of the story rather than the time of the insert (Django sets
    `auto_now_add` fields in a bulk insert)."""

    def __init__(
        self,
        *,
        rng: random.Random,
        now: datetime,
        answers: bool = False,
        backdate: bool = False,
    ) -> None:
        self.random = rng
        self.now = now
        self.answers = answers
        self.backdate = backdate
        self.views: list[SectionView] = []
        self.progress: list[LessonProgress] = []
        self.attempts: list[QuizAttempt] = []
        self.chosen: list[tuple[QuizAttempt, QuestionKey, list[str], bool]] = []
        self.certificates: list[Certificate] = []

    def attempt(
        self,
        learner: User,
        plan: TrackPlan,
        quiz_id: int,
        phase: str,
        score: int,
        when: datetime,
    ) -> int:
        """A submitted attempt scoring about `score` (passed if `score` passes) on
        the quiz's real number of questions; returns the score it has."""
        questions = plan.questions.get(quiz_id, [])
        total = len(questions) or 10
        correct = round(score * total / 100)
        while correct < total and score >= PASS_MARK > round(100 * correct / total):
            correct += 1
        while correct > 0 and score < PASS_MARK <= round(100 * correct / total):
            correct -= 1
        actual = round(100 * correct / total)
        attempt = QuizAttempt(
            learner=learner,
            quiz_id=quiz_id,
            phase=phase,
            token=secrets.token_urlsafe(16),
            seed=self.random.randrange(2**31),
            started_at=when,
            submitted_at=when,
            correct=correct,
            total=total,
            score=actual,
            passed=actual >= PASS_MARK,
        )
        self.attempts.append(attempt)
        if self.answers and questions:
            right = set(self.random.sample(range(total), correct))
            for index, question in enumerate(questions):
                if index in right:
                    selected = question.right
                elif question.wrong:
                    selected = [self.random.choice(question.wrong)]
                else:  # every option right: one of them left out
                    selected = question.right[:-1]
                self.chosen.append(
                    (attempt, question, sorted(selected), index in right)
                )
        return actual

    def learner(self, learner: User, plan: TrackPlan, *, diligence: float) -> None:
        """A story drawn at random: how far depends on the learner's diligence."""
        rng = self.random
        if rng.random() > 0.15 + diligence:  # never started
            return
        reach = rng.random() * (0.6 + diligence) * (len(plan.lessons) + 1)
        self.story(
            learner,
            plan,
            Story(
                started=self.now - timedelta(days=rng.randint(1, 60)),
                completed=min(len(plan.lessons), int(reach)),
                pre=rng.random() < 0.8,
                post=rng.random() < 0.9,
            ),
        )

    def story(self, learner: User, plan: TrackPlan, story: Story) -> None:
        """The rows of one learner's story; never later than now."""
        rng = self.random
        latest = self.now - timedelta(minutes=5)
        completed = min(len(plan.lessons), story.completed)
        before = None
        if plan.check and story.pre:
            when = min(story.started, latest)
            score = rng.randint(3, 7) * 10
            before = self.attempt(learner, plan, plan.check, "pre", score, when)
        when = story.started
        for position, lesson in enumerate(plan.lessons[: completed + 1]):
            sections = plan.sections[lesson.pk]
            quiz = plan.quizzes.get(lesson.pk)
            done = position < completed
            stuck = not done and story.quiz_failed and quiz is not None
            seen = len(sections) if done or stuck else rng.randint(1, len(sections))
            opened = min(story.started + story.pace * position, latest)
            when = min(opened + timedelta(minutes=40), latest)
            self.views += [
                SectionView(learner=learner, section_id=s, viewed_at=opened)
                for s, _slug in sections[:seen]
            ]
            best = None
            if done and quiz:
                if rng.random() < RETAKES:  # failed once first
                    self.attempt(
                        learner,
                        plan,
                        quiz,
                        "lesson",
                        rng.randint(4, 7) * 10,
                        when - timedelta(minutes=10),
                    )
                best = self.attempt(
                    learner, plan, quiz, "lesson", rng.randint(8, 10) * 10, when
                )
            elif stuck:
                best = self.attempt(
                    learner, plan, quiz, "lesson", rng.randint(4, 7) * 10, when
                )
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
                    last_section=sections[seen - 1][1] if seen else "",
                    best_score=best,
                    quiz_passed_at=when if done and quiz else None,
                    completed_at=when if done else None,
                    created_at=opened,
                    updated_at=when,
                )
            )
        if plan.lessons and completed == len(plan.lessons):
            when = min(when + timedelta(hours=1), latest)
            if plan.check and story.post:
                score = rng.randint(7, 10) * 10
                if before is not None:  # a track teaches something
                    score = max(score, min(before + 10, 100))
                self.attempt(learner, plan, plan.check, "post", score, when)
            self.certificates.append(
                Certificate(
                    learner=learner,
                    track=plan.track,
                    code=f"{random_code(4)}-{random_code(4)}-{random_code(4)}",
                    name=learner.display_name or learner.username,
                    issued_at=when,
                )
            )

    def save(self) -> int:
        self._insert(SectionView, self.views, ["viewed_at"], 10000)
        self._insert(LessonProgress, self.progress, ["created_at", "updated_at"], 5000)
        self._insert(QuizAttempt, self.attempts, [], 5000)
        AttemptAnswer.objects.bulk_create(
            [
                AttemptAnswer(
                    attempt=attempt,
                    question_id=question.id,
                    selected=selected,
                    is_correct=correct,
                    revision=question.revision,
                )
                for attempt, question, selected, correct in self.chosen
            ],
            batch_size=5000,
        )
        self._insert(Certificate, self.certificates, ["issued_at"], 5000)
        return (
            len(self.views)
            + len(self.progress)
            + len(self.attempts)
            + len(self.chosen)
            + len(self.certificates)
        )

    def _insert(
        self, model: type[models.Model], rows: list, stamps: list[str], batch: int
    ) -> None:
        """Insert the rows; with `backdate`, keeping the times they were given in
        the `auto_now`/`auto_now_add` fields that an insert sets to now."""
        with _stamps_kept(model, stamps if self.backdate else []):
            model.objects.bulk_create(rows, batch_size=batch)


@contextmanager
def _stamps_kept(model: type[models.Model], stamps: list[str]) -> Iterator[None]:
    """While inside, Django leaves these fields as given instead of stamping them
    with now (in this process: a seeding command's, never a server's)."""
    fields = [model._meta.get_field(stamp) for stamp in stamps]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
