"""Registering a school, and its page."""

import pytest
from django.urls import reverse

from schools.models import (
    ParentMembership,
    School,
    StaffMembership,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_registering_a_school_makes_the_registrant_its_admin(client, adult, content):
    client.force_login(adult)
    response = client.post(
        reverse("schools:register"), {"name": "Oak Academy", "country": "GB"}
    )
    school = School.objects.get(name="Oak Academy")
    assert response["Location"] == reverse("schools:school", args=[school.slug])
    assert StaffMembership.objects.get(school=school).user == adult
    assert StaffMembership.objects.get(school=school).role == "admin"
    assert len(school.parent_code) == 6


def test_registering_without_a_name_or_country_is_a_400(client, adult, content):
    client.force_login(adult)
    response = client.post(reverse("schools:register"), {"name": " ", "country": "ZZ"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not School.objects.exists()


def test_a_student_cannot_register_a_school(client, student):
    client.force_login(student)
    assert client.get(reverse("schools:register")).status_code == 403


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("schools:register", {"name": "Oak Academy", "country": "GB"}),
        ("schools:parent_join", {"code": "ABC234", "confirm": "yes"}),
    ],
)
def test_an_adult_must_confirm_their_email_first(client, content, name, data):
    """Registering a school and joining a parent group need a verified address."""
    school = factories.SchoolFactory(parent_code="ABC234")
    adult = factories.AdultFactory(email_verified=False)
    client.force_login(adult)
    for response in (client.get(reverse(name)), client.post(reverse(name), data)):
        assert response.status_code == 403
        page = response.content.decode()
        assert "Confirm your email address first" in page
        assert reverse("account_email") in page
    assert not School.objects.exclude(pk=school.pk).exists()
    assert not ParentMembership.objects.exists()
