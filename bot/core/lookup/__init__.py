"""The lookup: free text → a `Resolution` (what was asked for). See `resolve`."""

from bot.core.lookup.resolution import Kind, Resolution, Suggestion, Topic
from bot.core.lookup.resolve import Lookup
from bot.core.lookup.search import SearchHit

__all__ = ["Kind", "Lookup", "Resolution", "SearchHit", "Suggestion", "Topic"]
