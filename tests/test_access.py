"""Every named URL x every role, as declared in elearning/access.py."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from elearning.access import ACCESS, ADMIN_LOGIN, LOGIN, ROLES, rules_of


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


def admin_kwargs(name: str) -> dict[str, str] | None:
    """URL kwargs for an admin page about one object of the world (see conftest)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User
    from schools.models import SchoolClass

    if name == "admin:auth_user_password_change":
        return {"id": str(User.objects.filter(kind="student").first().pk)}
    if name == "admin:view_on_site":
        school_class = SchoolClass.objects.first()
        content_type = ContentType.objects.get_for_model(SchoolClass)
        return {
            "content_type_id": str(content_type.pk),
            "object_id": str(school_class.pk),
        }
    if name == "admin:app_list":
        return {"app_label": "schools"}
    label, _, view = name.removeprefix("admin:").rpartition("_")
    if view in ("change", "delete", "history") and "_" in label:
        app_label, _, model_name = label.partition("_")
        model = apps.get_model(app_label, model_name)
        return {"object_id": str(model._default_manager.order_by("pk").first().pk)}
    return None


def test_every_named_url_has_an_access_rule():
    site_urls = named_urls()
    assert site_urls - set(ACCESS) == set(), "declare these in elearning/access.py"
    assert set(ACCESS) - site_urls == set(), "stale rules"


def declared() -> list[tuple[str, str]]:
    return sorted((name, rule.method) for name in ACCESS for rule in rules_of(name))


def url_of(name: str, kwargs: dict) -> str:
    return reverse(name, kwargs=kwargs.get(name) or admin_kwargs(name))


@pytest.mark.django_db
def test_every_method_a_url_takes_has_a_rule(client, world):
    """A view says which methods it takes (405 with Allow); one that takes any
    must declare GET and POST."""
    users, kwargs = world
    client.force_login(users["platform_admin"])
    missing = []
    for name in sorted(ACCESS):
        response = client.generic("PATCH", url_of(name, kwargs))
        if response.status_code == 405:
            allowed = {m.strip() for m in response["Allow"].split(",")}
        else:
            allowed = {"GET", "POST"}
        methods = {rule.method for rule in rules_of(name)}
        missing += [(name, m) for m in allowed - {"HEAD", "OPTIONS"} - methods]
    assert missing == [], "declare a rule for each in elearning/access.py"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), declared())
def test_each_role_gets_the_declared_answer(client, world, name, method):
    users, kwargs = world
    [rule] = [r for r in rules_of(name) if r.method == method]
    url = url_of(name, kwargs)
    wrong = []
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        if method in ("GET", "POST"):
            response = getattr(client, method.lower())(url, {})
        else:
            response = client.generic(method, url)
        expected = rule.expected(role)
        # Every answer, to every role, carries the content security policy, and
        # refuses to be framed (the LMS frames only a launch: tests/lti).
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        if expected in (LOGIN, ADMIN_LOGIN):
            sign_in = reverse("account_login" if expected == LOGIN else "admin:login")
            if response.status_code != 302 or not response["Location"].startswith(
                sign_in
            ):
                wrong.append((role, response.status_code, expected))
        elif response.status_code != expected:
            wrong.append((role, response.status_code, expected))
    assert wrong == [], (name, method, wrong)
