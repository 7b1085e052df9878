"""Button clicks: the typology buttons, sharing, and the team quiz, one small function each.

Every click is acknowledged at once, then answered privately (an ephemeral message through the
click's response_url, or a modal when the click comes from the App Home). A quiz answer or back
is written to the store before the acknowledgement: a click Slack saw acknowledged is not lost,
even when the server dies right after. Only when the store is overloaded (its writes queue behind
one another, each flushed to disk) is the click acknowledged after ACK_WITHIN, before its write
ends, so that Slack does not show the member an error. A value this app did
not produce, a quiz that is closed or gone, a click on an action nobody handles: a polite
sentence, never an error page.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import message
from bot.slack import render
from bot.slack.context import SlackContext
from bot.slack.modals import quiz_modal
from bot.slack.quizfiles import post_report, post_result_picture, post_team_picture
from bot.slack.reply import CannotPost, Reply, apology, post_all
from bot.slack.users import SlackUser
from bot.slack.values import (
    ANSWER,
    BACK,
    CARD,
    CELL,
    CLOSE,
    COMPARE,
    JOIN,
    QUIZ,
    REPORT,
    ROW,
    SHARE,
    SHARE_RESULT,
    START,
    START_ANONYMOUS,
    TOMORROW,
    BadButton,
    Comparing,
    QuizRef,
    Target,
    action_pattern,
)
from bot.slack.team import Workspace
from bot.teamquiz import QuizProblem, Step

ACK_WITHIN = 2.0  # seconds a click waits for its write before it is acknowledged anyway (Slack allows 3)
# Problems after which the member is shown where they are, in place of the question clicked.
SHOW_WHERE_THEY_ARE = ("quiz_stale", "quiz_already_done")
# Problems that end the quiz for them: the question clicked is replaced by the explanation.
QUIZ_OVER = ("quiz_closed", "quiz_unknown")


@dataclass(frozen=True)
class Recorded:
    """What a quiz click changed in the store, before its acknowledgement: the button clicked, and
    the member's new step or the problem that refused it."""

    clicked: QuizRef
    step: Step | None = None
    problem: QuizProblem | None = None


@dataclass(frozen=True)
class Click:
    user: SlackUser
    value: str
    channel: str | None  # None in the App Home
    client: AsyncWebClient
    reply: Reply
    workspace: Workspace
    recorded: Recorded | None = None  # for the clicks written before their acknowledgement

    @property
    def lang(self) -> str:
        return self.user.lang


Handler = Callable[[SlackContext, Click], Awaitable[None]]
Recorder = Callable[[SlackContext, AsyncWebClient, dict, str], Awaitable[Recorded]]  # (…, payload, button value)


def register(app: AsyncApp, ctx: SlackContext) -> None:
    handlers: dict[str, Handler] = {
        CELL: show_cell, CARD: show_card, ROW: show_row, COMPARE: show_comparison, SHARE: share, QUIZ: start_quiz,
        JOIN: join, ANSWER: answer, BACK: back, CLOSE: close, SHARE_RESULT: share_result, REPORT: report,
        TOMORROW: tomorrow,
    }
    recorders: dict[str, Recorder] = {JOIN: record_join, ANSWER: record_answer, BACK: record_back,
                                      TOMORROW: record_tomorrow}
    for name, handler in handlers.items():
        app.action(action_pattern(name))(listener(ctx, handler, recorders.get(name)))
    app.action(re.compile(".*"))(listener(ctx, unknown))  # last: only what nothing above took


def listener(ctx: SlackContext, handler: Handler, recorder: Recorder | None = None) -> Callable[..., Awaitable[None]]:
    """A Bolt listener running `handler` on the click (after `recorder`'s write, if any, and the
    acknowledgement), polite about the problems users can cause."""

    async def on_click(ack: AsyncAck, body: dict, action: dict, client: AsyncWebClient, respond: AsyncRespond) -> None:
        recording = None
        if recorder is not None:
            recording = asyncio.ensure_future(recorder(ctx, client, body, action.get("value", "")))
            with contextlib.suppress(TimeoutError, BadButton):
                await asyncio.wait_for(asyncio.shield(recording), ACK_WITHIN)
        await ack()
        recorded = None
        if recording is not None:
            with contextlib.suppress(BadButton):  # the handler meets it again, and says so
                recorded = await recording
        click = Click(await ctx.user(client, body), action.get("value", ""), (body.get("channel") or {}).get("id"),
                      client, Reply(client, respond if body.get("response_url") else None, body.get("trigger_id")),
                      Workspace.of(body), recorded)
        async with apology(click.reply, click.lang):
            try:
                await handler(ctx, click)
            except BadButton:
                await click.reply.tell(message("slack_button_invalid", click.lang))
            except QuizProblem as problem:
                await click.reply.tell(problem.text(click.lang))

    on_click.__name__ = handler.__name__  # Bolt names listeners in its logs
    return on_click


# -- the typology ---------------------------------------------------------------------------------

async def show_cell(ctx: SlackContext, click: Click) -> None:
    target = Target.parse(click.value)
    if not (target.archetype and target.characteristic):
        raise BadButton(click.value)
    await click.reply.answer(ctx.runtime.answerer.cell(target.archetype, target.characteristic, click.lang))


async def show_card(ctx: SlackContext, click: Click) -> None:
    target = Target.parse(click.value)
    if not target.archetype:
        raise BadButton(click.value)
    await click.reply.answer(ctx.runtime.answerer.card(target.archetype, click.lang))


async def show_row(ctx: SlackContext, click: Click) -> None:
    target = Target.parse(click.value)
    if not target.characteristic:
        raise BadButton(click.value)
    await click.reply.answer(ctx.runtime.answerer.row(target.characteristic, click.lang))


async def show_comparison(ctx: SlackContext, click: Click) -> None:
    target = Comparing.parse(click.value)
    await click.reply.answer(ctx.runtime.answerer.compare(target.archetypes, target.characteristic, click.lang))


async def share(ctx: SlackContext, click: Click) -> None:
    """Post the cell or card publicly, saying who shared it."""
    if not click.channel:
        raise BadButton(click.value)
    shown, heading = ctx.shareable(Target.parse(click.value), click.lang), render.shared_by(click.user.id, click.lang)
    try:
        await post_all(click.client, click.channel, render.messages(shown, heading=heading))
    except CannotPost:
        await click.reply.tell(message("slack_not_in_channel", click.lang))


# -- the team quiz --------------------------------------------------------------------------------

async def start_quiz(ctx: SlackContext, click: Click) -> None:
    """In a conversation, the quiz starts there (anonymous if the request said so); from the App
    Home, a modal asks where."""
    if click.value not in (START, START_ANONYMOUS):
        raise BadButton(click.value)
    if click.channel:
        await ctx.start_quiz(click.client, click.reply, click.channel, click.user, click.workspace,
                             anonymous=click.value == START_ANONYMOUS)
    else:
        await click.reply.modal(quiz_modal(click.lang))


async def record_join(ctx: SlackContext, client: AsyncWebClient, body: dict, value: str) -> Recorded:
    clicked = QuizRef.parse(value, 1)
    user = await ctx.user(client, body)  # the name shown in the team profile
    try:
        return Recorded(clicked, await ctx.runtime.teamquiz.join(clicked.quiz_id, user.id, user.name))
    except QuizProblem as problem:
        return Recorded(clicked, problem=problem)


async def record_answer(ctx: SlackContext, client: AsyncWebClient, body: dict, value: str) -> Recorded:
    clicked = QuizRef.parse(value, 3, phased=True)
    try:
        return Recorded(clicked, await ctx.runtime.teamquiz.answer(clicked.quiz_id, _user_id(body), clicked.question,
                                                                   clicked.option, tomorrow=clicked.tomorrow))
    except QuizProblem as problem:
        return Recorded(clicked, problem=problem)


async def record_back(ctx: SlackContext, client: AsyncWebClient, body: dict, value: str) -> Recorded:
    """Undo the answer before the question on screen. A Retour clicked twice, or on an old
    question, must not undo more: the question on screen has to be the current one."""
    clicked = QuizRef.parse(value, 2, phased=True)
    try:
        return Recorded(clicked, await ctx.runtime.teamquiz.back(clicked.quiz_id, _user_id(body), clicked.question,
                                                                 tomorrow=clicked.tomorrow))
    except QuizProblem as problem:
        return Recorded(clicked, problem=problem)


async def record_tomorrow(ctx: SlackContext, client: AsyncWebClient, body: dict, value: str) -> Recorded:
    """"Et dans deux ans ?" under the member's result: its first question. Clicked again once
    begun, it says so and shows where they are."""
    clicked = QuizRef.parse(value, 1)
    service, member = ctx.runtime.teamquiz, _user_id(body)
    try:
        before = await service.current(clicked.quiz_id, member)
        step = await service.start_tomorrow(clicked.quiz_id, member)
    except QuizProblem as problem:
        return Recorded(clicked, problem=problem)
    if before is not None and before.tomorrow:
        return Recorded(clicked, step, QuizProblem("quiz_tomorrow_started"))
    return Recorded(clicked, step)


def _user_id(body: dict) -> str:
    return (body.get("user") or {}).get("id", "")


async def join(ctx: SlackContext, click: Click) -> None:
    """The first question in a new private message, or where the member stopped; the member
    was recorded as joining before the acknowledgement."""
    recorded = click.recorded
    if recorded is None:
        raise BadButton(click.value)  # the recorder could not read the button either
    if recorded.problem is not None:
        raise recorded.problem
    await show_step(ctx, click, recorded.step)


async def answer(ctx: SlackContext, click: Click) -> None:
    """Replace the question by the next one, or by the member's result (then the team message is
    brought up to date); the answer was recorded before the acknowledgement."""
    recorded = click.recorded
    if recorded is None:
        raise BadButton(click.value)
    if recorded.problem is not None:
        await explain(ctx, click, recorded.clicked, recorded.problem)
        return
    await show_step(ctx, click, recorded.step, replace=True)
    if recorded.step.result:
        await ctx.team.refresh(click.client, recorded.clicked.quiz_id)


async def back(ctx: SlackContext, click: Click) -> None:
    recorded = click.recorded
    if recorded is None:
        raise BadButton(click.value)
    if recorded.problem is not None:
        await explain(ctx, click, recorded.clicked, recorded.problem)
        return
    await show_step(ctx, click, recorded.step, replace=True)


async def tomorrow(ctx: SlackContext, click: Click) -> None:
    """The first question for the lab in two years, in a new private message under the member's
    result (which stays in view); the start was recorded before the acknowledgement."""
    recorded = click.recorded
    if recorded is None:
        raise BadButton(click.value)
    if recorded.step is None:
        assert recorded.problem is not None
        await explain(ctx, click, recorded.clicked, recorded.problem, replace=False)
        return
    notice = recorded.problem.text(click.lang) if recorded.problem else ""  # begun before: say so
    await show_step(ctx, click, recorded.step, notice=notice)


async def close(ctx: SlackContext, click: Click) -> None:
    """Close the quiz; the team message says so, then the team's chart goes into its thread."""
    quiz = QuizRef.parse(click.value, 1)
    closed = await ctx.runtime.teamquiz.close(quiz.quiz_id, click.user.id)
    await ctx.team.refresh(click.client, quiz.quiz_id)
    await post_team_picture(ctx.runtime, click.client, closed)


async def report(ctx: SlackContext, click: Click) -> None:
    """The starter's workshop report, as files in the quiz's thread."""
    clicked = QuizRef.parse(click.value, 1)
    quiz, profile = await ctx.runtime.teamquiz.report(clicked.quiz_id, click.user.id)
    if "ts" not in quiz.meta:
        raise BadButton(click.value)
    posted = await post_report(ctx.runtime, click.client, quiz, profile)
    await click.reply.tell(message("quiz_report_posted" if posted else "quiz_report_failed", click.lang))


async def share_result(ctx: SlackContext, click: Click) -> None:
    """Post the member's result in the thread of the team message: today's, or (a share under
    the shift) today's and the one for the lab in two years, with the chart of both."""
    quiz = QuizRef.parse(click.value, 1, phased=True)
    step = await ctx.runtime.teamquiz.current(quiz.quiz_id, click.user.id)
    if step is None or "ts" not in step.quiz.meta:
        raise BadButton(click.value)
    if quiz.tomorrow:
        today, later = (step.today, step.result) if step.tomorrow else (None, None)
    else:
        today, later = (step.today if step.tomorrow else step.result), None
    if today is None or (quiz.tomorrow and later is None):
        raise BadButton(click.value)
    quiz_answers = ctx.runtime.quiz_answers
    shared = quiz_answers.tomorrow(today, later, click.lang) if later else quiz_answers.result(today, click.lang)
    try:
        parts = render.messages(shared, heading=render.shared_by(click.user.id, click.lang), with_actions=False)
        await post_all(click.client, step.quiz.meta["channel"], parts, thread_ts=step.quiz.meta["ts"])
    except CannotPost:
        await click.reply.tell(message("slack_not_in_channel", click.lang))
        return
    await post_result_picture(ctx.runtime, click.client, step.quiz, today, click.lang, later)


async def show_step(ctx: SlackContext, click: Click, step: Step, replace: bool = False, notice: str = "") -> None:
    """The member's next question, or their result (offering "Et dans deux ans ?"), or, in that
    phase, the shift from today to the lab in two years; with `notice` above it."""
    quiz_answers = ctx.runtime.quiz_answers
    if step.result is not None and step.tomorrow:
        assert step.today is not None  # the tomorrow phase comes after today's result
        shown = quiz_answers.tomorrow(step.today, step.result, click.lang)
    elif step.result is not None:
        shown = quiz_answers.result(step.result, click.lang, offer_tomorrow=True)
    else:
        assert step.question is not None  # a step is a question or a result
        shown = quiz_answers.question(step.question, step.index, ctx.runtime.engine.length, click.lang, seed=step.seed,
                                      tomorrow=step.tomorrow)
    await click.reply.answer(shown, QuizRef(step.quiz.id, step.index, tomorrow=step.tomorrow), render.escape(notice),
                             replace)


async def explain(ctx: SlackContext, click: Click, clicked: QuizRef, problem: QuizProblem, replace: bool = True) -> None:
    """Say why the click did nothing; then, when it makes sense, where the member is (in place of
    the message clicked, unless `replace` is False)."""
    text = problem.text(click.lang)
    current = await ctx.runtime.teamquiz.current(clicked.quiz_id, click.user.id)
    if problem.key in SHOW_WHERE_THEY_ARE and current is not None:
        await show_step(ctx, click, current, replace=replace, notice=text)
    else:
        await click.reply.tell(text, replace=replace and problem.key in QUIZ_OVER)


async def unknown(ctx: SlackContext, click: Click) -> None:
    raise BadButton(click.value)
