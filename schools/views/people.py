"""Schools, staff, classes, students and parents."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_ratelimit.core import get_usage

from accounts.models import User
from elearning.client_ip import ratelimit_key
from schools import permissions
from schools.forms import (
    AssignmentForm,
    BulkStudentsForm,
    JoinCodeForm,
    ParentCodeForm,
    SchoolClassForm,
    SchoolForm,
    StaffInviteForm,
    StudentJoinForm,
)
from schools.models import ParentMembership, School, StaffInvite, StaffMembership
from schools.services import (
    ServiceError,
    assignments_create,
    class_create,
    class_join_code_regenerate,
    class_join_code_set_open,
    enrolment_create,
    parent_group_join,
    parent_group_leave,
    school_register,
    staff_invite_accept,
    staff_invite_create,
    staff_remove,
    staff_role_change,
    student_join,
    student_login_unlock,
    student_password_reset,
    students_bulk_create,
)

# After 10 wrong codes from one address in 10 minutes, a wait. Only wrong codes
# count, so a class joining from one address is never held up by its own success.
MAX_JOIN_FAILURES = 10
JOIN_FAILURES = f"{MAX_JOIN_FAILURES}/10m"
TOO_MANY_CODES = _(
    "Too many codes that did not match were tried from this connection. Please wait "
    "ten minutes, then check the code with your teacher."
)


def _adult_required(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_student:
        return render(
            request,
            "lessons/message.html",
            {
                "title": _("For adults"),
                "message": _("This page is for school staff and parents."),
            },
            status=403,
        )
    return None


def _staffed_school(request: HttpRequest, slug: str) -> School:
    return get_object_or_404(permissions.schools_staffed_by(request.user), slug=slug)


def _administered_school(request: HttpRequest, slug: str) -> School:
    return get_object_or_404(
        permissions.schools_administered_by(request.user), slug=slug
    )


def _class_student(school_class, public_id: str) -> User:
    """A student of the class, by the id in the URL (another's is a 404)."""
    return get_object_or_404(
        User.objects.filter(
            enrolments__school_class=school_class, kind=User.Kind.STUDENT
        ),
        public_id=public_id,
    )


def _visible_class(request: HttpRequest, public_id: str):
    return get_object_or_404(
        permissions.classes_visible_to(request.user).select_related(
            "school", "teacher"
        ),
        public_id=public_id,
    )


# Schools and staff


@login_required
@require_http_methods(["GET", "POST"])
def school_register_view(request: HttpRequest) -> HttpResponse:
    if refusal := _adult_required(request):
        return refusal
    form = SchoolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            school = school_register(
                user=request.user,
                name=form.cleaned_data["name"],
                country=form.cleaned_data["country"],
            )
            messages.success(
                request, _("Your school is registered. You are its admin.")
            )
            return redirect("schools:school", slug=school.slug)
        return render(request, "schools/register.html", {"form": form}, status=400)
    return render(request, "schools/register.html", {"form": form})


@login_required
@require_safe
def school_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _school_page(request, _staffed_school(request, slug))


def _school_page(
    request: HttpRequest, school: School, status: int = 200
) -> HttpResponse:
    is_admin = permissions.is_school_admin(request.user, school)
    classes = (
        permissions.classes_visible_to(request.user)
        .filter(school=school)
        .select_related("teacher")
        .order_by("name")
    )
    context = {
        "school": school,
        "is_admin": is_admin,
        "classes": classes,
        "class_form": SchoolClassForm(),
    }
    if is_admin:
        context.update(
            staff=school.staff.select_related("user").order_by("user__display_name"),
            invites=school.invites.filter(accepted_at__isnull=True).order_by(
                "-created_at"
            ),
            invite_form=StaffInviteForm(),
        )
    return render(request, "schools/school.html", context, status=status)


@login_required
@require_POST
def staff_invite(request: HttpRequest, slug: str) -> HttpResponse:
    school = _administered_school(request, slug)
    form = StaffInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid email address and a role."))
        return _school_page(request, school, 400)
    invite = staff_invite_create(
        school=school,
        invited_by=request.user,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
    )
    link = request.build_absolute_uri(invite.get_absolute_url())
    transaction.on_commit(
        lambda: send_mail(
            _("You are invited to join %(school)s") % {"school": school.name},
            _(
                "%(name)s invited you to join %(school)s as %(role)s.\n\nOpen this "
                "link within 7 days to accept (it works once):\n%(link)s\n"
            )
            % {
                "name": request.user.display_name,
                "school": school.name,
                "role": invite.get_role_display(),
                "link": link,
            },
            None,
            [invite.email],
        )
    )
    messages.success(
        request,
        _("Invitation sent to %(email)s. You can also give them this link: %(link)s")
        % {"email": invite.email, "link": link},
    )
    return redirect("schools:school", slug=school.slug)


@login_required
@require_http_methods(["GET", "POST"])
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    invite = StaffInvite.objects.select_related("school").filter(token=token).first()
    if invite is None or not invite.is_usable or not invite.school.is_active:
        return render(
            request,
            "lessons/message.html",
            {
                "title": _("This invitation cannot be used"),
                "message": _(
                    "This invitation link has expired, was already used, or is not "
                    "valid. Ask your school admin for a new one."
                ),
            },
            status=404 if invite is None else 410,
        )
    if request.method == "POST":
        try:
            staff_invite_accept(token=token, user=request.user)
        except ServiceError as error:
            return render(
                request,
                "lessons/message.html",
                {"title": _("This invitation cannot be used"), "message": str(error)},
                status=400,
            )
        messages.success(
            request, _("Welcome to %(school)s.") % {"school": invite.school.name}
        )
        return redirect("schools:school", slug=invite.school.slug)
    return render(request, "schools/invite.html", {"invite": invite})


@login_required
@require_POST
def staff_change(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    school = _administered_school(request, slug)
    membership = get_object_or_404(
        StaffMembership.objects.select_related("user", "school"),
        pk=membership_id,
        school=school,
    )
    action = request.POST.get("action")
    try:
        if action == "remove":
            staff_remove(actor=request.user, membership=membership)
            messages.success(
                request,
                _("%(name)s was removed from the staff.")
                % {"name": membership.user.display_name},
            )
        elif action in StaffMembership.Role.values:
            staff_role_change(actor=request.user, membership=membership, role=action)
            messages.success(request, _("Role changed."))
        else:
            messages.error(request, _("Choose an action."))
            return _school_page(request, school, 400)
    except ServiceError as error:
        messages.error(request, str(error))
        return _school_page(request, school, 400)
    return redirect("schools:school", slug=school.slug)


# Classes


@login_required
@require_POST
def class_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    school = _staffed_school(request, slug)
    form = SchoolClassForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the class a name."))
        return _school_page(request, school, 400)
    school_class = class_create(
        school=school,
        teacher=request.user,
        name=form.cleaned_data["name"],
        year_group=form.cleaned_data["year_group"],
    )
    return redirect(school_class)


@login_required
@require_safe
def class_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    school_class = _visible_class(request, public_id)
    return _class_page(request, school_class)


def _class_page(request, school_class, *, status: int = 200, **extra) -> HttpResponse:
    students = User.objects.filter(enrolments__school_class=school_class).order_by(
        "display_name", "username"
    )
    assignments = school_class.assignments.select_related("lesson__track").order_by(
        "due_date", "lesson__track__position", "lesson__position"
    )
    context = {
        "school_class": school_class,
        "school": school_class.school,
        "students": students,
        "assignments": assignments,
        "is_admin": permissions.is_school_admin(request.user, school_class.school),
        "bulk_form": extra.pop("bulk_form", BulkStudentsForm()),
        **extra,
    }
    return render(request, "schools/class.html", context, status=status)


@login_required
@require_POST
def class_code(request: HttpRequest, public_id: str) -> HttpResponse:
    school_class = _visible_class(request, public_id)
    action = request.POST.get("action")
    if action == "regenerate":
        class_join_code_regenerate(school_class=school_class)
        messages.success(
            request,
            _("New join code: %(code)s. The old one no longer works.")
            % {"code": school_class.join_code},
        )
    elif action in ("open", "close"):
        class_join_code_set_open(school_class=school_class, is_open=action == "open")
        messages.success(
            request,
            _("Join code opened.")
            if action == "open"
            else _(
                "Join code closed: nobody can join with it until you open it again."
            ),
        )
    else:
        messages.error(request, _("Choose an action."))
        return _class_page(request, school_class, status=400)
    return redirect(school_class)


@login_required
@never_cache
@require_POST
def bulk_students(request: HttpRequest, public_id: str) -> HttpResponse:
    school_class = _visible_class(request, public_id)
    form = BulkStudentsForm(request.POST)
    if not form.is_valid():
        return _class_page(request, school_class, status=400, bulk_form=form)
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
    school_class = _visible_class(request, public_id)
    student = _class_student(school_class, student_id)
    password = student_password_reset(
        actor=request.user, school=school_class.school, student=student
    )
    return render(
        request,
        "schools/login_cards.html",
        {
            "school_class": school_class,
            "cards": [
                {
                    "display_name": student.display_name,
                    "username": student.username,
                    "password": password,
                }
            ],
            "reset": True,
        },
    )


@login_required
@require_POST
def student_unlock(
    request: HttpRequest, public_id: str, student_id: str
) -> HttpResponse:
    """Lift a sign-in lock-out (after 5 wrong passwords) for a student at once."""
    school_class = _visible_class(request, public_id)
    student = _class_student(school_class, student_id)
    student_login_unlock(
        actor=request.user, school=school_class.school, student=student
    )
    messages.success(
        request, _("%(name)s can sign in again.") % {"name": student.display_name}
    )
    return redirect(school_class)


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, public_id: str) -> HttpResponse:
    school_class = _visible_class(request, public_id)
    form = AssignmentForm(
        request.POST if request.method == "POST" else None, school_class=school_class
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                created, updated = assignments_create(
                    actor=request.user,
                    school_class=school_class,
                    lessons=form.lessons(),
                    due_date=form.cleaned_data["due_date"],
                    reveal=form.cleaned_data["reveal"],
                    students=list(form.cleaned_data["students"]),
                )
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Assigned: %(created)s new, %(updated)s updated.")
                    % {"created": created, "updated": updated},
                )
                return redirect(school_class)
        return render(
            request,
            "schools/assign.html",
            {"form": form, "school_class": school_class},
            status=400,
        )
    return render(
        request, "schools/assign.html", {"form": form, "school_class": school_class}
    )


# Students joining


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Students join a class with its code. No email, no birth date, no surname."""
    signed_in_student = request.user.is_authenticated and request.user.is_student
    form_class = JoinCodeForm if signed_in_student else StudentJoinForm
    if request.user.is_authenticated and not signed_in_student:
        return render(
            request,
            "lessons/message.html",
            {
                "title": _("For students"),
                "message": _(
                    "This page is for students joining a class. Sign out first if a "
                    "student is using this computer."
                ),
            },
            status=403,
        )
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "GET":
        return render(request, "schools/join.html", {"form": form})
    failures = get_usage(
        request,
        group="join-code",
        key=ratelimit_key,
        rate=JOIN_FAILURES,
        increment=False,
    )
    if failures and failures["count"] >= MAX_JOIN_FAILURES:
        return render(
            request,
            "schools/join.html",
            {"form": form, "error": TOO_MANY_CODES},
            status=429,
        )
    if not form.is_valid():
        if "code" in form.errors:
            get_usage(
                request,
                group="join-code",
                key=ratelimit_key,
                rate=JOIN_FAILURES,
                increment=True,
            )
        return render(request, "schools/join.html", {"form": form}, status=400)
    if signed_in_student:
        enrolment_create(school_class=form.school_class, student=request.user)
        messages.success(
            request, _("You joined %(name)s.") % {"name": form.school_class.name}
        )
        return redirect("lessons:home")
    student = student_join(
        school_class=form.school_class,
        username=form.cleaned_data["username"],
        display_name=form.cleaned_data["display_name"],
        password=form.cleaned_data["password"],
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
            "class": form.school_class.name,
            "username": student.username,
        },
    )
    return redirect("lessons:home")


# Parents


@login_required
@require_http_methods(["GET", "POST"])
def parent_join(request: HttpRequest) -> HttpResponse:
    """A parent enters the school's parent code, sees exactly what the school will
    see, and only then confirms."""
    if refusal := _adult_required(request):
        return refusal
    form = ParentCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "GET":
        memberships = ParentMembership.objects.filter(
            parent=request.user
        ).select_related("school")
        return render(
            request,
            "schools/parent_join.html",
            {"form": form, "memberships": memberships},
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
    membership = get_object_or_404(
        ParentMembership.objects.select_related("school"),
        parent=request.user,
        school__slug=slug,
    )
    parent_group_leave(membership=membership)
    messages.success(
        request,
        _("You left the parent group of %(school)s. It no longer sees your progress.")
        % {"school": membership.school.name},
    )
    return redirect("schools:parent_join")
