"""Files posted into the thread of a quiz's team message: the charts (PNG, with alt text) and the
workshop report (Markdown, plus the members' answers as CSV in a named quiz).

Through `files_upload_v2` (files.getUploadURLExternal, the upload, files.completeUploadExternal;
scope `files:write`). A file always comes after the text it goes with, and a failure to draw or to
upload is logged and leaves the text alone: nobody waits for a picture.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.charts import Chart
from bot.core.messages import message
from bot.core.quiz import QuizResult, TeamProfile
from bot.core.report import workshop_report
from bot.quizmedia import result_picture, team_picture
from bot.runtime import Runtime
from bot.store import TeamQuiz

log = logging.getLogger(__name__)

ALT_TEXT_LIMIT = 1000  # Slack's maximum for an image's alt_txt


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    title: str
    alt: str | None = None  # for images: what screen readers say

    @classmethod
    def of_chart(cls, chart: Chart, filename: str, lang: str) -> Attachment:
        return cls(filename, chart.png, message("quiz_chart_file", lang), chart.alt)


async def upload_into_thread(client: AsyncWebClient, channel: str, thread_ts: str,
                             files: Sequence[Attachment], comment: str = "") -> bool:
    """Share `files` in the thread of `thread_ts`, with `comment` above them; False (logged) on failure."""
    uploads = []
    for attachment in files:
        upload = {"content": attachment.data, "filename": attachment.filename, "title": attachment.title}
        if attachment.alt:
            upload["alt_txt"] = attachment.alt[:ALT_TEXT_LIMIT]
        uploads.append(upload)
    names = [f.filename for f in files]
    try:
        await client.files_upload_v2(channel=channel, thread_ts=thread_ts, file_uploads=uploads,
                                     initial_comment=comment or None)
    except SlackApiError as error:
        log.warning("could not upload %s: %s", names, error.response.get("error"))
        return False
    except (SlackRequestError, aiohttp.ClientError, asyncio.TimeoutError) as error:
        log.warning("could not upload %s: %s", names, error)
        return False
    return True


async def post_team_picture(runtime: Runtime, client: AsyncWebClient, quiz: TeamQuiz) -> None:
    """The team's chart in the quiz's thread (when someone has finished)."""
    profile = await runtime.teamquiz.profile(quiz.id)
    if not profile.participants or "ts" not in quiz.meta:
        return
    if chart := await team_picture(runtime.answerer, profile, quiz.lang):
        await upload_into_thread(client, quiz.meta["channel"], quiz.meta["ts"],
                                 [Attachment.of_chart(chart, f"labtype-{quiz.id}-team.png", quiz.lang)])


async def post_result_picture(runtime: Runtime, client: AsyncWebClient, quiz: TeamQuiz, result: QuizResult,
                              lang: str, tomorrow: QuizResult | None = None) -> None:
    """A member's chart (with their wish for the lab in two years, if shared), under the result
    they chose to share in the quiz's thread."""
    if chart := await result_picture(runtime.answerer, result, lang, tomorrow):
        await upload_into_thread(client, quiz.meta["channel"], quiz.meta["ts"],
                                 [Attachment.of_chart(chart, f"labtype-{quiz.id}-result.png", lang)])


async def post_report(runtime: Runtime, client: AsyncWebClient, quiz: TeamQuiz, profile: TeamProfile) -> bool:
    """The workshop report (and, in a named quiz, the answers as CSV) and the team's chart."""
    report = workshop_report(runtime.answerer, profile, quiz.lang, when=datetime.now(UTC).date().isoformat(),
                             closed=quiz.closed)
    markdown_name, csv_name = report.filenames(quiz.id)
    files = [Attachment(markdown_name, report.markdown.encode(), message("quiz_report", quiz.lang))]
    if report.csv is not None:
        files.append(Attachment(csv_name, report.csv.encode(), message("quiz_answers_file", quiz.lang)))
    if profile.participants and (chart := await team_picture(runtime.answerer, profile, quiz.lang)):
        files.append(Attachment.of_chart(chart, f"labtype-{quiz.id}-team.png", quiz.lang))
    return await upload_into_thread(client, quiz.meta["channel"], quiz.meta["ts"], files)
