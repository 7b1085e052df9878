"""Files posted into a quiz's thread (a member's chart in an anonymous quiz: into their private
room): the charts (`m.image`, the alt text as its body) and the workshop report (`m.file`:
Markdown, plus the members' answers as CSV in a named quiz).

Each file goes to the homeserver's media repository first, encrypted when the room is (the keys
then travel in the event's `file`, itself encrypted with the room's messages). A file always comes
after the text it goes with; a failure to draw or to upload is logged and leaves the text alone.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from bot.core.messages import message
from bot.core.quiz import QuizResult, TeamProfile
from bot.core.report import workshop_report
from bot.matrix.outbox import Outbox, SendFailed
from bot.matrix.render import Place, file_content
from bot.quizmedia import result_picture, team_picture
from bot.runtime import Runtime
from bot.store import TeamQuiz

log = logging.getLogger(__name__)

PNG, MARKDOWN, CSV = "image/png", "text/markdown", "text/csv"


def thread_of(quiz: TeamQuiz) -> Place:
    return Place(quiz.channel, quiz.meta["root"])


async def send_file(outbox: Outbox, place: Place, data: bytes, mimetype: str, filename: str, caption: str,
                    reply_to: str) -> bool:
    """Upload `data` and post it there (`m.image` for a PNG, else `m.file`)."""
    try:
        upload = await outbox.upload(place.room_id, data, mimetype, filename)
        content = file_content(upload, "m.image" if mimetype == PNG else "m.file", caption, data)
        await outbox.send(place.room_id, place.holding(content, reply_to))
    except SendFailed as error:
        log.warning("could not post %s in %s: %s", filename, place.room_id, error)
        return False
    return True


async def post_team_picture(runtime: Runtime, outbox: Outbox, quiz: TeamQuiz, reply_to: str) -> None:
    profile = await runtime.teamquiz.profile(quiz.id)
    if profile.participants and (chart := await team_picture(runtime.answerer, profile, quiz.lang)):
        await send_file(outbox, thread_of(quiz), chart.png, PNG, f"labtype-{quiz.id}-team.png", chart.alt, reply_to)


async def post_result_picture(runtime: Runtime, outbox: Outbox, quiz: TeamQuiz, place: Place, result: QuizResult,
                              reply_to: str, tomorrow: QuizResult | None = None) -> None:
    """A member's chart (today, and `tomorrow` once answered), under their result: in the
    thread, or in their private room."""
    if chart := await result_picture(runtime.answerer, result, quiz.lang, tomorrow):
        await send_file(outbox, place, chart.png, PNG, f"labtype-{quiz.id}-result.png", chart.alt, reply_to)


async def post_report(runtime: Runtime, outbox: Outbox, quiz: TeamQuiz, profile: TeamProfile, reply_to: str) -> bool:
    """The report (and CSV) as files, then the team's chart; False when the report itself failed."""
    report = workshop_report(runtime.answerer, profile, quiz.lang, when=datetime.now(UTC).date().isoformat(),
                             closed=quiz.closed)
    markdown_name, csv_name = report.filenames(quiz.id)
    posted = await send_file(outbox, thread_of(quiz), report.markdown.encode(), MARKDOWN, markdown_name,
                             message("quiz_report", quiz.lang), reply_to)
    if posted and report.csv is not None:
        posted = await send_file(outbox, thread_of(quiz), report.csv.encode(), CSV, csv_name,
                                 message("quiz_answers_file", quiz.lang), reply_to)
    if posted and profile.participants and (chart := await team_picture(runtime.answerer, profile, quiz.lang)):
        await send_file(outbox, thread_of(quiz), chart.png, PNG, f"labtype-{quiz.id}-team.png", chart.alt, reply_to)
    return posted
