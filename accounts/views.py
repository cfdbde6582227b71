from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from accounts.forms import LoginForm, SignUpForm
from accounts.services import user_create_adult


class BadRequestOnInvalidFormMixin:
    """Re-show an invalid form with its messages and status 400, not 200."""

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


class LoginView(BadRequestOnInvalidFormMixin, auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(BadRequestOnInvalidFormMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(
    BadRequestOnInvalidFormMixin, auth_views.PasswordResetConfirmView
):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
