"""Answer → Block Kit: the Slack analogue of `bot/terminal/render.py`.

Blocks are built with `slack_sdk.models`, whose `to_dict()` validates Slack's limits (3000
characters a section, 150 a header, 75 a button text, 2000 a button value, 25 buttons an
actions block, 100 blocks a view…), so a message Slack would reject fails here, in tests,
instead. The one limit the models do not know, 50 blocks a message, is met by splitting an
answer into several messages (`messages`), or by shortening it where only one message can be
sent (`one_message`, for `chat.update`).

All text is escaped (`&`, `<`, `>`) before it goes into mrkdwn, and mrkdwn
is sent `verbatim`, so `/labtype <!channel>` shows those characters and pings nobody.
Titles, which may echo the query, are plain text: Slack never parses mentions there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.answers import Action, Answer, Comparison, Field
from bot.core.messages import message
from bot.slack.values import CLOSE, JOIN, QUIZ, TOMORROW, QuizRef, button_for

MESSAGE_BLOCKS = 50  # Slack's limit per message; the models do not check it
VIEW_BLOCKS = 100
SECTION_CHARS = 3000
HEADER_CHARS = 150
CONTEXT_CHARS = 2000
FIELD_CHARS = 2000  # a section field's text
FIELDS_PER_SECTION = 10
BUTTON_CHARS = 75
BUTTONS_PER_BLOCK = 25
VIEW_TITLE_CHARS = 24
FALLBACK_CHARS = 3000  # the notification text; Slack truncates at 40 000 but nobody reads that
FENCE = "```"
RENDERED_CACHE = 1024  # answers kept rendered: a few kilobytes each
OPTIONS_CACHE = 4096  # quiz options kept rendered (7 options × 7 positions × 5 questions per quiz and phase)
_USER_ID = re.compile(r"[UW][A-Z0-9_]{1,30}")  # Slack ids; the underscore is for tests


@dataclass(frozen=True)
class Message:
    """One Slack message: the blocks, and the plain text used in notifications."""

    text: str
    blocks: list[dict[str, Any]]

    def args(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


# -- text ---------------------------------------------------------------------------------------

def escape(text: str) -> str:
    """The three characters Slack's mrkdwn reserves for links, mentions and entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """What the user typed, from a slash command's text, which Slack sends escaped as above
    (only those three: `&eacute;` typed stays `&eacute;`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mention(user_id: str) -> str:
    """`<@U…>` for a real user id, the escaped text for anything else."""
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else escape(user_id)


def shared_by(user_id: str, lang: str) -> str:
    """The heading of a post someone shared."""
    return message("slack_shared_by", lang, user=mention(user_id))


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pieces(text: str, limit: int) -> list[str]:
    """`text` cut into parts of at most `limit` characters: at a line end, else at a space,
    else anywhere but inside an HTML entity."""
    parts = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit + 1)
        if cut > 0:
            parts.append(text[:cut])
            text = text[cut + 1:]
            continue
        cut = limit
        entity = text.rfind("&", cut - 5, cut)
        if entity > 0 and ";" not in text[entity:cut]:
            cut = entity
        parts.append(text[:cut])
        text = text[cut:]
    return [*parts, text]


# -- answers ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=RENDERED_CACHE)
def messages(answer: Answer, quiz: QuizRef | None = None, heading: str = "", with_actions: bool = True) -> tuple[Message, ...]:
    """The answer as one message, or several when it has more than 50 blocks (buttons last).
    `heading` is mrkdwn shown first (who shared it, why this is shown); `quiz` is the quiz the
    answer belongs to, for its buttons.

    Cached: the models' validation is most of the time a slash command takes, and people ask
    the same things (answers are immutable, so equal answers render alike). The messages
    returned are shared: never modify them."""
    blocks = [block.to_dict() for block in answer_blocks(answer, quiz, heading, with_actions)]
    text = fallback(answer)
    return tuple(Message(text, blocks[start:start + MESSAGE_BLOCKS]) for start in range(0, len(blocks), MESSAGE_BLOCKS))


def one_message(answer: Answer, quiz: QuizRef | None = None, heading: str = "") -> Message:
    """The answer in a single message, shortened in the middle if it must be (a message that is
    edited in place, like the team message, cannot become two)."""
    blocks = fit(answer_blocks(answer, quiz, heading), MESSAGE_BLOCKS)
    return Message(fallback(answer), [block.to_dict() for block in blocks])


def notice(text: str) -> Message:
    """A one-paragraph message: a polite refusal, an explanation."""
    return Message(clip(escape(text), FALLBACK_CHARS), [block.to_dict() for block in _sections(escape(text))])


def fallback(answer: Answer) -> str:
    return clip(escape(answer.title), FALLBACK_CHARS)


def answer_blocks(answer: Answer, quiz: QuizRef | None = None, heading: str = "", with_actions: bool = True) -> list[Block]:
    blocks: list[Block] = [_context(heading)] if heading else []
    blocks.append(_title(answer.title))
    if answer.intro:
        blocks += _sections(escape(answer.intro))
    if answer.confirm_first:  # the team quiz is public: its button asks first
        blocks += _sections(f"*{escape(message('quiz_confirm', answer.lang))}*")
    if answer.kind == "quiz_question":
        blocks += _options(answer, quiz)
    elif answer.comparison:
        blocks += _comparison(answer.comparison, answer.lang)
    else:
        for field in answer.fields:
            # a cell's title already names its characteristic; help examples are commands to type
            blocks += _field(field, label=answer.kind != "cell", code=answer.kind == "help" and field.text.startswith("/"))
    if answer.source:
        blocks.append(_context(escape(answer.source)))
    if with_actions:
        blocks += _buttons([a for a in answer.actions if a.kind != "answer"], answer.lang, quiz)
    return blocks


def fit(blocks: Sequence[Block], limit: int) -> list[Block]:
    """At most `limit` blocks: the first ones, an ellipsis, and the trailing buttons."""
    if len(blocks) <= limit:
        return list(blocks)
    tail = 0
    while tail < len(blocks) and isinstance(blocks[-1 - tail], ActionsBlock):
        tail += 1
    return [*blocks[: limit - 1 - tail], _context("…"), *blocks[len(blocks) - tail:]]


# -- views --------------------------------------------------------------------------------------

def modal(title: str, blocks: Sequence[Block], **view: Any) -> dict[str, Any]:
    """A modal view (`callback_id`, `submit`, `close`, `private_metadata` as keyword arguments,
    the button texts as plain strings)."""
    for button in ("submit", "close"):
        if view.get(button):
            view[button] = PlainTextObject(text=view[button])
    return View(type="modal", title=PlainTextObject(text=clip(title, VIEW_TITLE_CHARS)),
                blocks=fit(blocks, VIEW_BLOCKS), **view).to_dict()


def answer_modal(answer: Answer) -> dict[str, Any]:
    """An answer shown where there is no conversation to answer in (the App Home)."""
    return modal("labtype", answer_blocks(answer, with_actions=False))


def notice_modal(text: str) -> dict[str, Any]:
    return modal("labtype", _sections(escape(text)))


def home_view(help_answer: Answer, glance: Answer, quiz: Answer) -> dict[str, Any]:
    """The App Home tab: the help's title, the 7 archetypes at a glance (`glance`, a row answer,
    one button per archetype to open its card), then the quiz with its start button."""
    lang = help_answer.lang
    blocks: list[Block] = [_title(help_answer.title), *_sections(escape(help_answer.intro)), DividerBlock(),
                           *_sections(f"*{escape(glance.title)}*")]
    for n, (field, action) in enumerate(zip(glance.fields, glance.actions)):
        name, value = button_for(action, None)
        text = clip(f"*{escape(field.label)}*\n{escape(field.text)}", SECTION_CHARS)
        blocks.append(SectionBlock(text=_mrkdwn(text), accessory=_button(message("action_card", lang), name, n, value, lang)))
    blocks += [_context(escape(glance.source)), DividerBlock(), _title(quiz.title), *_sections(escape(quiz.intro)),
               *_buttons(quiz.actions, lang, None)]
    return View(type="home", blocks=fit(blocks, VIEW_BLOCKS)).to_dict()


# -- blocks -------------------------------------------------------------------------------------

def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text, verbatim=True)


def _title(title: str) -> Block:
    if len(title) <= HEADER_CHARS:
        return HeaderBlock(text=PlainTextObject(text=title, emoji=False))
    return SectionBlock(text=PlainTextObject(text=clip(title, SECTION_CHARS), emoji=False))


def _sections(mrkdwn: str) -> list[Block]:
    return [SectionBlock(text=_mrkdwn(part)) for part in pieces(mrkdwn, SECTION_CHARS)]


def _context(mrkdwn: str) -> Block:
    return ContextBlock(elements=[_mrkdwn(clip(mrkdwn, CONTEXT_CHARS))])


def _field(field: Field, label: bool, code: bool) -> list[Block]:
    head = f"*{escape(clip(field.label, 200))}*\n" if label else ""
    fence = FENCE if field.preformatted else "`" if code else ""
    parts = pieces(escape(field.text), SECTION_CHARS - len(head) - 2 * len(fence))
    blocks: list[Block] = [SectionBlock(text=_mrkdwn(f"{head if n == 0 else ''}{fence}{part}{fence}"))
                           for n, part in enumerate(parts)]
    if field.note:
        blocks.append(_context(f"_{escape(field.note)}_"))
    return blocks


def _comparison(comparison: Comparison, lang: str) -> list[Block]:
    """One section per characteristic: its name, marked as differing or shared, then one field per
    archetype (Slack draws fields as two columns)."""
    blocks: list[Block] = []
    for row in comparison.rows:
        mark = message("compare_shared_cell", lang) if row.shared else message("compare_differs_mark", lang) if row.differs else ""
        heading = f"*{escape(row.label)}*" + (f" — _{escape(mark)}_" if mark else "")
        fields = [_mrkdwn(clip(f"*{escape(column)}*\n{escape(text)}", FIELD_CHARS))
                  for column, text in zip(comparison.columns, row.cells)][:FIELDS_PER_SECTION]
        blocks.append(SectionBlock(text=_mrkdwn(clip(heading, SECTION_CHARS)), fields=fields))
    return blocks


def _options(answer: Answer, quiz: QuizRef | None) -> Iterable[Block]:
    """A quiz question's options, each with its own button: option texts are longer than the
    75 characters a button can show."""
    choices = [action for action in answer.actions if action.kind == "answer"]
    choose = message("slack_choose", answer.lang)
    for n, (field, action) in enumerate(zip(answer.fields, choices)):
        name, value = button_for(action, quiz)
        yield _option(field.label, field.text, choose, name, n, value, answer.lang)


@functools.lru_cache(maxsize=OPTIONS_CACHE)
def _option(label: str, text: str, choose: str, name: str, n: int, value: str, lang: str) -> Block:
    """One option and its button, built and validated once: each member of a quiz sees the same
    options, each at a position of their own order (a question is seven options at seven
    positions), and validating the models is most of what rendering a question costs."""
    mrkdwn = clip(f"*{escape(label)}.* {escape(text)}", SECTION_CHARS)
    return Rendered(SectionBlock(text=_mrkdwn(mrkdwn), accessory=_button(choose, name, n, value, lang)).to_dict())


class Rendered(Block):
    """A block already turned into Slack's JSON (shared: never modify it)."""

    def __init__(self, rendered: dict[str, Any]) -> None:
        super().__init__(type=rendered["type"])
        self.rendered = rendered

    def to_dict(self, *args: Any) -> dict[str, Any]:
        return self.rendered


def _buttons(actions: Sequence[Action], lang: str, quiz: QuizRef | None) -> list[Block]:
    elements = []
    for n, action in enumerate(actions):
        name, value = button_for(action, quiz)
        elements.append(_button(action.label, name, n, value, lang))
    return [ActionsBlock(elements=elements[start:start + BUTTONS_PER_BLOCK])
            for start in range(0, len(elements), BUTTONS_PER_BLOCK)]


def _button(label: str, name: str, n: int, value: str, lang: str) -> ButtonElement:
    confirm = None
    if name == CLOSE:  # closing cannot be undone
        confirm = ConfirmObject(title=message("slack_close_confirm_title", lang), text=message("slack_close_confirm_text", lang),
                                confirm=label, deny=message("slack_cancel", lang))
    return ButtonElement(text=PlainTextObject(text=clip(label, BUTTON_CHARS), emoji=False), action_id=f"{name}:{n}",
                         value=value, style="primary" if name in (JOIN, QUIZ, TOMORROW) else "danger" if confirm else None,
                         confirm=confirm)
