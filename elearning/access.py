"""Who may use every named URL: the site's access table.

Every named URL must be declared here; a test walks Django's URL resolver and fails
for any that is missing, then requests each URL as each role and checks the answer.
The views enforce access themselves (login_required and the permission querysets of
schools/permissions.py); this table states what they must answer, in one place.

Roles: visitor (no account); student (in the class); parent (in the school's parent
group); teacher (of the class); other_teacher (of another class of the same school);
school_admin; other_admin (admin of another school); platform_admin; deactivated (a
student of a deactivated school, who is signed out at their next request, so is
answered as a visitor).

Answers: a status code, or LOGIN (a redirect to the sign-in page). A role that may
not see an object of another school or class gets 404, never a hint it exists.
"""

from dataclasses import dataclass, field

LOGIN = "login"

VISITOR = "visitor"
STUDENT = "student"
PARENT = "parent"
TEACHER = "teacher"
OTHER_TEACHER = "other_teacher"
SCHOOL_ADMIN = "school_admin"
OTHER_ADMIN = "other_admin"
PLATFORM_ADMIN = "platform_admin"
DEACTIVATED = "deactivated"
ROLES = [
    VISITOR,
    STUDENT,
    PARENT,
    TEACHER,
    OTHER_TEACHER,
    SCHOOL_ADMIN,
    OTHER_ADMIN,
    PLATFORM_ADMIN,
    DEACTIVATED,
]
SIGNED_IN = [r for r in ROLES if r not in (VISITOR, DEACTIVATED)]
ADULTS = [PARENT, TEACHER, OTHER_TEACHER, SCHOOL_ADMIN, OTHER_ADMIN, PLATFORM_ADMIN]


@dataclass(frozen=True)
class Rule:
    """The answer each role gets. `others` is the answer of every role not named;
    a deactivated member is answered like a visitor."""

    method: str = "GET"
    answers: dict[str, int | str] = field(default_factory=dict)
    others: int | str = 404

    def expected(self, role: str) -> int | str:
        if role == DEACTIVATED:
            role = VISITOR
        return self.answers.get(role, self.others)


def everyone(status: int = 200, method: str = "GET") -> Rule:
    return Rule(method, {}, status)


def only(
    roles: list[str], status: int = 200, method: str = "GET", *, denied: int | str = 404
) -> Rule:
    """Signed-in `roles` get `status`; visitors are sent to sign in; others `denied`."""
    answers: dict[str, int | str] = dict.fromkeys(roles, status)
    answers.setdefault(VISITOR, LOGIN)
    return Rule(method, answers, denied)


CLASS_MANAGERS = [TEACHER, SCHOOL_ADMIN]

ACCESS: dict[str, Rule] = {
    # The project
    "healthz": everyone(),
    "security_txt": everyone(),
    "admin:index": Rule("GET", {PLATFORM_ADMIN: 200}, 302),
    # Accounts
    "accounts:signup": Rule("GET", {VISITOR: 200}, 302),
    "accounts:login": Rule("GET", {VISITOR: 200}, 302),
    "accounts:logout": everyone(302, "POST"),
    "accounts:password_reset": everyone(),
    "accounts:password_reset_done": everyone(),
    "accounts:password_reset_confirm": everyone(),
    "accounts:password_reset_complete": everyone(),
    # Lessons: open to all
    "lessons:home": everyone(),
    "lessons:track": everyone(),
    "lessons:lesson": everyone(),
    "lessons:section": everyone(),
    "lessons:lesson_quiz": everyone(),
    "lessons:knowledge_check": everyone(),
    "lessons:help": everyone(),
    "lessons:sources": everyone(),
    "lessons:privacy": everyone(),
    "lessons:verify": everyone(),
    # An empty post to an exercise is bad input, whoever sends it.
    "lessons:scenario_choose": everyone(400, "POST"),
    "lessons:mythfact_answer": everyone(400, "POST"),
    # A learner's own results and certificates
    "lessons:quiz_result": only([STUDENT]),
    "lessons:certificate": only([STUDENT]),
    "lessons:certificate_pdf": only([STUDENT]),
    # Students joining; parents and staff registering
    "schools:join": Rule("GET", {VISITOR: 200, STUDENT: 200}, 403),
    "schools:parent_join": only(ADULTS, denied=403),
    "schools:parent_leave": only([PARENT], 302, "POST"),
    "schools:register": only(ADULTS, denied=403),
    "schools:invite_accept": only(SIGNED_IN),
    # A school's staff
    "schools:school": only([TEACHER, OTHER_TEACHER, SCHOOL_ADMIN]),
    "schools:class_create": only([TEACHER, OTHER_TEACHER, SCHOOL_ADMIN], 400, "POST"),
    # A class: its teacher and the school's admins
    "schools:class": only(CLASS_MANAGERS),
    "schools:class_code": only(CLASS_MANAGERS, 400, "POST"),
    "schools:bulk_students": only(CLASS_MANAGERS, 400, "POST"),
    "schools:student_reset": only(CLASS_MANAGERS, 200, "POST"),
    "schools:student_unlock": only(CLASS_MANAGERS, 302, "POST"),
    "schools:assign": only(CLASS_MANAGERS),
    "schools:class_report": only(CLASS_MANAGERS),
    # The school's admins
    "schools:staff_invite": only([SCHOOL_ADMIN], 400, "POST"),
    "schools:staff_change": only([SCHOOL_ADMIN], 400, "POST"),
    "schools:dashboard": only([SCHOOL_ADMIN]),
    "schools:certificates_zip": only([SCHOOL_ADMIN]),
    "schools:audit": only([SCHOOL_ADMIN]),
    "schools:learner_export": only([SCHOOL_ADMIN]),
    "schools:learner_erase": only([SCHOOL_ADMIN]),
    # The platform
    "schools:platform": only([PLATFORM_ADMIN]),
    "schools:school_active": only([PLATFORM_ADMIN], 302, "POST"),
}
