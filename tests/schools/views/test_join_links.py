"""Joining without friction: the class page's full address and QR code, the join
page filled in from its link, the how-to-join sheet, and a signed-in student
joining another class of their school from their home page."""

import pytest
from django.urls import reverse

from schools.models import Enrolment
from tests import factories
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

JOIN = reverse("schools:join")
JOIN_ADDRESS = "http://testserver/join/"


def code_field(response) -> str | None:
    """The value the join page's code field starts with."""
    return response.context["form"]["code"].value()


def test_the_join_page_is_called_join_a_class(client):
    html = client.get(JOIN).content.decode()
    assert "<h1>Join a class</h1>" in html
    assert "Join your class" not in html


def test_the_qr_address_fills_the_code_in_and_the_student_joins(client, school_class):
    link = f"{JOIN}?code={school_class.join_code.lower()}"
    page = client.get(link)
    assert page.status_code == 200
    assert code_field(page) == school_class.join_code
    assert f'value="{school_class.join_code}"' in page.content.decode()
    response = client.post(
        link,
        {
            "code": code_field(page),
            "display_name": "Sam",
            "username": "sam.k",
            "password": "purple-kite-42",
        },
    )
    assert response.status_code == 302
    assert Enrolment.objects.filter(
        school_class=school_class, student__username="sam.k"
    ).exists()


@pytest.mark.parametrize(
    "code", ["", "ABC", "ACDE3", "ACDE346", "ACDE3O", "ACDE3\x00", "<b>ACDE</b>"]
)
def test_a_malformed_code_in_the_address_is_not_filled_in(client, code):
    page = client.get(JOIN, {"code": code})
    assert page.status_code == 200
    assert code_field(page) is None


def test_a_well_formed_code_is_filled_in_without_being_looked_up(
    client, django_assert_num_queries
):
    """The address tells nothing about which codes exist: nothing is queried."""
    with django_assert_num_queries(0):
        page = client.get(JOIN, {"code": "ACDE34"})
    assert code_field(page) == "ACDE34"


def test_the_header_offers_join_a_class_to_a_signed_in_student(
    client, class_student, teacher
):
    client.force_login(class_student)
    header = client.get(reverse("lessons:home")).content.decode().split("</header>")[0]
    assert f'<a href="{JOIN}">Join a class</a>' in header
    client.force_login(teacher)
    header = client.get(reverse("lessons:home")).content.decode().split("</header>")[0]
    assert JOIN not in header
    assert "Parent groups" in header


def test_a_signed_in_student_joins_another_class_of_the_school_from_home(
    client, school, class_student
):
    second = factories.SchoolClassFactory(school=school, name="Drama club")
    client.force_login(class_student)
    home = client.get(reverse("lessons:home")).content.decode()
    main = home.split('<main id="main"')[1]
    assert f'href="{JOIN}">Join a class</a>' in main
    page = client.get(JOIN, {"code": second.join_code})
    assert code_field(page) == second.join_code
    assert "username and password stay the same" in " ".join(
        page.content.decode().split()
    )
    response = client.post(JOIN, {"code": second.join_code})
    assert response.status_code == 302
    assert response["Location"] == reverse("lessons:home")
    assert set(
        Enrolment.objects.filter(student=class_student).values_list(
            "school_class__name", flat=True
        )
    ) == {"9M", "Drama club"}


def test_the_class_page_shows_the_full_address_the_qr_code_and_the_sheet(
    client, school_class, teacher
):
    client.force_login(teacher)
    page = client.get(reverse("schools:class", args=[school_class.public_id]))
    html = " ".join(page.content.decode().split())
    code = school_class.join_code
    assert f'<a href="{JOIN_ADDRESS}">{JOIN_ADDRESS}</a>' in html
    assert f'href="{JOIN_ADDRESS}?code={code}">Join a class</a>' in html
    assert f'<strong class="join-code font-monospace">{code}</strong>' in html
    assert html.count("<svg ") == 1
    assert f"with the code {code} filled in" in html
    sheet = reverse("schools:class_join_sheet", args=[school_class.public_id])
    assert f'href="{sheet}"' in html
    assert "Join page" not in html


def test_a_closed_code_has_no_qr_code_on_the_class_page(client, school_class, teacher):
    school_class.join_code_active = False
    school_class.save(update_fields=["join_code_active"])
    client.force_login(teacher)
    page = client.get(reverse("schools:class", args=[school_class.public_id]))
    html = page.content.decode()
    assert "<svg" not in html
    assert school_class.join_code not in html
    assert JOIN_ADDRESS in html


def test_the_join_sheet_has_the_big_code_the_address_the_qr_code_and_steps(
    client, school_class, teacher
):
    client.force_login(teacher)
    page = client.get(
        reverse("schools:class_join_sheet", args=[school_class.public_id])
    )
    assert page.status_code == 200
    html = " ".join(page.content.decode().split())
    code = school_class.join_code
    assert "<h1>Join a class: 9M</h1>" in html
    assert f"</span> {code}</p>" in html  # the big code
    assert f'<p class="join-sheet-address font-monospace">{JOIN_ADDRESS}</p>' in html
    assert html.count("<svg ") == 1
    assert (
        html.split('<ol class="join-sheet-steps">')[1].split("</ol>")[0].count("<li>")
        == 3
    )


def test_a_closed_code_has_no_join_sheet_to_print(client, school_class, teacher):
    school_class.join_code_active = False
    school_class.save(update_fields=["join_code_active"])
    client.force_login(teacher)
    page = client.get(
        reverse("schools:class_join_sheet", args=[school_class.public_id])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" not in html
    assert school_class.join_code not in html
    assert "is closed" in html


def test_the_join_sheet_of_another_teachers_class_is_a_404(
    client, school_class, other_teacher
):
    client.force_login(other_teacher)
    url = reverse("schools:class_join_sheet", args=[school_class.public_id])
    assert client.get(url).status_code == 404


def test_the_join_sheet_runs_a_fixed_number_of_queries(client, school_class, teacher):
    """Pinned: the session, the user (with its sign-in checks), the class with its
    school and teacher, through the permission query."""
    factories.EnrolmentFactory.create_batch(5, school_class=school_class)
    client.force_login(teacher)
    url = reverse("schools:class_join_sheet", args=[school_class.public_id])
    assert len(page_queries(client, url)) == 3


def test_the_school_page_names_the_parent_groups_page(client, school, school_admin):
    client.force_login(school_admin)
    html = " ".join(
        client.get(reverse("schools:school", args=[school.slug]))
        .content.decode()
        .split()
    )
    assert f'Parents join at <a href="{reverse("schools:parent_join")}">' in html
    assert "Parents page" not in html


def test_the_new_pages_keep_the_layout_with_no_inline_style_or_script(
    client, school, school_admin, school_class, teacher
):
    from schools.models import StaffInvite
    from tests.html import other_hosts_fetched, parse

    invitation = StaffInvite.objects.create(
        school=school, email="new@example.org", role="teacher", invited_by=school_admin
    )
    pages = [
        (teacher, reverse("schools:class_join_sheet", args=[school_class.public_id])),
        (teacher, reverse("schools:class", args=[school_class.public_id])),
        (None, invitation.get_absolute_url()),
        (None, f"{JOIN}?code={school_class.join_code}"),
    ]
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        parsed = parse(html)
        assert any(a.get("id") == "quick-exit" for a in parsed.links), url
        assert other_hosts_fetched(html) == [], url
        assert (parsed.inline_scripts, parsed.style_attributes) == (0, 0), url
