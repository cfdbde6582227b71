"""A class's students: accounts made in bulk, new passwords, sign-in lock-outs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from schools.access import access_class, access_class_student
from schools.forms import BulkStudentsForm
from schools.models import SchoolClass
from schools.services.students import (
    NewStudent,
    student_login_unlock,
    student_password_reset,
    students_bulk_create,
)
from schools.views.pages import class_page


def _class_and_student(
    request: HttpRequest, public_id: str, student_id: str
) -> tuple[SchoolClass, User]:
    school_class = access_class(public_id, request.user)
    return school_class, access_class_student(school_class, student_id)


@login_required
@never_cache
@require_POST
def bulk_students(request: HttpRequest, public_id: str) -> HttpResponse:
    school_class = access_class(public_id, request.user)
    form = BulkStudentsForm(request.POST)
    if not form.is_valid():
        return class_page(request, school_class, status=400, bulk_form=form)
    cards = students_bulk_create(
        actor=request.user,
        school_class=school_class,
        display_names=form.cleaned_data["names"],
    )
    return render(
        request,
        "schools/login_cards.html",
        {"school_class": school_class, "cards": cards},
    )


@login_required
@never_cache
@require_POST
def student_reset(
    request: HttpRequest, public_id: str, student_id: str
) -> HttpResponse:
    """A new password for a student, shown once on a login card."""
    school_class, student = _class_and_student(request, public_id, student_id)
    password = student_password_reset(
        actor=request.user, school=school_class.school, student=student
    )
    card = NewStudent(student.display_name, student.username, password)
    return render(
        request,
        "schools/login_cards.html",
        {"school_class": school_class, "cards": [card], "reset": True},
    )


@login_required
@require_POST
def student_unlock(
    request: HttpRequest, public_id: str, student_id: str
) -> HttpResponse:
    """Lift a sign-in lock-out (after 5 wrong passwords) for a student at once."""
    school_class, student = _class_and_student(request, public_id, student_id)
    student_login_unlock(
        actor=request.user, school=school_class.school, student=student
    )
    messages.success(
        request, _("%(name)s can sign in again.") % {"name": student.display_name}
    )
    return redirect(school_class)
