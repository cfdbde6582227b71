"""Classes: creating one, its page and its join code."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_teacher_creates_a_class_with_a_join_code(client, school, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("schools:class_create", args=[school.slug]),
        {"name": "Year 9 Oak", "year_group": "Year 9"},
    )
    school_class = teacher.taught_classes.get()
    assert response["Location"] == school_class.get_absolute_url()
    assert re.fullmatch(r"[ACDEFGHJKMNPQRTUVWXY34679]{6}", school_class.join_code)
    page = client.get(school_class.get_absolute_url()).content.decode()
    assert school_class.join_code in page


def test_join_code_can_be_regenerated_and_closed(client, school_class, teacher):
    client.force_login(teacher)
    url = reverse("schools:class_code", args=[school_class.public_id])
    old = school_class.join_code
    client.post(url, {"action": "regenerate"})
    school_class.refresh_from_db()
    assert school_class.join_code != old
    client.post(url, {"action": "close"})
    school_class.refresh_from_db()
    assert school_class.join_code_active is False


def test_another_teachers_class_is_a_404(client, school_class, other_teacher):
    client.force_login(other_teacher)
    assert client.get(school_class.get_absolute_url()).status_code == 404
    url = reverse("schools:class_code", args=[school_class.public_id])
    assert client.post(url, {"action": "close"}).status_code == 404
    school_class.refresh_from_db()
    assert school_class.join_code_active


def test_a_class_of_another_school_is_a_404_even_for_its_admin_elsewhere(
    client, school_class, other_school_admin
):
    client.force_login(other_school_admin)
    assert client.get(school_class.get_absolute_url()).status_code == 404
