"""A class's questions page: how its students answered each question, with small
numbers suppressed, the same table as CSV, and its queries pinned."""

import csv
import io
import itertools
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.content.load import content_load
from lessons.content.validate import read_content
from lessons.models import AttemptAnswer, Lesson, Question, Quiz, QuizAttempt
from schools.models import Enrolment
from tests import factories
from tests.lessons import content_builder
from tests.schools.report_helpers import count

pytestmark = pytest.mark.django_db

_tokens = itertools.count()


def questions_url(school_class, **query) -> str:
    url = reverse("schools:class_questions", args=[school_class.public_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def students_of(school_class, n: int):
    pupils = factories.StudentFactory.create_batch(n)
    Enrolment.objects.bulk_create(
        Enrolment(school_class=school_class, student=pupil) for pupil in pupils
    )
    return pupils


def sit(student, quiz: Quiz, phase: str = "lesson", picks=None, *, minutes=0):
    """One sent attempt, written directly: `picks` maps a question's slug to the
    option slugs chosen; every other question gets its correct answer."""
    picks = picks or {}
    attempt = QuizAttempt.objects.create(
        learner=student,
        quiz=quiz,
        phase=phase,
        token=f"t{next(_tokens)}",
        seed=1,
        submitted_at=timezone.now() + timedelta(minutes=minutes),
    )
    for question in quiz.questions.prefetch_related("options"):
        right = sorted(o.slug for o in question.options.all() if o.is_correct)
        chosen = sorted(picks.get(question.slug, right))
        AttemptAnswer.objects.create(
            attempt=attempt,
            question=question,
            selected=chosen,
            is_correct=chosen == right,
            revision=question.revision,
        )
    return attempt


@pytest.fixture
def assigned(school_class, teacher, lesson):
    factories.assign_lessons(school_class, [lesson], actor=teacher)
    return school_class


class _Table(HTMLParser):
    """The questions table's header and body cells as text; a cell's list items
    joined with " | ", as the CSV writes them."""

    def __init__(self) -> None:
        super().__init__()
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.items: list[str] = []
        self.in_item = False
        self.in_table = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "questions-table" in (dict(attrs).get("class") or ""):
            self.in_table = True
        elif not self.in_table:
            return
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell, self.items = [], []
        elif tag == "li":
            self.in_item = True
            self.items.append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif tag == "li":
            self.in_item = False
        elif tag in ("td", "th") and self.cell is not None:
            text = (
                " | ".join(i.strip() for i in self.items)
                if self.items
                else " ".join("".join(self.cell).split())
            )
            self.rows[-1].append(text)
            self.cell = None

    def handle_data(self, data):
        if self.cell is None:
            return
        if self.in_item:
            self.items[-1] += data
        else:
            self.cell.append(data)


def table_of(html: str) -> tuple[list[str], list[list[str]]]:
    parser = _Table()
    parser.feed(html)
    rows = [row for row in parser.rows if row]
    return (rows[0], rows[1:]) if rows else ([], [])


def csv_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))


def test_four_learners_are_too_few_and_a_fifth_shows_the_figures(
    client, assigned, teacher, lesson
):
    pupils = students_of(assigned, 5)
    for pupil in pupils[:4]:
        sit(pupil, lesson.quiz)
    client.force_login(teacher)

    page = client.get(questions_url(assigned))
    header, rows = table_of(page.content.decode())
    assert len(rows) == 5
    assert all(row[1] == "fewer than 5 learners so far" for row in rows)
    assert all(row[2:] == [""] * 4 for row in rows)
    download = csv_of(client.get(questions_url(assigned, format="csv")))
    assert download == [header, *rows]

    sit(pupils[4], lesson.quiz, picks={"q-single": ["b"]})
    page = client.get(questions_url(assigned))
    header, rows = table_of(page.content.decode())
    single = next(row for row in rows if row[0] == "Pick one.")
    assert single[1:3] == ["5", "80%"]
    assert single[3] == (
        "80%: Option a (correct) | 20%: Option b (still believed)"
        " | 5% or less: Option c"
    )
    assert single[4:] == ["20%: Option b", "Why b is right or wrong."]
    assert not any("fewer than" in cell for row in rows for cell in row)
    download = csv_of(
        client.get(questions_url(assigned, lesson=lesson.slug, format="csv"))
    )
    assert download == [header, *rows]


def test_a_wrong_answer_chosen_first_by_3_of_12_is_still_believed_whatever_the_retakes(
    client, assigned, teacher, lesson
):
    pupils = students_of(assigned, 12)
    for index, pupil in enumerate(pupils):
        wrong = index < 3
        sit(pupil, lesson.quiz, picks={"q-five": ["a"]} if wrong else {})
    client.force_login(teacher)

    def row():
        _header, rows = table_of(client.get(questions_url(assigned)).content.decode())
        return next(r for r in rows if r[0] == "And one more.")

    before = row()
    assert before[1:3] == ["12", "75%"]
    assert "25%: Option a (still believed)" in before[3]
    # The three take the quiz again and get it right: their first answers count.
    for pupil in pupils[:3]:
        sit(pupil, lesson.quiz, minutes=5)
    assert row() == before


@pytest.fixture
def check(assigned):
    return Quiz.objects.get(track__slug="students")


def test_knowledge_check_compares_the_learners_who_took_it_before_and_after(
    client, assigned, teacher, check
):
    pupils = students_of(assigned, 13)
    # kc-1: right before for pupils 0-2, right after for 0, 1 and 3-10:
    # right->right 2, right->wrong 1, wrong->right 8, wrong->wrong 1.
    # kc-2: right before for 0-4, right after for 0 and 5: right->wrong 4,
    # wrong->right 1.
    for index, pupil in enumerate(pupils[:12]):
        before = {
            "kc-1": ["a"] if index < 3 else ["b"],
            "kc-2": ["a"] if index < 5 else ["b"],
        }
        after = {
            "kc-1": ["a"] if index in (0, 1) or 3 <= index <= 10 else ["b"],
            "kc-2": ["a"] if index in (0, 5) else ["b"],
        }
        sit(pupil, check, "pre", before)
        sit(pupil, check, "post", after, minutes=60)
    # Only a before attempt: not counted.
    sit(pupils[12], check, "pre", {"kc-1": ["b"]})
    client.force_login(teacher)

    page = client.get(questions_url(assigned, track="students"))
    header, rows = table_of(page.content.decode())
    assert header[:6] == [
        "Learning objective",
        "Question",
        "Learners who took it before and after",
        "Right before",
        "Right after",
        "Change (points)",
    ]
    first = next(r for r in rows if r[1] == "Check question 1.")
    assert first == [
        "Know what to do.",
        "Check question 1.",
        "12",
        "25%",
        "83%",
        "+58",
        "8",
        "1",
        "2",
        "1",
        "",
    ]
    second = next(r for r in rows if r[1] == "Check question 2.")
    assert (second[6], second[7], second[-1]) == ("1", "4", "went backwards")
    others = [r for r in rows if r[1] not in ("Check question 1.", "Check question 2.")]
    assert all(r[5] == "0" and r[-1] == "" for r in others)
    download = csv_of(
        client.get(questions_url(assigned, track="students", format="csv"))
    )
    assert download == [header, *rows]


def test_a_reworded_option_counts_only_answers_to_the_new_wording(
    client, tmp_path, assigned, teacher, lesson
):
    pupils = students_of(assigned, 10)
    for pupil in pupils[:6]:
        sit(pupil, lesson.quiz)
    root = content_builder.write(
        tmp_path / "content",
        {
            "en/students/01-first-lesson.quiz.yaml": content_builder.files()[
                "en/students/01-first-lesson.quiz.yaml"
            ].replace("text: Option b\n", "text: Option b, reworded\n", 1)
        },
        languages=("en", "es"),
    )
    content_load(bundle=read_content(root))
    for pupil in pupils[6:]:
        sit(pupil, Quiz.objects.get(lesson=lesson))
    client.force_login(teacher)

    page = client.get(questions_url(assigned)).content.decode()
    _header, rows = table_of(page)
    single = next(r for r in rows if r[0] == "Pick one.")
    assert single[1] == "fewer than 5 learners so far"  # 4 answers to the new wording
    multiple = next(r for r in rows if r[0] == "Pick all that apply.")
    assert multiple[1] == "10"
    assert "6 earlier answers, to questions" in page


def test_a_class_without_answers_explains_and_its_csv_is_the_header(
    client, assigned, teacher
):
    client.force_login(teacher)
    page = client.get(questions_url(assigned)).content.decode()
    assert "Nobody here has taken this quiz yet." in page
    assert table_of(page) == ([], [])
    download = csv_of(client.get(questions_url(assigned, format="csv")))
    assert download == [
        [
            "Question",
            "Learners who answered",
            "Right",
            "Answers chosen",
            "Most chosen wrong answer",
            "What learners were told about it",
        ]
    ]
    check_csv = csv_of(
        client.get(questions_url(assigned, track="students", format="csv"))
    )
    assert len(check_csv) == 1


def test_a_class_with_nothing_assigned_says_so(client, school_class, teacher, content):
    client.force_login(teacher)
    page = client.get(questions_url(school_class)).content.decode()
    assert "Nothing is assigned to this class yet" in page
    assert len(csv_of(client.get(questions_url(school_class, format="csv")))) == 1


@pytest.mark.parametrize(
    "query",
    [
        {"lesson": "no-such-lesson"},
        {"track": "no-such-track"},
        {"lesson": "first-lesson", "track": "students"},
    ],
)
def test_a_lesson_or_track_not_assigned_to_the_class_is_a_404(
    client, assigned, teacher, query
):
    client.force_login(teacher)
    assert client.get(questions_url(assigned, **query)).status_code == 404


def test_an_unassigned_class_gets_404_for_the_lesson_and_its_track(
    client, school_class, teacher, content
):
    client.force_login(teacher)
    for query in ({"lesson": "first-lesson"}, {"track": "students"}):
        assert client.get(questions_url(school_class, **query)).status_code == 404


def test_other_people_get_404_on_every_questions_page(
    client, assigned, other_teacher, class_student, other_school, other_school_admin
):
    """A teacher of another class, a student, a parent, and another school's staff,
    students and parents: every new URL is a 404 (the platform's too)."""
    from schools.services.parents import parent_group_join

    parent, other_parent = factories.AdultFactory(), factories.AdultFactory()
    parent_group_join(school=assigned.school, parent=parent)
    parent_group_join(school=other_school, parent=other_parent)
    other_class = factories.SchoolClassFactory(school=other_school)
    other_student = factories.EnrolmentFactory(school_class=other_class).student
    other_teacher_elsewhere = other_class.teacher
    school = reverse("schools:school_questions", args=[assigned.school.slug])
    platform = reverse("schools:platform_questions")
    people = [
        other_teacher,
        class_student,
        parent,
        other_school_admin,
        other_teacher_elsewhere,
        other_student,
        other_parent,
    ]
    for user in people:
        client.force_login(user)
        for query in ({}, {"track": "students"}, {"format": "csv"}):
            assert client.get(questions_url(assigned, **query)).status_code == 404
        assert client.get(school).status_code == 404
        assert client.get(school + "?format=csv").status_code == 404
        assert client.get(platform).status_code == 404
        assert client.get(platform + "?format=csv").status_code == 404


def test_erasing_a_learner_changes_the_figures_at_once(
    client, assigned, teacher, school_admin, lesson
):
    from schools.services.learner_data import learner_erase

    pupils = students_of(assigned, 5)
    for pupil in pupils:
        sit(pupil, lesson.quiz)
    client.force_login(teacher)
    _header, rows = table_of(client.get(questions_url(assigned)).content.decode())
    assert rows[0][1] == "5"
    learner_erase(actor=school_admin, school=assigned.school, learner=pupils[0])
    _header, rows = table_of(client.get(questions_url(assigned)).content.decode())
    assert rows[0][1] == "fewer than 5 learners so far"


def test_queries_do_not_grow_with_the_class(client, school, teacher, lesson):
    client.force_login(teacher)
    urls = {}
    for size in (5, 100):
        school_class = factories.SchoolClassFactory(school=school, teacher=teacher)
        factories.assign_lessons(school_class, [lesson], actor=teacher)
        for pupil in students_of(school_class, size):
            sit(pupil, Lesson.objects.get(pk=lesson.pk).quiz)
            sit(pupil, Quiz.objects.get(track__slug="students"), "pre")
            sit(pupil, Quiz.objects.get(track__slug="students"), "post", minutes=9)
        urls[size] = school_class
    # Session, user, the class (with its school, through the permission filter),
    # its assignments with their lessons and tracks, the answers grouped (the
    # questions are held in memory with the content).
    for query in ({}, {"track": "students"}, {"format": "csv"}):
        small = count(client, questions_url(urls[5], **query))
        large = count(client, questions_url(urls[100], **query))
        assert small == large == 5, query


def test_the_class_page_and_the_class_report_link_here(client, assigned, teacher):
    client.force_login(teacher)
    url = questions_url(assigned)
    for page in ("schools:class", "schools:class_report"):
        html = client.get(reverse(page, args=[assigned.public_id])).content.decode()
        assert f'href="{url}"' in html


def test_the_questions_do_not_name_a_learner(client, assigned, teacher, lesson):
    pupils = students_of(assigned, 6)
    for pupil in pupils:
        sit(pupil, lesson.quiz)
    client.force_login(teacher)
    page = client.get(questions_url(assigned)).content.decode()
    download = client.get(questions_url(assigned, format="csv")).content.decode()
    for pupil in pupils:
        assert pupil.display_name not in page
        assert pupil.display_name not in download
    assert Question.objects.filter(quiz=lesson.quiz).count() == 5
