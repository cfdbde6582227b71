"""How django-allauth fits our accounts: adults sign up with an email address and a
display name, students sign in with a username and never confirm an email, client
addresses are counted as everywhere else (core.client_ip), and our wording."""

from urllib.parse import urlsplit

from allauth.account import stages
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.http import Http404, HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from accounts.backends import EmailOrUsernameBackend, users_checked
from accounts.forms import INVALID_LOGIN, TOO_MANY_SIGN_INS
from accounts.models import User
from accounts.services import adult_username
from core.client_ip import client_ip


class EmailVerificationStage(stages.EmailVerificationStage):
    """allauth's, except that students, who have no email address, skip it."""

    def handle(self):
        user = self.login.user
        if user is not None and getattr(user, "is_student", False):
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": INVALID_LOGIN,
        "username_password_mismatch": INVALID_LOGIN,
        "account_inactive": INVALID_LOGIN,
        "too_many_login_attempts": TOO_MANY_SIGN_INS,
    }

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.adapter.EmailVerificationStage"
            if path == "allauth.account.stages.EmailVerificationStage"
            else path
            for path in super().get_login_stages()
        ]

    def clean_email(self, email: str) -> str:
        return User.objects.normalize_email(email).lower()

    def populate_username(self, request: HttpRequest, user: User) -> None:
        user.username = adult_username(user.email)

    def save_user(self, request, user, form, commit=True):
        user.kind = User.Kind.ADULT
        user.display_name = " ".join(form.cleaned_data.get("display_name", "").split())
        user.email = self.clean_email(form.cleaned_data["email"])
        user.username = adult_username(user.email)
        return super().save_user(request, user, form, commit=commit)

    # Where to come back to after signing up or in, for a page that sends a visitor
    # there (a staff invitation): a path of this site, kept in the session. allauth
    # carries `?next=` from the sign-up form to the sign-in that confirming the
    # email starts, but only while that pending sign-in lasts (15 minutes) and in
    # the same browser; the session keeps it after that, and the confirmation link
    # carries it to another browser.
    RETURN_TO_SESSION_KEY = "accounts_return_to"

    @classmethod
    def return_to_remember(cls, request: HttpRequest, path: str) -> None:
        """After the next sign-up or sign-in, send this visitor to `path`."""
        request.session[cls.RETURN_TO_SESSION_KEY] = path

    @classmethod
    def return_to_forget(cls, request: HttpRequest) -> None:
        request.session.pop(cls.RETURN_TO_SESSION_KEY, None)

    @staticmethod
    def _same_site_path(path: object) -> str | None:
        """`path` if it is a path of this site (no scheme, no host), else None."""
        if not isinstance(path, str) or not path.startswith("/"):
            return None
        parts = urlsplit(path)
        if parts.scheme or parts.netloc:
            return None
        # Also refuses what a browser would read as another host ("/\\host").
        safe = url_has_allowed_host_and_scheme(path, allowed_hosts=set())
        return path if safe else None

    def _return_to(self, request: HttpRequest, *, keep: bool = False) -> str | None:
        session = request.session
        path = (session.get if keep else session.pop)(self.RETURN_TO_SESSION_KEY, None)
        return self._same_site_path(path)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return self._return_to(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return self._return_to(request) or super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address) -> str:
        """Signed out after confirming (another browser, or the pending sign-in
        expired): to the sign-in page, and from there to the path remembered."""
        path = None
        if not self.request.user.is_authenticated:
            path = self._return_to(self.request, keep=True)
        if path:
            return f"{reverse('account_login')}?{urlencode({'next': path})}"
        return super().get_email_verification_redirect_url(email_address)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The link, with the path to come back to (the sign-up form's `next`, or
        the one remembered), for a confirmation opened in another browser."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        if request is None:
            return url
        path = self._same_site_path(
            request.POST.get("next") or request.GET.get("next")
        ) or self._return_to(request, keep=True)
        return f"{url}?{urlencode({'next': path})}" if path else url


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Google Workspace and Microsoft Entra ID, for staff: the account is an adult's,
    named from the provider's profile; an existing account of the same (verified)
    address is signed in rather than duplicated."""

    def get_app(self, request, provider, client_id=None):
        """A provider the site has not been given a client id for is not there."""
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404 from None

    def pre_social_login(self, request, sociallogin):
        """Refuse, with a 403 page, before anyone is signed in or created: students
        (who never sign in with Google or Microsoft, nor connect one), those the
        password sign-in would refuse (accounts.hooks), and, with a Workspace domain
        set (the Google app's "hd" setting), any other Google account. allauth does
        not check the domain, and the `hd` parameter sent to Google only narrows its
        account chooser, so the id_token's `hd` claim is checked here."""
        user = sociallogin.user if sociallogin.is_existing else request.user
        if getattr(user, "is_student", False):
            raise ImmediateHttpResponse(
                self._refusal(
                    request,
                    _("For adults"),
                    _("Students sign in with their username and password."),
                )
            )
        # allauth checks only is_active; the backend would end the session at the
        # next request of someone another app refuses (a deactivated school's
        # staff), after a sign-in that seemed to work.
        if (
            sociallogin.is_existing
            and not EmailOrUsernameBackend().user_can_authenticate(
                users_checked().get(pk=user.pk)
            )
        ):
            raise ImmediateHttpResponse(
                self._refusal(
                    request,
                    _("You cannot sign in"),
                    _("This account cannot sign in at the moment."),
                )
            )
        if sociallogin.account.provider != "google":
            return
        domain = (sociallogin.provider.app.settings.get("hd") or "").lower()
        claimed = str(sociallogin.account.extra_data.get("hd") or "").lower()
        if domain and claimed != domain:
            raise ImmediateHttpResponse(
                self._refusal(
                    request,
                    _("Not your school's Google account"),
                    _("Sign in with your %(domain)s account.") % {"domain": domain},
                )
            )

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        extra = sociallogin.account.extra_data
        # The full name as the provider shows it (Google's `name`, Microsoft's
        # `displayName`), else the given and family names.
        name = (
            data.get("name")
            or extra.get("name")
            or extra.get("displayName")
            or " ".join(
                part for part in (data.get("first_name"), data.get("last_name")) if part
            )
        )
        user.kind = User.Kind.ADULT
        user.email = (user.email or "").lower()
        user.display_name = " ".join((name or user.email.split("@")[0]).split())[:80]
        user.username = adult_username(user.email)
        return user

    @staticmethod
    def _refusal(request: HttpRequest, title: str, message: str):
        return render(
            request, "message.html", {"title": title, "message": message}, status=403
        )
