"""Every named URL x every role, as declared in elearning/access.py."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from elearning.access import ACCESS, LOGIN, ROLES
from lessons.models import Certificate, Lesson, QuizAttempt, Track
from schools.models import StaffInvite, StaffMembership
from schools.services import assignments_create, parent_group_join
from tests import factories


def named_urls(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_named_url_has_an_access_rule():
    site_urls = {name for name in named_urls() if not name.startswith("admin:")}
    assert site_urls - set(ACCESS) == set(), "declare these in elearning/access.py"
    assert set(ACCESS) - site_urls - {"admin:index"} == set(), "stale rules"


@pytest.fixture
def world(content):
    """A school with a class, its people, another school, and a deactivated one."""
    school = factories.SchoolFactory()
    admin = factories.StaffMembershipFactory(school=school, role="admin").user
    teacher = factories.StaffMembershipFactory(school=school, role="teacher").user
    other_teacher = factories.StaffMembershipFactory(school=school, role="teacher").user
    school_class = factories.SchoolClassFactory(school=school, teacher=teacher)
    student = factories.EnrolmentFactory(school_class=school_class).student
    parent = factories.AdultFactory()
    parent_group_join(school=school, parent=parent)
    other_admin = factories.StaffMembershipFactory(role="admin").user
    platform_admin = factories.AdultFactory(is_superuser=True, is_staff=True)
    closed = factories.SchoolFactory(is_active=False)
    deactivated = factories.EnrolmentFactory(school_class__school=closed).student

    lesson = Lesson.objects.get(slug="first-lesson")
    assignments_create(
        actor=teacher,
        school_class=school_class,
        lessons=[lesson],
        due_date=None,
        reveal="at_once",
        students=[],
    )
    attempt = QuizAttempt.objects.create(
        learner=student,
        quiz=lesson.quiz,
        phase="lesson",
        token="student-attempt",
        seed=1,
        submitted_at=timezone.now(),
        score=100,
        total=5,
        correct=5,
        passed=True,
    )
    certificate = Certificate.objects.create(
        learner=student,
        track=Track.objects.get(slug="students"),
        code="ACDE-FGHJ-KMNP",
        name=student.display_name,
    )
    invite = StaffInvite.objects.create(
        school=school, email="new@example.org", role="teacher", invited_by=admin
    )
    users = {
        "visitor": None,
        "student": student,
        "parent": parent,
        "teacher": teacher,
        "other_teacher": other_teacher,
        "school_admin": admin,
        "other_admin": other_admin,
        "platform_admin": platform_admin,
        "deactivated": deactivated,
    }
    kwargs = {
        "lessons:track": {"track_slug": "students"},
        "lessons:lesson": {"lesson_slug": lesson.slug},
        "lessons:lesson_quiz": {"lesson_slug": lesson.slug},
        "lessons:section": {
            "lesson_slug": lesson.slug,
            "section_slug": "how-it-starts",
        },
        "lessons:scenario_choose": {
            "lesson_slug": lesson.slug,
            "section_slug": "how-it-starts",
            "scenario_slug": "test-chat",
        },
        "lessons:mythfact_answer": {
            "lesson_slug": lesson.slug,
            "section_slug": "myth-or-fact",
            "mythfact_slug": "test-cards",
        },
        "lessons:knowledge_check": {"track_slug": "students", "phase": "pre"},
        "lessons:quiz_result": {"token": attempt.token},
        "lessons:certificate": {"code": certificate.code},
        "lessons:certificate_pdf": {"code": certificate.code},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "bad-token"},
        "schools:parent_leave": {"slug": school.slug},
        "schools:invite_accept": {"token": invite.token},
        "schools:school_active": {"slug": school.slug},
        "schools:staff_change": {
            "slug": school.slug,
            "membership_id": StaffMembership.objects.get(user=teacher).pk,
        },
    }
    for name in (
        "school",
        "staff_invite",
        "class_create",
        "dashboard",
        "certificates_zip",
        "audit",
    ):
        kwargs[f"schools:{name}"] = {"slug": school.slug}
    for name in ("learner_export", "learner_erase"):
        kwargs[f"schools:{name}"] = {
            "slug": school.slug,
            "public_id": student.public_id,
        }
    for name in ("class", "class_code", "bulk_students", "assign", "class_report"):
        kwargs[f"schools:{name}"] = {"public_id": school_class.public_id}
    for name in ("student_reset", "student_unlock"):
        kwargs[f"schools:{name}"] = {
            "public_id": school_class.public_id,
            "student_id": student.public_id,
        }
    return users, kwargs


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_gets_the_declared_answer(client, world, name, role):
    users, kwargs = world
    if users[role] is not None:
        client.force_login(users[role])
    rule = ACCESS[name]
    url = reverse(name, kwargs=kwargs.get(name))
    response = client.get(url) if rule.method == "GET" else client.post(url, {})
    expected = rule.expected(role)
    if expected == LOGIN:
        assert response.status_code == 302, (name, role)
        assert response["Location"].startswith(reverse("accounts:login")), (name, role)
    else:
        assert response.status_code == expected, (name, role, response.status_code)
    # Every answer, to every role, carries the content security policy.
    assert "default-src 'self'" in response["Content-Security-Policy"]
