"""The sources page, SOURCES_PER_PAGE sources at a time."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from lessons.content.load import content_load
from lessons.content.markdown import SOURCES_PER_PAGE
from lessons.content.validate import read_content
from tests import factories
from tests.lessons import content_builder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def content(tmp_path):
    content_load(bundle=read_content(content_builder.write(tmp_path / "content")))


@pytest.fixture
def many_sources():
    """Sources up to number SOURCES_PER_PAGE + 5: a second page of five."""
    factories.sources_up_to(SOURCES_PER_PAGE + 5)


def test_sources_page_lists_sources_with_their_numbers(client):
    html = client.get(reverse("lessons:sources")).content.decode()
    assert 'id="source-ncmec-2024-new-data" value="1"' in html
    assert "The Financially Motivated Sextortion Threat" in html
    assert "Pages of sources" not in html  # all on one page


def test_each_page_lists_its_sources_and_links_to_the_others(
    client, many_sources, django_assert_num_queries
):
    first = client.get(reverse("lessons:sources")).content.decode()
    assert first.count('<li id="source-') == SOURCES_PER_PAGE
    assert re.search(rf'href="/sources/2/"\s*>{SOURCES_PER_PAGE + 1}–', first)
    cache.clear()
    with django_assert_num_queries(1):
        second = client.get(reverse("lessons:sources_page", args=[2]))
    html = second.content.decode()
    assert html.count('<li id="source-') == 5
    assert f'id="source-report-{SOURCES_PER_PAGE + 5}"' in html
    assert 'aria-current="page"' in html
    assert re.search(
        rf"<title>Sources\s+{SOURCES_PER_PAGE + 1}–{SOURCES_PER_PAGE + 5} ·", html
    )


def test_page_one_has_one_address_and_a_page_past_the_end_is_a_404(
    client, many_sources
):
    response = client.get(reverse("lessons:sources_page", args=[1]))
    assert response.status_code == 301
    assert response["Location"] == reverse("lessons:sources")
    response = client.get(reverse("lessons:sources_page", args=[3]))
    assert response.status_code == 404
