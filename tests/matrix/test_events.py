"""Incoming events and settings, without a homeserver."""

from __future__ import annotations

import nio
import pytest

from bot.matrix.events import (
    Message,
    Vote,
    command_args,
    parse_event,
)
from bot.matrix.settings import MatrixConfigError, MatrixSettings

ROOM = nio.MatrixRoom("!room:example.org", "@labtype:example.org")


def text_event(content: dict) -> nio.Event:
    return nio.Event.parse_event({"type": "m.room.message", "event_id": "$e", "sender": "@alice:example.org",
                                  "origin_server_ts": 1, "content": {"msgtype": "m.text", **content}})


@pytest.mark.parametrize("body, args", [
    ("!labtype méthodes co-designer", "méthodes co-designer"),
    ("  !LabType   quiz ", "quiz"),
    ("!labtype", ""),
    ("!labtype\nsolutionneur", "solutionneur"),
    ("!labtypes quiz", None),
    ("labtype quiz", None),
    ("hello !labtype quiz", None),
])
def test_command_args(body, args):
    assert command_args(body) == args


def test_a_reply_in_a_thread_and_its_quoted_fallback():
    event = text_event({"body": "> <@bob:example.org> which one?\n> more\n\n!labtype solutionneur",
                        "m.relates_to": {"rel_type": "m.thread", "event_id": "$root", "is_falling_back": False,
                                         "m.in_reply_to": {"event_id": "$question"}}})
    assert parse_event(ROOM, event) == Message(ROOM.room_id, "$e", "@alice:example.org", "@alice:example.org",
                                               "!labtype solutionneur", "$root", "$question")


def test_an_edit_is_not_a_message():
    event = text_event({"body": "* !labtype quiz", "m.new_content": {"msgtype": "m.text", "body": "!labtype quiz"},
                        "m.relates_to": {"rel_type": "m.replace", "event_id": "$old"}})
    assert parse_event(ROOM, event) is None


@pytest.mark.parametrize("event_type, content, answers", [
    ("org.matrix.msc3381.poll.response", {"org.matrix.msc3381.poll.response": {"answers": ["3"]}}, ("3",)),
    ("m.poll.response", {"m.poll.response": {"answers": ["2"]}}, ("2",)),
    ("m.poll.response", {"m.selections": ["1"]}, ("1",)),
    ("m.poll.response", {"m.selections": []}, None),  # spoiled
    ("org.matrix.msc3381.poll.response", {"org.matrix.msc3381.poll.response": {"answers": [3]}}, None),
])
def test_poll_votes_in_every_form(event_type, content, answers):
    event = nio.Event.parse_event({"type": event_type, "event_id": "$v", "sender": "@alice:example.org",
                                   "origin_server_ts": 1,
                                   "content": {**content, "m.relates_to": {"rel_type": "m.reference", "event_id": "$poll"}}})
    vote = parse_event(ROOM, event)
    assert vote == (Vote(ROOM.room_id, "$v", "@alice:example.org", "@alice:example.org", "$poll", answers) if answers else None)


ENV = {"MATRIX_HOMESERVER": "https://matrix.example.org/", "MATRIX_USER_ID": "@labtype:example.org",
       "MATRIX_PASSWORD": "secret"}


def test_settings_defaults():
    settings = MatrixSettings.from_env({**ENV, "LABTYPE_LANG": "de"})
    assert settings.homeserver == "https://matrix.example.org"
    assert settings.allowed_inviters == (":example.org",)  # users of its own homeserver
    assert settings.lang == "fr"
    assert settings.may_invite("@anyone:example.org") and not settings.may_invite("@anyone:evil.example.org")


def test_allowed_inviters():
    settings = MatrixSettings.from_env({**ENV, "MATRIX_ALLOWED_INVITERS": "@boss:other.org, :agents.gouv.fr"})
    assert settings.may_invite("@boss:other.org") and settings.may_invite("@jean:agents.gouv.fr")
    assert not settings.may_invite("@boss2:other.org") and not settings.may_invite("@x:example.org")


@pytest.mark.parametrize("change, variable", [
    ({"MATRIX_HOMESERVER": "matrix.example.org"}, "MATRIX_HOMESERVER"),
    ({"MATRIX_USER_ID": "labtype"}, "MATRIX_USER_ID"),
    ({"MATRIX_PASSWORD": ""}, "MATRIX_PASSWORD"),
    ({"MATRIX_ALLOWED_INVITERS": "example.org"}, "MATRIX_ALLOWED_INVITERS"),
])
def test_settings_errors_name_the_variable(change, variable):
    with pytest.raises(MatrixConfigError, match=variable):
        MatrixSettings.from_env({**ENV, **change})
