import pytest
from django.db import connection
from django.utils import timezone

from tests import factories


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--require-postgres",
        action="store_true",
        help="Fail unless the suite runs against PostgreSQL (CI's second run).",
    )


@pytest.fixture(autouse=True, scope="session")
def _database_vendor_check(request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--require-postgres"):
        assert connection.vendor == "postgresql", (
            f"--require-postgres given but DATABASE_URL points at {connection.vendor}"
        )


@pytest.fixture(autouse=True, scope="session")
def _lti_tool_key(tmp_path_factory):
    """One LTI tool key for the whole run, in a file as production may keep it
    (tests run with debug off, when no development key is made)."""
    from django.conf import settings

    from lti.keys import new_private_pem, write_key_file

    path = tmp_path_factory.mktemp("lti") / "tool-key.pem"
    write_key_file(path, new_private_pem())
    settings.LTI_PRIVATE_KEY_FILE = str(path)
    settings.LTI_PRIVATE_KEY = ""
    settings.LTI_ENABLED = True


@pytest.fixture(autouse=True)
def _fresh_content_cache():
    """Each test starts without content held in memory from another test's
    database (lessons.content_cache)."""
    from lessons import content_cache

    content_cache.forget()
    yield
    content_cache.forget()


@pytest.fixture(autouse=True)
def _english_to_start_with():
    """Each test starts in English: a request in another language leaves that
    language active in the thread (LocaleMiddleware), and `reverse` follows it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no rate-limit counts (kept in the cache) from another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_template_fragments():
    """Each test renders base.html's kept parts afresh: some change a setting that
    a running site never changes (DEBUG)."""
    from django.core.cache import caches

    caches["template_fragments"].clear()


@pytest.fixture
def password() -> str:
    return factories.PASSWORD


@pytest.fixture
def adult(db):
    return factories.AdultFactory()


@pytest.fixture
def student(db):
    return factories.StudentFactory()


@pytest.fixture
def school(db):
    return factories.SchoolFactory()


@pytest.fixture
def content(tmp_path, db):
    """The small builder content tree, loaded (one student track, one lesson)."""
    from lessons.content.load import content_load
    from lessons.content.validate import read_content
    from tests.lessons import content_builder

    root = content_builder.write(tmp_path / "content", languages=("en", "es"))
    content_load(bundle=read_content(root))


@pytest.fixture
def world(content):
    """A school with a class, its people, another school, and a deactivated one:
    (users by role, URL kwargs by URL name)."""
    from lessons.models import Certificate, Lesson, QuizAttempt, Track
    from schools.models import StaffInvite, StaffMembership
    from schools.services.parents import parent_group_join

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
    # Enough sources for a second page of them.
    from lessons.content.markdown import SOURCES_PER_PAGE

    factories.sources_up_to(SOURCES_PER_PAGE + 1)
    factories.assign_lessons(school_class, [lesson], actor=teacher)
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
    # A row of each kind the Django admin lists, so that its pages about one object
    # can be asked for (tests/test_access.py admin_kwargs).
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    Group.objects.create(name="Reviewers")

    seen = {"username": student.username, "ip_address": "203.0.113.7"}
    AccessAttempt.objects.create(**seen, failures_since_start=1)
    AccessFailureLog.objects.create(**seen)
    AccessLog.objects.create(**seen)
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
        "account_confirm_email": {"key": "bad-key"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "bad-key"},
        "schools:parent_leave": {"slug": school.slug},
        "schools:invite_accept": {"token": invite.token},
        "schools:school_active": {"slug": school.slug},
        "language_switch": {"language": "es"},
        "schools:present": {
            "public_id": school_class.public_id,
            "lesson_slug": "first-lesson",
        },
        "lessons:leaflet": {"track_slug": "students"},
        "lessons:sources_page": {"page": 2},
        "lessons:offline_manifest": {"track_slug": "students"},
        "schools:teacher_pack": {
            "public_id": school_class.public_id,
            "lesson_slug": "first-lesson",
        },
        "schools:lesson_taught": {
            "public_id": school_class.public_id,
            "lesson_slug": "first-lesson",
        },
        "schools:present_section": {
            "public_id": school_class.public_id,
            "lesson_slug": "first-lesson",
            "section_slug": "get-help",
        },
        "schools:present_notes": {
            "public_id": school_class.public_id,
            "lesson_slug": "first-lesson",
            "section_slug": "get-help",
        },
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
        "school_questions",
        "certificates_zip",
        "audit",
    ):
        kwargs[f"schools:{name}"] = {"slug": school.slug}
    for name in ("learner_export", "learner_erase"):
        kwargs[f"schools:{name}"] = {
            "slug": school.slug,
            "public_id": student.public_id,
        }
    for name in (
        "class",
        "class_code",
        "class_join_sheet",
        "bulk_students",
        "assign",
        "class_report",
        "class_questions",
    ):
        kwargs[f"schools:{name}"] = {"public_id": school_class.public_id}
    for name in ("student_reset", "student_unlock"):
        kwargs[f"schools:{name}"] = {
            "public_id": school_class.public_id,
            "student_id": student.public_id,
        }
    # An LMS the school registered, and a deployment of it awaiting approval.
    from lti.models import Deployment, Registration

    lms = Registration.objects.create(
        school=school,
        name="Moodle",
        issuer="https://moodle.example.org",
        client_id="client-1",
        login_url="https://moodle.example.org/mod/lti/auth.php",
        token_url="https://moodle.example.org/mod/lti/token.php",
        jwks_url="https://moodle.example.org/mod/lti/certs.php",
        frame_origins="https://moodle.example.org",
    )
    deployment = Deployment.objects.create(
        issuer=lms.issuer, client_id=lms.client_id, deployment_id="1"
    )
    kwargs["lms:connections"] = {"slug": school.slug}
    kwargs["lms:registration"] = {"slug": school.slug, "public_id": lms.public_id}
    kwargs["lms:deployment"] = {"slug": school.slug, "public_id": deployment.public_id}
    kwargs["lti:go"] = kwargs["lti:pick"] = {"token": "no-such-token"}
    return users, kwargs
