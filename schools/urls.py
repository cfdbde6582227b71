from django.urls import path

import core.converters  # noqa: F401 (registers <public_id:>, <token:>)
from schools.views import (
    assignments,
    classes,
    joining,
    learner_data,
    platform,
    presenting,
    questions,
    reports,
    schools,
    staff,
    students,
)

app_name = "schools"

urlpatterns = [
    path("join/", joining.join, name="join"),
    path("parents/", joining.parent_join, name="parent_join"),
    path("parents/<slug:slug>/leave/", joining.parent_leave, name="parent_leave"),
    path("schools/register/", schools.school_register_view, name="register"),
    path("schools/<slug:slug>/", schools.school_detail, name="school"),
    path("schools/<slug:slug>/invite/", staff.staff_invite, name="staff_invite"),
    path(
        "schools/<slug:slug>/staff/<int:membership_id>/",
        staff.staff_change,
        name="staff_change",
    ),
    path(
        "schools/<slug:slug>/classes/", classes.class_create_view, name="class_create"
    ),
    path("schools/<slug:slug>/dashboard/", reports.dashboard, name="dashboard"),
    path(
        "schools/<slug:slug>/questions/",
        questions.school_questions,
        name="school_questions",
    ),
    path(
        "schools/<slug:slug>/certificates.zip",
        learner_data.certificates_zip,
        name="certificates_zip",
    ),
    path("schools/<slug:slug>/audit/", learner_data.audit_log, name="audit"),
    path(
        "schools/<slug:slug>/learners/<public_id:public_id>/export/",
        learner_data.learner_export_view,
        name="learner_export",
    ),
    path(
        "schools/<slug:slug>/learners/<public_id:public_id>/erase/",
        learner_data.learner_erase_view,
        name="learner_erase",
    ),
    path("invites/<token:token>/", staff.invite_accept, name="invite_accept"),
    path("classes/<public_id:public_id>/", classes.class_detail, name="class"),
    path("classes/<public_id:public_id>/code/", classes.class_code, name="class_code"),
    path(
        "classes/<public_id:public_id>/join-sheet/",
        classes.class_join_sheet,
        name="class_join_sheet",
    ),
    path(
        "classes/<public_id:public_id>/students/",
        students.bulk_students,
        name="bulk_students",
    ),
    path(
        "classes/<public_id:public_id>/students/<public_id:student_id>/reset/",
        students.student_reset,
        name="student_reset",
    ),
    path(
        "classes/<public_id:public_id>/students/<public_id:student_id>/unlock/",
        students.student_unlock,
        name="student_unlock",
    ),
    path("classes/<public_id:public_id>/assign/", assignments.assign, name="assign"),
    path(
        "classes/<public_id:public_id>/report/",
        reports.class_report,
        name="class_report",
    ),
    path(
        "classes/<public_id:public_id>/questions/",
        questions.class_questions,
        name="class_questions",
    ),
    # Presenter mode: a lesson shown to the class, slide by slide.
    path(
        "classes/<public_id:public_id>/present/<slug:lesson_slug>/",
        presenting.present,
        name="present",
    ),
    path(
        "classes/<public_id:public_id>/present/<slug:lesson_slug>/pack/",
        presenting.teacher_pack,
        name="teacher_pack",
    ),
    path(
        "classes/<public_id:public_id>/present/<slug:lesson_slug>/taught/",
        presenting.lesson_taught,
        name="lesson_taught",
    ),
    path(
        "classes/<public_id:public_id>/present/<slug:lesson_slug>/<slug:section_slug>/",
        presenting.present,
        name="present_section",
    ),
    path(
        "classes/<public_id:public_id>/present/<slug:lesson_slug>/<slug:section_slug>/"
        "notes/",
        presenting.present_notes,
        name="present_notes",
    ),
    path("platform/", platform.platform_overview, name="platform"),
    path(
        "platform/questions/",
        questions.platform_questions,
        name="platform_questions",
    ),
    path(
        "platform/schools/<slug:slug>/active/",
        platform.school_active,
        name="school_active",
    ),
]
