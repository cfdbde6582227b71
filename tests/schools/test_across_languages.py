"""A school's work belongs to the lesson, not to the language it was read in: a
learner who reads in Spanish completes the same assigned lesson, and the class
report and its CSV, in the teacher's language, count it once."""

import csv
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from lessons.models import Lesson, LessonProgress
from schools.exports import certificates_zip
from schools.models import Enrolment
from schools.selectors.learner_data import school_certificates
from tests import factories
from tests.lessons.pseudo_translation import marked
from tests.lessons.quiz_helpers import pass_lesson_quiz

pytestmark = pytest.mark.django_db


def test_a_spanish_readers_completion_counts_once_in_the_english_report(
    content, teacher, school_class
):
    lesson = Lesson.objects.get(slug="first-lesson")
    reader = factories.StudentFactory(display_name="Lucía", language="es")
    other = factories.StudentFactory(display_name="Sam")
    Enrolment.objects.bulk_create(
        Enrolment(school_class=school_class, student=s) for s in (reader, other)
    )
    factories.assign_lessons(school_class, [lesson], actor=teacher)

    spanish = Client()
    spanish.force_login(reader)
    with translation.override("es"):
        for section in lesson.sections.all():
            url = section.get_absolute_url()
            assert url.startswith("/es/")
            assert spanish.get(url).status_code == 200
        pass_lesson_quiz(spanish, lesson.slug)

    assert LessonProgress.objects.get(learner=reader).status == "completed"
    staff = Client()
    staff.force_login(teacher)
    with translation.override("en"):
        url = reverse("schools:class_report", args=[school_class.public_id])
    html = staff.get(url).content.decode()
    assert '<html lang="en"' in html
    assert "The first lesson" in html
    assert marked("The first lesson") not in html
    rows = csv.DictReader(
        io.StringIO(staff.get(url + "?format=csv").content.decode("utf-8-sig"))
    )
    statuses = {row["Student"]: row["The first lesson: status"] for row in rows}
    assert statuses == {
        "Lucía": "Completed",
        "Sam": "Not started",
        "Completion (%)": "",
    }

    # The same report in Spanish: the same count, the lesson's Spanish title.
    html = staff.get(f"/es{url}").content.decode()
    assert marked("The first lesson") in html


def test_the_schools_certificates_print_each_in_its_learners_language(
    content, school_class
):
    from lessons.models import Certificate, Track

    track = Track.objects.get(slug="students")
    spanish = factories.StudentFactory(display_name="Lucía", language="es")
    english = factories.StudentFactory(display_name="Sam")
    for number, learner in enumerate((spanish, english)):
        Enrolment.objects.create(school_class=school_class, student=learner)
        Certificate.objects.create(
            learner=learner,
            track=track,
            code=f"ABCD-EFGH-JKM{number + 2}",
            name=learner.display_name,
        )

    with translation.override("en"):
        certificates = list(school_certificates(school=school_class.school))
        archive = zipfile.ZipFile(
            io.BytesIO(certificates_zip(certificates, verify_url="http://x/"))
        )
    texts = {
        name: PdfReader(io.BytesIO(archive.read(name))).pages[0].extract_text()
        for name in archive.namelist()
    }
    [lucia] = [text for name, text in texts.items() if name.startswith("Luc")]
    [sam] = [text for name, text in texts.items() if name.startswith("Sam")]
    assert "Certificado de finalización" in lucia
    assert "Certificate of completion" in sam
