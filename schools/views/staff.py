"""Staff: inviting, accepting an invitation, changing a role or removing someone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.adapter import AccountAdapter
from accounts.selectors import email_verified
from schools.access import access_school, access_staff_membership
from schools.forms import StaffInviteForm
from schools.models import StaffInvite, StaffMembership
from schools.selectors.staff import invite_by_token
from schools.services import ServiceError
from schools.services.staff import (
    INVITE_NOT_USABLE,
    INVITE_OTHER_EMAIL,
    invite_is_for,
    staff_invite_accept,
    staff_invite_create,
    staff_remove,
    staff_role_change,
)
from schools.views.decorators import email_unconfirmed
from schools.views.pages import school_page


@login_required
@require_POST
def staff_invite(request: HttpRequest, slug: str) -> HttpResponse:
    school = access_school(slug, request.user, admin=True)
    form = StaffInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid email address and a role."))
        return school_page(request, school, status=400)
    invite = staff_invite_create(
        school=school,
        invited_by=request.user,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        site_url=request.build_absolute_uri("/"),
    )
    messages.success(
        request,
        _("Invitation sent to %(email)s. You can also give them this link: %(link)s")
        % {
            "email": invite.email,
            "link": request.build_absolute_uri(invite.get_absolute_url()),
        },
    )
    return redirect("schools:school", slug=school.slug)


def _cannot_use(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "message.html",
        {"title": _("This invitation cannot be used"), "message": message},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation: to a visitor, who invited them, to which school and role,
    and the way to create an account or sign in and come back; to the account of
    the invited address, the button that accepts it."""
    if not request.user.is_authenticated and request.method == "POST":
        return redirect_to_login(request.get_full_path())
    invite = invite_by_token(token=token)
    if invite is None or not invite.is_usable or not invite.school.is_active:
        return _cannot_use(
            request, INVITE_NOT_USABLE, status=404 if invite is None else 410
        )
    if not request.user.is_authenticated:
        return _invite_for_visitor(request, invite)
    AccountAdapter.return_to_forget(request)
    if not invite_is_for(invite, request.user):
        # The invitation stays usable for the person it was sent to.
        return _cannot_use(request, str(INVITE_OTHER_EMAIL), status=403)
    if not email_verified(request.user):
        return email_unconfirmed(request)
    if request.method in ("GET", "HEAD"):
        return render(request, "schools/invite.html", {"invite": invite})
    try:
        staff_invite_accept(token=token, user=request.user)
    except ServiceError as error:
        return _cannot_use(request, str(error), status=400)
    messages.success(
        request, _("Welcome to %(school)s.") % {"school": invite.school.name}
    )
    return redirect("schools:school", slug=invite.school.slug)


def _invite_for_visitor(request: HttpRequest, invite: StaffInvite) -> HttpResponse:
    """Signing up or in from here comes back here: `next` on both links, and the
    session remembers it too (accounts.adapter), since confirming the email of a
    new account may happen later or in another tab. The invited address is not
    shown: whoever holds the link may not be its owner."""
    path = invite.get_absolute_url()
    AccountAdapter.return_to_remember(request, path)
    query = urlencode({"next": path})
    return render(
        request,
        "schools/invite.html",
        {
            "invite": invite,
            "signup_url": f"{reverse('account_signup')}?{query}",
            "login_url": f"{reverse('account_login')}?{query}",
        },
    )


@login_required
@require_POST
def staff_change(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    school = access_school(slug, request.user, admin=True)
    membership = access_staff_membership(school, membership_id)
    action = request.POST.get("action")
    if action != "remove" and action not in StaffMembership.Role.values:
        messages.error(request, _("Choose an action."))
        return school_page(request, school, status=400)
    try:
        if action == "remove":
            staff_remove(actor=request.user, membership=membership)
            messages.success(
                request,
                _("%(name)s was removed from the staff.")
                % {"name": membership.user.display_name},
            )
        else:
            staff_role_change(actor=request.user, membership=membership, role=action)
            messages.success(request, _("Role changed."))
    except ServiceError as error:
        messages.error(request, str(error))
        return school_page(request, school, status=400)
    return redirect("schools:school", slug=school.slug)
