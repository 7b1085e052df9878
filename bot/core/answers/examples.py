"""An example lab, network or programme of the table: the archetypes citing it, with the period
the table gives; the French examples, which La 27e Région added; the examples in a place (our
grouping); and a name the table does not cite, said plainly, with the examples it does cite."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.answers.model import Action, Answer, Field
from bot.core.knowledge import Example
from bot.core.lookup import Resolution
from bot.core.messages import join_names, message

if TYPE_CHECKING:
    from bot.core.answers.answerer import Answerer


def build(answerer: Answerer, resolution: Resolution, lang: str, query: str) -> Answer:
    if resolution.topic == "place":
        return _place(answerer, resolution, lang, query)
    if resolution.topic == "uncited":
        return _uncited(answerer, resolution, lang, query)
    if resolution.example is None:
        return _french(answerer, resolution, lang, query)
    typology = answerer.typology
    example = typology.example(resolution.example)
    cited = [typology.archetype(c.archetype) for c in example.cited]
    names = join_names([_cited_as(answerer, example, c.archetype, lang) for c in example.cited], lang)
    if resolution.verdict is True:
        intro = message("example_yes", lang, example=example.name, names=names)
    elif resolution.verdict is False:
        asked = join_names(_asked(answerer, resolution, lang), lang)
        intro = message("example_no", lang, example=example.name, asked=asked, names=names)
    else:
        intro = message("example_cited", lang, names=names)
    if example.country:
        intro += " " + message("example_country", lang, country=example.country.get(lang)) + "."
    fields = tuple(Field(message("example_cell", lang, archetype=answerer.archetype_label(a, lang)),
                         typology.cell(a.id, "exemples").text.get(lang)) for a in cited)
    return Answer(
        query=query, lang=lang, kind="example", title=example.name, intro=intro, fields=fields,
        source=answerer.source_line(lang, with_note=True),
        actions=tuple(Action("card", answerer.archetype_label(a, lang), a.id) for a in cited)
        + (Action("row", message("action_row", lang), None, "exemples"),),
        archetype=cited[0].id, characteristic="exemples", archetypes=tuple(a.id for a in cited),
        example=example.name, verdict=resolution.verdict,
    )


def _cited_as(answerer: Answerer, example: Example, archetype_id: str, lang: str) -> str:
    citation = next(c for c in example.cited if c.archetype == archetype_id)
    label = answerer.typology.archetype(archetype_id).name.get(lang)
    return message("example_period", lang, archetype=label, period=citation.period.get(lang)) if citation.period else label


def _asked(answerer: Answerer, resolution: Resolution, lang: str) -> list[str]:
    return [answerer.typology.archetype(a).name.get(lang) for a in resolution.also]


def _french(answerer: Answerer, resolution: Resolution, lang: str, query: str) -> Answer:
    typology = answerer.typology
    french = [e for e in typology.examples if e.french]
    fields = tuple(Field(e.name, join_names([_cited_as(answerer, e, c.archetype, lang) for c in e.cited], lang))
                   for e in french)
    return Answer(
        query=query, lang=lang, kind="example", title=message("french_examples_title", lang),
        intro=message("french_examples_intro", lang, count=len(french)) + " " + typology.source.note.get(lang),
        fields=fields, source=answerer.source_line(lang),
        actions=tuple(Action("cell", answerer.archetype_label(typology.archetype(a), lang), a, "exemples")
                      for a in resolution.compared),
        archetype=resolution.compared[0], characteristic="exemples", archetypes=resolution.compared,
    )


def _place(answerer: Answerer, resolution: Resolution, lang: str, query: str) -> Answer:
    typology = answerer.typology
    place = typology.place(resolution.place)
    found = [typology.example(e) for e in place.examples]
    name = place.name.get(lang)
    fields = tuple(Field(e.name, join_names([_cited_as(answerer, e, c.archetype, lang) for c in e.cited], lang))
                   for e in found)
    if found:
        intro = message("place_examples_intro", lang, place=name, count=len(found))
    else:  # "des exemples en Asie ?": none, said plainly; the examples row is one button away
        intro = message("place_examples_none", lang, place=name)
    return Answer(
        query=query, lang=lang, kind="example", title=message("place_examples_title", lang, place=name),
        intro=intro + " " + message("place_ours", lang), fields=fields, source=answerer.source_line(lang, with_note=True),
        actions=tuple(Action("cell", answerer.archetype_label(typology.archetype(a), lang), a, "exemples")
                      for a in resolution.compared) + (Action("row", message("action_row", lang), None, "exemples"),),
        archetype=resolution.archetype, characteristic="exemples", archetypes=resolution.compared,
    )


def _uncited(answerer: Answerer, resolution: Resolution, lang: str, query: str) -> Answer:
    """Nothing is said about the name itself: only that the table does not cite it, and what it cites."""
    typology = answerer.typology
    intro = message("uncited_no" if resolution.verdict is False else "uncited_intro", lang, name=resolution.name)
    intro += " " + message("uncited_examples", lang)
    fields = tuple(Field(answerer.archetype_label(a, lang), typology.cell(a.id, "exemples").text.get(lang))
                   for a in typology.archetypes)
    return Answer(
        query=query, lang=lang, kind="example", title=message("uncited_title", lang, name=resolution.name),
        intro=intro, fields=fields, source=answerer.source_line(lang, with_note=True),
        actions=(Action("quiz", message("action_quiz", lang)), Action("row", message("action_row", lang), None, "exemples")),
        characteristic="exemples", verdict=resolution.verdict,
    )
