"""What a listener does once Slack has its acknowledgement.

Bolt runs each listener to its end before it answers Slack's HTTP request
(`process_before_response`): the answer leaves as soon as the listener returns, rather than when
Bolt's poll (every 10 ms) notices the `ack()`. So a listener writes what must not be lost,
acknowledges, and hands what follows (replies on the response_url, posts, the team message) to
`AfterAck.start`. Stopping the server waits for that work (`finish`, for a few seconds), so what
was acknowledged is finished rather than cut off.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class AfterAck:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()  # held here: the loop keeps only weak references

    def start(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:  # listeners apologise where they can
            log.error("a Slack listener failed after acknowledging", exc_info=task.exception())

    async def finish(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for the work under way (and what it starts meanwhile)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks and (left := deadline - loop.time()) > 0:
            log.info("finishing the work of %d Slack request(s) before stopping", len(self._tasks))
            await asyncio.wait(set(self._tasks), timeout=left)
        if self._tasks:
            log.warning("stopped with %d Slack request(s) still at work after %s s", len(self._tasks), timeout)
