"""Incoming Matrix events → the four things the front end acts on: a text message, a
reaction, a poll vote, someone's membership changing (joining or leaving a private room).

How matrix-nio 0.26 delivers them (checked against Synapse, plain and encrypted rooms):
- `m.text` messages are `RoomMessageText`, already decrypted in encrypted rooms. An *edit* is
  one too (body "* new text", `m.relates_to.rel_type == "m.replace"`): it is not a new
  command, so it is dropped here. A message in a thread carries
  `{"rel_type": "m.thread", "event_id": ROOT, "m.in_reply_to": {...}}`, `event_id` always
  being the thread root; a plain reply carries only `m.in_reply_to`. Older clients prefix a
  reply's body with the quoted message ("> <@user> …" lines, then a blank line).
- Reactions are `ReactionEvent` (`reacts_to`, `key`); clients never encrypt them. Keycaps
  arrive with or without the VS16 (U+FE0F) between digit and U+20E3, ✋ possibly with a skin
  tone, and ↩️ with or without its VS16, so keys are normalised before comparing.
- Poll votes have no nio class: `UnknownEvent` with the full event in `.source`, also after
  decryption. Element sends `org.matrix.msc3381.poll.response` with
  `{"org.matrix.msc3381.poll.response": {"answers": [id]}}`; the stable forms are
  `m.poll.response` with the same shape, or (current MSC3381 text) `m.selections: [id]`. All
  relate to the poll start event by `m.reference`.
- Membership changes are `RoomMemberEvent` (`state_key` the member, `membership`,
  `prev_membership`); a join over a join is a profile change (name, avatar), not a join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nio import MatrixRoom, ReactionEvent, RoomMemberEvent, RoomMessageText, UnknownEvent

COMMAND = "!labtype"
POLL_RESPONSE_TYPES = ("org.matrix.msc3381.poll.response", "m.poll.response")
RAISED_HAND = "✋"
BACK_ARROW = "\u21a9"  # ↩️ without its VS16
_SKIN_TONES_AND_VS16 = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f]")


@dataclass(frozen=True)
class Message:
    room_id: str
    event_id: str
    sender: str
    sender_name: str
    body: str
    thread_root: str | None  # the thread this message is in
    reply_to: str | None  # the event it replies to (in a thread: maybe only the fallback)


@dataclass(frozen=True)
class Reaction:
    room_id: str
    event_id: str
    sender: str
    sender_name: str
    target: str
    key: str  # without VS16 or skin tone


@dataclass(frozen=True)
class Vote:
    room_id: str
    event_id: str
    sender: str
    sender_name: str
    poll_id: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Membership:
    room_id: str
    event_id: str
    member: str
    membership: str  # "join", "leave" (declined, left, kicked), "ban", "invite"


def parse_event(room: MatrixRoom, event: Any) -> Message | Reaction | Vote | Membership | None:
    """The event as one of the three, or None when it is none of our business."""
    name = room.user_name(getattr(event, "sender", "")) or getattr(event, "sender", "")
    if isinstance(event, RoomMessageText):
        relation = event.source.get("content", {}).get("m.relates_to") or {}
        if relation.get("rel_type") == "m.replace":
            return None
        thread_root = relation.get("event_id") if relation.get("rel_type") == "m.thread" else None
        reply_to = (relation.get("m.in_reply_to") or {}).get("event_id")
        body = _strip_reply_fallback(event.body) if reply_to else event.body
        return Message(room.room_id, event.event_id, event.sender, name, body, thread_root, reply_to)
    if isinstance(event, ReactionEvent):
        key = _SKIN_TONES_AND_VS16.sub("", event.key)
        return Reaction(room.room_id, event.event_id, event.sender, name, event.reacts_to, key)
    if isinstance(event, UnknownEvent) and event.type in POLL_RESPONSE_TYPES:
        return _vote(room.room_id, name, event)
    if isinstance(event, RoomMemberEvent) and event.membership != event.prev_membership:
        return Membership(room.room_id, event.event_id, event.state_key, event.membership)
    return None


def command_args(body: str) -> str | None:
    """'!labtype méthodes co-designer' → 'méthodes co-designer'; None when not a command."""
    text = body.lstrip()
    head, rest = text[: len(COMMAND)], text[len(COMMAND):]
    if head.casefold() != COMMAND or (rest and not rest[0].isspace()):
        return None
    return rest.strip()


def _vote(room_id: str, sender_name: str, event: UnknownEvent) -> Vote | None:
    content = event.source.get("content", {})
    relation = content.get("m.relates_to") or {}
    if relation.get("rel_type") != "m.reference" or not isinstance(relation.get("event_id"), str):
        return None
    response: dict[str, Any] = next((content[t] for t in POLL_RESPONSE_TYPES if isinstance(content.get(t), dict)), {})
    answers = response.get("answers", content.get("m.selections"))
    if not isinstance(answers, list) or not answers or not all(isinstance(a, str) for a in answers):
        return None  # a spoiled vote, as MSC3381 says
    return Vote(room_id, event.event_id, event.sender, sender_name, relation["event_id"], tuple(answers))


def _strip_reply_fallback(body: str) -> str:
    """Drop the '> quoted' lines older clients put before a reply's own text."""
    lines = body.split("\n")
    if not lines[0].startswith("> "):
        return body
    while lines and lines[0].startswith(">"):
        lines.pop(0)
    return "\n".join(lines).strip()
