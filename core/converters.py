"""URL converters for the identifiers our URLs carry, each with its own alphabet.

A segment that cannot be an id, a token or a code (a NUL byte, a quote, a space, a
dot) is a 404 before any view or query runs. `<str:...>` would pass it on, and
PostgreSQL text cannot hold a NUL: the query fails with a DataError, a 500.

Importing this module registers the converters (once: a module is imported once),
so each URLconf that uses one imports it. A raw form value that names one of these
things is checked with the same converter's `matches` before it reaches a query.
"""

import re

from django.urls import register_converter

from core.codes import CODE_ALPHABET

# What secrets.token_urlsafe and urlsafe_base64_encode write: base64's URL-safe
# alphabet, without the "=" padding.
URL_SAFE = "A-Za-z0-9_-"


class _Alphabet:
    regex: str

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

    @classmethod
    def matches(cls, value: object) -> bool:
        """Whether a raw value (a form field, a query parameter) could be one."""
        return isinstance(value, str) and re.fullmatch(cls.regex, value) is not None


class PublicIdConverter(_Alphabet):
    """A user's or a class's public id (core.codes.public_id: 12 characters today),
    up to the column's max_length of 16."""

    regex = f"[{URL_SAFE}]{{1,16}}"


class TokenConverter(_Alphabet):
    """A secret token from secrets.token_urlsafe (a staff invitation: 32 characters,
    a quiz attempt: 22), and the two parts of Django's password-reset link (the
    user's id in URL-safe base64, and '<timestamp>-<hash>' or 'set-password'); up
    to the invitation column's max_length of 64."""

    regex = f"[{URL_SAFE}]{{1,64}}"


class SignedKeyConverter(_Alphabet):
    """An email confirmation key from django-allauth: a value signed by Django's
    signing module ('<base64 data>:<timestamp>:<signature>'), base64 and ':'."""

    regex = f"[:{URL_SAFE}]{{1,200}}"


class Base36Converter(_Alphabet):
    """A user's id in base 36, as django-allauth's password-reset link carries it."""

    regex = "[0-9A-Za-z]{1,13}"


class CertificateCodeConverter(_Alphabet):
    """A certificate's code as stored: twelve characters of core.codes.CODE_ALPHABET
    in groups of four, 'ACDE-FGHJ-KMNP' (lessons.services._certificate_code)."""

    regex = "-".join([f"[{CODE_ALPHABET}]{{4}}"] * 3)


class LanguageConverter(_Alphabet):
    """A language code as settings.LANGUAGES writes them ("en", "es", "pt-br")."""

    regex = "[a-z]{2,3}(?:-[a-z]{2,4})?"


register_converter(PublicIdConverter, "public_id")
register_converter(LanguageConverter, "language")
register_converter(TokenConverter, "token")
register_converter(CertificateCodeConverter, "certificate_code")
register_converter(SignedKeyConverter, "signed_key")
register_converter(Base36Converter, "base36")
