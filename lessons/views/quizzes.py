"""Lesson quizzes and the knowledge check before and after each track.

Graded on the server only. A visitor may try any quiz and see the feedback; nothing
is stored. A signed-in learner's form carries its opening, signed
(lessons.quizzes.Opening): opening a quiz writes nothing, and the attempt written
when the answers arrive has the opening's token, so that a second submission of the
same form is graded once.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from lessons import content_cache, hooks, selectors
from lessons.kept_pages import kept_page
from lessons.models import Lesson, LessonProgress, Quiz, QuizAttempt, Track
from lessons.quizzes import PASS_MARK, Opening, QuizForm, grade, graded_answers
from lessons.services import AttemptAlreadySubmitted, quiz_attempt_submit

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
        if phase != QuizAttempt.Phase.LESSON:  # a knowledge check is taken once
            taken = selectors.check_attempt(
                learner=request.user, quiz=quiz, phase=phase
            )
            if taken is not None:
                return redirect("lessons:quiz_result", token=taken.token)
        opening = Opening.new(learner=request.user.pk, quiz=quiz.pk, phase=phase)
        form = QuizForm(questions=questions, seed=opening.seed)
        return _form_page(request, context, form, opening=opening.signed())

    signed = request.POST.get("attempt", "")
    opening = Opening.from_form(signed)
    if opening is None or (opening.learner, opening.quiz, opening.phase) != (
        request.user.pk,
        quiz.pk,
        phase,
    ):  # forged, or another quiz's or learner's: nothing is written for it
        return _stale_form(request)
    form = QuizForm(request.POST, questions=questions, seed=opening.seed)
    if not form.is_valid():
        return _form_page(request, context, form, opening=signed, error=FIX_ANSWERS)
    try:
        attempt = quiz_attempt_submit(
            learner=request.user,
            quiz=quiz,
            opening=opening,
            questions=questions,
            chosen=form.chosen(),
        )
    except AttemptAlreadySubmitted:
        sent = selectors.attempt_sent(learner=request.user, opening=opening)
        return _already_submitted(request, sent) if sent else _stale_form(request)
    return redirect("lessons:quiz_result", token=attempt.token)


def _form_page(
    request: HttpRequest,
    context: dict,
    form: QuizForm,
    *,
    opening: str = "",
    error: str = "",
) -> HttpResponse:
    # The questions from the Jinja2 template (its escaping on): a quiz's options
    # cost the most of the page in Django's engine. A form not yet answered is the
    # same for everyone who draws its order: rendered once per process.
    def questions() -> str:
        return render_to_string(
            "lessons/quiz_questions.html", {"rows": form.rows()}, using="jinja2"
        )

    context = {**context, "form": form, "opening": opening, "error": error}
    if form.is_bound:  # with its answers and messages
        html = questions()
    else:
        key = ("quiz-questions", context["quiz"].pk, form.seed, get_language())
        html = mark_safe(content_cache.held(key, questions))  # noqa: S308 - Jinja2's
        if opening:  # a signed-in learner's new form: the page around it is kept
            page_key = ("quiz", context["quiz"].pk, context["phase"])
            holes = {"opening": opening, "questions": html}
            page = kept_page(request, page_key, "lessons/quiz.html", context, holes)
            if page is not None:
                return page
    return render(
        request,
        "lessons/quiz.html",
        {**context, "questions": mark_safe(html)},  # noqa: S308 - escaped by Jinja2
        status=400 if error else 200,
    )


def _stale_form(request: HttpRequest) -> HttpResponse:
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
