"""The guided quiz: which archetype does our lab resemble, why, and where does the team disagree?

Pure, no I/O. `questions` reads and checks knowledge/quiz.yaml, `order` shuffles the options per
participant, `engine` scores answers into a profile, `team` builds the facilitator's team
profile (camps, dividing questions, today vs tomorrow).
"""

from bot.core.quiz.engine import (
    BANDS,
    HYBRID_POINTS,
    InvalidAnswers,
    QuizEngine,
    QuizResult,
    Reason,
    Score,
    Shift,
    shifts,
)
from bot.core.quiz.order import canonical_option, option_order, shown_number
from bot.core.quiz.questions import Quiz, QuizOption, QuizQuestion, load_quiz
from bot.core.quiz.team import Camp, Choice, Divergence, Member, MemberResult, Move, TeamProfile, Wish

__all__ = [
    "BANDS", "HYBRID_POINTS", "Camp", "Choice", "Divergence", "InvalidAnswers", "Member", "MemberResult", "Move",
    "Quiz", "QuizEngine", "QuizOption", "QuizQuestion", "QuizResult", "Reason", "Score", "Shift", "TeamProfile",
    "Wish", "canonical_option", "load_quiz", "option_order", "shifts", "shown_number",
]
