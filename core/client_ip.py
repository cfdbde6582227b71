"""The client's address, for sign-in throttling and rate limits.

Behind N reverse proxies (DJANGO_PROXY_COUNT), the client is the N-th address from
the right of X-Forwarded-For: the ones before it could be forged by the client.

An IPv6 address counts as its /64 network: one home or one phone is usually given a
whole /64, so counting single addresses would let one device take 2**64 turns."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    address = _address(request)
    if not _is_ip(address):  # a proxy that forwards junk: count the proxy's address
        address = request.META.get("REMOTE_ADDR", "")
    return address_group(address)


def _is_ip(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def address_group(address: str) -> str:
    """An IPv4 address as it is; an IPv6 address as the first address of its /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:  # ::ffff:203.0.113.7 is an IPv4 client
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)
    return str(ip)


def _address(request: HttpRequest) -> str:
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key function: the same address as sign-in throttling."""
    return client_ip(request)
