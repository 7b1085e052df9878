"""Shared fixtures: the real knowledge files, loaded once per test session; a real PostgreSQL
server, started once per session when a test asks for `postgres_url`."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from bot.core.answers import Answerer
from bot.core.knowledge import Typology, load_typology
from bot.core.quiz import Quiz, QuizEngine, load_quiz
from bot.core.quiz_answers import QuizAnswers
from tests.postgres_server import PostgresServer


@pytest.fixture(scope="session")
def typology() -> Typology:
    return load_typology()


@pytest.fixture(scope="session")
def answerer(typology: Typology) -> Answerer:
    return Answerer(typology)


@pytest.fixture(scope="session")
def quiz() -> Quiz:
    return load_quiz()


@pytest.fixture(scope="session")
def engine(quiz: Quiz) -> QuizEngine:
    return QuizEngine(quiz)


@pytest.fixture(scope="session")
def quiz_answers(answerer: Answerer) -> QuizAnswers:
    return QuizAnswers(answerer)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the session's PostgreSQL server, as DATABASE_URL takes it
    (`postgresql://postgres@127.0.0.1:PORT/NAME`); dropped after the test."""
    name = f"test_{secrets.token_hex(6)}"
    yield postgres_server.create_database(name)
    postgres_server.drop_database(name)
