"""Shared fixtures: the real knowledge files, loaded once per test session."""

from __future__ import annotations

import pytest

from bot.core.answers import Answerer
from bot.core.knowledge import Typology, load_typology


@pytest.fixture(scope="session")
def typology() -> Typology:
    return load_typology()


@pytest.fixture(scope="session")
def answerer(typology: Typology) -> Answerer:
    return Answerer(typology)
