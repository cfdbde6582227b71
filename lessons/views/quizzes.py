"""Lesson quizzes and the knowledge check before and after each track.

Graded on the server only. A visitor may try any quiz and see the feedback; nothing
is stored. A signed-in learner answers within an attempt, whose token makes a second
submission of the same form harmless.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from core.converters import TokenConverter
from lessons import hooks, selectors
from lessons.models import Lesson, LessonProgress, Quiz, QuizAttempt, Track
from lessons.quizzes import PASS_MARK, QuizForm, grade, graded_answers
from lessons.services import (
    AttemptAlreadySubmitted,
    quiz_attempt_open,
    quiz_attempt_submit,
)

ALREADY_SUBMITTED = _(
    "This quiz was already submitted, so nothing was graded twice. Your result is "
    "below; you can take the quiz again from the lesson."
)
STALE_FORM = _(
    "This quiz form is out of date or not valid (it may have been opened in another "
    "tab). Nothing was graded: load the quiz again and answer the questions."
)
FIX_ANSWERS = _(
    "Some questions have no answer yet. Answer every question and send again."
)
FINISH_TRACK_FIRST = _(
    "The check after the track opens once you have completed every lesson of it."
)


@require_http_methods(["GET", "HEAD", "POST"])
def lesson_quiz(request: HttpRequest, lesson_slug: str) -> HttpResponse:
    lesson = selectors.lesson_get(slug=lesson_slug)
    quiz = selectors.quiz_with_questions(lesson=lesson)
    return _quiz_page(
        request,
        quiz,
        phase=QuizAttempt.Phase.LESSON,
        title=lesson.title,
        back=(lesson.get_absolute_url(), _("Back to the lesson")),
        track=lesson.track,
        lesson=lesson,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def knowledge_check(request: HttpRequest, track_slug: str, phase: str) -> HttpResponse:
    track = selectors.track_get(slug=track_slug)
    quiz = selectors.quiz_with_questions(track=track)
    if request.user.is_authenticated and phase == QuizAttempt.Phase.POST:
        lessons = list(selectors.lessons_of_track(track=track))
        progress = selectors.progress_by_lesson(learner=request.user, lessons=lessons)
        if any(
            getattr(progress.get(lesson.pk), "status", None)
            != LessonProgress.Status.COMPLETED
            for lesson in lessons
        ):
            return render(
                request,
                "message.html",
                {
                    "title": _("Not yet"),
                    "message": FINISH_TRACK_FIRST,
                    "back": (track.get_absolute_url(), _("Back to the track")),
                },
                status=403,
            )
    return _quiz_page(
        request,
        quiz,
        phase=phase,
        title=track.title,
        back=(track.get_absolute_url(), _("Back to the track")),
        track=track,
    )


def _quiz_page(
    request: HttpRequest,
    quiz: Quiz,
    *,
    phase: str,
    title: str,
    back: tuple[str, str],
    track: Track,
    lesson: Lesson | None = None,
) -> HttpResponse:
    questions = list(quiz.questions.all())
    context = {
        "quiz": quiz,
        "phase": phase,
        "title": title,
        "back": back,
        "track": track,
        "pass_mark": PASS_MARK,
    }
    if not request.user.is_authenticated:
        # Visitors: a fixed option order, graded on the spot, nothing stored.
        form = QuizForm(
            request.POST if request.method == "POST" else None,
            questions=questions,
            seed=quiz.pk,
        )
        if request.method == "POST":
            if not form.is_valid():
                return _form_page(request, context, form, error=FIX_ANSWERS)
            result = grade(questions, form.chosen(), quiz.pk)
            # After the check that ends the track there is no lesson to go on to.
            step = None
            if phase != QuizAttempt.Phase.POST:
                step = selectors.next_step(
                    learner=request.user, track=track, after=lesson
                )
            return render(
                request,
                "lessons/quiz_result.html",
                {
                    **context,
                    "result": result,
                    "reveal": True,
                    "visitor": True,
                    "step": step,
                },
            )
        return _form_page(request, context, form)

    if request.method in ("GET", "HEAD"):
        attempt = quiz_attempt_open(learner=request.user, quiz=quiz, phase=phase)
        if attempt.is_submitted:  # a knowledge check is taken once per phase
            return redirect("lessons:quiz_result", token=attempt.token)
        form = QuizForm(questions=questions, seed=attempt.seed)
        return _form_page(request, context, form, attempt=attempt)

    token = request.POST.get("attempt", "")
    # A token outside its alphabet (a NUL byte fails a PostgreSQL query) is never
    # looked up: it is answered as a forged form.
    posted = (
        selectors.attempt_posted(learner=request.user, quiz=quiz, token=token)
        if TokenConverter.matches(token)
        else None
    )
    if posted is None:  # forged, or from before: nothing is written for it
        return render(
            request,
            "message.html",
            {
                "title": _("Please load the quiz again"),
                "message": STALE_FORM,
                "back": (request.path, _("Load the quiz")),
            },
            status=400,
        )
    if posted.is_submitted:
        return _already_submitted(request, posted)
    form = QuizForm(request.POST, questions=questions, seed=posted.seed)
    if not form.is_valid():
        return _form_page(request, context, form, attempt=posted, error=FIX_ANSWERS)
    try:
        quiz_attempt_submit(attempt=posted, questions=questions, chosen=form.chosen())
    except AttemptAlreadySubmitted:
        return _already_submitted(request, posted)
    return redirect("lessons:quiz_result", token=posted.token)


def _form_page(
    request: HttpRequest,
    context: dict,
    form: QuizForm,
    *,
    attempt: QuizAttempt | None = None,
    error: str = "",
) -> HttpResponse:
    # The questions from the Jinja2 template (its escaping on): a quiz's options
    # cost the most of the page in Django's engine.
    questions = render_to_string(
        "lessons/quiz_questions.html", {"rows": form.rows()}, using="jinja2"
    )
    return render(
        request,
        "lessons/quiz.html",
        {
            **context,
            "form": form,
            "attempt": attempt,
            "error": error,
            "questions": mark_safe(questions),  # noqa: S308 - escaped by Jinja2
        },
        status=400 if error else 200,
    )


def _already_submitted(request: HttpRequest, attempt: QuizAttempt) -> HttpResponse:
    return render(
        request,
        "message.html",
        {
            "title": _("Already submitted"),
            "message": ALREADY_SUBMITTED,
            "back": (
                reverse("lessons:quiz_result", args=[attempt.token]),
                _("See your result"),
            ),
        },
        status=400,
    )


@login_required
@require_safe
def quiz_result(request: HttpRequest, token: str) -> HttpResponse:
    attempt = selectors.attempt_of_learner(learner=request.user, token=token)
    quiz = selectors.quiz_with_questions(
        lesson=attempt.quiz.lesson, track=attempt.quiz.track
    )
    result = graded_answers(
        list(quiz.questions.all()), list(attempt.answers.all()), attempt.seed
    )
    if quiz.lesson is not None:
        title, track = quiz.lesson.title, quiz.lesson.track
        back = (quiz.lesson.get_absolute_url(), _("Back to the lesson"))
    else:
        title, track = quiz.track.title, quiz.track
        back = (quiz.track.get_absolute_url(), _("Back to the track"))
    return render(
        request,
        "lessons/quiz_result.html",
        {
            "quiz": quiz,
            "phase": attempt.phase,
            "title": title,
            "back": back,
            "track": track,
            "pass_mark": PASS_MARK,
            "attempt": attempt,
            "result": result,
            "step": selectors.next_step(
                learner=request.user, track=track, after=attempt.quiz.lesson
            ),
            # A teacher may hold the answers back until an assignment's due date.
            "reveal": quiz.lesson is None
            or hooks.answers_revealed(learner=request.user, lesson=quiz.lesson),
        },
    )
