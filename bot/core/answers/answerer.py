"""The Answerer: a lookup `Resolution` → an `Answer` (title, fields, source line, follow-ups).

Cells, cards, rows, searches, help, the quiz's introduction and "not found" are built here; the
comparisons, example answers and answers about the typology itself in their own modules.
"""

from __future__ import annotations

from bot.core.answers import about, compare, examples
from bot.core.answers.model import Action, Answer, Field
from bot.core.knowledge import Archetype, Cell, Typology
from bot.core.lookup import Lookup, Resolution, SearchHit, Suggestion
from bot.core.messages import join_names, message
from bot.core.text import clean_input

HELP_EXAMPLES = (
    ("help_cell", "méthodes co-designer"),
    ("help_cell", "objectif 3"),
    ("help_card", "solutionneur"),
    ("help_row", "responsabilité"),
    ("help_search", "Mazzucato"),
    ("help_compare", "en quoi le solutionneur diffère-t-il du partenaire ?"),
    ("help_which", "quel archétype pratique le co-design ?"),
    ("help_example", "La Fabrica, c'est quel archétype ?"),
    ("help_about", "qui a fait ce tableau ?"),
    ("help_quiz", "quiz"),
    ("help_quiz_anonymous", "quiz anonyme"),
)
HELP_EXAMPLES_EN = (
    ("help_cell", "methods systemic co-designer"),
    ("help_cell", "goal 3"),
    ("help_card", "problem solver"),
    ("help_row", "responsibility"),
    ("help_search", "behavioural sciences"),
    ("help_compare", "compare the solver and the change partner"),
    ("help_which", "which archetype relies on behavioural science?"),
    ("help_example", "is Futurs Publics a change partner?"),
    ("help_about", "who made this table?"),
    ("help_quiz", "quiz"),
    ("help_quiz_anonymous", "quiz anonymous"),
)


class Answerer:
    """Lookup plus answer building: the one entry point front ends call with user text."""

    def __init__(self, typology: Typology) -> None:
        self.typology = typology
        self.lookup = Lookup(typology)

    def ask(self, query: str, lang: str = "fr", command: str = "") -> Answer:
        """Answer free text. `command` is how the front end's users invoke the bot
        (`/labtype `, `!labtype `, or nothing), for the examples in help and hints."""
        shown = clean_input(query)
        resolution = self.lookup.resolve(shown)
        return self.answer(resolution, shown, lang, command)

    def answer(self, resolution: Resolution, shown: str, lang: str, command: str = "") -> Answer:
        kind = resolution.kind
        if kind == "compare":
            return compare.build(self, resolution, lang, shown)
        if kind == "example":
            return examples.build(self, resolution, lang, shown)
        if kind == "about":
            return about.build(self, resolution, lang, shown, command)
        if kind == "cell":
            return self.cell(resolution.archetype, resolution.characteristic, lang, shown)
        if kind == "card":
            return self.card(resolution.archetype, lang, shown, resolution.also)
        if kind == "row":
            return self.row(resolution.characteristic, lang, shown)
        if kind == "search":
            return self._search(shown, resolution.results, resolution.characteristic, lang, resolution.offer_quiz)
        if kind == "quiz":
            return self.quiz(lang, resolution.anonymous, shown, confirm_first=not resolution.direct)
        if kind == "help":
            return self.help(lang, command, shown)
        return self._none(shown, resolution.suggestions, lang, command)

    # -- the four kinds of typology answers, also called directly by buttons -------------------

    def cell(self, archetype_id: str, characteristic_id: str, lang: str, query: str = "") -> Answer:
        archetype = self.typology.archetype(archetype_id)
        characteristic = self.typology.characteristic(characteristic_id)
        cell = self.typology.cell(archetype_id, characteristic_id)
        return Answer(
            query=query or f"{characteristic_id} {archetype_id}",
            lang=lang,
            kind="cell",
            title=f"{self.archetype_label(archetype, lang)} — {characteristic.name.get(lang)}",
            intro="",
            fields=(Field(characteristic.name.get(lang), cell.text.get(lang), self._merged_note(cell, lang)),),
            source=self.source_line(lang, with_note=characteristic_id == "exemples"),
            actions=(
                Action("card", message("action_card", lang), archetype_id),
                Action("row", message("action_row", lang), None, characteristic_id),
                Action("share", message("action_share", lang), archetype_id, characteristic_id),
            ),
            archetype=archetype_id,
            characteristic=characteristic_id,
            archetypes=(archetype_id,),
        )

    def card(self, archetype_id: str, lang: str, query: str = "", also: tuple[str, ...] = ()) -> Answer:
        """An archetype's five cells; `also` are other archetypes the question named, offered next."""
        archetype = self.typology.archetype(archetype_id)
        fields = tuple(
            Field(c.name.get(lang), self.typology.cell(archetype_id, c.id).text.get(lang),
                  self._merged_note(self.typology.cell(archetype_id, c.id), lang))
            for c in self.typology.characteristics
        )
        return Answer(
            query=query or archetype_id,
            lang=lang,
            kind="card",
            title=self.archetype_label(archetype, lang),
            intro="",
            fields=fields,
            source=self.source_line(lang, with_note=True),
            actions=(Action("share", message("action_share", lang), archetype_id),
                     *(Action("card", self.archetype_label(self.typology.archetype(a), lang), a) for a in also)),
            archetype=archetype_id,
            archetypes=(archetype_id,),
        )

    def row(self, characteristic_id: str, lang: str, query: str = "") -> Answer:
        characteristic = self.typology.characteristic(characteristic_id)
        fields = tuple(
            Field(self.archetype_label(a, lang), self.typology.cell(a.id, characteristic_id).text.get(lang),
                  self._merged_note(self.typology.cell(a.id, characteristic_id), lang))
            for a in self.typology.archetypes
        )
        return Answer(
            query=query or characteristic_id,
            lang=lang,
            kind="row",
            title=message("row_title", lang, characteristic=characteristic.name.get(lang)),
            intro="",
            fields=fields,
            source=self.source_line(lang, with_note=characteristic_id == "exemples"),
            actions=tuple(Action("card", self.archetype_label(a, lang), a.id) for a in self.typology.archetypes),
            characteristic=characteristic_id,
        )

    def compare(self, archetype_ids: tuple[str, ...], characteristic_id: str | None, lang: str) -> Answer:
        """Two or three archetypes side by side (a follow-up button)."""
        resolution = Resolution("compare", archetype_ids[0], characteristic_id, compared=archetype_ids)
        return compare.build(self, resolution, lang, " ".join(filter(None, (characteristic_id, *archetype_ids))))

    def help(self, lang: str, command: str = "", query: str = "") -> Answer:
        examples = HELP_EXAMPLES_EN if lang == "en" else HELP_EXAMPLES
        fields = [Field(message(key, lang), f"{command}{example}") for key, example in examples]
        fields.append(Field(message("help_archetypes", lang),
                            ", ".join(self.archetype_label(a, lang) for a in self.typology.archetypes)))
        fields.append(Field(message("help_characteristics", lang),
                            ", ".join(c.name.get(lang) for c in self.typology.characteristics)))
        return Answer(
            query=query, lang=lang, kind="help",
            title=message("help_title", lang), intro=message("help_intro", lang),
            fields=tuple(fields), source=self.source_line(lang),
            actions=(Action("quiz", message("action_quiz", lang)),
                     *(Action("card", self.archetype_label(a, lang), a.id) for a in self.typology.archetypes)),
        )

    # -- helpers -------------------------------------------------------------------------------

    def archetype_label(self, archetype: Archetype, lang: str) -> str:
        return f"{archetype.number}. {archetype.name.get(lang)}"

    def source_line(self, lang: str, with_note: bool = False) -> str:
        source = self.typology.source
        line = message("source", lang, publisher=source.publisher, description=source.description.get(lang))
        return f"{line} — {source.note.get(lang)}" if with_note else line

    def suggestion_label(self, suggestion: Suggestion, lang: str) -> str:
        parts = []
        if suggestion.characteristic:
            parts.append(self.typology.characteristic(suggestion.characteristic).name.get(lang))
        if suggestion.archetype:
            parts.append(self.typology.archetype(suggestion.archetype).name.get(lang))
        return " ".join(parts)

    def _merged_note(self, cell: Cell, lang: str) -> str:
        if not cell.shared_with:
            return ""
        names = [self.typology.archetype(a).name.get(lang) for a in sorted(
            {cell.archetype, *cell.shared_with}, key=lambda a: self.typology.archetype(a).number)]
        return message("merged_cell", lang, names=join_names(names, lang))

    def _search(self, query: str, hits: tuple[SearchHit, ...], characteristic_id: str | None, lang: str,
                offer_quiz: bool = False) -> Answer:
        """`offer_quiz`: the query described the asker's own lab; the cells echo it, the quiz tells."""
        title = message("search_title", lang, query=query)
        if characteristic_id:
            title += " " + message("search_in", lang, characteristic=self.typology.characteristic(characteristic_id).name.get(lang))
        fields = []
        for hit in hits:
            archetype = self.typology.archetype(hit.archetype)
            characteristic = self.typology.characteristic(hit.characteristic)
            cell = self.typology.cell(hit.archetype, hit.characteristic)
            fields.append(Field(f"{self.archetype_label(archetype, lang)} — {characteristic.name.get(lang)}",
                                cell.text.get(lang), self._merged_note(cell, lang)))
        intro = message("search_intro", lang, count=len(hits))
        if offer_quiz:
            intro += " " + message("search_self", lang)
        return Answer(
            query=query, lang=lang, kind="search", title=title,
            intro=intro,
            fields=tuple(fields),
            source=self.source_line(lang, with_note=any(h.characteristic == "exemples" for h in hits)),
            actions=((Action("quiz", message("action_quiz", lang)),) if offer_quiz else ())
            + tuple(Action("cell", f"{self.typology.archetype(h.archetype).name.get(lang)} — "
                                   f"{self.typology.characteristic(h.characteristic).name.get(lang)}",
                           h.archetype, h.characteristic) for h in hits),
            characteristic=characteristic_id,
            results=hits,
            archetype=hits[0].archetype,
            archetypes=tuple(dict.fromkeys(h.archetype for h in hits)),
        )

    def quiz(self, lang: str, anonymous: bool = False, query: str = "", confirm_first: bool = False) -> Answer:
        """The quiz's introduction (the front ends then start it). `confirm_first`: the request
        was a sentence ("je veux passer le test"), so where a quiz is public the front end asks first."""
        intro = message("quiz_intro", lang) + (" " + message("quiz_anonymous", lang) if anonymous else "")
        return Answer(
            query=query, lang=lang, kind="quiz", title=message("quiz_title", lang),
            intro=intro, fields=(), source="",
            actions=(Action("quiz", message("action_quiz_here" if confirm_first else "action_quiz", lang),
                            anonymous=anonymous),),
            anonymous=anonymous, confirm_first=confirm_first,
        )

    def _none(self, query: str, suggestions: tuple[Suggestion, ...], lang: str, command: str) -> Answer:
        labels = tuple(self.suggestion_label(s, lang) for s in suggestions)
        intro = message("none_intro", lang)
        if labels:
            intro += " " + message("did_you_mean", lang, choices=", ".join(labels))
        intro += " " + message("try_help", lang, command=command)
        return Answer(
            query=query, lang=lang, kind="none", title=message("none_title", lang, query=query),
            intro=intro, fields=(), source="",
            actions=tuple(Action("card" if s.archetype and not s.characteristic else "row" if not s.archetype else "cell",
                                 label, s.archetype, s.characteristic) for s, label in zip(suggestions, labels)),
            suggestions=labels,
        )
