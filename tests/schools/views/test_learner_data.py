"""Learners' data for a school's admins: export, erasure, every certificate as a
ZIP, and the audit log."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts.models import User
from lessons.models import (
    Certificate,
    LessonProgress,
    SectionView,
    Track,
)
from schools.models import AssignmentTarget, AuditEntry
from tests import factories
from tests.schools.report_helpers import grid_names, report_url

pytestmark = pytest.mark.django_db


def test_admin_exports_a_learners_data_as_json(
    client, school, school_admin, assigned_class
):
    ann = assigned_class["Ann"]
    client.force_login(school_admin)
    response = client.get(
        reverse("schools:learner_export", args=[school.slug, ann.public_id])
    )
    data = json.loads(response.content)
    assert data["account"]["display_name"] == "Ann"
    assert data["progress"][0]["best_score"] == 90
    assert AuditEntry.objects.get(action="export").subject_label.startswith("Ann")


def test_admin_erases_a_learner_from_every_report_at_once(
    client, school, school_admin, school_class, assigned_class, lesson
):
    ann = assigned_class["Ann"]
    client.force_login(school_admin)
    client.get(reverse("schools:learner_export", args=[school.slug, ann.public_id]))
    url = reverse("schools:learner_erase", args=[school.slug, ann.public_id])
    wrong = client.post(url, {"confirm": "not-the-username"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=ann.pk).exists()
    client.post(url, {"confirm": ann.username})
    assert not User.objects.filter(pk=ann.pk).exists()
    assert not LessonProgress.objects.filter(learner_id=ann.pk).exists()
    assert not AssignmentTarget.objects.filter(student_id=ann.pk).exists()
    assert not SectionView.objects.filter(learner_id=ann.pk).exists()
    assert grid_names(client.get(report_url(school_class))) == ["Ben", "Cara"]
    assert not AuditEntry.objects.filter(subject_label__contains=ann.username).exists()
    assert AuditEntry.objects.filter(action="erase").exists()


def test_a_teacher_cannot_export_or_erase(client, school, teacher, class_student):
    client.force_login(teacher)
    for name in ("schools:learner_export", "schools:learner_erase"):
        url = reverse(name, args=[school.slug, class_student.public_id])
        assert client.get(url).status_code == 404
    assert User.objects.filter(pk=class_student.pk).exists()


def test_audit_log_lists_the_schools_entries_for_its_admins(
    client, school, school_admin, teacher, other_school_admin
):
    AuditEntry.objects.create(
        school=school,
        actor=teacher,
        actor_label="Tom Teacher",
        action="password_reset",
        subject_label="Sam (sam.k)",
    )
    client.force_login(school_admin)
    html = client.get(reverse("schools:audit", args=[school.slug])).content.decode()
    assert "Tom Teacher" in html and "Sam (sam.k)" in html
    client.force_login(other_school_admin)
    assert client.get(reverse("schools:audit", args=[school.slug])).status_code == 404


def test_admin_downloads_every_certificate_of_the_school_as_a_zip(
    client, school, school_admin, assigned_class, lesson
):
    Certificate.objects.create(
        learner=assigned_class["Ann"],
        track=lesson.track,
        code="ACDE-FGHJ-KMNP",
        name="Ann",
    )
    outsider = factories.AdultFactory()
    Certificate.objects.create(
        learner=outsider, track=lesson.track, code="ACDE-FGHJ-KMNQ", name="Out"
    )
    client.force_login(school_admin)
    response = client.get(reverse("schools:certificates_zip", args=[school.slug]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert len(names) == 1 and names[0].endswith("ACDE-FGHJ-KMNP.pdf")
    assert archive.read(names[0]).startswith(b"%PDF")


# A learner who has lived on the site: signed in, read a section, been acted on by
# the staff of two schools, mistyped their password. Names no other row could hold.
NAME = "Quilla Zephyr"
USERNAME = "quilla.zx"
BROWSER = "QuillaBrowser/7.1"


@pytest.fixture
def lived(
    client,
    settings,
    content,
    school,
    school_class,
    school_admin,
    teacher,
    other_school,
    other_school_class,
    other_school_admin,
    platform_admin,
    password,
):
    """The learner of school and of other_school, with every trace the site keeps."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client

    from schools.services.students import (
        student_login_unlock,
        student_password_reset,
    )
    from tests.auth import sign_in

    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    learner = factories.StudentFactory(username=USERNAME, display_name=NAME)
    factories.EnrolmentFactory(school_class=school_class, student=learner)
    factories.EnrolmentFactory(school_class=other_school_class, student=learner)
    device = Client(HTTP_USER_AGENT=BROWSER)
    assert sign_in(device, "Quilla.ZX ", password)
    section = reverse("lessons:section", args=["first-lesson", "how-it-starts"])
    assert device.get(section).status_code == 200
    student_password_reset(actor=teacher, school=school, student=learner)
    student_login_unlock(actor=other_school_admin, school=other_school, student=learner)
    assert not sign_in(Client(HTTP_USER_AGENT=BROWSER), USERNAME, "wrong")
    Certificate.objects.create(
        learner=learner,
        track=Track.objects.get(slug="students"),
        code="QZQZ-QZQZ-QZQZ",
        name=NAME,
    )
    LogEntry.objects.create(
        user=platform_admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(learner.pk),
        object_repr=str(learner),
        action_flag=CHANGE,
        change_message="[]",
    )
    return learner


def rows_naming(*needles: str) -> list[str]:
    """Every row of every table whose text names one of the needles."""
    from django.apps import apps
    from django.db import models
    from django.db.models import Q

    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        query = Q()
        for field in fields:
            for needle in needles:
                query |= Q(**{f"{field}__icontains": needle})
        if fields:
            found += [
                f"{model._meta.label}: {row}"
                for row in model.objects.filter(query).values()
            ]
    return found


def test_erasure_leaves_no_row_anywhere_that_names_the_learner(
    client, school, school_admin, lived
):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    # Before: the learner is in the sign-in tables, both schools' logs, the admin's.
    assert AccessLog.objects.filter(username=USERNAME).exists()
    assert AccessAttempt.objects.filter(username=USERNAME).exists()
    assert AccessFailureLog.objects.filter(username=USERNAME).exists()
    assert AuditEntry.objects.filter(subject_label__contains=USERNAME).count() == 2
    client.force_login(school_admin)
    client.get(reverse("schools:learner_export", args=[school.slug, lived.public_id]))
    assert rows_naming(USERNAME, NAME, BROWSER)

    url = reverse("schools:learner_erase", args=[school.slug, lived.public_id])
    response = client.post(url, {"confirm": USERNAME})

    assert response.status_code == 302
    assert rows_naming(USERNAME, NAME, BROWSER) == []
    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        assert not model.objects.filter(username__iexact=USERNAME).exists()
    # What staff did is kept in each school's log, without whom they did it to.
    assert sorted(AuditEntry.objects.values_list("action", "subject_label")) == [
        ("erase", "an erased learner"),
        ("export", "an erased learner"),
        ("login_unlock", "an erased learner"),
        ("password_reset", "an erased learner"),
    ]


def test_erasure_keeps_the_traces_of_others(client, school, school_admin, lived):
    from axes.models import AccessLog

    other = factories.StudentFactory(username="quilla.zx2", display_name=NAME)
    AccessLog.objects.create(username="quilla.zx2", user_agent="x", ip_address=None)
    AuditEntry.objects.create(
        school=school,
        actor=school_admin,
        actor_label="Ada Admin",
        action="password_reset",
        subject_label=f"{NAME} (quilla.zx2)",
    )
    client.force_login(school_admin)
    url = reverse("schools:learner_erase", args=[school.slug, lived.public_id])
    client.post(url, {"confirm": USERNAME})
    assert User.objects.filter(pk=other.pk).exists()
    assert AccessLog.objects.filter(username="quilla.zx2").exists()
    assert AuditEntry.objects.filter(subject_label=f"{NAME} (quilla.zx2)").exists()


def test_the_export_holds_everything_kept_about_the_learner(
    client, school, school_admin, lived
):
    client.force_login(school_admin)
    response = client.get(
        reverse("schools:learner_export", args=[school.slug, lived.public_id])
    )
    data = json.loads(response.content)
    assert data["account"]["username"] == USERNAME
    assert sorted(m["school"] for m in data["memberships"]) == [
        "Hillside School",
        "Riverside School",
    ]
    [view] = data["section_views"]
    assert view["lesson"] == "first-lesson"
    assert view["section"] == "how-it-starts"
    assert view["viewed_at"]
    assert [c["code"] for c in data["certificates"]] == ["QZQZ-QZQZ-QZQZ"]
    [signed_in] = data["sign_ins"]
    assert signed_in["user_agent"] == BROWSER
    assert signed_in["ip_address"] == "127.0.0.1"
    assert signed_in["at"]
    [failed] = data["failed_sign_ins"]
    assert (failed["user_agent"], failed["locked_out"]) == (BROWSER, False)
    [count] = data["sign_in_failure_counts"]
    assert (count["user_agent"], count["failures"]) == (BROWSER, 1)
    actions = sorted((a["school"], a["action"]) for a in data["audit"])
    assert actions == [
        ("Hillside School", "password_reset"),
        ("Riverside School", "login_unlock"),
    ]


def test_the_certificates_zip_names_no_email_and_keeps_namesakes_apart(
    client, school, school_admin, assigned_class, lesson
):
    from schools.services.parents import parent_group_join

    parent = factories.AdultFactory(
        email="jo.parent@example.org",
        username="jo.parent@example.org",
        display_name="Jo / Parent",
    )
    parent_group_join(school=school, parent=parent)
    namesake = factories.EnrolmentFactory(
        school_class=assigned_class["Ann"].enrolments.get().school_class,
        student__display_name="Ann",
    ).student
    for learner, code in (
        (parent, "ACDE-FGHJ-KMNA"),
        (assigned_class["Ann"], "ACDE-FGHJ-KMNB"),
        (namesake, "ACDE-FGHJ-KMNC"),
    ):
        Certificate.objects.create(
            learner=learner, track=lesson.track, code=code, name=learner.display_name
        )
    client.force_login(school_admin)
    response = client.get(reverse("schools:certificates_zip", args=[school.slug]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == [
        "Ann-ACDE-FGHJ-KMNB.pdf",
        "Ann-ACDE-FGHJ-KMNC.pdf",
        "Jo-Parent-ACDE-FGHJ-KMNA.pdf",
    ]
    assert not any("example" in name or "@" in name for name in names)
