"""Whole pages for visitors who are not signed in, held in memory until the content
changes: the same page for every such visitor, so it is rendered once per process.

A page is served from memory only to a request with no session and no messages
cookie, no query string, and only for GET or HEAD. It is kept only if rendering it
set no cookie and did not depend on the request in any other way (a view says so
with `response.page_cache = False`). A view whose page depends on one thing a
visitor's request says (the help lines of the country the browser's language
names) gives a `variant` function of the request that names it: the page is kept
per variant, and only if the view says it chose the same (`response.page_variant`).

A page with a form (an exercise's) carries each visitor's own CSRF token: it is
kept with a stand-in where the token was, and each visitor gets it with a token of
their own (and its cookie, set by CsrfViewMiddleware as for a page rendered for
them). A page whose token shows anywhere but in its forms' hidden field is not kept.

Each page without a form is kept gzipped too, so a browser that accepts gzip gets it
without GZipMiddleware compressing the same bytes on every request. The random
bytes that middleware adds against BREACH are left out: these pages hold no secret
(no session, no CSRF token). A page with a form is compressed by that middleware,
with those bytes, like any page that carries a token.
"""

import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

from lessons import content_cache

MESSAGES_COOKIE = "messages"
TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
STAND_IN = b"csrf-token-of-this-request"


def _servable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def anonymous_page_cache(view=None, *, variant: Callable[..., str] | None = None):
    """`@anonymous_page_cache`, or `@anonymous_page_cache(variant=f)` where
    `f(request, *args, **kwargs)` names the variant of the page a visitor gets."""
    if view is None:
        return lambda view: anonymous_page_cache(view, variant=variant)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _servable(request):
            return view(request, *args, **kwargs)
        chosen = variant(request, *args, **kwargs) if variant else ""
        key = ("page", request.path, get_language(), chosen)
        held = content_cache.get(key)
        if held is not None:
            return _served(request, *held)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.cookies
            and getattr(response, "page_cache", True)
            and getattr(response, "page_variant", "") == chosen
            and not response.streaming
        ):
            kept = _kept(response.content, request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
            if kept is not None:
                content_cache.put(key, (*kept, response["Content-Type"]))
        return response

    return wrapper


def _kept(content: bytes, has_token: bool) -> tuple[bytes, bytes | None, bool] | None:
    """What to keep of a rendered page: its bytes (a form's token replaced by the
    stand-in), its gzipped bytes (pages without a token) and whether it has forms;
    None if it cannot be kept."""
    if has_token:
        tokens = {match[2] for match in TOKEN_FIELD.finditer(content)}
        page = TOKEN_FIELD.sub(rb"\1" + STAND_IN + rb"\3", content)
        if not tokens or any(token in page for token in tokens):
            return None
        return page, None, True
    gzipped = compress_string(content)
    return content, gzipped if len(gzipped) < len(content) else None, False


def _served(
    request: HttpRequest,
    content: bytes,
    gzipped: bytes | None,
    has_forms: bool,
    content_type: str,
) -> HttpResponse:
    if has_forms:
        content = content.replace(STAND_IN, get_token(request).encode())
        return HttpResponse(content, content_type=content_type)
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if gzipped is not None and re_accepts_gzip.search(accepted):
        response = HttpResponse(gzipped, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(content, content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
