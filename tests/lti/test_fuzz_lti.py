"""200 generated malformed login initiations and launches: never a 5xx. The
launches are signed by the simulated LMS, so that wrongly typed claims get past the
signature to every later check."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.lti.conftest import LEARNER, login
from tests.lti.simulator import AGS, CLAIM, DL_SETTINGS
from tests.test_fuzz import FUZZ as SITE_FUZZ

pytestmark = pytest.mark.django_db

EXAMPLES = 100
# The site's fuzz settings (tests/test_fuzz.py), with more examples each.
FUZZ = settings(SITE_FUZZ, max_examples=EXAMPLES)

NASTY = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "https://",
            "https://[",
            "https://x:99999/",
            "http://127.0.0.1:1/",
            "9" * 3000,
            "%00",
            "é" * 50,
        ]
    ),
    st.text(max_size=40),
)
ODD = st.one_of(
    NASTY,
    st.none(),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)
CLAIMS = [
    "aud",
    "azp",
    "sub",
    "nonce",
    "exp",
    "iat",
    "given_name",
    CLAIM + "message_type",
    CLAIM + "version",
    CLAIM + "deployment_id",
    CLAIM + "roles",
    CLAIM + "context",
    CLAIM + "resource_link",
    CLAIM + "custom",
    CLAIM + "launch_presentation",
    DL_SETTINGS,
    AGS,
]


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "iss",
                "login_hint",
                "target_link_uri",
                "client_id",
                "lti_deployment_id",
                "lti_message_hint",
                "other",
            ]
        ),
        NASTY,
        max_size=6,
    ),
    known_issuer=st.booleans(),
    method=st.sampled_from(["get", "post"]),
)
def test_malformed_login_initiations_are_never_a_server_error(
    client, registration, simulator, params, known_issuer, method
):
    if known_issuer:
        params = {**params, "iss": simulator.issuer}
    response = getattr(client, method)("/lti/login/", params, secure=True)
    assert response.status_code < 500


@FUZZ
@given(
    odd_claims=st.dictionaries(st.sampled_from(CLAIMS), ODD, max_size=4),
    token_kind=st.sampled_from(["signed", "text", "none"]),
    text=NASTY,
    keep_state=st.booleans(),
)
def test_malformed_launches_are_never_a_server_error(
    client, content, course, simulator, odd_claims, token_kind, text, keep_state
):
    state, nonce = login(client, simulator)
    if token_kind == "signed":
        claims = {CLAIM + "custom": {"lesson": "first-lesson"}, **odd_claims}
        token = simulator.id_token(
            nonce=nonce, sub="fuzz", roles=LEARNER, replace=claims
        )
    else:
        token = text if token_kind == "text" else None
    form = {"state": state if keep_state else text}
    if token is not None:
        form["id_token"] = token
    response = client.post("/lti/launch/", form, secure=True)
    assert response.status_code < 500, (odd_claims, response.content[:300])
