"""Joining: students join a class with its code, parents a school's parent group."""

import re

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.codes import CODE_ALPHABET
from core.rate_limits import attempt_count
from schools.access import access_parent_membership
from schools.forms import JoinCodeForm, ParentCodeForm, StudentJoinForm
from schools.models import CODE_LENGTH
from schools.selectors.schools import parent_groups_of
from schools.services.parents import parent_group_join, parent_group_leave
from schools.services.students import (
    NewStudent,
    OtherSchool,
    enrolment_create,
    students_create,
)
from schools.views.decorators import adult_required, verified_email_required

# Every code sent from one address (an IPv6 /64, see core.client_ip) counts, right
# or wrong: 60 in 10 minutes lets a class of 30 behind one school address join,
# mistakes and all, while a guesser gets 60 tries. Once over, nothing is checked.
MAX_JOIN_ATTEMPTS = 60
MAX_PARENT_CODE_ATTEMPTS = 20
TOO_MANY_CODES = gettext_lazy(
    "Too many codes were tried from this connection. Please wait ten minutes, then "
    "check the code with your teacher."
)
TOO_MANY_PARENT_CODES = gettext_lazy(
    "Too many codes were tried from this connection. Please wait ten minutes, then "
    "check the code with the school."
)
OTHER_SCHOOL = gettext_lazy(
    "You can only join classes of your own school with this account. If you have "
    "moved school, ask your new teacher for a new account."
)
# A code in the join address (`/join/?code=...`, the class page's QR code) is only
# written into the form: nothing is looked up until the student sends it, so the
# address tells nobody whether a code exists.
LINKED_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


def _linked_code(request: HttpRequest) -> str | None:
    code = request.GET.get("code", "").strip().upper()
    return code if LINKED_CODE.fullmatch(code) else None


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Students join a class with its code. No email, no birth date, no surname."""
    signed_in_student = request.user.is_authenticated and request.user.is_student
    if request.user.is_authenticated and not signed_in_student:
        return render(
            request,
            "message.html",
            {
                "title": _("For students"),
                "message": _(
                    "This page is for students joining a class. Sign out first if a "
                    "student is using this computer."
                ),
            },
            status=403,
        )
    form_class = JoinCodeForm if signed_in_student else StudentJoinForm
    if request.method in ("GET", "HEAD"):
        code = _linked_code(request)
        form = form_class(initial={"code": code} if code else None)
        return render(request, "schools/join.html", {"form": form})
    form = form_class(request.POST)
    if attempt_count(request, "join-code", MAX_JOIN_ATTEMPTS):
        # A fresh form: a bound one would check the code as the page is drawn.
        return render(
            request,
            "schools/join.html",
            {"form": form_class(), "error": TOO_MANY_CODES},
            status=429,
        )
    if not form.is_valid():
        return render(request, "schools/join.html", {"form": form}, status=400)
    school_class = form.school_class
    if signed_in_student:
        try:
            enrolment_create(school_class=school_class, student=request.user)
        except OtherSchool:
            return render(
                request,
                "schools/join.html",
                {"form": form_class(), "error": OTHER_SCHOOL},
                status=400,
            )
        messages.success(
            request, _("You joined %(name)s.") % {"name": school_class.name}
        )
        return redirect("lessons:home")
    [student] = students_create(
        school_class=school_class,
        students=[
            NewStudent(
                display_name=form.cleaned_data["display_name"],
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        ],
    )
    login(request, student, backend="accounts.backends.EmailOrUsernameBackend")
    messages.success(
        request,
        _(
            "Welcome, %(name)s. You are in %(class)s. Remember your username: "
            "%(username)s"
        )
        % {
            "name": student.display_name,
            "class": school_class.name,
            "username": student.username,
        },
    )
    return redirect("lessons:home")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@adult_required
@verified_email_required
def parent_join(request: HttpRequest) -> HttpResponse:
    """A parent enters the school's parent code, sees exactly what the school will
    see, and only then confirms."""
    form = ParentCodeForm(request.POST if request.method == "POST" else None)
    if request.method in ("GET", "HEAD"):
        return render(
            request,
            "schools/parent_join.html",
            {"form": form, "memberships": parent_groups_of(parent=request.user)},
        )
    if attempt_count(request, "parent-code", MAX_PARENT_CODE_ATTEMPTS):
        return render(
            request,
            "schools/parent_join.html",
            {
                "form": ParentCodeForm(),
                "memberships": parent_groups_of(parent=request.user),
                "error": TOO_MANY_PARENT_CODES,
            },
            status=429,
        )
    if not form.is_valid():
        return render(request, "schools/parent_join.html", {"form": form}, status=400)
    if request.POST.get("confirm") == "yes":
        parent_group_join(school=form.school, parent=request.user)
        messages.success(
            request,
            _("You joined the parent group of %(school)s.")
            % {"school": form.school.name},
        )
        return redirect("schools:parent_join")
    return render(
        request, "schools/parent_consent.html", {"form": form, "school": form.school}
    )


@login_required
@require_POST
def parent_leave(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access_parent_membership(slug, request.user)
    parent_group_leave(membership=membership)
    messages.success(
        request,
        _("You left the parent group of %(school)s. It no longer sees your progress.")
        % {"school": membership.school.name},
    )
    return redirect("schools:parent_join")
