"""AfterAck, the work listeners go on with once Slack has its acknowledgement: a shutdown waits
for it (and for what it starts meanwhile), a failure is logged rather than lost, and a shutdown
does not wait forever."""

from __future__ import annotations

import asyncio
import logging

from bot.slack.afterack import AfterAck


async def test_finish_waits_for_the_work_and_for_what_it_starts_meanwhile():
    after_ack, done = AfterAck(), []

    async def second() -> None:
        await asyncio.sleep(0.05)
        done.append("second")

    async def first() -> None:
        await asyncio.sleep(0.05)
        after_ack.start(second())
        done.append("first")

    after_ack.start(first())
    await after_ack.finish(timeout=5)
    assert done == ["first", "second"]


async def test_a_failure_after_the_acknowledgement_is_logged_with_its_traceback(caplog):
    after_ack = AfterAck()

    async def broken() -> None:
        raise RuntimeError("boom")

    after_ack.start(broken())
    with caplog.at_level(logging.ERROR, logger="bot.slack.afterack"):
        await after_ack.finish(timeout=5)
    (record,) = [r for r in caplog.records if r.name == "bot.slack.afterack"]
    assert record.getMessage() == "a Slack listener failed after acknowledging"
    assert isinstance(record.exc_info[1], RuntimeError)


async def test_finish_gives_up_after_its_timeout_and_says_so(caplog):
    after_ack = AfterAck()
    after_ack.start(asyncio.sleep(10))
    loop = asyncio.get_running_loop()
    started = loop.time()
    with caplog.at_level(logging.WARNING, logger="bot.slack.afterack"):
        await after_ack.finish(timeout=0.2)
    assert loop.time() - started < 2
    assert "stopped with 1 Slack request(s) still at work after 0.2 s" in caplog.text
