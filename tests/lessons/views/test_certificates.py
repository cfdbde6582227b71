"""Certificates: issued once on completing a track, as a page and a PDF, verifiable."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from lessons.certificates import normalise_code
from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import Certificate, Lesson
from lessons.services import certificate_issue_if_complete
from lessons.views.certificates import (
    CODE_NOT_FOUND,
    MALFORMED_CODE,
    MAX_VERIFY_CHECKS,
    TOO_MANY_CHECKS,
)
from tests import factories
from tests.lessons import content_builder
from tests.lessons.quiz_helpers import pass_lesson_quiz

pytestmark = pytest.mark.django_db
VERIFY = reverse("lessons:verify")


@pytest.fixture(autouse=True)
def content(tmp_path):
    cache.clear()  # rate-limit counters
    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))


def complete_track(client, user) -> Certificate:
    client.force_login(user)
    for section in Lesson.objects.get(slug="first-lesson").sections.all():
        client.get(section.get_absolute_url())
    pass_lesson_quiz(client, "first-lesson")
    return Certificate.objects.get(learner=user)


def test_completing_the_track_issues_one_certificate(client):
    user = factories.AdultFactory(display_name="Zoë Ångström")
    certificate = complete_track(client, user)
    assert certificate.name == "Zoë Ångström"
    assert normalise_code(certificate.code) == certificate.code
    assert len(certificate.code.replace("-", "")) == 12
    # Passing again, or any later check, never issues a second one.
    pass_lesson_quiz(client, "first-lesson")
    assert certificate_issue_if_complete(learner=user, track=certificate.track) == (
        certificate
    )
    assert Certificate.objects.filter(learner=user).count() == 1


def test_no_certificate_before_the_track_is_complete(client, student):
    client.force_login(student)
    pass_lesson_quiz(client, "first-lesson")  # quiz passed, sections not read
    assert not Certificate.objects.exists()


def test_certificate_page_is_printable_and_links_the_pdf(client, student):
    certificate = complete_track(client, student)
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert student.display_name in html
    assert "For students" in html
    assert certificate.code in html
    assert reverse("lessons:certificate_pdf", args=[certificate.code]) in html
    track_page = client.get(
        reverse("lessons:track", args=["students"])
    ).content.decode()
    assert certificate.get_absolute_url() in track_page


def test_certificate_pdf_opens_and_carries_name_track_and_code(client):
    user = factories.AdultFactory(display_name="Zoë Ångström")
    certificate = complete_track(client, user)
    response = client.get(reverse("lessons:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert certificate.code in text
    assert "Zoë Ångström" in text
    assert "For students" in text
    assert "http://testserver/certificates/verify/" in text


def test_a_certificate_prints_in_the_learners_language_and_verifies_in_any(client):
    user = factories.AdultFactory(display_name="Lucía", language="es")
    with translation.override("es"):  # she reads at the Spanish addresses
        certificate = complete_track(client, user)
        url = reverse("lessons:certificate_pdf", args=[certificate.code])
    assert url.startswith("/es/")
    text = PdfReader(io.BytesIO(client.get(url).content)).pages[0].extract_text()
    assert "Certificado de finalización" in text
    # The track's Spanish title (the builder's, between marks the font lacks).
    assert "For students" in text
    assert "http://testserver/es/certificates/verify/" in text
    # Checked from an English page, the code is found.
    verify = client.get(reverse("lessons:verify"), {"code": certificate.code})
    assert verify.status_code == 200
    assert "Lucía" in verify.content.decode()


def test_someone_elses_certificate_page_and_pdf_are_404(client, student, adult):
    certificate = complete_track(client, student)
    client.force_login(adult)
    assert client.get(certificate.get_absolute_url()).status_code == 404
    pdf = reverse("lessons:certificate_pdf", args=[certificate.code])
    assert client.get(pdf).status_code == 404


def test_verify_a_valid_code_shows_name_track_and_date(client, student):
    certificate = complete_track(client, student)
    client.logout()
    lowercase_without_dashes = certificate.code.replace("-", "").lower()
    response = client.get(VERIFY, {"code": lowercase_without_dashes})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine." in html
    assert student.display_name in html
    assert "For students" in html
    assert certificate.issued_at.strftime("%B %Y").split()[0] in html


def test_verify_an_unknown_code_says_not_found(client):
    response = client.get(VERIFY, {"code": "ACDE-FGHJ-KMNP"})
    assert response.status_code == 404
    assert str(CODE_NOT_FOUND) in response.content.decode()


@pytest.mark.parametrize("code", ["12345", "ACDE-FGHJ-KMN0", "x" * 40, "<script>"])
def test_verify_a_malformed_code_says_what_a_code_looks_like(client, code):
    response = client.get(VERIFY, {"code": code})
    assert response.status_code == 400
    assert str(MALFORMED_CODE) in response.content.decode()


def test_verify_is_rate_limited(client):
    limit = MAX_VERIFY_CHECKS
    for _ in range(limit):
        assert client.get(VERIFY, {"code": "ACDE-FGHJ-KMNP"}).status_code == 404
    response = client.get(VERIFY, {"code": "ACDE-FGHJ-KMNP"})
    assert response.status_code == 429
    assert str(TOO_MANY_CHECKS) in response.content.decode()


def test_verify_without_a_code_shows_the_form(client):
    response = client.get(VERIFY)
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
