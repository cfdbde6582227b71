"""The tool's signing key: read from the environment or a file, published at
/lti/jwks.json with the previous key while an LMS may still hold it.

The key id is the key's RFC 7638 thumbprint, so the same key always has the same id
and a new key a new one, whichever process reads it."""

import os
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from jwcrypto import jwk

from lti.models import ToolKey

KEY_BITS = 2048


@dataclass(frozen=True)
class ToolSigningKey:
    kid: str
    private_pem: str
    public_jwk: dict


_loaded: dict[tuple, ToolSigningKey] = {}


def new_private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def write_key_file(path: Path, pem: str) -> None:
    """Replace the key file in one step (a reader sees the old key or the new one,
    never half of either), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".lti-key-")
    try:
        with os.fdopen(handle, "w") as file:
            file.write(pem)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _key_file() -> Path | None:
    return (
        Path(settings.LTI_PRIVATE_KEY_FILE) if settings.LTI_PRIVATE_KEY_FILE else None
    )


def _source() -> tuple[tuple, str]:
    """Where the key comes from, with what identifies this version of it, and its PEM
    text. The environment wins; a file is read again when it changes."""
    if settings.LTI_PRIVATE_KEY:
        return ("env", settings.LTI_PRIVATE_KEY), settings.LTI_PRIVATE_KEY
    path = _key_file()
    if path is None:
        raise ImproperlyConfigured("No LTI tool key: set LTI_PRIVATE_KEY(_FILE).")
    if not path.is_file():
        if not settings.DEBUG:
            raise ImproperlyConfigured(f"The LTI tool key file {path} is missing.")
        write_key_file(path, new_private_pem())  # a development key, on first use
    stat = path.stat()
    version = ("file", str(path), stat.st_mtime_ns, stat.st_size)
    cached = _loaded.get(version)
    return version, cached.private_pem if cached else path.read_text()


def signing_key(*, overlap_days: int | None = None) -> ToolSigningKey:
    """The current key, with its id and public half; recorded as current the first
    time this process meets it (the key it replaced stays published `overlap_days`,
    by default LTI_KEY_OVERLAP_DAYS)."""
    version, pem = _source()
    key = _loaded.get(version)
    if key is None:
        try:
            parsed = jwk.JWK.from_pem(pem.encode())
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(
                f"The LTI tool key is not a PEM key: {error}"
            ) from None
        if parsed.get("kty") != "RSA" or not parsed.has_private:
            raise ImproperlyConfigured("The LTI tool key must be an RSA private key.")
        kid = parsed.thumbprint()
        public = {**parsed.export_public(as_dict=True), "kid": kid}
        public.update(alg="RS256", use="sig")
        key = ToolSigningKey(kid=kid, private_pem=pem, public_jwk=public)
        _record_current(key, overlap_days)
        _loaded.clear()
        _loaded[version] = key
    return key


@transaction.atomic
def _record_current(key: ToolSigningKey, overlap_days: int | None) -> None:
    """Note the key as current: any other key still current stays published for
    the overlap, then is forgotten."""
    days = settings.LTI_KEY_OVERLAP_DAYS if overlap_days is None else overlap_days
    ToolKey.objects.update_or_create(
        kid=key.kid, defaults={"public_jwk": key.public_jwk, "published_until": None}
    )
    ToolKey.objects.exclude(kid=key.kid).filter(published_until__isnull=True).update(
        published_until=timezone.now() + timedelta(days=days)
    )


def published_keys() -> list[dict]:
    """The JWKS's keys: the current one first, then those still in their overlap."""
    current = signing_key()
    previous = (
        ToolKey.objects.exclude(kid=current.kid)
        .filter(published_until__gt=timezone.now())
        .values_list("public_jwk", flat=True)
    )
    return [current.public_jwk, *previous]


@transaction.atomic
def key_add(*, retire_after_days: int) -> tuple[str, str | None]:
    """Make a new key and make it current; the one it replaces stays published for
    `retire_after_days`, and keys past their time are forgotten. With a key file the
    file is replaced; with the key in the environment the new PEM is returned for
    the operator to set (the old key is retired when a process first reads the new
    one). Returns the new key id and, for the environment, the PEM."""
    replaced = signing_key()
    ToolKey.objects.update_or_create(  # on record, whatever this process remembered
        kid=replaced.kid,
        defaults={"public_jwk": replaced.public_jwk, "published_until": None},
    )
    ToolKey.objects.filter(published_until__lt=timezone.now()).delete()
    pem = new_private_pem()
    if settings.LTI_PRIVATE_KEY:
        return jwk.JWK.from_pem(pem.encode()).thumbprint(), pem
    write_key_file(_key_file(), pem)
    return signing_key(overlap_days=retire_after_days).kid, None
