"""The pages a launch shows (inside the LMS's frame and after) are valid HTML."""

import re

import pytest
from django.urls import reverse

from tests.lti.conftest import INSTRUCTOR, handoff_link, launch
from tests.lti.simulator import CLAIM
from tests.test_html_valid import html_errors

pytestmark = pytest.mark.django_db


def launch_pages(client, simulator, teacher) -> dict[str, str]:
    pages = {}
    lesson = {CLAIM + "custom": {"lesson": "first-lesson"}}
    opened = launch(client, simulator, sub="t-1", roles=INSTRUCTOR, **lesson)
    pages["open the lesson"] = opened.content.decode()
    window = type(client)()
    window.force_login(teacher)
    window.get(handoff_link(opened))
    pages["link your LMS account"] = window.get(reverse("lti:link")).content.decode()
    window.post(reverse("lti:link"))
    picker = launch(
        client,
        simulator,
        sub="t-1",
        roles=INSTRUCTOR,
        **simulator.deep_linking_claims(),
    )
    pages["pick lessons"] = picker.content.decode()
    action = re.search(r'action="(/lti/pick/[^"]+/)"', pages["pick lessons"])[1]
    pages["pick with an error"] = client.post(action, {}, secure=True).content.decode()
    answer = client.post(action, {"track": "students"}, secure=True)
    pages["answer to the LMS"] = answer.content.decode()
    refused = launch(client, simulator, sub="x", roles=[], **lesson)
    pages["refused"] = refused.content.decode()
    return pages


def test_the_launch_pages_are_valid_html(
    client, content, approved, simulator, lms_school, tmp_path
):
    pages = launch_pages(client, simulator, lms_school[2])
    errors = html_errors(pages.items(), tmp_path)
    assert errors == [], "\n".join(errors)
    assert "<script>" not in "".join(pages.values())  # no inline script anywhere
