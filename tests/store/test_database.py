"""DATABASE_URL as platforms give it, and a clear refusal of what is not PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import StoreError, TeamQuiz, open_store
from bot.store.database import database_url


def test_no_database_url_means_sqlite_in_the_data_directory():
    url = database_url({}, Path("/srv/labtype"))
    assert url.drivername == "sqlite+aiosqlite" and url.database == "/srv/labtype/labtype.sqlite3"


@pytest.mark.parametrize("given", ["postgres://u:p@db.example:5433/lab", "postgresql://u:p@db.example:5433/lab",
                                   "postgresql+psycopg2://u:p@db.example:5433/lab"])
def test_postgres_urls_in_every_spelling_use_asyncpg(given):
    url = database_url({"DATABASE_URL": given}, Path("data"))
    assert (url.drivername, url.username, url.password, url.host, url.port, url.database) == (
        "postgresql+asyncpg", "u", "p", "db.example", 5433, "lab")


def test_libpq_sslmode_becomes_asyncpg_ssl():
    url = database_url({"DATABASE_URL": "postgres://u:p@h/db?sslmode=require"}, Path("data"))
    assert dict(url.query) == {"ssl": "require"}


@pytest.mark.parametrize("given", ["mysql://u:secret@h/db", "not a url", "sqlite://"])
def test_anything_else_is_refused_without_showing_the_password(given):
    with pytest.raises(StoreError) as refused:
        database_url({"DATABASE_URL": given}, Path("data"))
    assert refused.value.key == "store_bad_url" and "secret" not in str(refused.value)


async def test_the_postgres_scheme_and_a_unix_socket_reach_the_real_server(postgres_server, postgres_url, tmp_path):
    database = postgres_url.rsplit("/", 1)[1]
    for url in (postgres_url.replace("postgresql://", "postgres://"), postgres_server.socket_url(database)):
        store = await open_store(tmp_path / "data", {"DATABASE_URL": url})
        try:
            await store.create_quiz(TeamQuiz(f"q-{len(url)}", "slack", "C", "U", "fr", anonymous=False))
            assert store.engine_name == "postgresql" and await store.get_quiz(f"q-{len(url)}")
        finally:
            await store.close()
    assert not (tmp_path / "data").exists()  # PostgreSQL needs no data directory of its own


async def test_an_unreachable_server_is_refused_with_the_address(tmp_path):
    with pytest.raises(StoreError) as refused:
        await open_store(tmp_path, {"DATABASE_URL": "postgresql://u:secret@127.0.0.1:9/lab"})
    assert refused.value.key == "store_unreachable" and "127.0.0.1:9" in str(refused.value)
    assert "secret" not in str(refused.value)
