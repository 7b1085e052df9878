"""Two or three archetypes side by side, on one characteristic or all five: the rows where
they differ first, cells the source table shares marked as shared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.answers.model import Action, Answer, Comparison, ComparisonRow, Field
from bot.core.lookup import Resolution
from bot.core.messages import join_names, message

if TYPE_CHECKING:
    from bot.core.answers.answerer import Answerer


def build(answerer: Answerer, resolution: Resolution, lang: str, query: str) -> Answer:
    typology = answerer.typology
    ids = resolution.compared
    archetypes = [typology.archetype(a) for a in ids]
    characteristics = [typology.characteristic(resolution.characteristic)] if resolution.characteristic \
        else list(typology.characteristics)
    rows, fields = [], []
    for characteristic in characteristics:
        cells = [typology.cell(a, characteristic.id) for a in ids]
        shared = len({c.origin for c in cells}) == 1
        differs = len({c.text.get(lang) for c in cells}) > 1
        rows.append(ComparisonRow(characteristic.name.get(lang), tuple(c.text.get(lang) for c in cells), shared, differs))
        lines = [f"{answerer.archetype_label(a, lang)} : {c.text.get(lang)}" if lang == "fr"
                 else f"{answerer.archetype_label(a, lang)}: {c.text.get(lang)}" for a, c in zip(archetypes, cells)]
        fields.append(Field(characteristic.name.get(lang), "\n".join(lines),
                            message("compare_shared_cell", lang) if shared else ""))
    order = sorted(range(len(rows)), key=lambda i: not rows[i].differs)  # stable: table order within each group
    rows, fields = [rows[i] for i in order], [fields[i] for i in order]
    sorted_characteristics = [characteristics[i] for i in order]
    names = join_names([a.name.get(lang) for a in archetypes], lang)
    if resolution.characteristic:
        title = message("compare_title_one", lang, characteristic=characteristics[0].name.get(lang), names=names)
    else:
        title = message("compare_title", lang, names=names)
    intro = _intro(rows, lang)
    if resolution.verdict is not None:
        key = "verdict_same_yes" if resolution.verdict else "verdict_same_no"
        intro = message(key, lang, characteristic=characteristics[0].name.get(lang), names=names) + (" " + intro if intro else "")
    if resolution.characteristic:  # then all five, or this one across the 7
        actions = [Action("compare", message("action_compare_all", lang), compared=ids),
                   *(Action("card", answerer.archetype_label(a, lang), a.id) for a in archetypes),
                   Action("row", message("action_row", lang), None, resolution.characteristic)]
    else:  # each card, then the differing characteristics one by one
        actions = [*(Action("card", answerer.archetype_label(a, lang), a.id) for a in archetypes),
                   *(Action("compare", row.label, characteristic=characteristic.id, compared=ids)
                     for row, characteristic in zip(rows, sorted_characteristics) if row.differs)]
    return Answer(
        query=query, lang=lang, kind="compare", title=title, intro=intro, fields=tuple(fields),
        source=answerer.source_line(lang, with_note=any(c.id == "exemples" for c in characteristics)),
        actions=tuple(actions), archetype=ids[0], characteristic=resolution.characteristic, archetypes=ids,
        verdict=resolution.verdict,
        comparison=Comparison(tuple(answerer.archetype_label(a, lang) for a in archetypes), tuple(rows)),
    )


def _intro(rows: list[ComparisonRow], lang: str) -> str:
    if len(rows) == 1:
        return ""
    differ = [r.label for r in rows if r.differs]
    same = [r.label for r in rows if not r.differs]
    parts = [message("compare_differ", lang, characteristics=", ".join(differ))] if differ else []
    if same:
        parts.append(message("compare_same", lang, characteristics=", ".join(same)))
    return " ".join(parts)
