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

Answers: a status code, LOGIN (a redirect to the sign-in page) or ADMIN_LOGIN (a
redirect to the Django admin's sign-in page). A role that may not see an object of
another school or class gets 404, never a hint it exists. A URL that takes GET and
POST has a rule for each (a tuple); a test checks that every method a view accepts
has its rule, and every admin page is declared like any other.
"""

from dataclasses import dataclass, field

LOGIN = "login"
ADMIN_LOGIN = "admin_login"

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


def rules_of(name: str) -> tuple[Rule, ...]:
    """The rules of a URL, one per method it takes."""
    rules = ACCESS[name]
    return rules if isinstance(rules, tuple) else (rules,)


def everyone(status: int = 200, method: str = "GET") -> Rule:
    return Rule(method, {}, status)


def only(
    roles: list[str], status: int = 200, method: str = "GET", *, denied: int | str = 404
) -> Rule:
    """Signed-in `roles` get `status`; visitors are sent to sign in; others `denied`."""
    answers: dict[str, int | str] = dict.fromkeys(roles, status)
    answers.setdefault(VISITOR, LOGIN)
    return Rule(method, answers, denied)


def get_and_post(get: Rule, post_status: int) -> tuple[Rule, Rule]:
    """A page with a form: `get`, and an empty post is bad input (`post_status`) for
    the roles that may see the page; every other role gets the same as for GET."""
    answers = {
        role: (post_status if answer == 200 else answer)
        for role, answer in get.answers.items()
    }
    others = post_status if get.others == 200 else get.others
    return get, Rule("POST", answers, others)


def admin_page(get: int = 200, post: int = 200) -> tuple[Rule, Rule]:
    """A Django admin page: platform admins only; everyone else is sent to the
    admin's sign-in page, which lets in staff accounts only (platform admins)."""
    return (
        Rule("GET", {PLATFORM_ADMIN: get}, ADMIN_LOGIN),
        Rule("POST", {PLATFORM_ADMIN: post}, ADMIN_LOGIN),
    )


def admin_model(app_model: str, *, read_only: bool = False) -> dict[str, tuple]:
    """The five admin pages of a model. Sign-in records (axes) cannot be added or
    edited: their add page is forbidden and a post to a record changes nothing."""
    return {
        f"admin:{app_model}_changelist": admin_page(),
        f"admin:{app_model}_add": admin_page(403, 403) if read_only else admin_page(),
        f"admin:{app_model}_change": admin_page(200, 302 if read_only else 200),
        f"admin:{app_model}_delete": admin_page(),
        f"admin:{app_model}_history": admin_page(),
    }


CLASS_MANAGERS = [TEACHER, SCHOOL_ADMIN]
ADMINS = [SCHOOL_ADMIN, OTHER_ADMIN, PLATFORM_ADMIN]


def adults_only(
    status: int, method: str = "GET", *, admins: int | None = None, student: int = 403
) -> Rule:
    """An account page for signed-in adults (`status`; `admins` for the roles that
    have two-factor sign-in on, if different); students get 403, visitors sign in."""
    answers: dict[str, int | str] = dict.fromkeys(ADULTS, status)
    if admins is not None:
        answers |= dict.fromkeys(ADMINS, admins)
    return Rule(method, answers | {VISITOR: LOGIN, STUDENT: student}, status)


ADMIN: dict[str, Rule | tuple[Rule, ...]] = {
    "admin:index": admin_page(),
    "admin:app_list": admin_page(),
    "admin:jsi18n": admin_page(200, 405),
    "admin:autocomplete": admin_page(403, 405),  # a bare request names no field
    "admin:view_on_site": admin_page(302, 302),
    # Django's own form views take a PUT as a post.
    # A form posted with errors answers 400 (accounts.middleware).
    "admin:password_change": (
        *admin_page(200, 400),
        Rule("PUT", {PLATFORM_ADMIN: 400}, ADMIN_LOGIN),
    ),
    "admin:password_change_done": admin_page(200, 405),
    "admin:auth_user_password_change": admin_page(200, 400),
    # The admin's own sign-in page: platform admins are sent on to the index; anyone
    # else sees the form, which refuses accounts that are not staff.
    "admin:login": (
        Rule("GET", {PLATFORM_ADMIN: 302}, 200),
        Rule("POST", {}, 400),
        Rule("PUT", {}, 400),
    ),
    "admin:logout": (
        Rule("GET", {PLATFORM_ADMIN: 405}, 302),
        Rule("POST", {}, 302),
    ),
    **admin_model("accounts_user"),
    **admin_model("auth_group"),
    **admin_model("axes_accessattempt", read_only=True),
    **admin_model("axes_accessfailurelog", read_only=True),
    **admin_model("axes_accesslog", read_only=True),
    **admin_model("account_emailaddress"),
    **admin_model("mfa_authenticator"),
    **admin_model("schools_enrolment"),
    **admin_model("schools_parentmembership"),
    **admin_model("schools_school"),
    **admin_model("schools_schoolclass"),
    **admin_model("schools_staffmembership"),
}

ACCESS: dict[str, Rule | tuple[Rule, ...]] = {
    # The project
    "healthz": everyone(),
    "security_txt": everyone(),
    # The offline copy's service worker, at the site's root (its scope).
    "offline_worker": everyone(),
    # The language switch: a link that goes back to the page, in that language.
    "language_switch": everyone(302),
    **ADMIN,
    # Accounts
    # Accounts (django-allauth). Pages for adults answer a student 403.
    "account_signup": get_and_post(Rule("GET", {VISITOR: 200}, 302), 400),
    "account_login": get_and_post(Rule("GET", {VISITOR: 200}, 302), 400),
    # Signed in, a GET asks "sign out?"; the post signs out.
    "account_logout": (Rule("GET", {VISITOR: 302}, 200), everyone(302, "POST")),
    "account_inactive": (everyone(), everyone(405, "POST")),
    # A post that names no action goes back to the page.
    "account_email": (adults_only(200), adults_only(302, "POST")),
    "account_change_password": get_and_post(adults_only(200), 400),
    # For accounts without a password (made by Google or Microsoft sign-in): the
    # others are sent to change theirs.
    "account_set_password": (adults_only(302), adults_only(302, "POST")),
    # Confirming who you are again before a change (two-factor settings): the form.
    "account_reauthenticate": get_and_post(adults_only(200), 400),
    # Confirming who you are by an emailed code instead of the password.
    "account_request_reauthentication_code": get_and_post(adults_only(200), 400),
    "account_confirm_reauthentication_code": (
        adults_only(302),
        adults_only(302, "POST"),
    ),
    "account_confirm_login_code": (everyone(302), everyone(302, "POST")),
    "account_email_verification_sent": (everyone(), everyone(405, "POST")),
    # A bad key shows "this link has expired or is not valid"; posting one is 404.
    "account_confirm_email": (everyone(), everyone(404, "POST")),
    "account_reset_password": get_and_post(everyone(), 400),
    "account_reset_password_done": (everyone(), everyone(405, "POST")),
    "account_reset_password_from_key": get_and_post(everyone(), 400),
    "account_reset_password_from_key_done": (everyone(), everyone(405, "POST")),
    # Two-factor sign-in: for adults. Turning it on or off, or seeing recovery
    # codes, first asks for the password again (a session made by a test's
    # force_login has not given it); admins of the world have an authenticator app.
    "mfa_index": (adults_only(200), adults_only(405, "POST")),
    "mfa_authenticate": (everyone(302), everyone(302, "POST")),
    "mfa_reauthenticate": (
        adults_only(302, admins=200),
        adults_only(302, "POST", admins=400),
    ),
    "mfa_activate_totp": (adults_only(302), adults_only(302, "POST")),
    "mfa_deactivate_totp": (
        adults_only(404, admins=302),
        adults_only(404, "POST", admins=302),
    ),
    "mfa_view_recovery_codes": (adults_only(404), adults_only(405, "POST")),
    "mfa_generate_recovery_codes": (adults_only(302), adults_only(302, "POST")),
    "mfa_download_recovery_codes": (adults_only(404), adults_only(404, "POST")),
    # Google and Microsoft sign-in: off (404) until the environment gives a client
    # id and secret (tests/accounts/test_social.py switches them on).
    "socialaccount_login_cancelled": (everyone(), everyone(405, "POST")),
    "socialaccount_login_error": (everyone(401), everyone(405, "POST")),
    "socialaccount_signup": (
        Rule("GET", {STUDENT: 403}, 302),
        Rule("POST", {STUDENT: 403}, 302),
    ),
    "socialaccount_connections": get_and_post(adults_only(200), 400),
    "google_login": (
        Rule("GET", {STUDENT: 403}, 404),
        Rule("POST", {STUDENT: 403}, 404),
    ),
    "google_callback": (everyone(404), everyone(404, "POST")),
    "google_login_by_token": (everyone(404), everyone(404, "POST")),
    "microsoft_login": (
        Rule("GET", {STUDENT: 403}, 404),
        Rule("POST", {STUDENT: 403}, 404),
    ),
    "microsoft_callback": (everyone(404), everyone(404, "POST")),
    # Lessons: open to all
    "lessons:home": everyone(),
    "lessons:track": everyone(),
    "lessons:leaflet": everyone(),
    "lessons:lesson": everyone(),
    "lessons:section": everyone(),
    "lessons:lesson_quiz": get_and_post(everyone(), 400),
    "lessons:knowledge_check": get_and_post(everyone(), 400),
    "lessons:help": everyone(),
    "lessons:sources": everyone(),
    "lessons:sources_page": everyone(),
    "lessons:privacy": everyone(),
    # The offline copy: the list of a track's public pages, and the notice
    # for a page that was not saved.
    "lessons:offline_manifest": everyone(),
    "lessons:offline": everyone(),
    "lessons:verify": everyone(),
    # An empty post to an exercise is bad input, whoever sends it.
    "lessons:scenario_choose": everyone(400, "POST"),
    "lessons:mythfact_answer": everyone(400, "POST"),
    # A learner's own results and certificates
    "lessons:quiz_result": only([STUDENT]),
    "lessons:certificate": only([STUDENT]),
    "lessons:certificate_pdf": only([STUDENT]),
    # Students joining; parents and staff registering
    "schools:join": get_and_post(Rule("GET", {VISITOR: 200, STUDENT: 200}, 403), 400),
    "schools:parent_join": get_and_post(only(ADULTS, denied=403), 400),
    "schools:parent_leave": only([PARENT], 302, "POST"),
    "schools:register": get_and_post(only(ADULTS, denied=403), 400),
    # A visitor sees who invited them, to which school and role, and the way to
    # sign up or in; only the account of the invited address may accept it, and no
    # signed-in role of the test world has that address
    # (tests/schools/views/test_staff.py, tests/schools/views/test_invite_visitor.py).
    "schools:invite_accept": (
        Rule("GET", {VISITOR: 200}, 403),
        only([], method="POST", denied=403),
    ),
    # A school's staff
    "schools:school": only([TEACHER, OTHER_TEACHER, SCHOOL_ADMIN]),
    "schools:class_create": only([TEACHER, OTHER_TEACHER, SCHOOL_ADMIN], 400, "POST"),
    # A class: its teacher and the school's admins
    "schools:class": only(CLASS_MANAGERS),
    "schools:class_code": only(CLASS_MANAGERS, 400, "POST"),
    "schools:class_join_sheet": only(CLASS_MANAGERS),
    "schools:bulk_students": only(CLASS_MANAGERS, 400, "POST"),
    "schools:student_reset": only(CLASS_MANAGERS, 200, "POST"),
    "schools:student_unlock": only(CLASS_MANAGERS, 302, "POST"),
    "schools:assign": get_and_post(only(CLASS_MANAGERS), 400),
    "schools:class_report": only(CLASS_MANAGERS),
    "schools:class_questions": only(CLASS_MANAGERS),
    # Presenter mode, and marking a lesson taught (an empty post is bad input).
    "schools:present": only(CLASS_MANAGERS),
    "schools:present_section": only(CLASS_MANAGERS),
    "schools:present_notes": only(CLASS_MANAGERS),
    "schools:lesson_taught": only(CLASS_MANAGERS, 400, "POST"),
    "schools:teacher_pack": only(CLASS_MANAGERS),
    # The school's admins
    "schools:staff_invite": only([SCHOOL_ADMIN], 400, "POST"),
    "schools:staff_change": only([SCHOOL_ADMIN], 400, "POST"),
    "schools:dashboard": only([SCHOOL_ADMIN]),
    "schools:school_questions": only([SCHOOL_ADMIN]),
    "schools:certificates_zip": only([SCHOOL_ADMIN]),
    "schools:audit": only([SCHOOL_ADMIN]),
    "schools:learner_export": only([SCHOOL_ADMIN]),
    "schools:learner_erase": get_and_post(only([SCHOOL_ADMIN]), 400),
    # The platform
    "schools:platform": only([PLATFORM_ADMIN]),
    "schools:platform_questions": only([PLATFORM_ADMIN]),
    # GET: the confirmation page; a POST without the school's name typed is 400.
    "schools:school_active": get_and_post(only([PLATFORM_ADMIN]), 400),
    # LMS connections (lti): the school's admins; an empty registration form is 400,
    # and so is a decision that is neither approve nor revoke.
    "lms:connections": get_and_post(only([SCHOOL_ADMIN]), 400),
    "lms:registration": only([SCHOOL_ADMIN]),
    "lms:deployment": only([SCHOOL_ADMIN], 400, "POST"),
    # What an LMS calls. Our public keys are for anyone; a login initiation or a
    # launch without its parameters (or its state cookie) is bad input, whoever
    # sends it; an unknown hand-off or deep-linking token is gone (410).
    "lti:jwks": everyone(),
    "lti:login": (everyone(400), everyone(400, "POST")),
    "lti:launch": everyone(400, "POST"),
    "lti:go": everyone(410),
    "lti:pick": everyone(410, "POST"),
    # Linking a teacher's LMS account: signed in, with a launch waiting (none here).
    "lti:link": (only(SIGNED_IN, 404), only(SIGNED_IN, 404, "POST")),
}
