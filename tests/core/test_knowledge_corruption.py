"""Corrupted knowledge files: every one is refused with a KnowledgeError naming the file, the
entry (or line) and the problem, never a hang, a crash or a wrong value silently accepted.

Each case starts from the real file, changes one thing, and says what the message must contain.
`@@` in a mutated value is a placeholder replaced by raw YAML text after dumping, for what a
dump cannot produce (anchors, tags, bad numbers).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.core.knowledge import KnowledgeError, knowledge_dir, load_typology
from bot.core.quiz import load_quiz

LOADERS = {"typology.yaml": load_typology, "quiz.yaml": load_quiz}
RAW = "@@"


def alias_bomb(levels: int = 9) -> str:
    """Billion laughs in flow style: 9 lists of 9 references to the previous one (9**9 leaves)."""
    items = ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    items += [f"&l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return f"[{', '.join(items)}]"


def corrupted(tmp_path: Path, name: str, mutate=None, raw: str = "", text: str | None = None) -> Path:
    """The real `name` with `mutate(doc)` applied; `raw` replaces the placeholder; `text` replaces all."""
    doc = yaml.safe_load((knowledge_dir() / name).read_text(encoding="utf-8"))
    if mutate:
        mutate(doc)
    dumped = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
    dumped = re.sub(r"'@@'|@@", lambda _: raw, dumped)
    path = tmp_path / name
    path.write_text(dumped if text is None else text, encoding="utf-8")
    return path


def arch(doc: dict, index: int = 0) -> dict:
    return doc["archetypes"][index]


def option(doc: dict, question: int = 0, index: int = 0) -> dict:
    return doc["questions"][question]["options"][index]


def setter(getter, key, value):
    def mutate(doc):
        getter(doc)[key] = value
    return mutate


T, Q = "typology.yaml", "quiz.yaml"
source = lambda d: d["source"]  # noqa: E731
first_weights = lambda d: option(d)["weights"]  # noqa: E731

CASES = [
    # -- YAML itself: anchors, tags, odd keys, odd numbers, odd files
    ("anchor reused", T, setter(source, "publisher", RAW), "&p La 27e Région\n  x: *p", "anchors and aliases"),
    ("merge key", T, setter(arch, "name", RAW), "{<<: *n}", "anchors and aliases"),
    ("python tag", T, setter(source, "publisher", RAW), "!!python/object/apply:os.system [echo hi]", "tags"),
    ("binary tag", T, setter(source, "publisher", RAW), "!!binary aGVsbG8=", "tags"),
    ("set tag", T, setter(source, "publisher", RAW), "!!set {a, b}", "tags"),
    ("str tag on a number", T, setter(arch, "number", RAW), "!!str 1", "tags"),
    ("deep nesting", T, setter(source, "publisher", RAW), "[" * 200 + "]" * 200, "nested more than"),
    ("duplicated key", T, setter(source, "publisher", RAW), "La 27e Région\n  publisher: Autre", "duplicated key 'publisher'"),
    ("number as key", T, lambda d: arch(d)["cells"].update({RAW: "x"}), "1", "a key must be a text"),
    ("null key", T, lambda d: d["synonyms"].update({"@@": ["communauté"]}), "null", "a key must be a text"),
    ("boolean key", T, lambda d: d["synonyms"].update({"@@": ["communauté"]}), "yes", "a key must be a text"),
    ("infinite number", T, setter(arch, "number", RAW), ".inf", "not a finite number"),
    ("overflowing number", T, setter(arch, "number", RAW), "1.0e+400", "not a finite number"),
    ("not a number", T, setter(arch, "number", RAW), ".nan", "not a finite number"),
    ("5000 digits", T, setter(arch, "number", RAW), "9" * 5000, "too large"),
    ("two documents", T, None, "", "malformed YAML"),
    ("empty file", T, None, "", "top level: expected a mapping, found null"),
    ("a list", T, None, "", "top level: expected a mapping, found a list"),
    ("a scalar", T, None, "", "top level: expected a mapping, found a text"),
    ("unclosed quote", T, setter(source, "publisher", RAW), "'La 27e", "malformed YAML"),
    ("tab indentation", T, None, "", "malformed YAML"),
    ("control character", T, setter(source, "publisher", RAW), "a\x07b", "malformed YAML"),
    # -- the typology's types
    ("null version", T, setter(source, "file_version", None), "", "source.file_version: expected a text, found null"),
    ("mapping version", T, setter(source, "file_version", {"a": 1}), "", "source.file_version: expected a text, found a mapping"),
    ("number version", T, setter(source, "file_version", 2026), "", "source.file_version: expected a text, found a number"),
    ("list publisher", T, setter(source, "publisher", ["a"]), "", "source.publisher: expected a text"),
    ("null description", T, lambda d: d["source"]["description"].update(fr=None), "", "source.description.fr: expected a text, found null"),
    ("empty description", T, lambda d: d["source"]["description"].update(en=" "), "", "source.description.en: expected a non-empty text"),
    # -- examples: only what the examples cells write
    ("example not in its cell", T, lambda d: d["examples"][0].update(name="Lab inventé"), "",
     "examples[0] (val-d-oise).name: 'Lab inventé' is not written in the examples cell of plateforme-creative"),
    ("period not in its cell", T, lambda d: d["examples"][0]["cited"].update({"plateforme-creative": {"fr": "depuis 1999", "en": "since 1999"}}),
     "", "period 'depuis 1999' is not written in the examples cell of plateforme-creative"),
    ("country not in its cell", T, lambda d: d["examples"][1].update(country={"fr": "Nouvelle-Zélande", "en": "New Zealand"}),
     "", "'Nouvelle-Zélande' is not written in the examples cell of plateforme-creative"),
    ("example cited by nobody known", T, lambda d: d["examples"][0]["cited"].update({"nobody": None}), "",
     "unknown archetype id 'nobody'"),
    ("example id not an id", T, lambda d: d["examples"][0].update(id="Val d'Oise"), "", "expected an id"),
    ("example alias taken", T, lambda d: d["examples"][0]["aliases"].append("solutionneur"), "", "duplicated alias 'solutionneur'"),
    ("null alias", T, lambda d: arch(d)["aliases"].append(None), "", "aliases[", "found null"),
    ("number alias", T, lambda d: arch(d)["aliases"].append(4), "", "expected a text, found a number"),
    ("boolean alias", T, lambda d: arch(d)["aliases"].append(True), "", "expected a text, found a boolean"),
    ("list alias", T, lambda d: arch(d)["aliases"].append(["x"]), "", "expected a text, found a list"),
    ("no aliases", T, setter(arch, "aliases", []), "", "aliases: expected a non-empty list"),
    ("aliases as text", T, setter(arch, "aliases", "plateforme"), "", "aliases: expected a non-empty list, found a text"),
    ("alias of digits", T, lambda d: arch(d)["aliases"].append("42"), "", "has no letters"),
    ("archetype id as list", T, setter(arch, "id", ["solutionneur"]), "", "archetypes[0].id: expected an id"),
    ("archetype id null", T, setter(arch, "id", None), "", "archetypes[0].id: expected an id, found null"),
    ("archetype id number", T, setter(arch, "id", 1), "", "archetypes[0].id: expected an id, found a number"),
    ("number 1.0", T, setter(arch, "number", 1.0), "", "number: expected a whole number, found a number (1.0)"),
    ("number as text", T, setter(arch, "number", "1"), "", "number: expected a whole number, found a text"),
    ("number boolean", T, setter(arch, "number", True), "", "number: expected a whole number, found a boolean"),
    ("null cell", T, lambda d: arch(d, 2)["cells"].update(objectif=None), "", "cells.objectif: expected a mapping, found null"),
    ("number cell text", T, lambda d: arch(d, 2)["cells"]["objectif"].update(fr=3), "", "cells.objectif.fr: expected a text"),
    ("list cell text", T, lambda d: arch(d, 2)["cells"]["objectif"].update(en=["a"]), "", "cells.objectif.en: expected a text"),
    ("same_as list", T, lambda d: arch(d, 1)["cells"].update(objectif={"same_as": ["plateforme-creative"]}), "",
     "same_as must name another archetype"),
    ("same_as null", T, lambda d: arch(d, 1)["cells"].update(objectif={"same_as": None}), "", "same_as must name another"),
    ("cells as list", T, setter(arch, "cells", ["objectif"]), "", "cells: expected a mapping, found a list"),
    ("archetypes as mapping", T, lambda d: d.update(archetypes={"a": 1}), "", "archetypes: expected a non-empty list"),
    ("characteristic as text", T, lambda d: d["characteristics"].__setitem__(0, "objectif"), "",
     "characteristics[0]: expected a mapping, found a text"),
    ("characteristic id list", T, lambda d: d["characteristics"][0].update(id=["objectif"]), "",
     "characteristics[0].id: expected an id"),
    ("extra key", T, lambda d: arch(d).update(colour="red"), "", "unknown key(s) colour"),
    ("synonyms as list", T, lambda d: d.update(synonyms=["habitants"]), "", "synonyms: expected a mapping"),
    ("synonym targets null", T, lambda d: d["synonyms"].update(habitants=None), "", "synonyms.habitants: expected a non-empty list"),
    ("synonym targets mapping", T, lambda d: d["synonyms"].update(habitants={"a": "b"}), "", "synonyms.habitants: expected a non-empty list"),
    ("synonym target null", T, lambda d: d["synonyms"].update(habitants=[None]), "", "synonyms.habitants: expected a text, found null"),
    ("synonym without letters", T, lambda d: d["synonyms"].update({"!!!": ["communauté"]}), "", "has no letters"),
    # -- the quiz's types
    ("question id as list", Q, lambda d: d["questions"][0].update(id=["purpose"]), "", "questions[0].id: expected an id"),
    ("question id null", Q, lambda d: d["questions"][0].update(id=None), "", "questions[0].id: expected an id, found null"),
    ("question id with spaces", Q, lambda d: d["questions"][0].update(id="Our purpose"), "", "questions[0].id: expected an id"),
    ("option id number", Q, lambda d: option(d).update(id=1), "", "options[0].id: expected an id, found a number"),
    ("infinite weight", Q, lambda d: first_weights(d).update({"solutionneur": RAW}), ".inf", "not a finite number"),
    ("overflowing weight", Q, lambda d: first_weights(d).update({"solutionneur": RAW}), "1.0e+400", "not a finite number"),
    ("NaN weight", Q, lambda d: first_weights(d).update({"solutionneur": RAW}), ".NaN", "not a finite number"),
    ("huge weight", Q, lambda d: first_weights(d).update(solutionneur=1e300), "", "weights.solutionneur: expected a number from 0 to 100"),
    ("negative weight", Q, lambda d: first_weights(d).update(solutionneur=-1), "", "weights.solutionneur: expected a number from 0"),
    ("boolean weight", Q, lambda d: first_weights(d).update(solutionneur=True), "", "found a boolean"),
    ("text weight", Q, lambda d: first_weights(d).update(solutionneur="3"), "", "found a text"),
    ("weights as list", Q, lambda d: option(d).update(weights=[3]), "", "weights: expected a mapping, found a list"),
    ("null option text", Q, lambda d: option(d)["text"].update(fr=None), "", "options[0].text.fr: expected a text, found null"),
    ("null dimension", Q, lambda d: d["questions"][0].update(dimension=None), "", "dimension: expected a text, found null"),
    ("options as mapping", Q, lambda d: d["questions"][0].update(options={"a": 1}), "", "options: expected a non-empty list"),
    ("null questions", Q, lambda d: d.update(questions=None), "", "questions: expected a non-empty list, found null"),
    ("weight anchor", Q, lambda d: first_weights(d).update({"solutionneur": RAW}), "&w 3", "anchors and aliases"),
]
WHOLE_TEXT = {
    "two documents": "source: 1\n---\nsource: 2\n",
    "empty file": "",
    "a list": "- a\n- b\n",
    "a scalar": "just some words\n",
    "tab indentation": "source:\n\ttitle: x\n",
}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_corrupted_file_is_refused_with_file_entry_and_problem(tmp_path, case):
    name, file, mutate, raw, *expected = case
    path = corrupted(tmp_path, file, mutate, raw, WHOLE_TEXT.get(name))
    with pytest.raises(KnowledgeError) as error:
        LOADERS[file](path)
    assert str(path) in str(error.value)
    for fragment in expected:
        assert fragment in str(error.value)


def test_there_are_about_sixty_cases():
    assert len(CASES) >= 60


def test_an_oversized_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / T
    path.write_text("# padding\n" * 200_000, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="larger than 1 MB"):
        load_typology(path)


def test_an_unquoted_date_version_stays_the_text_written():
    """`version: 2026-11-27` without quotes is a date to YAML; we only ever want the text."""
    doc = yaml.safe_load((knowledge_dir() / T).read_text(encoding="utf-8"))
    assert isinstance(doc["source"]["file_version"], str)  # the real file quotes it…


def test_an_unquoted_date_is_read_as_text(tmp_path):
    path = corrupted(tmp_path, T, setter(source, "file_version", RAW), "2026-11-27")
    assert load_typology(path).source.file_version == "2026-11-27"  # …and unquoted it is the same text


BOMBS = [
    ("file_version", T, setter(source, "file_version", RAW)),
    ("alias", T, lambda d: arch(d)["aliases"].append(RAW)),
    ("synonym", T, lambda d: d["synonyms"].update(habitants=RAW)),
    ("weight", Q, lambda d: first_weights(d).update({"solutionneur": RAW})),
]


@pytest.mark.parametrize("where, file, mutate", BOMBS, ids=[b[0] for b in BOMBS])
def test_an_alias_bomb_is_refused_at_once_by_the_command(tmp_path, where, file, mutate):
    """Through the real command in a subprocess with a deadline: a bomb expanded would hang or
    exhaust memory instead of exiting 2."""
    corrupted(tmp_path, file, mutate, alias_bomb())
    other = T if file == Q else Q
    (tmp_path / other).write_bytes((knowledge_dir() / other).read_bytes())
    done = subprocess.run([sys.executable, "-m", "bot.cli", "quiz", "--json", "--describe"], capture_output=True,
                          text=True, timeout=30, env={"LABTYPE_KNOWLEDGE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 2, done.stderr
    assert "anchors and aliases" in done.stderr and file in done.stderr and "Traceback" not in done.stderr
