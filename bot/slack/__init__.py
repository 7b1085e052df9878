"""The Slack front end: `/labtype`, the team quiz in a channel, cards shared into threads, the
App Home. `run_slack(runtime, env)` serves it; the README tells how to set it up."""

from bot.slack.server import run_slack

__all__ = ["run_slack"]
