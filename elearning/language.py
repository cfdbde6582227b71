"""Which language a page is in, and how a reader changes it.

English lives at the site's first addresses (no link ever breaks); every other
language under its prefix (`/es/...`, `i18n_patterns` in `elearning/urls.py`), so an
address names its language and a cached page is one language.

- A first visit to an English address is sent to the reader's language when the
  browser asks for one we have (`Accept-Language`); a signed-in reader goes to the
  language saved on their profile.
- The switch in the header is a link to `language_switch` (a link, not a form, so
  that pages stay cacheable and it works without JavaScript): the choice is kept
  in a cookie (so a reader who picked English is never sent away from it again)
  and on a signed-in user's profile, and the reader lands on the same page in the
  language chosen. (A cross-site page cannot make that choice for someone: the
  session cookie is SameSite=Lax, so only a visible top-level visit carries it.)
"""

from functools import lru_cache
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import (
    get_language,
    get_language_from_path,
    get_language_info,
    get_supported_language_variant,
    override,
)
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_safe

DEFAULT = settings.LANGUAGE_CODE
LANGUAGES = dict(settings.LANGUAGES)
# Addresses outside the language prefixes (`elearning/urls.py`).
UNPREFIXED = ("/healthz", "/.well-known/", "/static/", "/language/", "/sw.js", "/lti/")


def browser_language(request: HttpRequest) -> str | None:
    """The first language of the browser's Accept-Language that the site has."""
    for tag, _quality in parse_accept_lang_header(
        request.headers.get("Accept-Language", "")
    ):
        if tag == "*":
            break
        try:
            return get_supported_language_variant(tag)
        except LookupError:
            continue
    return None


def preferred_language(request: HttpRequest) -> str:
    """The reader's language: their profile's, else the one they chose here, else
    their browser's, else English."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in LANGUAGES:
        return user.language
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in LANGUAGES:
        return chosen
    return browser_language(request) or DEFAULT


class LanguageRedirectMiddleware:
    """Send a reader who opens an English address (GET, not htmx) to the same page
    in their language, when it is another one. After the authentication middleware
    (it reads the profile)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method in ("GET", "HEAD")
            and not request.headers.get("HX-Request")
            and not request.path_info.startswith(UNPREFIXED)
            and get_language_from_path(request.path_info) is None
        ):
            language = preferred_language(request)
            if language != DEFAULT:
                response = HttpResponseRedirect(
                    translate_url(request.get_full_path(), language)
                )
            else:
                response = self.get_response(request)
            # What this address answers depends on who asks.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        return self.get_response(request)


def _same_page(request: HttpRequest, language: str) -> str:
    """The page the switch was used on (`next`, a path on this site), in
    `language`; the home page if `next` is missing or points elsewhere."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    path = urlsplit(target)
    target = path.path + (f"?{path.query}" if path.query else "")
    # The path resolves only in its own language (its prefix names it).
    with override(get_language_from_path(path.path) or DEFAULT):
        return translate_url(target, language)


@require_safe
def language_switch(request: HttpRequest, language: str) -> HttpResponse:
    """Change the reader's language (the header's switch): a 400 for a language the
    site does not have."""
    if language not in LANGUAGES:
        return HttpResponse(
            _("That language is not available."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response = HttpResponseRedirect(_same_page(request, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def alternates(request: HttpRequest) -> list[dict[str, str]]:
    """This page in every language: for the switch and the hreflang links."""
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        origin = ""  # the 400 page for a host we do not serve: no absolute links
    path = request.get_full_path()
    return [dict(each) for each in _alternates(path, origin, get_language())]


@lru_cache(maxsize=4096)
def _alternates(path: str, origin: str, active: str) -> tuple[dict[str, str], ...]:
    """Kept per process: the same page's addresses are the same on every request
    (the active language decides how its path resolves), and working them out, a
    resolve and a reverse per language, cost more than the rest of a small page."""
    return tuple(
        {
            "code": code,
            # Each language in its own name: "Español" reads the same to everyone.
            "name": get_language_info(code)["name_local"].capitalize(),
            "url": origin + translate_url(path, code),
            # The switch: through `language_switch`, back to this page.
            "switch": reverse("language_switch", args=[code])
            + "?"
            + urlencode({"next": path}),
        }
        for code in LANGUAGES
    )
