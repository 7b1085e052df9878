"""The Matrix front end: `!labtype` answers, the team quiz in a thread, cards shared into
threads, encrypted rooms. `run_matrix(runtime, env)` runs it until cancelled.

Layout: `bot` (the client's life: login, sync, invites, reconnection), `events` (nio events →
what we act on), `commands` (`!labtype …`), `quiz/` (the quiz in a thread; a module per flow,
named after it), `private` (anonymous quizzes' rooms), `render` (Answer → event
content), `outbox` (sending), `settings` (the environment).
"""

from bot.matrix.bot import MatrixLoginError, run_matrix
from bot.matrix.settings import MatrixConfigError

__all__ = ["MatrixConfigError", "MatrixLoginError", "run_matrix"]
