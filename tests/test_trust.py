"""Hardened configuration, headers, sign-in throttling, sessions, privacy by default."""

import secrets
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.site import site_name
from tests import factories
from tests.auth import sign_in
from tests.test_settings import run_django

LOGIN = reverse("account_login")


# Production configuration


def test_deploy_check_passes_with_production_settings_and_nothing_silenced():
    result = run_django(
        "import django, sys\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"
        "from django.conf import settings\n"
        "print('silenced:', settings.SILENCED_SYSTEM_CHECKS)\n",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="learn.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout + (
        result.stderr
    )
    assert "silenced: []" in result.stdout


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client):
    response = client.get(reverse("lessons:home"))
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored_and_visitor_pages_may_be(client, student):
    assert "no-store" not in client.get(reverse("lessons:home")).get(
        "Cache-Control", ""
    )
    client.force_login(student)
    assert "no-store" in client.get(reverse("lessons:home"))["Cache-Control"]


def test_security_txt_says_how_to_report(client):
    response = client.get("/.well-known/security.txt")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert f"Contact: {settings.SECURITY_CONTACT}" in text
    assert "Expires: " in text


def test_a_server_error_shows_a_plain_page_without_details(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "Traceback" not in html and "settings" not in html


# Sign-in throttling


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_account_from_that_address(
    client, student, password
):
    wrong = {"login": student.username, "password": "x"}
    assert [client.post(LOGIN, wrong).status_code for _ in range(5)] == [400] * 4 + [
        429
    ]
    locked = client.post(LOGIN, {"login": student.username, "password": password})
    assert locked.status_code == 429
    assert "Too many tries" in locked.content.decode()
    # Another address, or another account from this one, is not affected.
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    assert sign_in(elsewhere, student.username, password)
    other = factories.StudentFactory()
    assert sign_in(client, other.username, password)


@pytest.mark.django_db
def test_thirty_students_behind_one_address_each_mistyping_once_are_not_locked(
    password,
):
    students = factories.StudentFactory.create_batch(30)
    classroom = Client(REMOTE_ADDR="192.0.2.10")
    for student in students:
        classroom.post(LOGIN, {"login": student.username, "password": "typo"})
        assert sign_in(classroom, student.username, password)
        classroom.logout()


@pytest.mark.django_db
def test_a_teacher_unlocks_a_locked_student(client, password):
    enrolment = factories.EnrolmentFactory()
    student, school_class = enrolment.student, enrolment.school_class
    from schools.models import StaffMembership

    StaffMembership.objects.create(
        school=school_class.school, user=school_class.teacher, role="teacher"
    )
    pupil = Client()
    for _ in range(5):
        pupil.post(LOGIN, {"login": student.username, "password": "x"})
    assert not sign_in(pupil, student.username, password)
    client.force_login(school_class.teacher)
    client.post(
        reverse(
            "schools:student_unlock", args=[school_class.public_id, student.public_id]
        )
    )
    assert sign_in(pupil, student.username, password)


# Sessions


@pytest.mark.django_db
def test_signing_in_gives_a_new_session_key_and_signing_out_ends_it(
    client, adult, password
):
    client.get(reverse("lessons:help"), {"country": "US"})  # a visitor's session
    before = client.session.session_key
    assert sign_in(client, adult.email, password)
    after = client.session.session_key
    assert after != before
    from django.contrib.sessions.models import Session

    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=after).exists()


@pytest.mark.django_db
def test_students_are_signed_out_after_30_idle_minutes_adults_after_12_hours(
    client, student, adult, password
):
    assert sign_in(client, student.username, password)
    client.get(reverse("lessons:home"))
    assert client.session.get_expiry_age() == 30 * 60
    adult_browser = Client()
    assert sign_in(adult_browser, adult.email, password)
    adult_browser.get(reverse("lessons:home"))
    assert adult_browser.session.get_expiry_age() == 12 * 60 * 60


# Privacy by default


def test_student_accounts_have_no_birth_date_or_surname_field():
    fields = {f.name for f in User._meta.get_fields()}
    assert not {"birth_date", "date_of_birth", "dob", "surname"} & fields


@pytest.mark.django_db
def test_erasing_a_learner_leaves_no_row_that_refers_to_them(client, content, password):
    """Walk every model's foreign keys and many-to-many links to the user model."""
    from lessons.models import Lesson
    from schools.services.learner_data import learner_erase

    enrolment = factories.EnrolmentFactory()
    student, school_class = enrolment.student, enrolment.school_class
    admin = factories.StaffMembershipFactory(
        school=school_class.school, role="admin"
    ).user
    lesson = Lesson.objects.get(slug="first-lesson")
    factories.assign_lessons(school_class, [lesson])
    client.force_login(student)
    for section in lesson.sections.all():
        client.get(section.get_absolute_url())
    from tests.lessons.quiz_helpers import pass_lesson_quiz

    pass_lesson_quiz(client, lesson.slug)
    learner_erase(actor=admin, school=school_class.school, learner=student)

    links = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.related_model is User
            ):
                links.append((model, field.name))
    assert len(links) > 10
    leftovers = {
        f"{model.__name__}.{name}": model._default_manager.filter(
            **{name: student.pk}
        ).count()
        for model, name in links
    }
    assert {k: v for k, v in leftovers.items() if v} == {}


@pytest.mark.django_db
def test_purge_inactive_removes_students_unused_for_the_retention_period(capsys):
    old = timezone.now() - timedelta(days=settings.STUDENT_RETENTION_DAYS + 1)
    stale = factories.StudentFactory(last_login=old)
    never = factories.StudentFactory(date_joined=old, last_login=None)
    recent = factories.StudentFactory(last_login=timezone.now())
    adult = factories.AdultFactory(last_login=old)
    call_command("purge_inactive", "--dry-run")
    assert "2 student account(s)" in capsys.readouterr().out
    assert User.objects.filter(pk__in=[stale.pk, never.pk]).count() == 2
    call_command("purge_inactive")
    assert "Deleted 2 student account(s)" in capsys.readouterr().out
    assert set(User.objects.values_list("pk", flat=True)) == {recent.pk, adult.pk}


@pytest.mark.django_db
def test_user_supplied_names_are_escaped_in_pages(client):
    enrolment = factories.EnrolmentFactory(
        student__display_name="<script>alert(1)</script>",
        school_class__name="<b>9M</b>",
    )
    school_class = enrolment.school_class
    factories.StaffMembershipFactory(
        school=school_class.school, user=school_class.teacher, role="teacher"
    )
    client.force_login(school_class.teacher)
    html = client.get(school_class.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;9M&lt;/b&gt;" in html


def test_client_address_behind_a_proxy_is_the_one_the_proxy_saw(rf, settings):
    from core.client_ip import client_ip

    request = rf.get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2"
    )
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # not the forgeable first entry
    # A forwarded value that is no address (a misconfigured proxy) is not used.
    junk = rf.get("/", HTTP_X_FORWARDED_FOR="unknown\x00", REMOTE_ADDR="10.0.0.2")
    assert client_ip(junk) == "10.0.0.2"


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("2001:db8:1:2::9", "2001:db8:1:2::"),
        ("2001:db8:1:3::9", "2001:db8:1:3::"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("not an address", "not an address"),
    ],
)
def test_an_ipv6_client_counts_as_its_64_network(rf, settings, address, counted_as):
    from core.client_ip import client_ip

    settings.PROXY_COUNT = 0
    assert client_ip(rf.get("/", REMOTE_ADDR=address)) == counted_as


@pytest.mark.parametrize(
    "name",
    ["schools:join", "schools:parent_join", "schools:register", "account_login"],
)
def test_head_is_answered_like_get(client, db, name):
    url = reverse(name)
    assert client.head(url).status_code == client.get(url).status_code != 405


def test_head_is_answered_on_a_quiz_page(client, content):
    url = reverse("lessons:lesson_quiz", args=["first-lesson"])
    assert client.head(url).status_code == 200


def test_a_joining_students_welcome_waits_in_the_session_not_a_cookie(client, db):
    school_class = factories.SchoolClassFactory()
    response = client.post(
        reverse("schools:join"),
        {
            "code": school_class.join_code,
            "display_name": "Sam",
            "username": "sam.k",
            "password": "purple-kite-42",
        },
    )
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert "sam.k" in client.get(reverse("lessons:home")).content.decode()


def test_the_sign_in_page_shows_the_sites_name_not_the_host(client, db):
    html = client.get(reverse("account_login"), HTTP_HOST="testserver").content
    title = html.decode().split("<title>")[1].split("</title>")[0]
    assert site_name() in title
    assert "testserver" not in title
