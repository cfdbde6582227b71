"""Printable packs as PDF (fpdf2, the library of the certificates; Roboto embedded,
nothing fetched): a teacher's pack per lesson, and a two-page leaflet for parents
and carers per track with the help lines of a chosen country.

Each is made in the active language (the page's), from the content as loaded: the
lesson's sections (a diagram by its text equivalent, which follows it in the
content), its facilitator notes, its quiz without answers and, on a page of its own,
the answer sheet. The PDFs carry their language, title and an outline (bookmarks);
fpdf2 2.8 writes no structure tree for text, so they are not fully tagged PDFs.
"""

import re
from html import escape

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from core.site import site_name
from lessons.helplines import CountryHelp
from lessons.models import Lesson, Quiz, Track
from lessons.pdf import FONT, add_roboto

KEEP_WITH_NEXT = 35  # mm: a heading needs this much of the page below it
# A diagram's drawing (its text equivalent follows it); a citation's link, kept as
# its number (a relative link means nothing on paper).
FIGURE = re.compile(r"<figure\b.*?</figure>", re.S)
CITATION = re.compile(r'<a class="cite"[^>]*>(\[\d+\])</a>')
TAG_STYLES = {
    "h1": FontFace(family=FONT, emphasis="BOLD", size_pt=20),
    "h2": FontFace(family=FONT, emphasis="BOLD", size_pt=15),
    "h3": FontFace(family=FONT, emphasis="BOLD", size_pt=12),
    "h4": FontFace(family=FONT, emphasis="BOLD", size_pt=11),
}


class Document(FPDF):
    """A4 portrait, Roboto, the site's name and the page number at the foot."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="portrait", format="A4")
        add_roboto(self)
        self.set_lang(translation.get_language())
        self.set_title(title)
        self.set_author(site_name())
        self.set_creator(site_name())
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.footer_text = f"{site_name()} · {title}"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)

    def html(self, html: str, size: float = 10.5) -> None:
        self.set_font(FONT, "", size)
        html = CITATION.sub(r"\1", FIGURE.sub("", html))
        self.write_html(html, tag_styles=TAG_STYLES, warn_on_tags_not_matching=False)

    def sources(self, url: str) -> None:
        """Where the numbers in brackets (citations) are listed."""
        if url:
            line = _("The numbers in [brackets] are our sources, listed at %(url)s.")
            self.html(f"<p><i>{escape(line % {'url': url})}</i></p>", size=8.5)

    def heading(self, text: str, level: int = 2) -> None:
        """A heading, also a bookmark in the PDF's outline; on the next page when
        too little of this one is left for it and a few lines after it."""
        if self.get_y() > self.h - self.b_margin - KEEP_WITH_NEXT:
            self.add_page()
        self.start_section(text, level=level - 1)
        self.html(f"<h{level}>{escape(text)}</h{level}>")


def teacher_pack_pdf(lesson: Lesson, quiz: Quiz, *, sources_url: str = "") -> bytes:
    """The lesson for teaching it: sections with the notes for each, the quiz to
    hand out (no answers), then the answer sheet."""
    notes = lesson.facilitator or {}
    pdf = Document(_("Teacher's pack: %(lesson)s") % {"lesson": lesson.title})
    pdf.add_page()
    pdf.heading(lesson.title, 1)
    pdf.html(
        f"<p><i>{escape(lesson.track.title)}</i> · "
        + escape(
            _("About %(minutes)s minutes in class")
            % {"minutes": notes.get("minutes") or lesson.minutes}
        )
        + f"</p><p>{escape(lesson.summary)}</p>"
    )
    objectives = "".join(f"<li>{escape(o['text'])}</li>" for o in lesson.objectives)
    pdf.html(f"<h3>{escape(_('Learning objectives'))}</h3><ul>{objectives}</ul>")
    if notes:
        pdf.heading(_("Before the lesson"), 2)
        pdf.html(notes["prepare_html"])
    for section in lesson.sections.all():
        pdf.heading(section.title, 2)
        for block in section.blocks:
            pdf.html(_block_html(block))
        note = notes.get("sections", {}).get(section.slug)
        if note:
            questions = "".join(f"<li>{q}</li>" for q in note["discuss"])
            pdf.html(
                f"<h4>{escape(_('Teaching notes'))} · "
                + escape(_("about %(minutes)s min") % {"minutes": note["minutes"]})
                + f"</h4><p><b>{escape(_('Ask the class'))}</b></p><ul>{questions}</ul>"
                + (
                    f"<p><b>{escape(_('Watch for'))}</b></p>{note['watch_for_html']}"
                    if note["watch_for_html"]
                    else ""
                )
            )
    if notes:
        pdf.heading(_("If a pupil tells you something"), 2)
        pdf.html(notes["disclosure_html"])
        pdf.heading(_("Where pupils can get help"), 2)
        pdf.html(notes["help_html"])
    _quiz(pdf, quiz)
    pdf.sources(sources_url)
    return bytes(pdf.output())


def _block_html(block: dict) -> str:
    if "html" in block:
        return block["html"]
    # A scenario or a myth-or-fact set is played on the site; on paper, its name.
    kind = _("Interactive chat") if "scenario" in block else _("Myth or fact cards")
    where = _("open it on the site, in presenter mode")
    return f"<p><i>{escape(kind)}: {escape(where)}</i></p>"


def _quiz(pdf: Document, quiz: Quiz) -> None:
    questions = list(quiz.questions.all())
    pdf.add_page()
    pdf.heading(_("Quiz"), 2)
    for number, question in enumerate(questions, 1):
        options = "".join(
            f"<li>[  ] {escape(o.text)}</li>" for o in question.options.all()
        )
        situation = (
            f"<p><i>{escape(question.situation)}</i></p>" if question.situation else ""
        )
        pdf.html(
            f"<p><b>{number}. </b>{escape(question.prompt)}</p>{situation}"
            f"<ul>{options}</ul>"
        )
    pdf.add_page()
    pdf.heading(_("Answer sheet"), 2)
    for number, question in enumerate(questions, 1):
        right = [o for o in question.options.all() if o.is_correct]
        answers = "".join(
            f"<li><b>{escape(o.text)}</b> {o.explanation_html}</li>" for o in right
        )
        pdf.html(f"<p><b>{number}.</b> {escape(question.prompt)}</p><ul>{answers}</ul>")


def leaflet_pdf(track: Track, help_: CountryHelp, *, sources_url: str = "") -> bytes:
    """Two pages for parents and carers: the track's leaflet, then the help lines of
    `help_`'s country."""
    leaflet = track.leaflet
    pdf = Document(leaflet["title"])
    pdf.add_page()
    pdf.heading(leaflet["title"], 1)
    pdf.html(leaflet["intro_html"])
    pdf.heading(_("What it is"), 2)
    pdf.html(leaflet["what_it_is_html"])
    pdf.heading(_("Warning signs"), 2)
    pdf.html(
        "<ul>" + "".join(f"<li>{s}</li>" for s in leaflet["warning_signs"]) + "</ul>"
    )
    pdf.heading(_("What to do in the first hour"), 2)
    pdf.html("<ol>" + "".join(f"<li>{s}</li>" for s in leaflet["first_hour"]) + "</ol>")
    pdf.heading(_("Talking about it"), 2)
    pdf.html(leaflet["talking_html"])
    pdf.add_page()
    country = help_.country
    pdf.heading(_("Help in %(name)s") % {"name": country.name}, 2)
    pdf.html(
        "<p><b>"
        + escape(
            _("If anyone is in immediate danger, call %(number)s.")
            % {"number": country.emergency}
        )
        + "</b></p>"
    )
    for heading, lines in help_.groups:
        pdf.html(f"<h3>{escape(str(heading))}</h3>")
        for line in lines:
            contact = " · ".join(x for x in (line.phone, line.text, line.url) if x)
            pdf.html(
                f"<p><b>{escape(line.name)}</b>: {escape(line.description)}"
                + (f"<br>{escape(contact)}" if contact else "")
                + (f" · <i>{escape(line.hours)}</i>" if line.hours else "")
                + "</p>",
                size=8.5,
            )
    pdf.sources(sources_url)
    return bytes(pdf.output())
