"""Free text → what the user asked for.

Users type the way they talk: French or English, with typos, accents or not, in any order, with
numbers ("objectif 3", "le 4"), with the words of the table itself ("Mazzucato"), or as a real
question ("en quoi la plateforme créative diffère-t-elle de l'apprenant ?"). The question's type
is recognised first (quiz, the typology itself, which archetype…, yes/no), then what it names
(archetypes, characteristics, examples), then the content words left are searched. Below the
thresholds we say "not found" and suggest, never guess.
"""

from __future__ import annotations

from bot.core.knowledge import Typology
from bot.core.lookup.intents import (
    Phrasing,
    about_topic,
    asks_french_examples,
    asks_same,
    asks_which_archetype,
    asks_yes_no,
    characteristic_cue,
    phrase_table,
    quiz_intent,
    read_tokens,
)
from bot.core.lookup.mentions import Mention, MentionFinder, best, distinct
from bot.core.lookup.resolution import Resolution, Suggestion
from bot.core.lookup.search import ContentIndex, content_words
from bot.core.lookup.vocabulary import (
    ABOUT_SUBJECTS,
    ANONYMOUS_WORDS,
    COLLECTIVE_FIRST_PERSON,
    COMPARE_SEPARATORS,
    COMPOUND_PREFIXES,
    COPULAS,
    EXAMPLE_WORDS,
    FIRST_PERSON,
    GENERIC_WORDS,
    HELP_QUERIES,
    LIST_WORDS,
    MEANING,
    NAME_FRAMES,
    NAME_IS_A,
    PADDING,
    QUIZ_NAMES,
    QUIZ_WEAK_NAMES,
    REQUEST_PHRASES,
    SELF_NOUNS,
    SELF_PHRASES,
    STOPWORDS,
    WHO_FIRST,
)
from bot.core.text import clean_input, fold

MAX_TOKENS = 64  # a rambling message asks its question at the end; 300 characters hold ~60 words
MAX_COMPARED = 3
FULL_MATCH = 0.95
OWN_CELL_SCORE = 0.85  # the rest of the question found in one cell of the archetype named (not just in a name)
MAX_SUGGESTIONS = 3
SELF_MIN_SCORE = 0.15  # a self-description is in scope by itself: its echoes in the cells count from lower…
SELF_UNKNOWN_WEIGHT = 0.3  # …and its own words, unknown to the table, weigh less
MIN_UNKNOWN_OFF_TOPIC = 2  # a characteristic's word among this many words the table never uses: off topic
MAX_NAME_WORDS = 4  # "Policy Lab UK": a name the table does not cite is a few words

QUIZ_ALL_NAMES = frozenset(QUIZ_NAMES) | QUIZ_WEAK_NAMES
NAMED_FRAMES = NAME_FRAMES + NAME_IS_A
NOT_NAMES = STOPWORDS | GENERIC_WORDS | PADDING | EXAMPLE_WORDS | QUIZ_ALL_NAMES | frozenset(
    "quel quelle quels quelles lequel laquelle exemple example cite cited belong belongs partie plutot rather "
    "really actually".split())


class Lookup:
    """Built once per process from the typology; `resolve` is then pure and fast."""

    def __init__(self, typology: Typology) -> None:
        self.typology = typology
        self.mentions = MentionFinder(typology)
        self.content = ContentIndex(typology)

    def resolve(self, query: str) -> Resolution:
        shown = clean_input(query)
        folded = fold(shown)
        tokens = read_tokens(folded, MAX_TOKENS)
        if folded in HELP_QUERIES or " ".join(tokens) in HELP_QUERIES:
            return Resolution("help")
        phrasing = Phrasing(tuple(tokens))
        quiz = quiz_intent(phrasing)
        if quiz == "request" and not (set(tokens) & QUIZ_ALL_NAMES) and (described := self._self_description(tokens)):
            return described  # "nous changeons les procédures, quel archétype sommes-nous ?": what the cells echo
        if quiz == "request":
            direct = all(t in QUIZ_NAMES or t in ANONYMOUS_WORDS or t in ("team", "equipe", "d") for t in tokens)
            return Resolution("quiz", anonymous=bool(ANONYMOUS_WORDS & set(tokens)), direct=direct)
        if quiz == "question":
            return Resolution("about", topic="quiz")

        mentions = self.mentions.find(tokens)
        examples = [m for m in distinct(mentions, "example") if not self._names_the_publisher(tokens, m)]
        taken = set().union(*(m.span for m in examples))
        archetypes = distinct(mentions, "archetype", taken)
        named = [m for m in archetypes if m.named]
        characteristic = best([m for m in mentions if not (m.end - m.start == 1 and tokens[m.start] in GENERIC_WORDS)],
                              "characteristic", taken | set().union(*(m.span for m in archetypes)))
        # "quel archétype pratique…" is not about "pratiques"
        if examples and characteristic and characteristic.id != "exemples" and (len(named) >= 2 or named and not asks_yes_no(phrasing)):
            # "a city innovation team: the methods of the learner and the platform?": the example is context
            examples, taken = [], set()
            archetypes = distinct(mentions, "archetype")
        taken |= set().union(*(m.span for m in archetypes))
        about = about_topic(phrasing, bool(examples or archetypes or characteristic) and not (
            len(archetypes) == 1 and not archetypes[0].named))
        if about:
            return Resolution("about", topic=about)
        if len(archetypes) < 2 and (described := self._described_comparison(tokens)):
            return described
        if examples:
            return self._example(examples[0], archetypes, phrasing)
        if asks_french_examples(phrasing) and not archetypes:
            return self._french_examples()
        places = distinct(mentions, "place", taken)
        if places and not named:
            return self._place(places[0].id)
        if not named and (set(tokens) & COLLECTIVE_FIRST_PERSON or phrasing.has(SELF_PHRASES)) and not phrasing.has(
                REQUEST_PHRASES) and (described := self._self_description(tokens)):
            return described
        if not named or asks_yes_no(phrasing):
            if uncited := self._uncited(shown, tokens, taken | set().union(*(m.span for m in places)), phrasing, named):
                return uncited
        which = asks_which_archetype(phrasing) and not named
        meaning = phrasing.has(MEANING)
        if characteristic:
            taken |= characteristic.span
        elif not meaning and (cue := characteristic_cue(phrasing, weak=len(archetypes) == 1 and not (
                which and tokens[0] in WHO_FIRST))):  # "qui fait de la pensée systémique ?": not who decides
            if not taken & cue[1]:
                characteristic = Mention(min(cue[1]), max(cue[1]) + 1, "characteristic", cue[0], 100.0)
                taken |= cue[1]
                if which and tokens[0] in WHO_FIRST and 0 in cue[1] and archetypes:
                    which = False  # "qui est aux manettes dans un labo mission ?": who decides there
        characteristic_id = characteristic.id if characteristic else None
        if meaning and len(archetypes) == 1 and not characteristic_id:
            return Resolution("card", archetypes[0].id)  # "que veut dire systémique ici ?"

        if which:
            # "quel archétype pratique le co-design ?": the alias is a word of the cells here
            words = [t for i, t in enumerate(tokens) if not (characteristic and i in characteristic.span)]
            hits = self.content.search(words, characteristic_id)
            if hits:
                return Resolution("search", None, characteristic_id, hits)
        if len(archetypes) >= 2:
            return self._compare(archetypes, characteristic_id, phrasing)
        leftovers = [t for i, t in enumerate(tokens) if i not in taken]
        if archetypes:
            archetype = archetypes[0].id
            if characteristic_id:
                return Resolution("cell", archetype, characteristic_id)
            if not content_words(leftovers):
                return Resolution("card", archetype)
            hits = self.content.search(tokens)
            if hits and hits[0].score >= FULL_MATCH:  # the words of a cell, archetype's name included
                return Resolution("search", results=hits)
            # "le rôle des élus dans la plateforme créative": the one cell of its column that says so
            own = self.content.search(leftovers, archetype=archetype)
            if own and own[0].score >= OWN_CELL_SCORE and (len(own) == 1 or own[1].score < own[0].score):
                return Resolution("cell", archetype, own[0].characteristic)
            return Resolution("card", archetype)
        if characteristic_id:
            hits = self.content.search(leftovers, characteristic_id)
            if hits:
                return Resolution("search", None, characteristic_id, hits)
            unknown = [w for w in content_words(leftovers) if not self.content.knows(w)]
            if len(unknown) >= MIN_UNKNOWN_OFF_TOPIC and len(unknown) == len(content_words(leftovers)):
                # "donne-moi un exemple de mail de relance": "exemple" here is no column of the table
                return Resolution("none", suggestions=self._suggest(tokens, folded))
            return Resolution("row", None, characteristic_id)
        words = content_words(leftovers)
        hits = self.content.search(leftovers) if not (len(words) == 1 and words[0] in QUIZ_WEAK_NAMES) else ()
        if hits:  # (not "test" alone: someone trying the bot, not asking about tests)
            return Resolution("search", results=hits)
        if LIST_WORDS & set(tokens) and LIST_WORDS.issuperset(content_words(leftovers)):  # "les 7 archétypes", "liste des archétypes"
            return Resolution("help")
        return Resolution("none", suggestions=self._suggest(tokens, folded))

    # -- kinds ---------------------------------------------------------------------------------

    def _example(self, mention: Mention, archetypes: list[Mention], phrasing: Phrasing) -> Resolution:
        example = self.typology.example(mention.id)
        cited = tuple(c.archetype for c in example.cited)
        verdict = None
        if archetypes:  # "Futurs Publics est-il un partenaire du changement ?"
            verdict = all(a.id in cited for a in archetypes)
        return Resolution("example", cited[0], "exemples", also=tuple(a.id for a in archetypes), compared=cited,
                          example=example.id, verdict=verdict)

    def _place(self, place_id: str) -> Resolution:
        """The examples the table names in a place (the grouping is ours), and who cites them."""
        place = self.typology.place(place_id)
        cited = {c.archetype for e in place.examples for c in self.typology.example(e).cited}
        ordered = tuple(a.id for a in self.typology.archetypes if a.id in cited)
        return Resolution("example", ordered[0] if ordered else None, "exemples", compared=ordered, topic="place",
                          place=place_id)

    def _names_the_publisher(self, tokens: list[str], mention: Mention) -> bool:
        """"le tableau de la 27e Région": the table's publisher, not the example it also is."""
        example = self.typology.example(mention.id)
        return fold(example.name) == fold(self.typology.source.publisher) and any(
            t in ABOUT_SUBJECTS for t in tokens[max(0, mention.start - 3):mention.start])

    def _self_description(self, tokens: list[str]) -> Resolution | None:
        """"on forme les agents à l'innovation": the cells these words echo, and the quiz offered
        (only the quiz can say which archetype a lab is)."""
        words = [t for t in tokens if t not in FIRST_PERSON and t not in SELF_NOUNS]
        phrasing = Phrasing(tuple(words))
        cue = characteristic_cue(phrasing, weak=False)
        if cue:
            hits = self.content.search([t for i, t in enumerate(words) if i not in cue[1]], cue[0],
                                       min_score=SELF_MIN_SCORE, unknown_weight=SELF_UNKNOWN_WEIGHT, by_archetype=True)
            if hits:
                return Resolution("search", None, cue[0], hits, offer_quiz=True)
        hits = self.content.search(words, min_score=SELF_MIN_SCORE, unknown_weight=SELF_UNKNOWN_WEIGHT, by_archetype=True)
        return Resolution("search", results=hits, offer_quiz=True) if hits else None

    def _described_comparison(self, tokens: list[str]) -> Resolution | None:
        """"le labo qui fait du nudge vs celui qui fait du co-design": each side's archetype is the
        one its words describe (an archetype it names, else its best cell outside the examples)."""
        cut = next((i for i, t in enumerate(tokens) if t in COMPARE_SEPARATORS), None)
        if cut is None:
            return None
        sides = []
        for side in (tokens[:cut], tokens[cut + 1:]):
            mentioned = distinct(self.mentions.find(side), "archetype")
            named = [m for m in mentioned if m.named]
            hits = [h for h in self.content.search(side) if h.characteristic != "exemples"]
            if not (named or hits or mentioned):
                return None
            sides.append(named[0].id if named else hits[0].archetype if hits else mentioned[0].id)
        if sides[0] == sides[1]:
            return None
        return Resolution("compare", sides[0], None, compared=tuple(sides))

    def _uncited(self, shown: str, tokens: list[str], taken: set[int], phrasing: Phrasing,
                 named: list[Mention]) -> Resolution | None:
        """"Nesta, c'est quel type ?", "is MindLab an example?": a name the table does not cite.
        Said plainly, with the examples it does cite; never a guess at the name's archetype."""
        frames = NAMED_FRAMES if named else NAME_FRAMES  # "GovLab c'est un solutionneur ?"
        if not phrasing.has(frames):
            return None
        if cue := characteristic_cue(phrasing, weak=False):  # "who is accountable in…": words of the question
            taken = taken | cue[1]
        capitalised = {fold(w) for w in shown.split()[1:] if w[:1].isupper()}
        initials = capitalised | {fold(w) for w in shown.split()[:1] if w[:1].isupper()}
        names = [i for i, t in enumerate(tokens) if i not in taken and t not in NOT_NAMES and not t.isdigit() and (
            t not in COMPOUND_PREFIXES) and (
            t in capitalised and len(t) >= 2 or len(t) >= 3 and t not in STOPWORDS and t not in GENERIC_WORDS
            and not self.content.knows(t))]
        if not names or names[-1] - names[0] >= MAX_NAME_WORDS:
            return None
        first, last = names[0], names[-1]
        while first and first - 1 not in taken and tokens[first - 1] in initials:  # "Policy Lab UK"
            first -= 1
        frame_after = any(start > last for start, *_ in phrase_table(frames).matches(tuple(tokens)))
        if not frame_after and not (first and tokens[first - 1] in COPULAS):
            return None  # "quel archétype pour faire une pizza ?": an activity, not a name
        run = set(tokens[first:last + 1])
        name = " ".join(w.strip(",;:?!.«»\"'()") for w in shown.split() if set(fold(w).split()) & run)
        verdict = False if phrasing.has(("an example", "un exemple", "example of", "exemple de", "cited", "cite",
                                         "est cite", "is cited")) and asks_yes_no(phrasing) else None
        return Resolution("example", None, "exemples", also=tuple(m.id for m in named), topic="uncited",
                          name=name or " ".join(tokens[first:last + 1]), verdict=verdict)

    def _french_examples(self) -> Resolution:
        cited = tuple(a.id for a in self.typology.archetypes
                      if any(e.french and a.id in {c.archetype for c in e.cited} for e in self.typology.examples))
        return Resolution("example", cited[0], "exemples", compared=cited, topic="french")

    def _compare(self, archetypes: list[Mention], characteristic: str | None, phrasing: Phrasing) -> Resolution:
        if len(archetypes) > MAX_COMPARED:
            if characteristic:
                return Resolution("row", None, characteristic)
            archetypes = archetypes[:MAX_COMPARED]
        ids = tuple(m.id for m in archetypes)
        verdict = None
        if characteristic and asks_same(phrasing):  # "même positionnement ?" asks yes or no too
            # "Y et Z ont-ils la même responsabilité ?": the same cell of the source table
            origins = {self.typology.cell(a, characteristic).origin for a in ids}
            verdict = len(origins) == 1
        return Resolution("compare", ids[0], characteristic, compared=ids, verdict=verdict)

    # -- suggestions -------------------------------------------------------------------------

    def _suggest(self, tokens: list[str], folded: str) -> tuple[Suggestion, ...]:
        candidates = list(dict.fromkeys([folded, *(t for t in tokens if len(t) > 2 and t not in STOPWORDS)]))
        return tuple(Suggestion(archetype=owner_id) if target == "archetype" else Suggestion(characteristic=owner_id)
                     for target, owner_id in self.mentions.suggest(candidates, MAX_SUGGESTIONS))
