"""What the store keeps, as the rest of the bot sees it: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

FORGOTTEN = ""  # the starter of a quiz whose starter asked to be forgotten


@dataclass(frozen=True)
class TeamQuiz:
    id: str
    platform: str
    channel: str
    starter: str
    lang: str
    anonymous: bool
    closed: bool = False
    meta: dict = field(default_factory=dict)  # platform references: message ts, event ids…
    version: int = 0  # bumped with every change the team message shows (join, answer, back, close)
    team_id: str | None = None  # Slack: the workspace, and its organisation, the quiz runs in
    enterprise_id: str | None = None
    shown_version: int = 0  # the version the team message was last edited to show


@dataclass(frozen=True)
class Participation:
    quiz_id: str
    participant: str
    name: str
    answers: tuple[int, ...]
    # "Et dans deux ans ?": None = not started; else the answers so far for the lab in two years
    # (canonical option indexes, like `answers`).
    tomorrow: tuple[int, ...] | None = None
