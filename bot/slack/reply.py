"""Talking back: public posts, and private replies to the person who typed or clicked."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient, WebhookResponse

from bot.core.answers import Answer
from bot.core.messages import message
from bot.slack import render
from bot.slack.render import Message
from bot.slack.values import QuizRef

log = logging.getLogger(__name__)

# Errors meaning "the bot may not write there": a private channel or a conversation it was not
# invited to (public channels need no invitation thanks to the chat:write.public scope).
NOT_ALLOWED = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


class CannotPost(Exception):
    """Slack refused a post because of where it goes; the user can fix it by inviting the bot."""


async def post(client: AsyncWebClient, channel: str, outgoing: Message, **options: Any) -> dict:
    """`chat.postMessage`; `options` are its other arguments (thread_ts, metadata…)."""
    try:
        response = await client.chat_postMessage(channel=channel, **outgoing.args(), **options)
    except SlackApiError as error:
        if error.response.get("error") in NOT_ALLOWED:
            raise CannotPost(error.response["error"]) from error
        raise
    return response.data  # type: ignore[return-value]


async def post_all(client: AsyncWebClient, channel: str, parts: Sequence[Message], **options: Any) -> None:
    """Post an answer split into several messages, in order; `CannotPost` as `post`."""
    for part in parts:
        await post(client, channel, part, **options)


@dataclass(frozen=True)
class Reply:
    """A private answer to one person: ephemeral messages through the interaction's
    response_url, or, from the App Home where there is no conversation, a modal."""

    client: AsyncWebClient
    respond: AsyncRespond | None
    trigger_id: str | None

    async def answer(self, answer: Answer, quiz: QuizRef | None = None, heading: str = "", replace: bool = False) -> None:
        if self.respond is None:
            await self.modal(render.answer_modal(answer))
            return
        await self.messages(render.messages(answer, quiz, heading), replace)

    async def tell(self, text: str, replace: bool = False) -> None:
        if self.respond is None:
            await self.modal(render.notice_modal(text))
            return
        await self.messages([render.notice(text)], replace)

    async def messages(self, messages: Sequence[Message], replace: bool = False) -> None:
        """`replace` replaces the message clicked in with the first one. Posted with the Web API
        client's connection pool (Bolt's `respond` would open a connection per reply)."""
        assert self.respond is not None
        for n, part in enumerate(messages):
            sent = await self._respond(part, replace_original=replace and n == 0)
            if sent.status_code != 200:  # an expired response_url (30 minutes, 5 uses) does not raise
                log.warning("response_url refused the reply: %s %s", sent.status_code, sent.body)
                return

    async def _respond(self, part: Message, replace_original: bool) -> WebhookResponse:
        assert self.respond is not None
        if self.respond.response_url is None:  # as Bolt's respond says
            raise ValueError("respond is unsupported here as there is no response_url")
        webhook = AsyncWebhookClient(self.respond.response_url, session=self.client.session, proxy=self.respond.proxy,
                                     ssl=self.respond.ssl)
        return await webhook.send(response_type="ephemeral", replace_original=replace_original, **part.args())

    async def modal(self, view: dict) -> None:
        if self.trigger_id:
            await self.client.views_open(trigger_id=self.trigger_id, view=view)


async def apologising(work: Awaitable[None], reply: Reply, lang: str) -> None:
    """`work` (handed to `AfterAck` after an acknowledgement) within an `apology`."""
    async with apology(reply, lang):
        await work


@contextlib.asynccontextmanager
async def apology(reply: Reply, lang: str) -> AsyncIterator[None]:
    """Say sorry, privately, when what follows an acknowledgement fails (and log why).

    Bolt's own error handler is too late by then: Slack has had its answer, and the work goes on
    in `AfterAck`, outside Bolt. So listeners wrap their work after `ack()` in this.
    """
    try:
        yield
    except Exception:
        log.exception("a Slack listener failed after acknowledging")
        await reply.tell(message("slack_error", lang))
