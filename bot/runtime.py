"""Everything a front end needs, built once at start-up from the knowledge files and the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.answers import Answerer
from bot.core.knowledge import load_typology
from bot.core.quiz import QuizEngine, load_quiz
from bot.core.quiz_answers import QuizAnswers
from bot.store import SQLiteStore, open_store
from bot.teamquiz import TeamQuizService


@dataclass(frozen=True)
class Runtime:
    answerer: Answerer
    quiz_answers: QuizAnswers
    engine: QuizEngine
    teamquiz: TeamQuizService
    store: SQLiteStore


def build_runtime(data_dir: Path) -> Runtime:
    """Load and validate the knowledge (KnowledgeError if broken), open the store."""
    answerer = Answerer(load_typology())
    engine = QuizEngine(load_quiz())
    store = open_store(data_dir)
    return Runtime(answerer, QuizAnswers(answerer), engine, TeamQuizService(engine, store), store)
