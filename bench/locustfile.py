"""What the benchmark's simulated people do. `bench/harness.py` runs locust once per
scenario, naming it in BENCH_SCENARIO; BENCH_MANIFEST is the JSON file it wrote
with the accounts and pages to use. Requests named "sign in ..." are setup, and
left out of the scenario's figures.

The admins (school dashboard, platform overview) sign in with a second factor, the
code of an authenticator app holding MANIFEST["totp_secret"]; the simulated people
who use the same admin account share one sign-in (steps.sign_in_once), as do those
of the class-size sweep (MANIFEST["sweep"]: one teacher per class size)."""

import itertools
import json
import os
import random
import time

import gevent.event
from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser
from steps import send_quiz, sign_in, sign_in_once

MANIFEST = json.loads(open(os.environ["BENCH_MANIFEST"]).read())  # noqa: SIM115
SCENARIO = os.environ["BENCH_SCENARIO"]
NUMBERS = itertools.count()
# Measuring starts once every user is signed in: signing in (a deliberately slow
# password hash) is setup, not the scenario.
USERS = int(os.environ.get("BENCH_USERS", "1"))
READY = {"count": 0, "event": gevent.event.Event()}
SEEN = {"times": [], "errors": [], "setup_errors": [], "first": None, "last": None}
# Whose accounts need two-factor sign-in (platform and school admins).
TWO_FACTOR_SCENARIOS = {"school_dashboard", "platform_overview"}
# The class-size sweep: "class_report_<size>" -> that class's teacher and report,
# one account per size, so every simulated person shares its sign-in.
SWEEP = {f"class_report_{c['size']}": c for c in MANIFEST.get("sweep", [])}
SHARED_SIGN_IN = TWO_FACTOR_SCENARIOS | set(SWEEP)


@events.request.add_listener
def record(name, response_time, exception, **kwargs) -> None:
    """Every request's time and outcome; setup (signing in) apart."""
    if name.startswith("sign in"):
        if exception:
            SEEN["setup_errors"].append(f"{name}: {exception}")
        return
    now = time.monotonic()
    SEEN["first"] = SEEN["first"] or now
    SEEN["last"] = now
    SEEN["times"].append(response_time)
    if exception:
        SEEN["errors"].append(f"{name}: {exception}"[:300])


@events.quitting.add_listener
def write(environment, **kwargs) -> None:
    with open(os.environ["BENCH_OUTPUT"], "w") as out:
        json.dump(SEEN, out)


class Visitor(FastHttpUser):
    """One scenario per run: its task is picked by BENCH_SCENARIO."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.number = next(NUMBERS)
        account = {
            "section_signed_in": lambda: self.mine("students"),
            "quiz_submission": lambda: self.mine("students"),
            "class_report": lambda: self.mine("teachers")["login"],
            "class_report_csv": lambda: self.mine("teachers")["login"],
            "school_dashboard": lambda: self.mine("admins")["login"],
            "platform_overview": lambda: MANIFEST["platform"],
            **{name: (lambda c=c: c["login"]) for name, c in SWEEP.items()},
        }.get(SCENARIO)
        if not account:
            signed_in = True
        elif SCENARIO in SHARED_SIGN_IN:
            signed_in = sign_in_once(
                self, account(), MANIFEST["password"], MANIFEST["totp_secret"]
            )
        else:
            signed_in = sign_in(self, account(), MANIFEST["password"])
        READY["count"] += 1  # a failed sign-in is counted as an error, not waited for
        if READY["count"] >= USERS:
            READY["event"].set()
        if not signed_in:
            raise StopUser
        READY["event"].wait(timeout=120)

    def mine(self, kind: str):
        """This user's account of a kind (shared when there are fewer than users)."""
        accounts = MANIFEST[kind]
        return accounts[self.number % len(accounts)]

    @task
    def work(self) -> None:
        if SCENARIO in SWEEP:
            self.signed_in_page(SWEEP[SCENARIO]["report"])
        else:
            getattr(self, SCENARIO)()

    def health(self) -> None:
        self.client.get("/healthz", name=SCENARIO)

    def home(self) -> None:
        self.client.get("/", name=SCENARIO)

    def section_signed_out(self) -> None:
        self.client.get(random.choice(MANIFEST["sections"]), name=SCENARIO)

    def signed_in_page(self, url: str) -> None:
        """A page for the signed-in person: anything but a 200 is an error (a
        redirect to sign in, or to set up two-factor sign-in, would otherwise be
        followed and counted as the page)."""
        with self.client.get(
            url, name=SCENARIO, allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 200:
                location = (answer.headers or {}).get("Location") or ""
                answer.failure(f"{url} answered {answer.status_code} {location}")

    def section_signed_in(self) -> None:
        self.signed_in_page(random.choice(MANIFEST["sections"]))

    def quiz_submission(self) -> None:
        send_quiz(self, random.choice(MANIFEST["quizzes"]), name=SCENARIO)

    def class_report(self) -> None:
        self.signed_in_page(self.mine("teachers")["report"])

    def class_report_csv(self) -> None:
        self.signed_in_page(self.mine("teachers")["report"] + "?format=csv")

    def school_dashboard(self) -> None:
        self.signed_in_page(self.mine("admins")["dashboard"])

    def platform_overview(self) -> None:
        self.signed_in_page("/platform/")
