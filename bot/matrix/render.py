"""Answer → Matrix event content: a readable plain `body` and an `org.matrix.custom.html`
`formatted_body`, plus the poll, quiz-result, team-profile and edit contents.

Pure functions: no client, no I/O. Every piece of user text (the query echoed in a title, a
display name) is HTML-escaped; our own message templates are trusted.

Polls use the *unstable* MSC3381 names (`org.matrix.msc3381.poll.start` and `.poll.end`,
`org.matrix.msc1767.text`) because that is what Element Web sends and renders (its js-sdk
serialises `M_POLL_START.name`, the unstable string); Element also reads the stable names, and
so does `bot.matrix.events` for votes. The poll carries a numbered text fallback (`body` and
`org.matrix.msc1767.text`) for clients without polls.

Matrix servers reject floats in event content (canonical JSON), so scores travel as integer
percentages.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from html import escape
from typing import Any

from bot.core.answers import Answer, Comparison, Field
from bot.core.messages import message
from bot.core.quiz import QuizResult, Score, TeamProfile
from bot.core.quiz_answers import team_metadata

Content = dict[str, Any]

POLL_START = "org.matrix.msc3381.poll.start"
POLL_END = "org.matrix.msc3381.poll.end"
STABLE_POLL_END = "m.poll.end"
POLL_KIND = "org.matrix.msc3381.poll.disclosed"
TEXT = "org.matrix.msc1767.text"
QUIZ_RESULT = "org.labtype.quiz_result"
QUIZ_TOMORROW = "org.labtype.quiz_tomorrow"
TEAM_PROFILE = "org.labtype.team_profile"
KEYCAP = "\ufe0f\u20e3"  # digit + VS16 + combining enclosing keycap = 1️⃣


def keycap(number: int) -> str:
    """1 → '1️⃣' … 9 → '9️⃣' (quiz questions have at most 7 options)."""
    return f"{number}{KEYCAP}"


# -- answers -------------------------------------------------------------------------------------

def answer_content(answer: Answer, command: str, footer: str = "") -> Content:
    """A message for any answer kind. `command` ('!labtype ') prefixes the follow-up hints;
    `footer` is a last paragraph (a usage line). Answers are `m.notice`, the Matrix convention
    for bots: no notification, and other bots do not reply to them."""
    text, html = answer_text(answer, command), answer_html(answer, command)
    if footer:
        text, html = f"{text}\n\n{footer}", f"{html}<p>{escape(footer)}</p>"
    return {"msgtype": "m.notice", "body": text, "format": "org.matrix.custom.html", "formatted_body": html,
            "m.mentions": {}}


def text_content(text: str) -> Content:
    """A one-paragraph notice (confirmations, usage, quiz problems)."""
    return {"msgtype": "m.notice", "body": text, "format": "org.matrix.custom.html",
            "formatted_body": f"<p>{_lines_html(text)}</p>", "m.mentions": {}}


def answer_text(answer: Answer, command: str) -> str:
    parts = [answer.title] + ([answer.intro] if answer.intro else [])
    if answer.kind == "quiz_question":
        parts.append("\n".join(f"{keycap(int(f.label))} {f.text}" for f in answer.fields))
    else:
        parts += [_field_text(answer, f) for f in answer.fields]
    if answer.source:
        parts.append(answer.source)
    follow_ups = _follow_ups(answer, command)
    if follow_ups:
        parts.append("\n".join(f"→ {line}" for line in follow_ups))
    return "\n\n".join(parts)


def answer_html(answer: Answer, command: str) -> str:
    parts = [f"<h4>{escape(answer.title)}</h4>"]
    if answer.intro:
        parts.append(f"<p>{_lines_html(answer.intro)}</p>")
    if answer.kind == "quiz_question":
        parts.append("<ol>" + "".join(f"<li>{escape(f.text)}</li>" for f in answer.fields) + "</ol>")
    elif answer.comparison:
        parts.append(_comparison_html(answer.comparison, answer.lang))
    else:
        parts += [_field_html(answer, f) for f in answer.fields]
    if answer.source:
        parts.append(f"<p><em>{escape(answer.source)}</em></p>")
    follow_ups = _follow_ups(answer, command, html=True)
    if follow_ups:
        parts.append("<p>" + "<br>".join(f"→ {line}" for line in follow_ups) + "</p>")
    return "".join(parts)


def _comparison_html(comparison: Comparison, lang: str) -> str:
    """A table, one column per archetype (tags of the Matrix spec's HTML subset); each
    characteristic says whether it differs or is one shared cell of the source table."""
    head = "<tr><th></th>" + "".join(f"<th>{escape(c)}</th>" for c in comparison.columns) + "</tr>"
    rows = []
    for row in comparison.rows:
        mark = message("compare_shared_cell", lang) if row.shared else message("compare_differs_mark", lang) if row.differs else ""
        label = f"<strong>{escape(row.label)}</strong>" + (f"<br><em>{escape(mark)}</em>" if mark else "")
        rows.append(f"<tr><th>{label}</th>" + "".join(f"<td>{_lines_html(text)}</td>" for text in row.cells) + "</tr>")
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _field_text(answer: Answer, field: Field) -> str:
    lines = [] if answer.kind == "cell" else [field.label]  # a cell's title already names it
    lines.append(field.text)
    if field.note:
        lines.append(f"({field.note})")
    return "\n".join(lines)


def _field_html(answer: Answer, field: Field) -> str:
    note = f"<p><em>{escape(field.note)}</em></p>" if field.note else ""
    if answer.kind == "cell":
        return f"<blockquote>{_lines_html(field.text)}</blockquote>{note}"
    label = f"<p><strong>{escape(field.label)}</strong></p>"
    if field.preformatted:
        return f"{label}<pre><code>{escape(field.text)}</code></pre>{note}"
    lines = field.text.split("\n")
    if all(line.startswith("• ") for line in lines):
        return label + "<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + f"</ul>{note}"
    return f"{label}<p>{_lines_html(field.text)}</p>{note}"


def _follow_ups(answer: Answer, command: str, html: bool = False) -> list[str]:
    """Hints to re-ask a related query, as the terminal shows them."""
    lines = []
    for action in answer.follow_ups():
        query = f"{command}{action.query}"
        if html:
            lines.append(message("follow_up", answer.lang, label=escape(action.label),
                                 query=f"<code>{escape(query)}</code>"))
        else:
            lines.append(message("follow_up", answer.lang, label=action.label, query=query))
    return lines


def _lines_html(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


# -- relations and mentions --------------------------------------------------------------------

def in_thread(content: Content, root: str, reply_to: str, falling_back: bool = True) -> Content:
    """`content` as a message of the thread on `root`. `reply_to` is what clients without
    threads show it replying to; `falling_back=False` makes it a real reply inside the thread."""
    return {**content, "m.relates_to": {"rel_type": "m.thread", "event_id": root, "is_falling_back": falling_back,
                                        "m.in_reply_to": {"event_id": reply_to}}}


def as_reply(content: Content, event_id: str) -> Content:
    return {**content, "m.relates_to": {"m.in_reply_to": {"event_id": event_id}}}


@dataclass(frozen=True)
class Place:
    """Where a quiz participant's questions, votes and result go: the quiz's thread (a named
    quiz), or their private room with the bot (an anonymous quiz: see `bot.matrix.private`)."""

    room_id: str
    root: str | None  # the quiz's thread root; None in a private room

    def holding(self, content: Content, reply_to: str | None, falling_back: bool = True) -> Content:
        """`content` placed there: in the thread (see `in_thread`; `reply_to` then required);
        in a private room, top-level, or a real reply to `reply_to` when not `falling_back`."""
        if self.root:
            return in_thread(content, self.root, reply_to or self.root, falling_back)
        return content if falling_back or not reply_to else as_reply(content, reply_to)


def reaction_content(event_id: str, key: str) -> Content:
    return {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}


def mentioning(content: Content, user_id: str) -> Content:
    """Intentional mentions (MSC3952): who is notified. Other contents carry an empty
    `m.mentions`, so a reply does not ping the author of the message it quotes."""
    return {**content, "m.mentions": {"user_ids": [user_id]}}


def pill(user_id: str, name: str) -> str:
    """A user pill: clients draw it as the user's name and avatar."""
    return f'<a href="https://matrix.to/#/{escape(user_id)}">{escape(name)}</a>'


def addressed(content: Content, user_id: str, name: str) -> Content:
    """`content` preceded by the user's pill, mentioning them (so m.text, which notifies)."""
    return mentioning({**content, "msgtype": "m.text", "body": f"{name}\n\n{content['body']}",
                       "formatted_body": f"<p>{pill(user_id, name)}</p>{content['formatted_body']}"}, user_id)


# -- quiz ----------------------------------------------------------------------------------------

def poll_content(question: Answer, user_id: str, name: str, private: bool = False) -> Content:
    """A quiz question as a single-choice poll (answer ids are the option numbers, '1', '2'…),
    addressed to `name`, with the numbered fallback listing the keycaps to react with (and where to
    type the number: the thread, or the `private` room)."""
    title = f"{name} · {question.title} — {question.intro}"
    options = [(f.label, f.text) for f in question.fields]
    how = message("matrix_quiz_how_private" if private else "matrix_quiz_how", question.lang)
    fallback = f"{name}\n\n{answer_text(question, '')}\n\n{how}"
    return mentioning({
        "msgtype": "m.text",
        "body": fallback,
        TEXT: fallback,
        POLL_START: {
            "question": {TEXT: title},
            "kind": POLL_KIND,
            "max_selections": 1,
            "answers": [{"id": n, TEXT: text} for n, text in options],
        },
    }, user_id)


def poll_end_content(poll_id: str, text: str) -> Content:
    """Ends the poll `poll_id` (only its sender may): clients show it closed, with its results.
    Sent as the unstable `org.matrix.msc3381.poll.end`, the namespace of our poll start (what
    Element sends and reads), its content carrying the stable `m.poll.end`/`m.text` keys too.
    `text` says why, for clients without polls."""
    return {"body": text, TEXT: text, "m.text": [{"body": text}], POLL_END: {}, STABLE_POLL_END: {},
            "m.relates_to": {"rel_type": "m.reference", "event_id": poll_id}}


def quiz_root_content(answer: Answer, user_id: str, name: str, command: str) -> Content:
    """The thread root of a team quiz: what the quiz is, who started it, how to join and answer.
    An anonymous quiz's root names nobody (its members answer in private rooms)."""
    content = answer_content(answer, command)
    if answer.anonymous:
        text = message("matrix_quiz_root_anonymous", answer.lang, command=command)
        html = _lines_html(text)
    else:
        text = message("matrix_quiz_root", answer.lang, starter=name, command=command)
        html = message("matrix_quiz_root", answer.lang, starter=pill(user_id, name), command=escape(command))
    return {**content, "body": f"{content['body']}\n\n{text}",
            "formatted_body": f"{content['formatted_body']}<p>{html}</p>"}


def result_content(answer: Answer, result: QuizResult, user_id: str, name: str, command: str) -> Content:
    """A member's result; its "tomorrow" action (Et dans deux ans ?) as a last line saying how."""
    offer = any(action.kind == "tomorrow" for action in answer.actions)
    footer = message("matrix_quiz_tomorrow_how", answer.lang, command=command) if offer else ""
    return {**addressed(answer_content(answer, command, footer=footer), user_id, name),
            QUIZ_RESULT: {"top": result.top, "ranking": ranking(result.ranking)}}


def tomorrow_content(answer: Answer, today: QuizResult, tomorrow: QuizResult, user_id: str, name: str,
                     command: str) -> Content:
    """A member's profile today and the one they wish for in two years, with both rankings."""
    return {**addressed(answer_content(answer, command), user_id, name),
            QUIZ_TOMORROW: {"today": {"top": today.top, "ranking": ranking(today.ranking)},
                            "tomorrow": {"top": tomorrow.top, "ranking": ranking(tomorrow.ranking)}}}


def team_profile_content(answer: Answer, profile: TeamProfile, command: str) -> Content:
    return {**answer_content(answer, command),
            TEAM_PROFILE: {"participants": profile.participants, "top": profile.top,
                           "ranking": ranking(profile.ranking), **team_metadata(profile)}}


def ranking(scores: tuple[Score, ...]) -> list[dict[str, Any]]:
    """Scores as integer percentages (Matrix rejects floats in events)."""
    return [{"archetype": s.archetype, "score": round(s.score * 100)} for s in scores]


def edit(original: str, content: Content) -> Content:
    """An edit replacing `original` with `content` (m.replace). Clients show `m.new_content`;
    the outer body is the '* …' fallback. Extra keys (our metadata) go in both, so a reader of
    either the edit event or the edited message finds them. An edit carries no thread relation:
    it inherits the original's."""
    new_content = {k: v for k, v in content.items() if k not in ("m.relates_to", "m.mentions")}
    outer = {**new_content, "body": f"* {content['body']}", "formatted_body": f"* {content['formatted_body']}"}
    return {**outer, "m.new_content": new_content, "m.mentions": {},
            "m.relates_to": {"rel_type": "m.replace", "event_id": original}}


# -- files -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    """A file in the media repository; `keys` (nio's decryption info) when it was encrypted."""

    url: str  # mxc://…
    mimetype: str
    filename: str
    size: int
    keys: dict[str, Any] | None = None


def file_content(upload: Upload, msgtype: str, caption: str, data: bytes | None = None) -> Content:
    """An `m.image` or `m.file` message for `upload`. `caption` is the `body`: clients show it
    with the file (as the image's alt text too), `filename` names the download. An encrypted
    upload goes in `file` (url + keys), a plain one in `url`. For a PNG, `data` gives its size."""
    info: dict[str, Any] = {"mimetype": upload.mimetype, "size": upload.size}
    if data is not None and upload.mimetype == "image/png" and data[12:16] == b"IHDR":
        info["w"], info["h"] = struct.unpack(">II", data[16:24])
    content: Content = {"msgtype": msgtype, "body": caption, "filename": upload.filename, "info": info,
                        "m.mentions": {}}
    if upload.keys is not None:
        content["file"] = {**upload.keys, "url": upload.url}
    else:
        content["url"] = upload.url
    return content
