"""Free text → what the user asked for.

Users type the way they talk: French or English, with typos, accents or not, in any order, with
numbers ("objectif 3", "le 4"), with the words of the table itself ("Mazzucato"), or as a real
question ("en quoi la plateforme créative diffère-t-elle de l'apprenant ?"). The query is read
once (`Question`: its words, then what it names); then the intent handlers (`handlers.HANDLERS`)
are tried in order, the question's type first (help, quiz, the typology itself, which archetype…,
yes/no), then what it names (examples, places, archetypes, characteristics), and the first that
answers wins; what none answers, its content words left are searched. Below the thresholds we
say "not found" and suggest, never guess.
"""

from __future__ import annotations

from bot.core.knowledge import Typology
from bot.core.lookup.handlers import HANDLERS, search_or_suggest
from bot.core.lookup.mentions import MentionFinder
from bot.core.lookup.question import Question
from bot.core.lookup.resolution import Resolution
from bot.core.lookup.search import ContentIndex


class Lookup:
    """Built once per process from the typology; `resolve` is then pure and fast."""

    def __init__(self, typology: Typology) -> None:
        self.typology = typology
        self.mentions = MentionFinder(typology)
        self.content = ContentIndex(typology)

    def resolve(self, query: str) -> Resolution:
        question = Question.read(query, self.typology, self.mentions, self.content)
        for handler in HANDLERS:
            if (resolution := handler(question)) is not None:
                return resolution
        return search_or_suggest(question)
