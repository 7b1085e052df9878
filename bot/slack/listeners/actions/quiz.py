"""The team quiz's buttons: start, join, answer, back, "Et dans deux ans ?", close, share, report.

Join, answer, back and "Et dans deux ans ?" each have a recorder, run before the acknowledgement
(it writes to the store), and a handler, run after it (it shows the member the outcome).
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import message
from bot.slack import render
from bot.slack.context import SlackContext
from bot.slack.listeners.actions.click import Click, Recorded
from bot.slack.modals import quiz_modal
from bot.slack.quizfiles import post_report, post_result_picture, post_team_picture
from bot.slack.reply import CannotPost, post_all
from bot.slack.values import START, START_ANONYMOUS, BadButton, QuizRef
from bot.teamquiz import QuizProblem, Step

# Problems after which the member is shown where they are, in place of the question clicked.
SHOW_WHERE_THEY_ARE = ("quiz_stale", "quiz_already_done")
# Problems that end the quiz for them: the question clicked is replaced by the explanation.
QUIZ_OVER = ("quiz_closed", "quiz_unknown")


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
    try:
        step = await ctx.runtime.teamquiz.start_tomorrow(clicked.quiz_id, _user_id(body))
    except QuizProblem as problem:
        return Recorded(clicked, problem=problem)
    return Recorded(clicked, step, QuizProblem("quiz_tomorrow_started") if step.resumed else None)


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
    step = await _moved(ctx, click)
    if step is not None and step.result:
        await ctx.team.refresh(click.client, step.quiz.id)


async def back(ctx: SlackContext, click: Click) -> None:
    await _moved(ctx, click)


async def _moved(ctx: SlackContext, click: Click) -> Step | None:
    """After an answer or a back recorded before the acknowledgement: the member's new step in
    place of the question clicked, or why the click changed nothing (None)."""
    recorded = click.recorded
    if recorded is None:
        raise BadButton(click.value)  # the recorder could not read the button either
    if recorded.problem is not None:
        await explain(ctx, click, recorded.clicked, recorded.problem)
        return None
    await show_step(ctx, click, recorded.step, replace=True)
    return recorded.step


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
