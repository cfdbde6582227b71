"""The school page and the class page, which several actions render again with an
error (status 400) instead of redirecting; the class's how-to-join sheet."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.qr import qr_svg
from schools import permissions
from schools.forms import BulkStudentsForm, SchoolClassForm, StaffInviteForm
from schools.models import School, SchoolClass
from schools.selectors.classes import (
    class_assignments,
    class_students,
    classes_of_school,
)
from schools.selectors.presenting import lessons_to_present
from schools.selectors.staff import invites_pending, school_staff


def school_page(
    request: HttpRequest, school: School, *, status: int = 200
) -> HttpResponse:
    """Its classes (the user's), and for its admins its staff and invitations."""
    is_admin = permissions.is_school_admin(request.user, school)
    context = {
        "school": school,
        "is_admin": is_admin,
        "classes": classes_of_school(school=school, user=request.user),
        "class_form": SchoolClassForm(),
    }
    if is_admin:
        context.update(
            staff=school_staff(school=school),
            invites=invites_pending(school=school),
            invite_form=StaffInviteForm(),
        )
    return render(request, "schools/school.html", context, status=status)


def class_page(
    request: HttpRequest,
    school_class: SchoolClass,
    *,
    status: int = 200,
    bulk_form: BulkStudentsForm | None = None,
) -> HttpResponse:
    """Its join code, assignments and students, and the form to create accounts."""
    context = {
        "school_class": school_class,
        "school": school_class.school,
        "students": class_students(school_class=school_class),
        "assignments": class_assignments(school_class=school_class),
        "to_present": lessons_to_present(school_class=school_class),
        "is_admin": permissions.is_school_admin(request.user, school_class.school),
        "bulk_form": bulk_form or BulkStudentsForm(),
        **join_details(request, school_class),
    }
    return render(request, "schools/class.html", context, status=status)


def join_details(request: HttpRequest, school_class: SchoolClass) -> dict[str, Any]:
    """The join page's full address, and while the code is open, the address with
    the code filled in and its QR code."""
    join_url = request.build_absolute_uri(reverse("schools:join"))
    if not school_class.join_code_active:
        return {"join_url": join_url}
    join_link = f"{join_url}?{urlencode({'code': school_class.join_code})}"
    return {
        "join_url": join_url,
        "join_link": join_link,
        "join_qr": qr_svg(
            join_link,
            label=_(
                "QR code: opens the Join a class page with the code %(code)s filled in"
            )
            % {"code": school_class.join_code},
        ),
    }
