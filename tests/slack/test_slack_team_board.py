"""The team message's later looks: a refresh that finds the edit lease held looks again once it
has run out, and again after that for as long as it is held (its holder may have died after
renewing it), never giving up after one look."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from bot.slack import team


class LeaseAlwaysHeld:
    def __init__(self) -> None:
        self.claims = 0

    async def claim_team_edit(self, quiz_id: str, lease_s: float) -> bool:
        self.claims += 1
        return False


async def test_a_later_look_that_finds_the_lease_still_held_plans_the_next(monkeypatch):
    monkeypatch.setattr(team, "EDIT_LEASE_S", 0.0)  # a look comes 1 s after the lease has run out
    store = LeaseAlwaysHeld()
    board = team.TeamBoard(SimpleNamespace(store=store))
    try:
        await board.refresh(None, "q1")  # type: ignore[arg-type]  # the client is never reached
        await asyncio.sleep(2.5)
        assert store.claims >= 3  # the refresh, then a look, then the look that look planned
        assert "q1" in board._planned  # and the next one is planned
    finally:
        for task in board._planned.values():
            task.cancel()
