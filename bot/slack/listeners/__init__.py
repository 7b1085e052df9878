"""Bolt listeners, one package per kind of Slack request, as in Slack's Bolt starter template.

They only translate: a Slack payload into a call to the core or the quiz service, and the
`Answer` that comes back into Block Kit (`bot.slack.render`).
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.context import SlackContext
from bot.slack.listeners import actions, commands, events, shortcuts, views


def register_listeners(app: AsyncApp, ctx: SlackContext) -> None:
    for kind in (commands, actions, views, shortcuts, events):
        kind.register(app, ctx)
