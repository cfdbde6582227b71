"""Generated bad input to every form and every URL parameter: never a 500, and a
rejected request changes no row.

Each form gets FUZZ_EXAMPLES generated posts (long, empty, unicode, control
characters, wrong types, huge numbers, HTML and SQL fragments), sent by a role that
may use it; each URL with a parameter gets FUZZ_EXAMPLES requests with a generated
value in one of its parameters. The README states the total. CI runs this on
PostgreSQL too, whose text cannot hold the NUL byte that SQLite takes in its stride.
"""

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.url_segments import opened_by_its_role, parameterised_urls, with_segment

FUZZ_EXAMPLES = 40
# Every fuzz test: the same number of examples, in the same order on every run.
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\x1b[31m",
        "\r\n\t",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "'; DROP TABLE accounts_user; --",
        '=HYPERLINK("http://x")',
        "9" * 400,
        "-1",
        "1e308",
        "NaN",
        "null",
        "[]",
        "{}",
        "😀" * 50,
        "Zoë Ångström 日本",
        "a" * 10_000,
        "../../etc/passwd",
        "%00",
        "true",
    ]
)
VALUE = st.one_of(
    NASTY,
    st.text(max_size=300),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.lists(NASTY, max_size=3),
)


def form_data(fields: list[str]):
    return st.dictionaries(st.sampled_from(fields), VALUE, max_size=len(fields))


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("accounts", "lessons", "schools", "lti")
    }


# (URL name, role, fields, method): every form of the site.
FORMS = [
    (
        "account_signup",
        "visitor",
        ["display_name", "email", "password1", "password2"],
        "post",
    ),
    ("account_login", "visitor", ["login", "password"], "post"),
    ("account_reset_password", "visitor", ["email"], "post"),
    (
        "account_reset_password_from_key",
        "visitor",
        ["password1", "password2"],
        "post",
    ),
    ("account_confirm_email", "visitor", ["key"], "post"),
    (
        "account_change_password",
        "parent",
        ["oldpassword", "password1", "password2"],
        "post",
    ),
    (
        "account_email",
        "parent",
        ["email", "action_add", "action_send", "action_remove", "action_primary"],
        "post",
    ),
    ("account_reauthenticate", "parent", ["password"], "post"),
    ("mfa_reauthenticate", "school_admin", ["code"], "post"),
    ("mfa_authenticate", "visitor", ["code"], "post"),
    ("mfa_activate_totp", "parent", ["code"], "post"),
    ("mfa_deactivate_totp", "school_admin", ["code"], "post"),
    ("socialaccount_connections", "parent", ["account"], "post"),
    ("lessons:lesson_quiz", "visitor", ["attempt", "q1", "q2", "q3"], "post"),
    ("lessons:lesson_quiz", "student", ["attempt", "q1", "q2", "q3"], "post"),
    (
        "lessons:scenario_choose",
        "student",
        ["step", "choice", "token", "action"],
        "post",
    ),
    ("lessons:mythfact_answer", "visitor", ["card", "answer"], "post"),
    ("lessons:help", "visitor", ["country"], "get"),
    ("lessons:verify", "visitor", ["code"], "get"),
    (
        "schools:join",
        "visitor",
        ["code", "display_name", "username", "password"],
        "post",
    ),
    ("schools:parent_join", "parent", ["code", "confirm"], "post"),
    ("schools:register", "teacher", ["name", "country"], "post"),
    ("schools:staff_invite", "school_admin", ["email", "role"], "post"),
    ("schools:staff_change", "school_admin", ["action"], "post"),
    ("schools:class_create", "teacher", ["name", "year_group"], "post"),
    ("schools:class_code", "teacher", ["action"], "post"),
    ("schools:bulk_students", "teacher", ["names"], "post"),
    ("schools:assign", "teacher", ["what", "due_date", "reveal", "students"], "post"),
    ("schools:learner_erase", "school_admin", ["confirm"], "post"),
    ("schools:class_report", "teacher", ["status", "format"], "get"),
    ("schools:class_questions", "teacher", ["lesson", "track", "format"], "get"),
    ("schools:school_questions", "school_admin", ["lesson", "track", "format"], "get"),
    ("schools:platform", "platform_admin", ["order", "page", "format"], "get"),
    ("schools:platform_questions", "platform_admin", ["format"], "get"),
    ("schools:school_active", "platform_admin", ["active", "confirm"], "post"),
    (
        "lms:connections",
        "school_admin",
        [
            "name",
            "issuer",
            "client_id",
            "login_url",
            "token_url",
            "jwks_url",
            "token_audience",
            "frame_origins",
        ],
        "post",
    ),
    ("lms:deployment", "school_admin", ["decision"], "post"),
    ("lti:link", "teacher", ["confirm"], "post"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "role", "fields", "method"), FORMS, ids=[f"{f[0]}-{f[1]}" for f in FORMS]
)
def test_generated_input_never_breaks_a_form(client, world, name, role, fields, method):
    from django.core.cache import cache

    users, kwargs = world
    if users[role] is not None:
        client.force_login(users[role])
    url = reverse(name, kwargs=kwargs.get(name))
    # Keep the known-good values of hidden fields out of reach: every field is fuzzed.

    @FUZZ
    @given(data=form_data(fields))
    def check(data):
        cache.clear()  # rate limits would otherwise answer 429 after a while
        before = row_counts()
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (data, response.status_code)
        if response.status_code >= 400:
            assert row_counts() == before, data

    check()


# Every parameter of every URL: a generated value in its place (NUL bytes, quotes,
# unicode, slashes, the real value with a character slipped in), sent by a role that
# may open the real page.
URLS_WITH_PARAMETERS = parameterised_urls()


def segment_values(real: str):
    slipped_in = st.tuples(
        st.integers(min_value=0, max_value=len(real)),
        st.one_of(NASTY, st.characters()),
    ).map(lambda at: real[: at[0]] + at[1] + real[at[0] :])
    return st.one_of(NASTY, st.text(max_size=100), slipped_in)


@pytest.mark.django_db
@pytest.mark.parametrize("name", URLS_WITH_PARAMETERS)
def test_generated_url_segments_never_break_a_page(client, world, name):
    from django.core.cache import cache

    send, url, url_kwargs = opened_by_its_role(client, world, name)
    values = {parameter: str(value) for parameter, value in url_kwargs.items()}

    @FUZZ
    @given(data=st.data())
    def check(data):
        cache.clear()
        parameter = data.draw(st.sampled_from(sorted(values)))
        bad = data.draw(segment_values(values[parameter]))
        before = row_counts()
        response = send(with_segment(url, values[parameter], bad))
        assert response.status_code < 500, (parameter, bad, response.status_code)
        if response.status_code >= 400:
            assert row_counts() == before, (parameter, bad)

    check()
