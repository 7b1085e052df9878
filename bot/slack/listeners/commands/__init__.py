"""`/labtype …`: the answer is the slash command's acknowledgement itself.

Answering in the HTTP response is the fastest path (no Web API call, no response_url), and
the answer is ephemeral: only the asker sees it until they share it.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import render
from bot.slack.context import COMMAND, SlackContext
from bot.slack.reply import Reply, apologising
from bot.slack.team import Workspace


def register(app: AsyncApp, ctx: SlackContext) -> None:
    @app.command(COMMAND)
    async def labtype(ack: AsyncAck, command: dict, client: AsyncWebClient, respond: AsyncRespond) -> None:
        await answer_command(ctx, ack, command, client, respond)


async def answer_command(ctx: SlackContext, ack: AsyncAck, command: dict, client: AsyncWebClient,
                         respond: AsyncRespond) -> None:
    user = await ctx.user(client, command)
    answer = ctx.runtime.answerer.ask(render.unescape(command.get("text", "")), user.lang, f"{COMMAND} ")
    reply = Reply(client, respond, None)
    if answer.kind == "quiz" and not answer.confirm_first:  # a quiz request typed as a sentence is asked first
        await ack()
        starting = ctx.start_quiz(client, reply, command["channel_id"], user, Workspace.of(command),
                                  anonymous=answer.anonymous)
        ctx.after_ack.start(apologising(starting, reply, user.lang))
        return
    first, *more = render.messages(answer)
    await ack(response_type="ephemeral", **first.args())
    if more:  # an answer longer than one message
        ctx.after_ack.start(apologising(reply.messages(more), reply, user.lang))
