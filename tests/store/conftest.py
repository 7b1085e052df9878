"""The store on each engine: every test taking `store` runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store, TeamQuiz, open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def store_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The environment `open_store` reads: nothing (SQLite in the data dir) or DATABASE_URL."""
    if request.param == "sqlite":
        return {}
    return {"DATABASE_URL": request.getfixturevalue("postgres_url")}


@pytest.fixture
async def store(store_env: dict[str, str], tmp_path: Path) -> AsyncIterator[Store]:
    """An opened store with one quiz, q1."""
    store = await open_store(tmp_path / "data", store_env)
    await store.create_quiz(TeamQuiz("q1", "slack", "C1", "U0", "fr", anonymous=False))
    yield store
    await store.close()
