"""Which content fields have a column per language (django-modeltranslation).

A track, lesson, section, quiz question and option is one row whatever the language,
so progress, quiz attempts, assignments and certificates belong to the lesson, not to
the language it was read in. `lesson.title` reads the active language's column and
falls back to English. Scenarios, myth-or-fact sets and help lines are rows per
locale instead (`locale` field): nothing a learner does points at them.
"""

from modeltranslation.translator import TranslationOptions, register

from lessons.models import Lesson, Option, Question, Section, Track


@register(Track)
class TrackTranslation(TranslationOptions):
    fields = ("title", "summary", "leaflet")


@register(Lesson)
class LessonTranslation(TranslationOptions):
    fields = ("title", "summary", "objectives", "facilitator")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "blocks")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("situation", "prompt")


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("text", "explanation_html")
