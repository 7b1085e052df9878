"""Everything a front end needs, built once at start-up from the knowledge files and the store."""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.core.answers import Answerer
from bot.core.knowledge import load_typology
from bot.core.quiz import QuizEngine, load_quiz
from bot.core.quiz_answers import QuizAnswers
from bot.store import Store, open_store
from bot.teamquiz import TeamQuizService

# A full collection once this many collections of the middle generation have run (Python's
# default: 10), and as before only when the long-lived objects have grown by a quarter: every few
# minutes under load rather than every 15 s, while cycles that outlived the young generations
# are still freed within minutes.
FULL_COLLECTION_AFTER = 100


@dataclass(frozen=True)
class Runtime:
    answerer: Answerer
    quiz_answers: QuizAnswers
    engine: QuizEngine
    teamquiz: TeamQuizService
    store: Store
    data_dir: Path  # local files besides the database (the Matrix encryption store)


async def build_runtime(data_dir: Path, env: Mapping[str, str] = os.environ) -> Runtime:
    """Load and validate the knowledge (KnowledgeError if broken), open the store (StoreError
    if it cannot be used). Async: the store's engine belongs to the running event loop."""
    answerer = Answerer(load_typology())
    engine = QuizEngine(load_quiz())
    store = await open_store(data_dir, env)
    return Runtime(answerer, QuizAnswers(answerer), engine, TeamQuizService(engine, store), store, data_dir)


def freeze_start_up_objects() -> None:
    """Put what start-up built (the knowledge and its indexes, the libraries' modules, the app)
    out of the garbage collector's reach, once a service is ready to serve: it lives as long as
    the process, and each full collection walking it stalled every request in flight (the Slack
    benchmark's commands: p99 225 ms before, 111 ms after, on the same machine). Then make full
    collections rare: the young generations still free young cycles as often as before, but a
    full one walks every long-lived object made since (the rendered answers' caches: 37 000
    objects, 50 ms here, every request in flight waiting), and came every 15 s or so in the Slack
    benchmark."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)
