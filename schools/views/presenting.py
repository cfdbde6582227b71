"""Presenter mode: a teacher shows a lesson to a class, one section per screen in
large type, with the facilitator notes below the slide or in a second window, and
marks the lesson taught to the class on the last slide.

Each slide is a page of its own (links to the previous and next, so it works with
no JavaScript); static/js/presenter.js adds the keys: the arrows, Page Up/Down, Home
and End move, Esc leaves. Scenarios and myth-or-fact cards are shown whole, each
answer behind a <details> the teacher opens when the class has talked it over."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lessons import selectors as lessons
from lessons.packs import teacher_pack_pdf
from lessons.views.packs import pdf_response
from schools.access import access_class
from schools.forms import TaughtForm
from schools.models import SchoolClass
from schools.selectors.presenting import lessons_taught, slide, slide_help
from schools.services import ServiceError
from schools.services.teaching import lesson_taught_record


def _slide_page(
    request: HttpRequest,
    school_class: SchoolClass,
    lesson_slug: str,
    section_slug: str | None,
    *,
    template: str,
    form: TaughtForm | None = None,
    status: int = 200,
) -> HttpResponse:
    shown = slide(lesson_slug=lesson_slug, section_slug=section_slug)
    context = {
        "school_class": school_class,
        "slide": shown,
        "lesson": shown.lesson,
        "section": shown.section,
        "facilitator": shown.lesson.facilitator or {},
        "taught": lessons_taught(school_class=school_class).get(shown.lesson.pk),
        "help": slide_help(school_class=school_class, shown=shown),
        "form": form or TaughtForm(initial={"taught_on": timezone.localdate()}),
    }
    return render(request, template, context, status=status)


@login_required
@require_safe
def present(
    request: HttpRequest,
    public_id: str,
    lesson_slug: str,
    section_slug: str | None = None,
) -> HttpResponse:
    return _slide_page(
        request,
        access_class(public_id, request.user),
        lesson_slug,
        section_slug,
        template="schools/present.html",
    )


@login_required
@require_safe
def present_notes(
    request: HttpRequest, public_id: str, lesson_slug: str, section_slug: str
) -> HttpResponse:
    """The facilitator notes of one slide, for a second window."""
    return _slide_page(
        request,
        access_class(public_id, request.user),
        lesson_slug,
        section_slug,
        template="schools/present_notes.html",
    )


@login_required
@require_POST
def lesson_taught(
    request: HttpRequest, public_id: str, lesson_slug: str
) -> HttpResponse:
    school_class = access_class(public_id, request.user)
    shown = slide(lesson_slug=lesson_slug, section_slug=None)
    last = shown.sections[-1].slug
    form = TaughtForm(request.POST)
    if form.is_valid():
        try:
            _taught, created = lesson_taught_record(
                actor=request.user,
                school_class=school_class,
                lesson=shown.lesson,
                taught_on=form.cleaned_data["taught_on"],
            )
        except ServiceError as error:
            form.add_error("taught_on", str(error))
        else:
            day = formats.date_format(form.cleaned_data["taught_on"], "j F Y")
            text = (
                _("Marked as taught to %(class)s on %(day)s.")
                if created
                else _("It was already marked as taught to %(class)s on %(day)s.")
            )
            messages.success(request, text % {"class": school_class.name, "day": day})
            return redirect(
                reverse(
                    "schools:present_section",
                    args=[school_class.public_id, lesson_slug, last],
                )
            )
    return _slide_page(
        request,
        school_class,
        lesson_slug,
        last,
        template="schools/present.html",
        form=form,
        status=400,
    )


@login_required
@require_safe
def teacher_pack(
    request: HttpRequest, public_id: str, lesson_slug: str
) -> HttpResponse:
    """The lesson's teacher's pack as a PDF: sections, notes, the quiz and its
    answer sheet (lessons/packs.py), in the page's language."""
    access_class(public_id, request.user)
    lesson = lessons.lesson_get(slug=lesson_slug)
    pdf = teacher_pack_pdf(
        lesson,
        lessons.quiz_with_questions(lesson=lesson),
        sources_url=request.build_absolute_uri(reverse("lessons:sources")),
    )
    return pdf_response(pdf, f"teachers-pack-{lesson.slug}-{get_language()}.pdf")
