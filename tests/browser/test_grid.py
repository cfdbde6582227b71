"""The class report's grid at its largest (15 lessons x 200 students), as its teacher
sees it on a laptop (1280 px) and a phone (390 px): the page never scrolls sideways,
the grid scrolls inside its own region, which the keyboard reaches and scrolls; the
names and the lesson headings stay in view while it scrolls; zero axe violations;
printed, it takes A4 landscape pages and the whole grid fits their width. A
screenshot at each width is written to screenshots/ (ignored by git)."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TEACHER = "grid.teacher@school.example"
PASSWORD = "a-long-grid-passphrase"
STUDENTS = 200
WIDTHS = {"desktop": 1280, "phone": 390}

# After scrolling the region right and down: what is drawn at three points inside
# it. The corner ("Student"), a lesson heading further right, and a student's name
# further down must still be there (sticky), not the cells scrolled under them.
DRAWN = """(region) => {
  const box = region.getBoundingClientRect();
  const head = region.querySelector('thead th').getBoundingClientRect();
  const at = (x, y) => {
    const el = document.elementFromPoint(x, y);
    const cell = el && el.closest('th, td');
    if (!cell) return el ? `${el.tagName} ${el.className} at ${x},${y}` : null;
    const part = cell.closest('thead, tbody, tfoot').tagName.toLowerCase();
    const text = cell.innerText.trim().split('\\n')[0];
    return `${part} ${cell.tagName.toLowerCase()} ${text}`;
  };
  return {
    corner: at(box.left + 8, box.top + 8),
    heading: at(box.right - 40, box.top + 8),
    name: at(box.left + 8, head.bottom + 20),
  };
}"""


# Let every scroll already under way (Chromium animates keyboard and focus scrolling)
# come to rest, then put the region's top just under the site's sticky header and
# scroll the region to its right end and half way down; again wait for rest.
SCROLL = """async (region) => {
  const frame = () => new Promise(requestAnimationFrame);
  const settle = async () => {
    let last = '', same = 0;
    while (same < 10) {
      await frame();
      const now = [window.scrollY, region.scrollLeft, region.scrollTop].join();
      same = now === last ? same + 1 : 0;
      last = now;
    }
  };
  await settle();
  const header = document.querySelector('.site-header');
  const top = region.getBoundingClientRect().top + window.scrollY;
  window.scrollTo({top: top - header.offsetHeight - 8, behavior: 'instant'});
  region.scrollTo({left: region.scrollWidth, top: region.scrollHeight / 2,
                   behavior: 'instant'});
  await settle();
}"""


def axe_violations(page, context: dict | None = None) -> list[str]:
    results = Axe().run(
        page, context, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


@pytest.fixture
def big_class(site):
    """A class of 200 students with every lesson of the three tracks (15) assigned:
    the first four due yesterday (overdue where not completed), the last assigned to
    a quarter of the students only; progress mixed by student and lesson."""
    from accounts.models import User
    from lessons.models import Lesson, LessonProgress
    from schools.models import Assignment, Enrolment, SchoolClass
    from tests import factories

    teacher = factories.AdultFactory(
        email=TEACHER, display_name="Gail Grid", password=make_password(PASSWORD)
    )
    school = factories.StaffMembershipFactory(user=teacher).school
    school_class = SchoolClass.objects.create(
        school=school, teacher=teacher, name="Year 10 Everyone"
    )
    students = User.objects.bulk_create(
        factories.StudentFactory.build(
            username=f"grid-{n:03}", display_name=f"Student {n:03}"
        )
        for n in range(STUDENTS)
    )
    Enrolment.objects.bulk_create(
        Enrolment(school_class=school_class, student=s) for s in students
    )
    lessons = list(Lesson.objects.order_by("track__position", "position"))
    assert len(lessons) == 15, "the real content has 3 tracks of 5 lessons"
    factories.assign_lessons(school_class, lessons[:-1], actor=teacher)
    factories.assign_lessons(
        school_class, lessons[-1:], actor=teacher, students=students[::4]
    )
    Assignment.objects.filter(lesson__in=lessons[:4]).update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    rows = []
    for i, student in enumerate(students):
        for j, lesson in enumerate(lessons):
            kind = (i * 7 + j * 3) % 5  # 0, 1: completed; 2: in progress; else none
            if kind > 2:
                continue
            done = kind < 2
            rows.append(
                LessonProgress(
                    learner=student,
                    lesson=lesson,
                    status="completed" if done else "in_progress",
                    best_score=(80 + (i + j) % 21) if done else (None, 40)[i % 2],
                    sections_viewed=lesson.section_count if done else 1,
                    percent=100 if done else 30,
                    last_section="",
                )
            )
    LessonProgress.objects.bulk_create(rows)
    return school_class


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_largest_grid_fits_scrolls_inside_itself_and_is_accessible(
    new_page, site, big_class, viewport
):
    page = new_page(viewport)
    sign_in(page, site, TEACHER, PASSWORD)
    page.goto(f"{site}/classes/{big_class.public_id}/report/")
    grid = page.locator("table.report-grid")
    assert grid.locator("thead th.grid-lesson").count() == 15
    assert grid.locator("tbody tr").count() == STUDENTS
    statuses = set(
        page.eval_on_selector_all(
            "table.report-grid tbody td:not(.grid-count)",
            "tds => tds.map(td => td.className)",
        )
    )
    assert statuses == {
        "grid-completed",
        "grid-in_progress",
        "grid-not_started",
        "grid-overdue",
        "grid-not_assigned",
    }

    # The page never scrolls sideways; the grid scrolls inside its region.
    sizes = page.evaluate(
        """() => {
          const region = document.querySelector('.grid-scroll');
          return {
            page: document.documentElement.scrollWidth,
            window: window.innerWidth,
            scrollWidth: region.scrollWidth,
            clientWidth: region.clientWidth,
            scrollHeight: region.scrollHeight,
            clientHeight: region.clientHeight,
          };
        }"""
    )
    assert sizes["window"] == WIDTHS[viewport]
    assert sizes["page"] <= sizes["window"], sizes
    assert sizes["scrollWidth"] > sizes["clientWidth"], sizes
    assert sizes["scrollHeight"] > sizes["clientHeight"], sizes
    region = page.locator(".grid-scroll")
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"
    assert page.locator("#grid-title").inner_text() == "Progress grid: 200 students"

    # Tab reaches the region, and the arrow keys then scroll it.
    page.locator("body").focus()
    presses = 0
    focused = False
    while presses < 80 and not focused:
        page.keyboard.press("Tab")
        presses += 1
        focused = page.evaluate(
            "() => document.activeElement.classList.contains('grid-scroll')"
        )
    assert focused, "Tab never reached the grid"
    for _ in range(5):
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowDown")
    # (Chromium scrolls smoothly: wait for the movement rather than read it at once.)
    page.wait_for_function(
        "() => document.activeElement.scrollLeft > 0"
        " && document.activeElement.scrollTop > 0",
        timeout=5000,
    )

    # Scrolled far right and down, the names and the headings are still drawn.
    handle = region.element_handle()
    page.evaluate(SCROLL, handle)
    drawn = page.evaluate(DRAWN, handle)
    assert drawn["corner"] == "thead th Student", drawn
    assert drawn["heading"].startswith("thead th "), drawn
    assert drawn["name"].startswith("tbody th Student "), drawn
    boxes = page.evaluate(
        """(region) => {
          const box = region.getBoundingClientRect();
          const lesson = [...region.querySelectorAll('thead th.grid-lesson')].pop();
          const name = region.querySelectorAll('tbody th')[100];
          return {
            region: [box.left, box.top],
            lessonTop: lesson.getBoundingClientRect().top,
            nameLeft: name.getBoundingClientRect().left,
          };
        }""",
        handle,
    )
    left, top = boxes["region"]
    assert abs(boxes["lessonTop"] - top) <= 2, boxes  # the heading row stays on top
    assert abs(boxes["nameLeft"] - left) <= 2, boxes  # the names stay at the left

    assert axe_violations(page) == []
    page.evaluate("(r) => { r.scrollLeft = 0; r.scrollTop = 0; }", handle)
    page.evaluate("() => window.scrollTo({top: 0, behavior: 'instant'})")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(
        path=SCREENSHOTS / f"class-grid-{WIDTHS[viewport]}.png", full_page=True
    )

    # The statuses' colours come from Bootstrap's variables: in the system's dark
    # mode too, the key and the grid have no contrast (or other) violation. (The
    # page's header, links and buttons are the site's, checked on every page type.)
    page.emulate_media(color_scheme="dark")
    page.reload()
    assert axe_violations(page, {"include": [[".grid-key"], [".grid-scroll"]]}) == []


def test_the_grid_prints_whole_on_a4_landscape(new_page, site, big_class):
    page = new_page("desktop")
    sign_in(page, site, TEACHER, PASSWORD)
    page.goto(f"{site}/classes/{big_class.public_id}/report/")
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    # Every page A4 landscape: 297 x 210 mm = 841.9 x 595.3 points.
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes, "no page in the PDF"
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    assert sizes <= {(842, 595), (842, 596)}, (len(boxes), sizes)
    # Laid out at the page's printable width (277 mm, 1047 CSS px): nothing sticky,
    # no scroll region, and the grid no wider than the page.
    page.set_viewport_size({"width": 1047, "height": 740})
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => {
          const region = document.querySelector('.grid-scroll');
          const grid = document.querySelector('table.report-grid');
          return {
            overflow: getComputedStyle(region).overflowX,
            sticky: [...grid.querySelectorAll('th')].filter(
              th => getComputedStyle(th).position === 'sticky').length,
            width: grid.getBoundingClientRect().width,
            page: document.documentElement.clientWidth,
          };
        }"""
    )
    assert printed["overflow"] == "visible" and printed["sticky"] == 0, printed
    assert printed["width"] <= printed["page"], printed
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "class-grid-print.png")
