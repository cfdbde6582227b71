"""Certificates: the learner's printable page and PDF, and public verification."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.qr import qr_svg
from core.rate_limits import attempt_count
from lessons import selectors
from lessons.certificates import certificate_pdf as render_pdf
from lessons.certificates import normalise_code
from lessons.models import Certificate

MALFORMED_CODE = _(
    "That does not look like a certificate code. A code has 12 letters and digits, "
    "like ACDE-FGHJ-KMNP."
)
CODE_NOT_FOUND = _("No certificate has this code. Check it and try again.")
TOO_MANY_CHECKS = _(
    "Too many codes were checked from this connection. Please wait a few minutes."
)
# Enough for anyone checking a stack of certificates; too few to guess codes.
MAX_VERIFY_CHECKS = 30  # per address per 10 minutes


def verify_link(request: HttpRequest, certificate: Certificate) -> str:
    """The absolute address that checks this certificate when opened: the public
    check with the code filled in."""
    query = urlencode({"code": certificate.code})
    return request.build_absolute_uri(f"{reverse('lessons:verify')}?{query}")


@login_required
@require_safe
def certificate_detail(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.certificate_of_learner(learner=request.user, code=code)
    verify_url = verify_link(request, certificate)
    return render(
        request,
        "lessons/certificate.html",
        {
            "certificate": certificate,
            "verify_url": verify_url,
            "verify_qr": qr_svg(
                verify_url,
                label=_("QR code of the link that checks this certificate"),
                css_class="certificate-qr",
            ),
        },
    )


@login_required
@require_safe
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.certificate_of_learner(learner=request.user, code=code)
    pdf = render_pdf(certificate, verify_url=verify_link(request, certificate))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.track.slug}.pdf"'
    )
    return response


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check a code: name, track and date, or a clear 'not found'."""
    raw = request.GET.get("code", "").strip()
    context: dict = {"code": raw}
    if not raw:
        return render(request, "lessons/verify.html", context)
    if attempt_count(request, "certificate-verify", MAX_VERIFY_CHECKS):
        context["error"] = TOO_MANY_CHECKS
        return render(request, "lessons/verify.html", context, status=429)
    code = normalise_code(raw)
    if code is None:
        context.update(error=MALFORMED_CODE, retype=True)
        return render(request, "lessons/verify.html", context, status=400)
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        context.update(error=CODE_NOT_FOUND, retype=True)
        return render(request, "lessons/verify.html", context, status=404)
    context["certificate"] = certificate
    return render(request, "lessons/verify.html", context)
