"""Shared fixtures: the real knowledge files, loaded once per test session."""

from __future__ import annotations

import pytest

from bot.core.answers import Answerer
from bot.core.knowledge import Typology, load_typology
from bot.core.quiz import Quiz, QuizEngine, load_quiz
from bot.core.quiz_answers import QuizAnswers


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
