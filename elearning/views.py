"""Project-level views: the health check, error pages and the offline copy's
service worker."""

from datetime import timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Tell a load balancer whether this process can serve (503: no database)."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a missing or stale security token: explain, never a 500."""
    return render(request, "403_csrf.html", status=403)


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """How to report a vulnerability (RFC 9116)."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {request.build_absolute_uri()}",
        "Policy: Please report privately and give us time to fix the problem before "
        "you tell anyone else. This site holds children's data: never access or keep "
        "anyone's personal data while testing.",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


WORKER_SOURCE = "js/offline-worker.js"


@cache
def _worker_script() -> str:
    return Path(finders.find(WORKER_SOURCE)).read_text(encoding="utf-8")


@require_safe
def offline_worker(request: HttpRequest) -> HttpResponse:
    """The offline copy's service worker (static/js/offline-worker.js). Served from
    the site's root rather than /static/ because a worker answers only for pages
    under its own address; `no-cache` so a browser always checks for a new one."""
    response = HttpResponse(
        _worker_script(), content_type="text/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    return response
