from django.urls import path

from schools.views import people, reports

app_name = "schools"

urlpatterns = [
    path("join/", people.join, name="join"),
    path("parents/", people.parent_join, name="parent_join"),
    path("parents/<slug:slug>/leave/", people.parent_leave, name="parent_leave"),
    path("schools/register/", people.school_register_view, name="register"),
    path("schools/<slug:slug>/", people.school_detail, name="school"),
    path("schools/<slug:slug>/invite/", people.staff_invite, name="staff_invite"),
    path(
        "schools/<slug:slug>/staff/<int:membership_id>/",
        people.staff_change,
        name="staff_change",
    ),
    path("schools/<slug:slug>/classes/", people.class_create_view, name="class_create"),
    path("schools/<slug:slug>/dashboard/", reports.dashboard, name="dashboard"),
    path(
        "schools/<slug:slug>/certificates.zip",
        reports.certificates_zip,
        name="certificates_zip",
    ),
    path("schools/<slug:slug>/audit/", reports.audit_log, name="audit"),
    path(
        "schools/<slug:slug>/learners/<str:public_id>/export/",
        reports.learner_export_view,
        name="learner_export",
    ),
    path(
        "schools/<slug:slug>/learners/<str:public_id>/erase/",
        reports.learner_erase_view,
        name="learner_erase",
    ),
    path("invites/<str:token>/", people.invite_accept, name="invite_accept"),
    path("classes/<str:public_id>/", people.class_detail, name="class"),
    path("classes/<str:public_id>/code/", people.class_code, name="class_code"),
    path(
        "classes/<str:public_id>/students/", people.bulk_students, name="bulk_students"
    ),
    path(
        "classes/<str:public_id>/students/<str:student_id>/reset/",
        people.student_reset,
        name="student_reset",
    ),
    path(
        "classes/<str:public_id>/students/<str:student_id>/unlock/",
        people.student_unlock,
        name="student_unlock",
    ),
    path("classes/<str:public_id>/assign/", people.assign, name="assign"),
    path("classes/<str:public_id>/report/", reports.class_report, name="class_report"),
    path("platform/", reports.platform_overview, name="platform"),
    path(
        "platform/schools/<slug:slug>/active/",
        reports.school_active,
        name="school_active",
    ),
]
