"""Answer → plain text for a terminal (and for the JSON-less `labtype ask`)."""

from __future__ import annotations

import textwrap
from functools import partial

from bot.core.answers import Answer
from bot.core.messages import message

WIDTH = 88
wrap = partial(textwrap.wrap, width=WIDTH, break_on_hyphens=False)  # keep "co-crée" whole


def render_answer_text(answer: Answer, command: str = "") -> str:
    """Title, intro, each field as an indented paragraph, notes, source, then follow-ups."""
    lines = [answer.title, "=" * min(len(answer.title), WIDTH)]
    if answer.intro:
        lines += wrap(answer.intro)
    if answer.kind == "quiz_question":
        lines += [""] + [f"  {field.label}. {field.text}" for field in answer.fields]
    for field in answer.fields if answer.kind != "quiz_question" else ():
        lines += [""] if answer.kind == "cell" else ["", field.label]  # a cell's title names it
        for paragraph in field.text.split("\n"):
            if field.preformatted:
                lines.append(f"  {paragraph}")
            else:
                hanging = "    " if paragraph.startswith("• ") else "  "
                lines += wrap(paragraph, initial_indent="  ", subsequent_indent=hanging)
        if field.note:
            lines += wrap(f"({field.note})", initial_indent="  ", subsequent_indent="  ")
    if answer.source:
        lines += [""] + wrap(answer.source)
    follow_ups = [message("follow_up", answer.lang, label=a.label, query=f"{command}{a.query}") for a in answer.follow_ups()]
    if follow_ups:
        lines += [""] + [f"→ {follow_up}" for follow_up in follow_ups]
    return "\n".join(lines)
