"""The two forms: share a card into a thread (message shortcut), start a quiz (App Home).

Each modal is opened by one listener and submitted to another, possibly after a restart, so what
the submission needs travels in the view itself (`private_metadata`), and is checked on the way
back like a button value.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    Option,
    StaticSelectElement,
)

from bot.core.answers import Answerer
from bot.core.messages import message
from bot.slack.render import modal
from bot.slack.values import BadButton, Target

SHARE_CARD = "share_card"  # the message shortcut's callback_id, and its modal's
START_QUIZ = "start_quiz"
ARCHETYPE, CHARACTERISTIC, CHANNEL = "archetype", "characteristic", "channel"  # block ids
PICK = "pick"  # the action_id of every input's element
_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9_]{1,30}")  # Slack ids; the underscore is for tests
_TS = re.compile(r"\d{1,12}\.\d{1,8}")


@dataclass(frozen=True)
class ShareRequest:
    """Post `target` as a reply in the thread `thread_ts` of `channel`."""

    channel: str
    thread_ts: str
    target: Target

    @classmethod
    def parse(cls, view: dict) -> ShareRequest:
        try:
            where = json.loads(view.get("private_metadata") or "")
            channel, thread_ts = where["channel"], where["thread_ts"]
        except (ValueError, TypeError, KeyError):
            raise BadButton(view.get("private_metadata")) from None
        if not (isinstance(channel, str) and _CHANNEL_ID.fullmatch(channel)
                and isinstance(thread_ts, str) and _TS.fullmatch(thread_ts)):
            raise BadButton(where)
        archetype, characteristic = _selected(view, ARCHETYPE), _selected(view, CHARACTERISTIC)
        if archetype is None:
            raise BadButton("no archetype")
        return cls(channel, thread_ts, Target.parse(f"{archetype}/{characteristic or ''}"))


def share_modal(answerer: Answerer, lang: str, channel: str, shared_on: dict) -> dict[str, Any]:
    """The card picker for a message; the reply goes to the thread the message is in (its root
    `thread_ts`), or starts one under it."""
    typology = answerer.typology
    where = json.dumps({"channel": channel, "thread_ts": shared_on.get("thread_ts") or shared_on["ts"]})
    archetypes = [Option(value=a.id, text=answerer.archetype_label(a, lang)) for a in typology.archetypes]
    characteristics = [Option(value=c.id, text=c.name.get(lang)) for c in typology.characteristics]
    blocks = [
        InputBlock(block_id=ARCHETYPE, label=message("slack_archetype_label", lang),
                   element=StaticSelectElement(action_id=PICK, options=archetypes)),
        InputBlock(block_id=CHARACTERISTIC, label=message("slack_characteristic_label", lang), optional=True,
                   hint=message("slack_characteristic_hint", lang),
                   element=StaticSelectElement(action_id=PICK, options=characteristics)),
    ]
    return modal(message("slack_share_modal_title", lang), blocks, callback_id=SHARE_CARD, private_metadata=where,
                 submit=message("slack_share_submit", lang), close=message("slack_cancel", lang))


def quiz_modal(lang: str) -> dict[str, Any]:
    """Where to post a quiz started from the App Home, which is in no channel."""
    channels = ConversationSelectElement(action_id=PICK, filter=ConversationFilter(include=["public", "private"],
                                                                                    exclude_bot_users=True))
    blocks = [InputBlock(block_id=CHANNEL, label=message("slack_quiz_channel_label", lang),
                         hint=message("slack_quiz_channel_hint", lang), element=channels)]
    return modal(message("slack_quiz_modal_title", lang), blocks, callback_id=START_QUIZ,
                 submit=message("slack_quiz_submit", lang), close=message("slack_cancel", lang))


def chosen_channel(view: dict) -> str:
    channel = _element(view, CHANNEL).get("selected_conversation")
    if not (isinstance(channel, str) and _CHANNEL_ID.fullmatch(channel)):
        raise BadButton(channel)
    return channel


def _selected(view: dict, block: str) -> str | None:
    option = _element(view, block).get("selected_option") or {}
    return option.get("value")


def _element(view: dict, block: str) -> dict:
    element = view.get("state", {}).get("values", {}).get(block, {}).get(PICK)
    return element if isinstance(element, dict) else {}
