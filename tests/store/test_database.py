"""DATABASE_URL as platforms give it, and a clear refusal of what is not PostgreSQL; the size of
the PostgreSQL connection pool (DATABASE_POOL_SIZE)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import StoreError, TeamQuiz, open_store
from bot.store.database import POOL_SIZE, database_url, pool_size


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


def test_the_pool_size_is_read_from_the_environment_or_defaults():
    assert pool_size({}) == POOL_SIZE and pool_size({"DATABASE_POOL_SIZE": " 5 "}) == 5


@pytest.mark.parametrize("given", ["1", "0", "-3", "2.5", "beaucoup", "1001"])
def test_a_pool_size_that_is_not_a_whole_number_in_range_is_refused_clearly(given):
    with pytest.raises(StoreError) as refused:
        pool_size({"DATABASE_POOL_SIZE": given})
    assert refused.value.key == "store_bad_pool_size"
    assert str(refused.value) == ("labtype ne peut pas démarrer : DATABASE_POOL_SIZE doit être un nombre entier de "
                                  f"connexions de 2 à 1000, pas {given}.")
    assert refused.value.text("en") == ("labtype cannot start: DATABASE_POOL_SIZE must be a whole number of "
                                        f"connections from 2 to 1000, not {given}.")


async def test_the_postgresql_store_keeps_the_pool_size_asked_for(postgres_url, tmp_path):
    store = await open_store(tmp_path / "data", {"DATABASE_URL": postgres_url, "DATABASE_POOL_SIZE": "3"})
    try:
        assert store.engine.pool.size() == 3
    finally:
        await store.close()
