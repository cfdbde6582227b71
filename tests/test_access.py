"""Every named URL x every role, as declared in elearning/access.py."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from elearning.access import ACCESS, LOGIN, ROLES


def named_urls(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_named_url_has_an_access_rule():
    site_urls = {name for name in named_urls() if not name.startswith("admin:")}
    assert site_urls - set(ACCESS) == set(), "declare these in elearning/access.py"
    assert set(ACCESS) - site_urls - {"admin:index"} == set(), "stale rules"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_gets_the_declared_answer(client, world, name, role):
    users, kwargs = world
    if users[role] is not None:
        client.force_login(users[role])
    rule = ACCESS[name]
    url = reverse(name, kwargs=kwargs.get(name))
    response = client.get(url) if rule.method == "GET" else client.post(url, {})
    expected = rule.expected(role)
    if expected == LOGIN:
        assert response.status_code == 302, (name, role)
        assert response["Location"].startswith(reverse("accounts:login")), (name, role)
    else:
        assert response.status_code == expected, (name, role, response.status_code)
    # Every answer, to every role, carries the content security policy.
    assert "default-src 'self'" in response["Content-Security-Policy"]
