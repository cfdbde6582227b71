"""`load_content` writes everything, changes nothing twice, and keeps progress."""

import pytest
from django.core.management import call_command

from lessons.content.load import content_load
from lessons.content.rows import LoadReport, sync, upsert
from lessons.content.validate import read_content
from lessons.models import (
    Helpline,
    HelplineCountry,
    Lesson,
    LessonProgress,
    MythFactSet,
    Option,
    Question,
    Quiz,
    Scenario,
    Section,
    SectionView,
    Source,
    Track,
)
from lessons.services import section_view_record
from tests.lessons import content_builder

pytestmark = pytest.mark.django_db


def load(root, changes=None):
    content_builder.write(root, changes)
    return content_load(bundle=read_content(root))


def test_load_writes_every_kind_of_content(tmp_path):
    load(tmp_path)
    assert Source.objects.count() == 2
    assert HelplineCountry.objects.count() == 2
    assert Helpline.objects.count() == 6
    assert Track.objects.get().slug == "students"
    lesson = Lesson.objects.get(slug="first-lesson")
    assert lesson.section_count == 4
    assert list(lesson.sections.values_list("slug", flat=True)) == [
        "how-it-starts",
        "not-your-fault",
        "myth-or-fact",
        "get-help",
    ]
    assert Quiz.objects.get(lesson=lesson).questions.count() == 5
    assert Quiz.objects.get(track__slug="students").questions.count() == 6
    assert (
        Option.objects.filter(question__slug="q-multiple", is_correct=True).count() == 2
    )
    assert Scenario.objects.get(locale="en").steps["end-safe"]["ending"] == "safe"
    assert len(MythFactSet.objects.get(locale="en").cards) == 2


def test_citations_render_as_numbered_links_to_the_sources_page(tmp_path):
    load(tmp_path)
    section = Section.objects.get(slug="how-it-starts")
    assert (
        '<a class="cite" href="/sources/#source-ncmec-2024-new-data">[1]</a>'
        in section.blocks[0]["html"]
    )
    assert section.blocks[1] == {"scenario": "test-chat"}


def test_loading_twice_changes_nothing(tmp_path, capsys):
    root = content_builder.write(tmp_path)
    call_command("load_content", "--root", str(root))
    before = {
        model: list(model.objects.order_by("pk").values())
        for model in (Source, Lesson, Section, Question, Option, Scenario, Helpline)
    }
    capsys.readouterr()
    call_command("load_content", "--root", str(root))
    assert "nothing changed" in capsys.readouterr().out
    after = {
        model: list(model.objects.order_by("pk").values())
        for model in (Source, Lesson, Section, Question, Option, Scenario, Helpline)
    }
    assert after == before


def test_editing_a_lesson_keeps_progress_and_recounts_it(tmp_path, student):
    load(tmp_path)
    lesson = Lesson.objects.get(slug="first-lesson")
    for section in lesson.sections.all():
        section_view_record(learner=student, section=section)
    progress = LessonProgress.objects.get(learner=student, lesson=lesson)
    assert (progress.status, progress.percent) == ("in_progress", 100)

    # Reword a section and add a fifth one: the learner's views are kept, the new
    # section is unread, so the percent drops to 4 of 5.
    edited = content_builder.LESSON.replace(
        "Think about each card.", "Think carefully about each card."
    ).replace(
        "## Where to get help",
        "## A new part\n\nSomething new.\n\n## Where to get help",
    )
    notes = content_builder.notes_for(
        "how-it-starts", "not-your-fault", "myth-or-fact", "a-new-part", "get-help"
    )
    report = load(
        tmp_path,
        {
            "en/students/01-first-lesson.md": edited,
            "en/students/01-first-lesson.facilitator.yaml": notes,
        },
    )
    assert report.created == {"section": 1}
    assert SectionView.objects.filter(learner=student).count() == 4
    progress.refresh_from_db()
    assert progress.sections_viewed == 4
    assert progress.percent == 80
    lesson.refresh_from_db()
    assert lesson.section_count == 5


def test_removing_a_section_retires_it_keeps_its_views_and_recounts_progress(
    tmp_path, student
):
    load(tmp_path)
    lesson = Lesson.objects.get(slug="first-lesson")
    section_view_record(
        learner=student, section=lesson.sections.get(slug="myth-or-fact")
    )
    edited = content_builder.LESSON.replace("## Myth or fact\n", "### Myth or fact\n")
    edited = edited.replace(
        "## How it starts",
        "## How it starts\n\nIntro.\n\n## More {#more}\n\nMore text.",
    )
    notes = content_builder.notes_for(
        "how-it-starts", "more", "not-your-fault", "get-help"
    )
    load(
        tmp_path,
        {
            "en/students/01-first-lesson.md": edited,
            "en/students/01-first-lesson.facilitator.yaml": notes,
        },
    )
    progress = LessonProgress.objects.get(learner=student, lesson=lesson)
    # The view is kept, but a retired section no longer counts towards the lesson.
    assert SectionView.objects.filter(learner=student).count() == 1
    assert (progress.sections_viewed, progress.percent) == (0, 0)
    assert not lesson.sections.filter(slug="myth-or-fact").exists()
    assert Section._base_manager.get(lesson=lesson, slug="myth-or-fact").retired


def test_a_lesson_whose_file_is_gone_is_unpublished_and_its_progress_kept(
    tmp_path, student
):
    load(tmp_path)
    lesson = Lesson.objects.get(slug="first-lesson")
    section_view_record(learner=student, section=lesson.sections.first())
    second = content_builder.LESSON.replace("slug: first-lesson", "slug: second-lesson")
    root = tmp_path / "v2"
    tree = {
        "en/students/01-first-lesson.md": None,
        "en/students/01-first-lesson.quiz.yaml": None,
        "en/students/01-first-lesson.facilitator.yaml": None,
        "en/students/02-second-lesson.facilitator.yaml": content_builder.files()[
            "en/students/01-first-lesson.facilitator.yaml"
        ],
        "en/students/02-second-lesson.md": second,
        "en/students/02-second-lesson.quiz.yaml": content_builder.files()[
            "en/students/01-first-lesson.quiz.yaml"
        ],
    }
    tree["en/students/track.yaml"] = content_builder.files()[
        "en/students/track.yaml"
    ].replace("first-lesson/", "second-lesson/")
    load(root, tree)
    lesson.refresh_from_db()
    assert lesson.is_published is False
    assert LessonProgress.objects.filter(learner=student, lesson=lesson).exists()
    assert Lesson.objects.get(slug="second-lesson").is_published


def test_load_refuses_content_with_problems(tmp_path):
    root = content_builder.write(
        tmp_path,
        {"sources.yaml": "- id: Not A Slug\n"},
    )
    bundle = read_content(root)
    assert bundle.problems
    with pytest.raises(ValueError, match="run --check"):
        content_load(bundle=bundle)
    assert not Lesson.objects.exists()


def sync_countries(report, codes):
    """Make the English helpline countries exactly `codes`, in that order."""
    sync(
        report,
        HelplineCountry.objects.filter(locale="en"),
        codes,
        lambda position, code: upsert(
            report,
            HelplineCountry,
            {"locale": "en", "code": code},
            {"name": code, "emergency": "112", "position": position},
        ),
    )


def english_countries():
    return list(
        HelplineCountry.objects.filter(locale="en")
        .order_by("position")
        .values_list("code", "position")
    )


def test_sync_writes_items_in_order_and_removes_only_the_querysets_other_rows():
    report = LoadReport()
    sync_countries(report, ["GB", "FR", "US"])
    HelplineCountry.objects.create(
        locale="de", code="DE", name="DE", emergency="112", position=1
    )
    assert english_countries() == [("GB", 1), ("FR", 2), ("US", 3)]

    report = LoadReport()
    sync_countries(report, ["US", "GB"])
    assert english_countries() == [("US", 1), ("GB", 2)]
    assert HelplineCountry.objects.filter(locale="de").count() == 1
    assert (report.created, report.updated, report.removed) == (
        {},
        {"helplinecountry": 2},
        {"helplinecountry": 1},
    )


def test_sync_of_the_same_items_changes_nothing():
    sync_countries(LoadReport(), ["GB", "US"])
    report = LoadReport()
    sync_countries(report, ["GB", "US"])
    assert english_countries() == [("GB", 1), ("US", 2)]
    assert not report.changed
