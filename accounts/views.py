from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.debug import sensitive_post_parameters

from accounts.forms import LoginForm, SignUpForm
from accounts.services import user_create_adult
from core.rate_limits import attempt_count, hashed


class BadRequestOnInvalidFormMixin:
    """Re-show an invalid form with its messages and status 400, not 200. Only
    GET, HEAD and POST: Django's form views would treat a PUT as a post."""

    http_method_names = ["get", "head", "post", "options"]

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("lessons:home")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            user = user_create_adult(
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
            login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
            messages.success(
                request,
                _("Welcome, %(name)s. Your account is ready.")
                % {"name": user.display_name},
            )
            return redirect("lessons:home")
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    return render(request, "accounts/signup.html", {"form": form})


# Failed sign-ins from one address, across every username: 150 in 15 minutes lets a
# class of 30 behind the school's address each mistype a password four times, and
# stops one address trying a password against any number of accounts. (django-axes
# separately locks one username from one address after 5.)
MAX_FAILED_SIGN_INS = 150
TOO_MANY_SIGN_INS = _lazy(
    "Too many sign-ins that did not work came from this connection. Please wait 15 "
    "minutes and try again, or ask your teacher to check your username."
)
# Password-reset emails: per sending address, and per address they go to.
MAX_RESETS_FROM = 10
MAX_RESETS_TO = 3


class LoginView(BadRequestOnInvalidFormMixin, auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if attempt_count(
            request, "sign-in-failed", MAX_FAILED_SIGN_INS, "15m", increment=False
        ):
            # Nothing is checked: a fresh form and the reason, not the answer.
            context = self.get_context_data(form=self.form_class(request))
            context["error"] = TOO_MANY_SIGN_INS
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        attempt_count(self.request, "sign-in-failed", MAX_FAILED_SIGN_INS, "15m")
        return super().form_invalid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Django's view sets site_name to the host name; the page shows ours.
        context["site_name"] = settings.SITE_NAME
        return context


class PasswordResetView(BadRequestOnInvalidFormMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        """Send the email unless this address has sent, or that inbox has been
        sent, too many lately; the page answers the same either way, so it tells
        no one whether an account exists or a limit was reached."""
        email = form.cleaned_data["email"]
        too_many_from = attempt_count(self.request, "reset-from", MAX_RESETS_FROM, "1h")
        too_many_to = attempt_count(
            self.request, "reset-to", MAX_RESETS_TO, "1h", key=hashed(email)
        )
        if too_many_from or too_many_to:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(
    BadRequestOnInvalidFormMixin, auth_views.PasswordResetConfirmView
):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
