"""Answer → plain text for a terminal (and for the JSON-less `labtype ask`)."""

from __future__ import annotations

import re
import textwrap

from itertools import zip_longest

from bot.core.answers import Answer, Comparison
from bot.core.messages import message

WIDTH = 88
NO_BREAK = "\u00a0"
_FRENCH_SPACES = re.compile(r"(?<=«) | (?=[»;:?!])")  # « aide », « x » : ? ! stay with their word


def wrap(text: str, width: int = WIDTH, **options: str) -> list[str]:
    """Lines of at most `width`, never broken inside "co-crée" nor between « and its word, or a
    word and its » ; : ? ! (textwrap does not break at a no-break space; it is shown as a space)."""
    glued = _FRENCH_SPACES.sub(NO_BREAK, text)
    return [line.replace(NO_BREAK, " ") for line in textwrap.wrap(glued, width=width, break_on_hyphens=False, **options)]


def render_answer_text(answer: Answer, command: str = "") -> str:
    """Title, intro, each field as an indented paragraph, notes, source, then follow-ups."""
    lines = [answer.title, "=" * min(len(answer.title), WIDTH)]
    if answer.intro:
        lines += wrap(answer.intro)
    if answer.kind == "quiz_question":
        lines += [""] + [f"  {field.label}. {field.text}" for field in answer.fields]
    if answer.comparison:
        lines += columns(answer.comparison, answer.lang)
    for field in answer.fields if answer.kind != "quiz_question" and not answer.comparison else ():
        lines += [""] if answer.kind == "cell" else ["", field.label]  # a cell's title names it
        for paragraph in field.text.split("\n"):
            if field.preformatted:
                lines.append(f"  {paragraph}")
            else:
                body = paragraph.lstrip()
                hanging = "  " + " " * (len(paragraph) - len(body)) + ("  " if body.startswith("• ") else "")
                lines += wrap(paragraph, initial_indent="  ", subsequent_indent=hanging)
        if field.note:
            lines += wrap(f"({field.note})", initial_indent="  ", subsequent_indent="  ")
    if answer.source:
        lines += [""] + wrap(answer.source)
    follow_ups = [message("follow_up", answer.lang, label=a.label, query=f"{command}{a.query}") for a in answer.follow_ups()]
    if follow_ups:
        lines += [""] + [f"→ {follow_up}" for follow_up in follow_ups]
    return "\n".join(lines)


def columns(comparison: Comparison, lang: str) -> list[str]:
    """The compared archetypes as aligned columns, one block per characteristic, each marked as
    differing or as one shared cell of the source table."""
    count = len(comparison.columns)
    width = (WIDTH - 2 - 3 * (count - 1)) // count
    lines = ["", "  " + " | ".join(label[:width].ljust(width) for label in comparison.columns).rstrip()]
    for row in comparison.rows:
        mark = message("compare_shared_cell", lang) if row.shared else message("compare_differs_mark", lang) if row.differs else ""
        lines += ["", f"{row.label}" + (f" ({mark})" if mark else "")]
        wrapped = [wrap(text, width) for text in row.cells]
        for parts in zip_longest(*wrapped, fillvalue=""):
            lines.append("  " + " | ".join(part.ljust(width) for part in parts).rstrip())
    return lines
