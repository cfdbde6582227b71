"""Every school page keeps the site's layout: quick exit, help, nothing from another
host, no inline script or style."""

import pytest
from django.urls import reverse

from tests import factories
from tests.html import other_hosts_fetched, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(content, school, school_class, class_student, school_admin, teacher):
    from lessons.models import Lesson

    factories.assign_lessons(school_class, Lesson.objects.all(), actor=teacher)
    c = school_class.public_id
    return [
        (school_admin, reverse("schools:school", args=[school.slug])),
        (school_admin, reverse("schools:dashboard", args=[school.slug])),
        (school_admin, reverse("schools:audit", args=[school.slug])),
        (
            school_admin,
            reverse(
                "schools:learner_erase", args=[school.slug, class_student.public_id]
            ),
        ),
        (teacher, reverse("schools:class", args=[c])),
        (teacher, reverse("schools:class_report", args=[c])),
        (teacher, reverse("schools:assign", args=[c])),
        (teacher, reverse("schools:parent_join")),
        (teacher, reverse("schools:register")),
        (class_student, reverse("lessons:home")),
        (None, reverse("schools:join")),
    ]


def test_school_pages_keep_the_layout_and_load_nothing_from_elsewhere(client, pages):
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        parsed = parse(html)
        assert any(a.get("id") == "quick-exit" for a in parsed.links), url
        assert any(a.get("href") == reverse("lessons:help") for a in parsed.links), url
        assert other_hosts_fetched(html) == [], url
        assert parsed.inline_scripts == 0, url
        assert parsed.style_attributes == 0, url


def test_no_line_of_a_school_template_is_over_120_characters():
    from pathlib import Path

    import schools

    root = Path(schools.__file__).parent / "templates"
    long = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if len(line) > 120
    ]
    assert long == []
