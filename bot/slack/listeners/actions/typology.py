"""The typology's buttons: a cell, a card, a row, a comparison, and sharing one publicly."""

from __future__ import annotations

from bot.core.messages import message
from bot.slack import render
from bot.slack.context import SlackContext
from bot.slack.listeners.actions.click import Click
from bot.slack.reply import CannotPost, post_all
from bot.slack.values import BadButton, Comparing, Target


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
