"""The quiz's pictures for the chat front ends, drawn off the event loop.

A chart takes a few tens of milliseconds of CPU: drawn in a worker thread (the core's canvas
has its own lock), it never holds up the other users' answers. Front ends post the text first and
the picture after; when drawing fails the text stays alone and the failure is logged.
"""

from __future__ import annotations

import asyncio
import logging

from bot.core.answers import Answerer
from bot.core.charts import Chart, ChartError, result_chart, team_chart
from bot.core.quiz import QuizResult, TeamProfile

log = logging.getLogger(__name__)


async def team_picture(answerer: Answerer, profile: TeamProfile, lang: str) -> Chart | None:
    try:
        return await asyncio.to_thread(team_chart, answerer, profile, lang)
    except ChartError as error:
        log.warning("team chart not drawn, the text goes alone: %s", error)
        return None


async def result_picture(answerer: Answerer, result: QuizResult, lang: str,
                         tomorrow: QuizResult | None = None) -> Chart | None:
    try:
        return await asyncio.to_thread(result_chart, answerer, result, lang, tomorrow)
    except ChartError as error:
        log.warning("result chart not drawn, the text goes alone: %s", error)
        return None
