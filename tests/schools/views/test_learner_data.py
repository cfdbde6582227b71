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
)
from schools.models import AssignmentTarget, AuditEntry
from tests import factories
from tests.schools.report_helpers import report_url

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
    report = client.get(report_url(school_class)).context["report"]
    assert [row.student.display_name for row in report.rows] == ["Ben", "Cara"]
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
