"""A NUL byte, or any character an id cannot hold, never reaches a query.

PostgreSQL text cannot hold a NUL: a raw value with one fails the query with a
DataError, a 500 (SQLite just finds nothing, so only the PostgreSQL run of CI can
catch a regression). Every id, code and token in a URL has a converter with its own
alphabet (core/converters.py), so such a segment is a 404 before any view runs; a raw
form value that names an attempt is checked with the same alphabet.
"""

import secrets

import pytest
from django.urls import Resolver404, resolve, reverse

from core.codes import public_id
from core.converters import (
    CertificateCodeConverter,
    PublicIdConverter,
    TokenConverter,
)
from lessons.models import QuizAttempt
from lessons.services import _certificate_code
from lessons.views.quizzes import STALE_FORM
from schools.models import generate_invite_token
from tests.url_segments import (
    opened_by_its_role,
    parameterised_urls,
    reaching,
    with_segment,
)

# Characters outside every identifier's alphabet, slugs' included.
OUTSIDE = ["\x00", "'", " ", ".", "~", "é", "\x1b", "%", "<"]
PARAMETERISED = parameterised_urls()


def test_every_url_of_the_report_is_covered():
    reported = {
        "schools:class",
        "schools:assign",
        "schools:class_report",
        "lessons:certificate",
        "lessons:certificate_pdf",
        "lessons:quiz_result",
        "schools:invite_accept",
        "schools:learner_export",
        "schools:learner_erase",
    }
    assert reported <= set(PARAMETERISED)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PARAMETERISED)
def test_a_segment_outside_its_alphabet_is_a_404_before_any_view(client, world, name):
    send, url, url_kwargs = opened_by_its_role(client, world, name)
    role, rule = reaching(name)
    for parameter, value in url_kwargs.items():
        value = str(value)
        for char in OUTSIDE:
            for bad in (value + char, value[:1] + char + value[1:]):
                bad_url = with_segment(url, value, bad)
                with pytest.raises(Resolver404):
                    resolve(bad_url)
                response = send(bad_url)
                assert response.status_code == 404, (parameter, bad, response)
    # The real value still reaches the page, as this role.
    assert send(url).status_code == rule.expected(role)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("lessons:lesson_quiz", args=["first-lesson"]),
        reverse("lessons:knowledge_check", args=["students", "pre"]),
    ],
)
@pytest.mark.parametrize(
    "attempt", ["a\x00b", "\x00", "' OR 1=1 --", "a b", "é", "a" * 65]
)
def test_a_quiz_post_naming_an_impossible_attempt_is_a_400(
    client, content, student, url, attempt
):
    """The form's opening is checked against its signature before anything reads
    it (lessons.quizzes.Opening): nothing of it reaches a query."""
    client.force_login(student)
    client.get(url)
    response = client.post(url, {"attempt": attempt, "q1": "1"})
    assert response.status_code == 400
    assert str(STALE_FORM) in response.content.decode()
    assert not QuizAttempt.objects.filter(learner=student).exists()


# Every value our code makes still fits its converter (reverse() checks it too).


@pytest.mark.parametrize(
    ("converter", "make"),
    [
        (PublicIdConverter, public_id),
        (TokenConverter, generate_invite_token),
        (TokenConverter, lambda: secrets.token_urlsafe(16)),  # a quiz attempt
        (CertificateCodeConverter, _certificate_code),
    ],
)
def test_every_generated_value_fits_its_converter(converter, make):
    for _ in range(500):
        value = make()
        assert converter.matches(value), value


@pytest.mark.parametrize(
    ("converter", "value"),
    [
        (PublicIdConverter, "abc\x00"),
        (PublicIdConverter, "a" * 17),
        (TokenConverter, ""),
        (TokenConverter, "a" * 65),
        (TokenConverter, "a/b"),
        (CertificateCodeConverter, "acde-fghj-kmnp"),
        (CertificateCodeConverter, "ACDEFGHJKMNP"),
        (CertificateCodeConverter, "ACDE-FGHJ-KMN0"),
        (CertificateCodeConverter, None),
    ],
)
def test_converters_refuse_values_outside_their_alphabet(converter, value):
    assert not converter.matches(value)


@pytest.mark.django_db
def test_a_real_password_reset_link_still_resolves(adult):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    uidb36 = user_pk_to_url_str(adult)
    token = default_token_generator.make_token(adult)
    for key in (token, "set-password"):
        url = reverse("account_reset_password_from_key", args=[uidb36, key])
        assert resolve(url).kwargs == {"uidb36": uidb36, "key": key}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password/reset/key/1-abc%00def/",
        "/accounts/password/reset/key/1-set-password%00/",
        "/accounts/confirm-email/abc%00def/",
    ],
)
def test_a_nul_byte_in_an_account_link_is_not_a_500(client, adult, url):
    assert client.get(url).status_code < 500
    assert client.post(url, {"password1": "x", "password2": "x"}).status_code < 500
