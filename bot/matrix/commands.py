"""`!labtype …` commands, maubot-style: each one a small function registered under its names
with the message key of its usage line, shown when its arguments do not fit.

`!labtype <anything else>` asks the core (the default command), so `!labtype méthodes
co-designer` needs no sub-command. Answers go where the command was: into its thread, or
else as a reply to it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.core.answers import Answer
from bot.core.messages import LANGS, message
from bot.core.text import fold
from bot.matrix.events import COMMAND, Message
from bot.matrix.outbox import Outbox, SendFailed
from bot.matrix.quiz import QuizThreads
from bot.matrix.render import Content, answer_content, as_reply, in_thread, text_content
from bot.runtime import Runtime

PREFIX = COMMAND + " "  # how commands are shown in help and hints
LANG = "matrix.lang"  # setting scope: room id → answer language
SHAREABLE = ("cell", "card", "row", "search")


@dataclass(frozen=True)
class Request:
    incoming: Message
    args: str  # what follows the sub-command's name
    lang: str


class BadUsage(Exception):
    """The arguments do not fit the command: its usage line is shown."""


@dataclass(frozen=True)
class Context:
    """What command handlers may use."""

    runtime: Runtime
    outbox: Outbox
    quiz: QuizThreads
    default_lang: str

    async def reply(self, request: Request, content: Content) -> None:
        """Into the command's thread, or as a reply to the command."""
        incoming = request.incoming
        if incoming.thread_root:
            content = in_thread(content, incoming.thread_root, incoming.event_id)
        else:
            content = as_reply(content, incoming.event_id)
        await self.outbox.send(incoming.room_id, content)

    async def room_lang(self, room_id: str) -> str:
        return await self.runtime.store.get_setting(LANG, room_id) or self.default_lang


Handler = Callable[[Context, Request], Awaitable[None]]


@dataclass(frozen=True)
class Command:
    names: tuple[str, ...]
    handler: Handler
    usage: str  # message key


COMMANDS: dict[str, Command] = {}


def command(*names: str, usage: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        spec = Command(names, handler, usage)
        COMMANDS.update(dict.fromkeys(names, spec))
        return handler
    return register


async def run_command(context: Context, incoming: Message, args: str) -> None:
    """Dispatch `args` (what follows `!labtype`) to its sub-command, or ask the core."""
    lang = await context.room_lang(incoming.room_id)
    name, rest = (args.split(maxsplit=1) + ["", ""])[:2]
    spec = COMMANDS.get(fold(name))
    if spec is None:
        await ask(context, Request(incoming, args, lang))
        return
    request = Request(incoming, rest, lang)
    try:
        await spec.handler(context, request)
    except BadUsage:
        await context.reply(request, text_content(_usage(spec.usage, lang)))


async def ask(context: Context, request: Request) -> None:
    """The default: the core's answer. Help and "not found" also list the sub-commands."""
    answer = context.runtime.answerer.ask(request.args, request.lang, PREFIX)
    if answer.kind == "quiz":
        await context.quiz.start(request.incoming, request.lang, answer.anonymous)
        return
    await context.reply(request, _with_usage(answer))


@command("quiz", usage="matrix_usage_quiz")
async def quiz(context: Context, request: Request) -> None:
    """`!labtype quiz`, or `!labtype quiz anonyme` for a team profile without names."""
    answer = context.runtime.answerer.ask(f"quiz {request.args}", request.lang)
    if request.args and not answer.anonymous:
        raise BadUsage
    await context.quiz.start(request.incoming, request.lang, answer.anonymous)


@command("compte rendu", "compterendu", "report", "rapport", usage="matrix_usage_report")  # "compte-rendu" folds to "compte rendu"
async def report(context: Context, request: Request) -> None:
    """In a quiz thread, by its starter: the workshop report as files."""
    if request.args or not await context.quiz.report(request.incoming):
        raise BadUsage


@command("retour", "back", usage="matrix_usage_back")
async def back(context: Context, request: Request) -> None:
    """In a quiz thread: change one's previous answer."""
    if request.args or not await context.quiz.back(request.incoming):
        raise BadUsage


@command("demain", "tomorrow", usage="matrix_usage_tomorrow")
async def tomorrow(context: Context, request: Request) -> None:
    """In a quiz thread or one's private room, after one's result: "Et dans deux ans ?"."""
    if request.args or not await context.quiz.tomorrow(request.incoming):
        raise BadUsage


@command("fermer", "close", usage="matrix_usage_close")
async def close(context: Context, request: Request) -> None:
    """In a quiz thread: close the quiz (its starter only)."""
    if request.args or not await context.quiz.close(request.incoming):
        raise BadUsage


@command("partager", "share", usage="matrix_usage_share")
async def share(context: Context, request: Request) -> None:
    """Post an answer (a card, usually) for the conversation: into the thread the command is
    in, or as a new thread on the message the command replies to."""
    if not request.args:
        raise BadUsage
    answer = context.runtime.answerer.ask(request.args, request.lang, PREFIX)
    if answer.kind == "none":  # say what was not found, with suggestions, then how to share
        await context.reply(request, answer_content(answer, PREFIX, footer=_usage("matrix_usage_share", request.lang)))
        return
    if answer.kind not in SHAREABLE:
        raise BadUsage
    content, target = answer_content(answer, PREFIX), request.incoming.reply_to
    if request.incoming.thread_root or not target:
        await context.reply(request, content)
        return
    try:
        await context.outbox.send(request.incoming.room_id, in_thread(content, target, target))
    except SendFailed:  # that message cannot start a thread (it relates to another one)
        await context.reply(request, content)


@command("lang", "langue", "language", usage="matrix_usage_lang")
async def lang(context: Context, request: Request) -> None:
    choice = fold(request.args)
    if choice not in LANGS:
        raise BadUsage
    await context.runtime.store.set_setting(LANG, request.incoming.room_id, choice)
    await context.reply(request, text_content(message("matrix_lang_set", choice)))


@command("aide", "help", usage="matrix_usage")
async def help_(context: Context, request: Request) -> None:
    await context.reply(request, _with_usage(context.runtime.answerer.help(request.lang, PREFIX)))


def _with_usage(answer: Answer) -> Content:
    """Help and "not found" also list the sub-commands, which the core does not know."""
    footer = _usage("matrix_usage", answer.lang) if answer.kind in ("help", "none") else ""
    return answer_content(answer, PREFIX, footer=footer)


def _usage(key: str, lang: str) -> str:
    return message(key, lang, command=PREFIX, current=lang)
