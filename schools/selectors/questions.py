"""Question insight: how a group of learners answered each question of a lesson's
quiz or a track's knowledge check, aggregated in SQL (one query for the answers,
however many learners there are).

Which answers count: for a lesson's quiz, each learner's first sent attempt (a retake
follows the feedback, so it measures memory of the feedback, not the lesson); for a
knowledge check, the before and after answers of the learners who gave both. Only
answers to a question's current wording (its revision) count; the others are counted
as left out. Figures are computed live, so erasing a learner changes them at once.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from lessons.models import AttemptAnswer, Lesson, Option, Question, Quiz, QuizAttempt
from lessons.translated import bodies
from schools.item_statistics import Group, Paired, QuestionSpec

Phase = QuizAttempt.Phase


@dataclass
class OptionFigures:
    option: Option
    chosen: int  # learners who chose (for "choose all": ticked) it


@dataclass
class QuestionAnswers:
    """How the learners answered one question of a lesson's quiz."""

    question: Question
    n: int = 0  # learners who answered today's wording
    right: int = 0
    options: list[OptionFigures] = field(default_factory=list)

    @property
    def most_chosen_wrong(self) -> OptionFigures | None:
        """The wrong option most learners chose (the first shown, on a tie); None
        when nobody chose a wrong one."""
        wrong = [o for o in self.options if not o.option.is_correct and o.chosen]
        return max(wrong, key=lambda o: o.chosen, default=None)


@dataclass
class QuestionChange:
    """How the same learners answered one knowledge-check question before and
    after the track."""

    question: Question
    paired: Paired


@dataclass
class QuizAnswers:
    quiz: Quiz
    questions: list[QuestionAnswers]
    left_out: int  # answers to an earlier wording, not counted


@dataclass
class CheckAnswers:
    quiz: Quiz
    questions: list[QuestionChange]
    left_out: int  # before-and-after pairs with an earlier wording on either side


_CURRENT = ExpressionWrapper(
    Q(revision=F("question__revision")), output_field=BooleanField()
)


def quiz_answers(*, quiz: Quiz, learners: QuerySet[User]) -> QuizAnswers:
    """Each question of a lesson's quiz with how `learners` answered it on their
    first sent attempt. One query: the answers grouped by question, options chosen,
    right or wrong and whether they answered today's wording."""
    first = (
        QuizAttempt.objects.filter(
            learner=OuterRef("attempt__learner"),
            quiz=quiz,
            phase=Phase.LESSON,
            submitted_at__isnull=False,
        )
        .order_by("submitted_at", "pk")
        .values("pk")[:1]
    )
    groups = (
        AttemptAnswer.objects.filter(
            attempt__quiz=quiz,
            attempt__phase=Phase.LESSON,
            attempt__learner__in=learners,
            attempt_id=Subquery(first),
            question__retired=False,
        )
        .annotate(current=_CURRENT)
        .values("question_id", "selected", "is_correct", "current")
        .annotate(n=Count("pk"))
        .order_by()
    )
    questions = {q.pk: q for q in quiz.questions.all()}
    counted = {pk: QuestionAnswers(q) for pk, q in questions.items()}
    chosen: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    left_out = 0
    for group in groups:
        answers = counted.get(group["question_id"])
        if answers is None:
            continue
        if not group["current"]:
            left_out += group["n"]
            continue
        answers.n += group["n"]
        answers.right += group["n"] if group["is_correct"] else 0
        for slug in group["selected"]:
            chosen[group["question_id"]][slug] += group["n"]
    for pk, answers in counted.items():
        answers.options = [
            OptionFigures(option, chosen[pk][option.slug])
            for option in questions[pk].options.all()
        ]
    return QuizAnswers(quiz, list(counted.values()), left_out)


def check_answers(*, quiz: Quiz, learners: QuerySet[User]) -> CheckAnswers:
    """Each knowledge-check question with the paired counts of `learners` who
    answered it both before and after the track. One query: each before-answer with
    its learner's after-answer to the same wording, grouped."""
    after = AttemptAnswer.objects.filter(
        attempt__learner=OuterRef("attempt__learner"),
        attempt__quiz=quiz,
        attempt__phase=Phase.POST,
        attempt__submitted_at__isnull=False,
        question=OuterRef("question"),
    )
    groups = (
        AttemptAnswer.objects.filter(
            attempt__quiz=quiz,
            attempt__phase=Phase.PRE,
            attempt__submitted_at__isnull=False,
            attempt__learner__in=learners,
            question__retired=False,
        )
        .filter(Exists(after))
        .annotate(
            current=_CURRENT,
            after=Subquery(
                after.filter(revision=OuterRef("question__revision")).values(
                    "is_correct"
                )[:1]
            ),
        )
        .values("question_id", "is_correct", "current", "after")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[tuple[bool, bool], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    left_out = 0
    for group in groups:
        if not group["current"] or group["after"] is None:
            left_out += group["n"]
            continue
        key = (bool(group["is_correct"]), bool(group["after"]))
        counts[group["question_id"]][key] += group["n"]
    questions = []
    for question in quiz.questions.all():
        mine = counts.get(question.pk, {})
        paired = Paired(
            right_right=mine.get((True, True), 0),
            wrong_right=mine.get((False, True), 0),
            right_wrong=mine.get((True, False), 0),
            wrong_wrong=mine.get((False, False), 0),
        )
        questions.append(QuestionChange(question, paired))
    return CheckAnswers(quiz, questions, left_out)


def objective_texts(lessons: list[Lesson]) -> dict[str, str]:
    """Each learning objective's text by its key ("<lesson-slug>/<objective-id>"),
    which knowledge-check questions carry."""
    return {
        f"{lesson.slug}/{objective['id']}": objective["text"]
        for lesson in lessons
        for objective in lesson.objectives
    }


@dataclass
class AnswerGroups:
    """Each quiz's answers grouped for its item statistics, and how many of its
    answers were to an earlier wording (left out), by quiz id."""

    by_quiz: dict[int, list[Group]] = field(default_factory=lambda: defaultdict(list))
    left_out: dict[int, int] = field(default_factory=dict)


def answer_groups(
    *, quiz_ids: list[int], learners: QuerySet[User] | None = None
) -> AnswerGroups:
    """The answers that count for item statistics, grouped in SQL as
    `schools.item_statistics.Group`s, by quiz id: a lesson quiz's first sent attempt
    per learner, a knowledge check's before attempt; today's wording only. Each
    answer is grouped with its sitting's rest score (right answers to the quiz's
    other questions) and whether the sitting answered every question, so that rows
    come per kind of answer, never per learner; and each quiz's answers to an
    earlier wording, counted. One query.

    Written as SQL with common table expressions: the first attempts are numbered
    in one pass and the sittings' totals are one aggregate joined back, where the
    ORM's correlated subqueries ran once per answer (199 s over the benchmark's 2.4
    million answers on PostgreSQL). A knowledge check's before attempt is unique
    per learner, so numbering keeps it."""
    if not quiz_ids:
        return AnswerGroups()
    quote = connection.ops.quote_name
    attempt = quote(QuizAttempt._meta.db_table)
    answer = quote(AttemptAnswer._meta.db_table)
    question = quote(Question._meta.db_table)
    params: list = [*quiz_ids, Phase.PRE, Phase.LESSON]
    among = ""
    if learners is not None:
        sql, learner_params = learners.values("pk").query.sql_with_params()
        among = f"AND a.learner_id IN ({sql})"
        params += list(learner_params)
    marks = ", ".join(["%s"] * len(quiz_ids))
    right = "CASE WHEN x.is_correct THEN 1 ELSE 0 END"
    complete = "CASE WHEN s.answered = k.questions THEN 1 ELSE 0 END"
    query = f"""
        WITH firsts AS (
            SELECT id, quiz_id FROM (
                SELECT a.id, a.quiz_id, a.phase, ROW_NUMBER() OVER (
                    PARTITION BY a.learner_id, a.quiz_id, a.phase
                    ORDER BY a.submitted_at, a.id
                ) AS nth
                FROM {attempt} a
                WHERE a.quiz_id IN ({marks}) AND a.submitted_at IS NOT NULL
                AND a.phase IN (%s, %s)
                {among}
            ) numbered
            WHERE nth = 1
        ),
        answers AS (
            SELECT f.quiz_id, x.attempt_id, q.slug, x.is_correct, x.selected
            FROM firsts f
            JOIN {answer} x ON x.attempt_id = f.id
            JOIN {question} q ON q.id = x.question_id
            WHERE NOT q.retired AND x.revision = q.revision
        ),
        sittings AS (
            SELECT x.attempt_id, SUM({right}) AS right_answers, COUNT(*) AS answered
            FROM answers x GROUP BY x.attempt_id
        ),
        asked AS (
            SELECT quiz_id, COUNT(*) AS questions FROM {question}
            WHERE NOT retired GROUP BY quiz_id
        ),
        earlier AS (
            SELECT f.quiz_id, COUNT(*) AS answers
            FROM firsts f
            JOIN {answer} x ON x.attempt_id = f.id
            JOIN {question} q ON q.id = x.question_id
            WHERE NOT q.retired AND x.revision <> q.revision
            GROUP BY f.quiz_id
        )
        SELECT x.quiz_id, x.slug, {right}, x.selected, s.right_answers - {right},
            {complete}, COUNT(*)
        FROM answers x
        JOIN sittings s ON s.attempt_id = x.attempt_id
        JOIN asked k ON k.quiz_id = x.quiz_id
        GROUP BY x.quiz_id, x.slug, {right}, x.selected, s.right_answers, {complete}
        UNION ALL
        SELECT quiz_id, NULL, NULL, NULL, NULL, NULL, answers FROM earlier
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    grouped = AnswerGroups()
    for quiz_id, slug, correct, selected, rest, whole, count in rows:
        if slug is None:  # the quiz's answers to an earlier wording
            grouped.left_out[quiz_id] = count
            continue
        if isinstance(selected, str):  # SQLite gives the JSON's text
            selected = json.loads(selected)
        grouped.by_quiz[quiz_id].append(
            Group(
                question=slug,
                correct=bool(correct),
                selected=frozenset(selected),
                rest=rest,
                complete=bool(whole),
                count=count,
            )
        )
    return grouped


def answers_stamp() -> tuple[int, int | None]:
    """Every answer's number and the greatest id, in one query: a new answer gives
    a new id, an erased learner a smaller number (the platform's questions page is
    kept under it)."""
    figures = AttemptAnswer.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return figures["n"], figures["last"]


def quizzes_with_questions() -> list[Quiz]:
    """Every quiz of a published lesson and every knowledge check, track by track,
    with its questions and options: three queries."""
    options = Prefetch("options", queryset=Option.objects.order_by("position"))
    questions = Prefetch(
        "questions",
        queryset=Question.objects.order_by("position").prefetch_related(options),
    )
    return list(
        Quiz.objects.filter(Q(lesson__is_published=True) | Q(track__isnull=False))
        .select_related("lesson__track", "track")
        .defer(*bodies("lesson", "lesson__track"))
        .prefetch_related(questions)
        .order_by(
            Coalesce("lesson__track__position", "track__position"),
            "kind",
            "lesson__position",
        )
    )


def question_specs(quiz: Quiz) -> list[QuestionSpec]:
    """The quiz's questions as the statistics read them."""
    return [
        QuestionSpec(
            slug=question.slug,
            type=question.type,
            options=tuple(o.slug for o in question.options.all()),
            correct=frozenset(o.slug for o in question.options.all() if o.is_correct),
        )
        for question in quiz.questions.all()
    ]
