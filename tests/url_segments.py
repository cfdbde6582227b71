"""The site's URLs that carry a parameter, and who may open each, for tests that
put bad values in those parameters (tests/test_nul_bytes.py, tests/test_fuzz.py)."""

from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from elearning.access import DEACTIVATED, LOGIN, ROLES, Rule, rules_of


def _patterns(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def parameterised_urls() -> list[str]:
    """Every named URL of the site (the Django admin aside) with a parameter."""
    return sorted(
        name
        for name, pattern in _patterns(get_resolver())
        if not name.startswith("admin:") and pattern.pattern.regex.groupindex
    )


def reaching(name: str) -> tuple[str, Rule]:
    """A role whose request runs the view, and the rule it is answered by (for a
    URL that takes GET and POST, the GET one): the first role that gets the real
    page, else (a page only one account may see, such as an invitation, answered
    after its lookup) the first role that is not sent to sign in."""
    rules = rules_of(name)
    for refused in ((404, 403, LOGIN), (LOGIN,)):
        for rule in rules:
            for role in ROLES:
                if role != DEACTIVATED and rule.expected(role) not in refused:
                    return role, rule
    raise AssertionError(f"no role reaches {name}")


def opened_by_its_role(client, world, name: str):
    """Sign `client` in as a role that reaches `name` (see `reaching`); return how to
    send to it (client.get or client.post), its real URL and its URL kwargs."""
    users, kwargs = world
    role, rule = reaching(name)
    if users[role] is not None:
        client.force_login(users[role])
    send = client.get if rule.method == "GET" else client.post
    return send, reverse(name, kwargs=kwargs[name]), kwargs[name]


def with_segment(url: str, value: object, replacement: str) -> str:
    """`url` with the path segment that is `value` replaced (percent-encoded); or,
    where one segment carries two values (allauth's reset link, '<uid>-<key>'), the
    part of the segment that is `value`."""
    segments = url.split("/")
    value = str(value)
    if segments.count(value) != 1:
        [index] = [i for i, segment in enumerate(segments) if value in segment]
        before, _, after = segments[index].partition(value)
        segments[index] = before + quote(replacement, safe="") + after
        return "/".join(segments)
    segments[segments.index(value)] = quote(replacement, safe="")
    return "/".join(segments)
