"""The typology as typed, validated data.

The YAML files under `knowledge/` are the single source of truth; this module turns them into
frozen dataclasses and refuses, with a message naming the file, the entry and the problem,
anything the rest of the bot could not rely on (ids, the 35 cells, unique aliases).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.messages import LANGS
from bot.core.text import fold

ARCHETYPE_IDS = (
    "plateforme-creative",
    "solutionneur",
    "partenaire-du-changement",
    "co-designer-systemique",
    "apprenant-transformateur",
    "coordinateur-mission",
    "createur-ecosystemes",
)
CHARACTERISTIC_IDS = ("objectif", "positionnement", "responsabilite", "methodes", "exemples")
FRANCE = "France"
COUNTRY_AS_WRITTEN = {FRANCE: ("France", "FR")}  # the table writes "(FR)" as well as "(France)"


def knowledge_dir() -> Path:
    """`LABTYPE_KNOWLEDGE_DIR`, else the `knowledge/` folder of this checkout."""
    configured = os.environ.get("LABTYPE_KNOWLEDGE_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "knowledge"


class KnowledgeError(Exception):
    """A knowledge file the bot cannot trust; the message says where and why."""

    def __init__(self, path: Path | str, entry: str, problem: str) -> None:
        super().__init__(f"{path}: {entry}: {problem}" if entry else f"{path}: {problem}")


@dataclass(frozen=True)
class Localized:
    """One text in every supported language."""

    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Characteristic:
    id: str
    name: Localized
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Archetype:
    id: str
    number: int
    name: Localized
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    """One cell of the table. A merged cell of the source table spans several archetypes'
    columns: `shared_with` lists the others, `origin` is the one whose column holds the text."""

    archetype: str
    characteristic: str
    text: Localized
    shared_with: tuple[str, ...] = ()
    origin: str = ""

    def __post_init__(self) -> None:
        if not self.origin:
            object.__setattr__(self, "origin", self.archetype)


@dataclass(frozen=True)
class Source:
    """Who published the table. The table has no title or date of its own: `description` is our
    wording, `file_version` the knowledge file's own version, never shown as the publication's."""

    publisher: str
    description: Localized
    file_version: str
    note: Localized


@dataclass(frozen=True)
class Citation:
    """An example cited in one archetype's examples cell, with the period the cell gives, if any."""

    archetype: str
    period: Localized | None


@dataclass(frozen=True)
class Example:
    """A lab, network or programme named in the examples cells. `name` is written as in the cell."""

    id: str
    name: str
    aliases: tuple[str, ...]
    country: Localized | None
    cited: tuple[Citation, ...]  # in table order

    @property
    def french(self) -> bool:
        """The source note says the French examples were added by La 27e Région."""
        return self.country is not None and self.country.fr == FRANCE


@dataclass(frozen=True)
class Place:
    """A country or a region, ours, that groups the examples the table names there ("Amérique
    du Sud" → La Fabrica, in Chile): the table gives no such grouping; `examples` may be empty
    ("Asie": none cited)."""

    id: str
    name: Localized
    aliases: tuple[str, ...]
    examples: tuple[str, ...]  # example ids, in the file's order


@dataclass(frozen=True)
class Typology:
    source: Source
    archetypes: tuple[Archetype, ...]
    characteristics: tuple[Characteristic, ...]
    cells: dict[tuple[str, str], Cell] = field(repr=False)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # user word → table words
    examples: tuple[Example, ...] = ()
    places: tuple[Place, ...] = ()

    def archetype(self, archetype_id: str) -> Archetype:
        return next(a for a in self.archetypes if a.id == archetype_id)

    def characteristic(self, characteristic_id: str) -> Characteristic:
        return next(c for c in self.characteristics if c.id == characteristic_id)

    def cell(self, archetype_id: str, characteristic_id: str) -> Cell:
        return self.cells[(archetype_id, characteristic_id)]

    def example(self, example_id: str) -> Example:
        return next(e for e in self.examples if e.id == example_id)

    def place(self, place_id: str) -> Place:
        return next(p for p in self.places if p.id == place_id)


MAX_FILE_BYTES = 1_000_000
"""A knowledge file is a few tens of kilobytes; anything near this is not one."""
MAX_DEPTH = 20
"""Our files nest six levels deep at most; a deeper document is a mistake or an attack."""
MAX_INT_DIGITS = 9
_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_YAML_KIND = {type(None): "null", bool: "a boolean", int: "a number", float: "a number", str: "a text",
              list: "a list", dict: "a mapping"}


def kind_of(value: Any) -> str:
    """'a list', 'null'…: how a YAML value of the wrong type is named in an error message."""
    return _YAML_KIND.get(type(value), type(value).__name__)


def _found(value: Any) -> str:
    """'null', 'a number (2.0)', "a text ('x')": what was found instead, for an error message."""
    if value is None:
        return "null"
    shown = repr(value) if isinstance(value, str) else str(value)
    return f"{kind_of(value)} ({shown[:40]})"


class _KnowledgeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, stricter: mapping keys are unique texts, numbers are finite and small,
    and a date stays the text it was written as (only a text is ever wanted)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _refused(key_node, f"a key must be a text, not {kind_of(key)} ({key!r}); put it in quotes")
            if key in seen:
                raise _refused(key_node, f"duplicated key {key!r}")
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value.lstrip("+-").replace("_", "")) > MAX_INT_DIGITS:
            raise _refused(node, f"number {node.value[:20]!r} is too large")
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise _refused(node, f"number {node.value[:20]!r} is not a finite number")
        return value


_KnowledgeLoader.add_constructor("tag:yaml.org,2002:int", _KnowledgeLoader.construct_yaml_int)
_KnowledgeLoader.add_constructor("tag:yaml.org,2002:float", _KnowledgeLoader.construct_yaml_float)
_KnowledgeLoader.add_constructor("tag:yaml.org,2002:timestamp", _KnowledgeLoader.construct_yaml_str)


def _refused(node_or_event: Any, problem: str) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=problem, problem_mark=node_or_event.start_mark)


def _check_events(text: str) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting before anything is built: an alias
    bomb ("billion laughs") is a few lines that expand to gigabytes, so it must not be expanded."""
    depth = 0
    for event in yaml.parse(text, Loader=_KnowledgeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _refused(event, "YAML anchors and aliases (&name, *name) are not allowed; write the value out")
        if getattr(event, "tag", None) and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
            raise _refused(event, f"YAML tags ({event.tag}) are not allowed")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _refused(event, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_yaml(path: Path) -> Any:
    """Parse one knowledge file; a missing, oversized, malformed or booby-trapped file becomes
    a KnowledgeError naming the line."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise KnowledgeError(path, "", f"larger than {MAX_FILE_BYTES // 1_000_000} MB; not a knowledge file")
        text = path.read_bytes().decode("utf-8")
        _check_events(text)
        return yaml.load(text, Loader=_KnowledgeLoader)
    except OSError as error:
        raise KnowledgeError(path, "", f"cannot read the file ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise KnowledgeError(path, f"byte {error.start}", "not UTF-8 text; save the file as UTF-8") from None
    except yaml.reader.ReaderError as error:
        raise KnowledgeError(path, f"character {error.position}",
                             f"malformed YAML: character #x{error.character:04x} is not allowed") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        problem = getattr(error, "problem", None) or str(error)
        parsing = isinstance(error, (yaml.scanner.ScannerError, yaml.parser.ParserError, yaml.composer.ComposerError))
        raise KnowledgeError(path, where, f"malformed YAML: {problem}" if parsing else problem) from None


class Checker:
    """Small helpers that turn a shape or type mismatch into a KnowledgeError naming the entry.
    Nothing is coerced: a null, a number or a list where a text belongs is refused, not str()-ed."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, entry: str, problem: str) -> KnowledgeError:
        return KnowledgeError(self.path, entry, problem)

    def mapping(self, value: Any, entry: str, keys: set[str], optional: set[str] = frozenset()) -> dict:
        if not isinstance(value, dict):
            raise self.fail(entry, f"expected a mapping, found {kind_of(value)}")
        missing = keys - value.keys()
        if missing:
            raise self.fail(entry, f"missing {', '.join(sorted(missing))}")
        unknown = value.keys() - keys - optional
        if unknown:
            raise self.fail(entry, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        return value

    def text(self, value: Any, entry: str) -> str:
        if not isinstance(value, str):
            raise self.fail(entry, f"expected a text, found {_found(value)}; put it in quotes")
        if not value.strip():
            raise self.fail(entry, "expected a non-empty text")
        return value

    def identifier(self, value: Any, entry: str) -> str:
        """An id: lower-case letters and digits, words joined by '-'."""
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise self.fail(entry, f"expected an id, found {_found(value)}; an id is lower-case words joined by '-'")
        return value

    def integer(self, value: Any, entry: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(entry, f"expected a whole number, found {_found(value)}")
        return value

    def number(self, value: Any, entry: str, minimum: float, maximum: float) -> float:
        """A finite int or float within [minimum, maximum] (never a boolean)."""
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not minimum <= value <= maximum:
            raise self.fail(entry, f"expected a number from {minimum:g} to {maximum:g}, found {_found(value)}")
        return float(value)

    def localized(self, value: Any, entry: str) -> Localized:
        value = self.mapping(value, entry, set(LANGS))
        return Localized(**{lang: self.text(value[lang], f"{entry}.{lang}") for lang in LANGS})

    def items(self, value: Any, entry: str) -> list:
        if not isinstance(value, list) or not value:
            raise self.fail(entry, f"expected a non-empty list, found {kind_of(value)}")
        return value


def load_typology(path: Path | None = None) -> Typology:
    path = path or knowledge_dir() / "typology.yaml"
    check = Checker(path)
    doc = check.mapping(read_yaml(path), "top level", {"source", "characteristics", "archetypes"}, {"synonyms", "examples", "places"})

    raw_source = check.mapping(doc["source"], "source", {"publisher", "description", "file_version", "note"})
    source = Source(
        publisher=check.text(raw_source["publisher"], "source.publisher"),
        description=check.localized(raw_source["description"], "source.description"),
        file_version=check.text(raw_source["file_version"], "source.file_version"),
        note=check.localized(raw_source["note"], "source.note"),
    )

    alias_owner: dict[str, str] = {}

    def aliases(value: Any, entry: str, owner: str) -> tuple[str, ...]:
        result = []
        for index, alias in enumerate(check.items(value, entry)):
            folded = fold(check.text(alias, f"{entry}[{index}]"))
            if not folded or folded.isdigit():
                raise check.fail(f"{entry}[{index}]", f"alias {alias!r} has no letters")
            if alias_owner.get(folded) == owner:  # the same alias twice for one owner ("27e Région", "27e region")
                continue
            if folded in alias_owner:
                raise check.fail(f"{entry}[{index}]", f"duplicated alias {alias!r} (already used by {alias_owner[folded]})")
            alias_owner[folded] = owner
            result.append(alias)
        return tuple(result)

    characteristics = []
    for index, raw in enumerate(check.items(doc["characteristics"], "characteristics")):
        entry = f"characteristics[{index}]"
        raw = check.mapping(raw, entry, {"id", "name", "aliases"})
        if check.identifier(raw["id"], f"{entry}.id") not in CHARACTERISTIC_IDS:
            raise check.fail(entry, f"unknown characteristic id {raw['id']!r} (expected one of {', '.join(CHARACTERISTIC_IDS)})")
        entry = f"characteristics[{index}] ({raw['id']})"
        characteristics.append(Characteristic(raw["id"], check.localized(raw["name"], f"{entry}.name"), ()))
    _check_ids("characteristics", [c.id for c in characteristics], CHARACTERISTIC_IDS, check)

    archetypes, raw_cells = [], {}
    for index, raw in enumerate(check.items(doc["archetypes"], "archetypes")):
        entry = f"archetypes[{index}]"
        raw = check.mapping(raw, entry, {"id", "number", "name", "aliases", "cells"})
        if check.identifier(raw["id"], f"{entry}.id") not in ARCHETYPE_IDS:
            raise check.fail(entry, f"unknown archetype id {raw['id']!r} (expected one of {', '.join(ARCHETYPE_IDS)})")
        entry = f"archetypes[{index}] ({raw['id']})"
        if check.integer(raw["number"], f"{entry}.number") != ARCHETYPE_IDS.index(raw["id"]) + 1:
            raise check.fail(entry, f"number {raw['number']!r} should be {ARCHETYPE_IDS.index(raw['id']) + 1}")
        archetypes.append(
            Archetype(raw["id"], raw["number"], check.localized(raw["name"], f"{entry}.name"),
                      aliases(raw["aliases"], f"{entry}.aliases", raw["id"]))
        )
        cells = check.mapping(raw["cells"], f"{entry}.cells", set(CHARACTERISTIC_IDS))
        for characteristic_id, value in cells.items():
            raw_cells[(raw["id"], characteristic_id)] = (f"{entry}.cells.{characteristic_id}", value)
    _check_ids("archetypes", [a.id for a in archetypes], ARCHETYPE_IDS, check)

    # Characteristic aliases are read after the archetypes' so a clash names both owners.
    characteristics = [
        Characteristic(c.id, c.name, aliases(raw["aliases"], f"characteristics[{i}] ({c.id}).aliases", c.id))
        for i, (c, raw) in enumerate(zip(characteristics, doc["characteristics"]))
    ]
    cells = _resolve_cells(raw_cells, check)
    raw_examples = doc.get("examples") or []
    if not isinstance(raw_examples, list):
        raise check.fail("examples", f"expected a list, found {type(raw_examples).__name__}")
    examples = tuple(_example(raw, f"examples[{index}]", cells, aliases, check) for index, raw in enumerate(raw_examples))
    _check_ids("examples", [e.id for e in examples], (), check)
    raw_places = doc.get("places") or []
    if not isinstance(raw_places, list):
        raise check.fail("places", f"expected a list, found {kind_of(raw_places)}")
    places = tuple(_place(raw, f"places[{index}]", {e.id for e in examples}, aliases, check)
                   for index, raw in enumerate(raw_places))
    _check_ids("places", [p.id for p in places], (), check)
    return Typology(source, tuple(archetypes), tuple(characteristics), cells,
                    _synonyms(doc.get("synonyms") or {}, cells, check), examples, places)


def _place(raw: Any, entry: str, example_ids: set[str], aliases: Any, check: Checker) -> Place:
    """One place; its examples must be ids of the examples section (an empty list is allowed)."""
    raw = check.mapping(raw, entry, {"id", "name", "aliases", "examples"})
    place_id = check.identifier(raw["id"], f"{entry}.id")
    entry = f"{entry} ({place_id})"
    name = check.localized(raw["name"], f"{entry}.name")
    if not isinstance(raw["examples"], list):
        raise check.fail(f"{entry}.examples", f"expected a list of example ids, found {kind_of(raw['examples'])}")
    examples = tuple(check.identifier(e, f"{entry}.examples") for e in raw["examples"])
    unknown = [e for e in examples if e not in example_ids]
    if unknown:
        raise check.fail(f"{entry}.examples", f"unknown example id(s) {', '.join(map(repr, unknown))}")
    return Place(place_id, name, aliases([name.fr, name.en, *check.items(raw["aliases"], f"{entry}.aliases")],
                                         f"{entry}.aliases", f"place {place_id}"), examples)


def _example(raw: Any, entry: str, cells: dict[tuple[str, str], Cell], aliases: Any, check: Checker) -> Example:
    """One example; its name, periods and country must be words of the cells that cite it."""
    raw = check.mapping(raw, entry, {"id", "name", "aliases", "cited"}, {"country"})
    example_id = check.identifier(raw["id"], f"{entry}.id")
    entry = f"{entry} ({example_id})"
    name = check.text(raw["name"], f"{entry}.name")
    country = check.localized(raw["country"], f"{entry}.country") if "country" in raw else None
    cited_raw = raw["cited"]
    if not isinstance(cited_raw, dict) or not cited_raw:
        raise check.fail(f"{entry}.cited", "expected a mapping of archetype id: period (or null)")
    citations = []
    for archetype_id in sorted(cited_raw, key=lambda a: ARCHETYPE_IDS.index(a) if a in ARCHETYPE_IDS else -1):
        where = f"{entry}.cited.{archetype_id}"
        if archetype_id not in ARCHETYPE_IDS:
            raise check.fail(where, f"unknown archetype id {archetype_id!r}")
        cell = fold(cells[(archetype_id, "exemples")].text.fr)
        if fold(name) not in cell:
            raise check.fail(f"{entry}.name", f"{name!r} is not written in the examples cell of {archetype_id}")
        period = check.localized(cited_raw[archetype_id], where) if cited_raw[archetype_id] is not None else None
        if period and fold(period.fr) not in cell:
            raise check.fail(where, f"period {period.fr!r} is not written in the examples cell of {archetype_id}")
        if country and not any(f" {fold(w)} " in f" {cell} " for w in COUNTRY_AS_WRITTEN.get(country.fr, (country.fr,))):
            raise check.fail(f"{entry}.country", f"{country.fr!r} is not written in the examples cell of {archetype_id}")
        citations.append(Citation(archetype_id, period))
    return Example(example_id, name, aliases([name, *check.items(raw["aliases"], f"{entry}.aliases")],
                                             f"{entry}.aliases", f"example {example_id}"), country, tuple(citations))


def _synonyms(raw: Any, cells: dict[tuple[str, str], Cell], check: Checker) -> dict[str, tuple[str, ...]]:
    """Folded user word → folded table words; every target must be a word of some cell."""
    if not isinstance(raw, dict):
        raise check.fail("synonyms", "expected a mapping of word: [table words]")
    table_words = {w for c in cells.values() for w in fold(f"{c.text.fr} {c.text.en}").split()}
    synonyms = {}
    for word, targets in raw.items():
        entry = f"synonyms.{word}"
        folded = [fold(check.text(t, entry)) for t in check.items(targets, entry)]
        missing = [t for t, f in zip(targets, folded) if f not in table_words]
        if missing:
            raise check.fail(entry, f"{', '.join(map(repr, missing))} appear(s) in no cell")
        if not fold(word):
            raise check.fail(entry, f"the word {word!r} has no letters")
        synonyms[fold(word)] = tuple(folded)
    return synonyms


def _check_ids(section: str, found: list[str], expected: tuple[str, ...], check: Checker) -> None:
    duplicated = sorted({i for i in found if found.count(i) > 1})
    if duplicated:
        raise check.fail(section, f"duplicated id(s) {', '.join(duplicated)}")
    missing = [i for i in expected if i not in found]
    if missing:
        raise check.fail(section, f"missing {', '.join(missing)}")


def _resolve_cells(raw_cells: dict[tuple[str, str], tuple[str, Any]], check: Checker) -> dict[tuple[str, str], Cell]:
    """Turn `{fr, en}` and `{same_as: other}` entries into Cells; a merged cell knows both its columns."""
    texts: dict[tuple[str, str], Localized] = {}
    merged: dict[tuple[str, str], str] = {}
    for key, (entry, value) in raw_cells.items():
        if isinstance(value, dict) and "same_as" in value:
            check.mapping(value, entry, {"same_as"})
            if value["same_as"] not in ARCHETYPE_IDS or value["same_as"] == key[0]:
                raise check.fail(entry, f"same_as must name another archetype, not {value['same_as']!r}")
            merged[key] = value["same_as"]
        else:
            texts[key] = check.localized(value, entry)
    cells = {}
    for (archetype_id, characteristic_id), text in texts.items():
        sharers = tuple(a for (a, c), owner in merged.items() if c == characteristic_id and owner == archetype_id)
        cells[(archetype_id, characteristic_id)] = Cell(archetype_id, characteristic_id, text, sharers)
    for (archetype_id, characteristic_id), owner in merged.items():
        entry = raw_cells[(archetype_id, characteristic_id)][0]
        if (owner, characteristic_id) not in texts:
            raise check.fail(entry, f"same_as {owner!r}, whose cell is itself not a text")
        cells[(archetype_id, characteristic_id)] = Cell(
            archetype_id, characteristic_id, texts[(owner, characteristic_id)], (owner,), owner
        )
    return cells
