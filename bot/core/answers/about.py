"""Answers about the typology itself: where the table comes from, its 7 archetypes, its 5
characteristics, how to use labtype, how the quiz works. Only what the knowledge file holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.answers.model import Action, Answer, Field
from bot.core.lookup import Resolution
from bot.core.messages import message

if TYPE_CHECKING:
    from bot.core.answers.answerer import Answerer


def build(answerer: Answerer, resolution: Resolution, lang: str, query: str, command: str) -> Answer:
    typology = answerer.typology
    source = typology.source
    cards = tuple(Action("card", answerer.archetype_label(a, lang), a.id) for a in typology.archetypes)
    topic = resolution.topic
    if topic == "usage":
        shown = answerer.help(lang, command, query)
        return Answer(query=query, lang=lang, kind="about", title=shown.title, intro=shown.intro, fields=shown.fields,
                      source=shown.source, actions=shown.actions)
    if topic == "quiz":
        return Answer(query=query, lang=lang, kind="about", title=message("about_quiz_title", lang),
                      intro=message("about_quiz_intro", lang, command=command), fields=(), source="",
                      actions=(Action("quiz", message("action_quiz", lang)),))
    if topic == "source":
        title, intro = message("about_source_title", lang), ""
        fields = (
            Field(message("about_publisher", lang), source.publisher),
            Field(message("about_what", lang), source.description.get(lang)),
            Field(message("about_note", lang), source.note.get(lang)),
            Field(message("about_languages", lang), message("about_languages_text", lang)),
            Field(message("about_file", lang), message("about_file_text", lang, version=source.file_version)),
        )
        actions: tuple[Action, ...] = ()
    elif topic == "characteristics":
        title = message("about_characteristics_title", lang)
        intro = message("about_characteristics_intro", lang)
        fields = tuple(Field(str(n), c.name.get(lang)) for n, c in enumerate(typology.characteristics, 1))
        actions = tuple(Action("row", c.name.get(lang), None, c.id) for c in typology.characteristics)
    elif topic == "archetypes":
        title, intro = message("about_archetypes_title", lang), message("about_archetypes_intro", lang)
        fields = tuple(Field(answerer.archetype_label(a, lang), typology.cell(a.id, "objectif").text.get(lang))
                       for a in typology.archetypes)
        actions = cards
    else:  # the typology as a whole
        title = message("about_typology_title", lang)
        intro = message("about_typology_intro", lang, publisher=source.publisher)
        fields = (
            Field(message("help_archetypes", lang), ", ".join(answerer.archetype_label(a, lang) for a in typology.archetypes)),
            Field(message("help_characteristics", lang), ", ".join(c.name.get(lang) for c in typology.characteristics)),
            Field(message("about_note", lang), source.note.get(lang)),
        )
        actions = cards
    return Answer(query=query, lang=lang, kind="about", title=title, intro=intro, fields=fields,
                  source=answerer.source_line(lang), actions=actions)
