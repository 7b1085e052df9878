"""Typo-tolerant matching of one word or short span against a fixed list."""

from __future__ import annotations

from rapidfuzz import fuzz, process


class FuzzyIndex:
    """`fuzz.ratio` matching against a fixed word list, comparing only words whose length can
    reach the cutoff at all (ratio <= 2·min/(len1+len2)): a few times fewer comparisons."""

    def __init__(self, words: list[str], cutoff: float) -> None:
        self.cutoff = cutoff
        keep = cutoff / (200 - cutoff)  # the shortest/longest length ratio that can still match
        self._by_length: dict[int, list[str]] = {}
        longest = max(map(len, words))
        for size in range(1, int(longest / keep) + 2):
            self._by_length[size] = [w for w in words if keep * size <= len(w) <= size / keep]

    def matches(self, text: str, limit: int = 1) -> list[tuple[str, float]]:
        choices = self._by_length.get(len(text))
        if not choices:
            return []
        if limit == 1:
            found = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff)
            return [found[:2]] if found else []
        found = process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff, limit=limit)
        return [(word, score) for word, score, _ in found]
