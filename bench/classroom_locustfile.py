"""A classroom under load: 10 classes of 30 students, each class behind one client
address (as a school's network is), all signing in within 10 seconds, then working
through their lessons and quizzes, while 10 teachers refresh their class reports.
Run by `bench/run --classroom`; it counts every successful request that should have
written a row, for the harness to compare with the database afterwards."""

import itertools
import json
import os

from locust import FastHttpUser, between, events, task
from locust.exception import StopUser
from steps import send_quiz, sign_in

MANIFEST = json.loads(open(os.environ["BENCH_MANIFEST"]).read())  # noqa: SIM115
STUDENTS = itertools.count()
TEACHERS = itertools.count()
SEEN = {
    "student_times": [],
    "teacher_times": [],
    "errors": [],
    "signed_in": 0,
    "views": [],  # [username, section url] of every section page answered 200
    "submissions": 0,  # quiz submissions answered 302 (saved)
}


@events.request.add_listener
def record(name, response_time, exception, **kwargs) -> None:
    if exception:
        SEEN["errors"].append(f"{name}: {exception}"[:300])
    elif name.startswith("teacher"):
        SEEN["teacher_times"].append(response_time)
    elif not name.startswith("sign in"):
        SEEN["student_times"].append(response_time)


@events.quitting.add_listener
def write(environment, **kwargs) -> None:
    with open(os.environ["BENCH_OUTPUT"], "w") as out:
        json.dump(SEEN, out)


def place(number: int, per_class: int) -> tuple[dict, int]:
    classroom = MANIFEST["classes"][number // per_class % len(MANIFEST["classes"])]
    return classroom, number % per_class


class Student(FastHttpUser):
    fixed_count = 300
    wait_time = between(5, 15)  # reading a page of a lesson, answering a question

    def on_start(self) -> None:
        classroom, seat = place(next(STUDENTS), 30)
        self.username = classroom["students"][seat]
        self.headers = {"X-Forwarded-For": classroom["address"]}
        if not sign_in(self, self.username, MANIFEST["password"], self.headers):
            raise StopUser
        SEEN["signed_in"] += 1
        self.work = (
            (lesson, section)
            for lesson in itertools.cycle(MANIFEST["lessons"])
            for section in [*lesson["sections"], None]
        )

    @task
    def next_page(self) -> None:
        lesson, section = next(self.work)
        if section:
            answer = self.client.get(section, name="section", headers=self.headers)
            if answer.status_code == 200:
                SEEN["views"].append([self.username, section])
        else:
            sent = send_quiz(self, lesson["quiz"], self.headers, name="quiz")
            if sent is not None and sent.status_code == 302:
                SEEN["submissions"] += 1


class Teacher(FastHttpUser):
    fixed_count = 10
    wait_time = between(5, 10)

    def on_start(self) -> None:
        self.classroom = MANIFEST["classes"][next(TEACHERS)]
        self.headers = {"X-Forwarded-For": self.classroom["address"]}
        if not sign_in(
            self, self.classroom["teacher"], MANIFEST["password"], self.headers
        ):
            raise StopUser
        SEEN["signed_in"] += 1

    @task
    def refresh(self) -> None:
        self.client.get(
            self.classroom["report"], name="teacher: class report", headers=self.headers
        )
