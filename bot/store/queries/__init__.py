"""The store's queries, run inside one transaction (`Transaction`), the same text on both
engines; one module per concern, their groups of queries make up the one `Transaction`.

Each read-modify-write reads with FOR UPDATE (PostgreSQL row lock; on SQLite the transaction
already holds the write lock since BEGIN IMMEDIATE), so concurrent writers queue instead of
overwriting each other. Every change the team message shows bumps the quiz's `version`.
"""

from __future__ import annotations

from bot.store.queries.handled_events import HandledEventQueries
from bot.store.queries.participations import ParticipationQueries
from bot.store.queries.personal_data import PersonalDataQueries
from bot.store.queries.retention import RetentionQueries
from bot.store.queries.settings import SettingQueries
from bot.store.queries.team_edits import TeamEditQueries


class Transaction(HandledEventQueries, ParticipationQueries, SettingQueries, TeamEditQueries, RetentionQueries,
                  PersonalDataQueries):
    """One transaction's worth of store operations; obtained from `Store.transaction()`. (The
    groups that need the quizzes' own queries, such as the version bump, derive from QuizQueries.)"""


__all__ = ["Transaction"]
