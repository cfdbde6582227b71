"""The school's and the platform's questions pages: the answers grouped in SQL as
the statistics module groups them, suppression at 10 and 30 learners, the review
flags, and queries that do not grow."""

import random

import pytest
from django.urls import reverse

from lessons.models import Lesson, Quiz, Track
from schools.item_statistics import Answer, figures_from_groups, groups_of
from schools.selectors.questions import answer_groups, question_specs
from tests import factories
from tests.schools.report_helpers import count, miss_count
from tests.schools.views.test_class_questions import (
    csv_of,
    sit,
    students_of,
    table_of,
)

pytestmark = pytest.mark.django_db


def platform_url(**query) -> str:
    url = reverse("schools:platform_questions")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def school_url(school, **query) -> str:
    url = reverse("schools:school_questions", args=[school.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def answered(pupils, quiz, seed: int = 7) -> list[dict[str, Answer]]:
    """Each pupil sits the quiz once with answers drawn at random (the same for a
    seed), and again right away (a retake, not counted); the first sittings as the
    statistics module reads them."""
    draw = random.Random(seed)  # noqa: S311 - test data
    sittings = []
    for pupil in pupils:
        picks = {}
        for question in quiz.questions.prefetch_related("options"):
            slugs = [o.slug for o in question.options.all()]
            many = question.type == "multiple"
            picks[question.slug] = sorted(
                draw.sample(slugs, draw.randint(1, len(slugs)))
                if many
                else [draw.choice(slugs)]
            )
        attempt = sit(pupil, quiz, picks=picks)
        sit(pupil, quiz, minutes=5)
        sittings.append(
            {
                a.question.slug: Answer(a.is_correct, frozenset(a.selected))
                for a in attempt.answers.select_related("question")
            }
        )
    return sittings


def test_the_database_groups_the_answers_as_the_statistics_do(school_class, lesson):
    quiz = lesson.quiz
    sittings = answered(students_of(school_class, 40), quiz)
    specs = question_specs(Quiz.objects.get(pk=quiz.pk))
    in_sql = answer_groups(quiz_ids=[quiz.pk]).by_quiz[quiz.pk]
    key = lambda g: (g.question, g.correct, sorted(g.selected), g.rest, g.complete)  # noqa: E731
    assert sorted(in_sql, key=key) == sorted(groups_of(specs, sittings), key=key)
    figures = figures_from_groups(specs, in_sql, 40)
    assert sum(f.n for f in figures.questions) == 200


def test_platform_page_shows_item_statistics_from_30_learners(
    client, school_class, lesson
):
    admin = factories.AdultFactory(is_superuser=True, is_staff=True)
    pupils = students_of(school_class, 40)
    answered(pupils[:12], lesson.quiz)
    client.force_login(admin)
    _header, rows = table_of(client.get(platform_url()).content.decode())
    lesson_rows = [r for r in rows if r[0] == "The first lesson"]
    assert len(lesson_rows) == 5
    assert all(r[2] == "12" and r[5] == "from 30 learners" for r in lesson_rows)

    answered(pupils[12:], lesson.quiz, seed=8)
    header, rows = table_of(client.get(platform_url()).content.decode())
    lesson_rows = [r for r in rows if r[0] == "The first lesson"]
    assert all(r[2] == "40" and r[5] != "from 30 learners" for r in lesson_rows)
    guess = {r[1]: r[4] for r in lesson_rows}
    assert guess["Pick all that apply."] == "14.3%"  # 1 / (2^3 - 1)
    assert guess["It is your fault."] == "50.0%"
    # The knowledge check nobody took is below the minimum.
    check_rows = [r for r in rows if r[0] == "Knowledge check: For students"]
    assert all(r[2] == "fewer than 10 learners so far" for r in check_rows)
    assert csv_of(client.get(platform_url(format="csv"))) == [header, *rows]


def test_a_question_everyone_gets_right_is_flagged_with_a_dash_for_discrimination(
    client, school_class, lesson
):
    admin = factories.AdultFactory(is_superuser=True, is_staff=True)
    draw = random.Random(3)  # noqa: S311 - test data
    for pupil in students_of(school_class, 30):
        # q-five always right; the others at random.
        sit(
            pupil,
            lesson.quiz,
            picks={
                "q-single": [draw.choice("abc")],
                "q-scenario": [draw.choice("abc")],
                "q-truefalse": [draw.choice(["true", "false"])],
            },
        )
    client.force_login(admin)
    _header, rows = table_of(client.get(platform_url()).content.decode())
    five = next(r for r in rows if r[1] == "And one more.")
    assert five[3] == "100%"
    assert five[5:7] == ["—", "—"]
    assert "almost everyone is right" in five[-1]


def test_platform_queries_do_not_grow_with_learners(client, school, lesson):
    admin = factories.AdultFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    first = factories.SchoolClassFactory(school=school)
    answered(students_of(first, 5), lesson.quiz)
    # Kept: session, user, the answers' stamp. Built: then quizzes, their
    # questions, their options, the answers grouped.
    for url in (platform_url(), platform_url(format="csv")):
        assert (count(client, url), miss_count(client, url)) == (3, 7)
    answered(students_of(first, 40), lesson.quiz, seed=9)
    for url in (platform_url(), platform_url(format="csv")):
        assert (count(client, url), miss_count(client, url)) == (3, 7)


def test_the_kept_platform_table_changes_with_a_new_answer_or_an_erasure(
    client, school, school_admin, lesson
):
    from schools.services.learner_data import learner_erase

    admin = factories.AdultFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    pupils = students_of(factories.SchoolClassFactory(school=school), 11)

    def learners() -> set[str]:
        _header, rows = table_of(client.get(platform_url()).content.decode())
        return {r[2] for r in rows if r[0] == "The first lesson"}

    answered(pupils[:10], lesson.quiz)
    assert learners() == {"10"}
    answered(pupils[10:], lesson.quiz, seed=4)
    assert learners() == {"11"}
    learner_erase(actor=school_admin, school=school, learner=pupils[0])
    assert learners() == {"10"}


def test_school_page_counts_the_school_from_10_learners(client, school, lesson):
    admin = factories.StaffMembershipFactory(school=school, role="admin").user
    classes = [factories.SchoolClassFactory(school=school) for _ in range(2)]
    for school_class in classes:
        for pupil in students_of(school_class, 5)[
            : 5 if school_class == classes[0] else 4
        ]:
            sit(pupil, lesson.quiz)
    # Another school's students do not count.
    for pupil in students_of(factories.SchoolClassFactory(), 5):
        sit(pupil, lesson.quiz)
    client.force_login(admin)
    _header, rows = table_of(client.get(school_url(school)).content.decode())
    assert all(r[1] == "fewer than 10 learners so far" for r in rows)
    sit(students_of(classes[1], 1)[0], lesson.quiz)
    header, rows = table_of(client.get(school_url(school)).content.decode())
    assert all(r[1] == "10" for r in rows)
    assert csv_of(client.get(school_url(school, format="csv"))) == [header, *rows]


def test_a_staff_track_counts_the_schools_staff_not_its_students(
    client, school, lesson
):
    Track.objects.update(audience=Track.Audience.STAFF)
    admin = factories.StaffMembershipFactory(school=school, role="admin").user
    staff = [factories.StaffMembershipFactory(school=school).user for _ in range(10)]
    for member in staff:
        sit(member, lesson.quiz)
    for pupil in students_of(factories.SchoolClassFactory(school=school), 3):
        sit(pupil, lesson.quiz)
    client.force_login(admin)
    _header, rows = table_of(client.get(school_url(school)).content.decode())
    assert all(r[1] == "10" for r in rows)


def test_school_queries_do_not_grow_with_classes(client, school, lesson):
    admin = factories.StaffMembershipFactory(school=school, role="admin").user
    client.force_login(admin)
    pupils = students_of(factories.SchoolClassFactory(school=school), 3)
    for pupil in pupils:
        sit(pupil, lesson.quiz)
    counts = [
        count(client, school_url(school)),
        count(client, school_url(school, track="students")),
    ]
    for _ in range(19):
        for pupil in students_of(factories.SchoolClassFactory(school=school), 3):
            sit(pupil, Lesson.objects.get(pk=lesson.pk).quiz)
    # Session, user, the school (through the admin filter), the answers grouped;
    # tracks, lessons and questions are held in memory with the content.
    assert counts == [4, 4]
    assert count(client, school_url(school)) == 4
    assert count(client, school_url(school, track="students")) == 4


def test_school_page_404s_for_others_and_unknown_lessons(
    client, school, teacher, other_school_admin, lesson
):
    admin = factories.StaffMembershipFactory(school=school, role="admin").user
    for user in (teacher, other_school_admin):
        client.force_login(user)
        assert client.get(school_url(school)).status_code == 404
    client.force_login(admin)
    for query in (
        {"lesson": "nope"},
        {"track": "nope"},
        {"lesson": lesson.slug, "track": "students"},
    ):
        assert client.get(school_url(school, **query)).status_code == 404


def test_platform_counts_todays_wording_and_says_how_many_it_left_out(
    client, tmp_path, school_class, lesson
):
    from lessons.content.load import content_load
    from lessons.content.validate import read_content
    from tests.lessons import content_builder

    admin = factories.AdultFactory(is_superuser=True, is_staff=True)
    answered(students_of(school_class, 12), lesson.quiz)
    quiz_file = "en/students/01-first-lesson.quiz.yaml"
    reworded = content_builder.files()[quiz_file].replace(
        "text: Option b\n", "text: Option b, reworded\n", 1
    )
    root = content_builder.write(
        tmp_path / "content", {quiz_file: reworded}, languages=("en", "es")
    )
    content_load(bundle=read_content(root))
    client.force_login(admin)
    page = client.get(platform_url()).content.decode()
    # Each of the 12 first attempts answered q-single's earlier wording.
    assert "12 earlier answers, to questions" in page
    _header, rows = table_of(page)
    single = next(r for r in rows if r[1] == "Pick one.")
    assert single[2] == "fewer than 10 learners so far"
    multiple = next(r for r in rows if r[1] == "Pick all that apply.")
    assert multiple[2] == "12"
