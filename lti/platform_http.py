"""Every request we make to an LMS: https only, to the hosts its registration
names, with a timeout, never following a redirect elsewhere."""

from urllib.parse import SplitResult, urlsplit

import requests
from django.conf import settings

from lti.models import Registration

USER_AGENT = "safer-online-lti/1"


class PlatformUnreachable(Exception):
    """The LMS did not answer as it should (or the address is not one we may call)."""


def https_parts(url: object) -> SplitResult | None:
    """An https URL's parts with a host (and a port, if any, in range), or None for
    anything else, however malformed, without raising."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError when out of range
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.hostname or parts.username is not None:
        return None
    return parts


def registration_hosts(registration: Registration) -> set[tuple[str, int]]:
    """The hosts a registration names: the issuer, its three addresses, and the web
    origins of its pages (Canvas keeps line items at the school's own address)."""
    urls = (registration.issuer, registration.login_url, registration.token_url)
    return {_host(url) for url in (*urls, registration.jwks_url, *registration.origins)}


def _host(url: str) -> tuple[str, int]:
    parts = https_parts(url)
    return (parts.hostname, parts.port or 443) if parts else ("", 0)


def allowed(registration: Registration, url: str) -> bool:
    return https_parts(url) is not None and _host(url) in registration_hosts(
        registration
    )


def platform_request(
    registration: Registration, method: str, url: str, **kwargs
) -> requests.Response:
    """One request to the LMS, or PlatformUnreachable saying why not."""
    if not allowed(registration, url):
        raise PlatformUnreachable(f"not an https address of this LMS: {url[:100]}")
    headers = {"User-Agent": USER_AGENT, **kwargs.pop("headers", {})}
    try:
        response = requests.request(
            method,
            url,
            headers=headers,
            timeout=settings.LTI_HTTP_TIMEOUT,
            allow_redirects=False,
            verify=settings.LTI_CA_BUNDLE or True,
            **kwargs,
        )
    except requests.RequestException as error:
        raise PlatformUnreachable(type(error).__name__) from None
    return response


def platform_json(registration: Registration, url: str) -> object:
    response = platform_request(registration, "GET", url)
    if response.status_code != 200:
        raise PlatformUnreachable(f"HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise PlatformUnreachable("not JSON") from None
