"""The query set through `labtype ask --json -`, as a user (or another tool) runs it: every
contract field that the set expects, for every kind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.query_set import ExpectedQuery, answer_matches, load_query_set

LABTYPE = Path(sys.executable).with_name("labtype")
TARGETS = {"keyword": 0.98, "natural": 0.95}
CONTRACT_KEYS = {"query", "kind", "archetype", "archetypes", "characteristic", "example", "verdict", "text",
                 "results", "suggestions"}


@pytest.fixture(scope="module")
def answers() -> list[tuple[ExpectedQuery, dict]]:
    queries = load_query_set()
    stdin = "".join(q.query.replace("\n", " ") + "\n" for q in queries)
    done = subprocess.run([str(LABTYPE), "ask", "--json", "-"], input=stdin, capture_output=True, text=True,
                          check=True, timeout=60)
    lines = done.stdout.splitlines()
    assert len(lines) == len(queries), done.stderr
    return [(q, json.loads(line)) for q, line in zip(queries, lines)]


@pytest.mark.parametrize("which", sorted(TARGETS))
def test_query_set_passes_its_target(answers, which):
    chosen = [(q, a) for q, a in answers if q.set == which]
    failures = [(q, a) for q, a in chosen if not answer_matches(q, a)]
    rate = 1 - len(failures) / len(chosen)
    assert rate >= TARGETS[which], f"{which}: {rate:.1%}\n" + "\n".join(
        f"{q.query!r}: expected {q.kind} {','.join(q.archetypes) or '-'} {q.characteristic} {q.verdict}, got "
        f"{a['kind']} {a['archetypes']} {a['characteristic']} {a['verdict']} {[(h['archetype'], h['characteristic']) for h in a['results'][:3]]}"
        for q, a in failures)


def test_the_natural_set_is_big_and_covers_every_kind():
    natural = load_query_set("natural")
    assert len(natural) >= 150
    assert {q.kind for q in natural} >= {"compare", "example", "about", "search", "cell", "card", "quiz", "none"}
    assert any(q.verdict is True for q in natural) and any(q.verdict is False for q in natural)


def test_every_answer_has_the_v2_contract(answers):
    for expected, answer in answers:
        assert set(answer) == CONTRACT_KEYS, expected.query
        assert answer["archetype"] == (answer["archetypes"][0] if answer["archetypes"] else None), expected.query
        assert (answer["example"] is not None) <= (answer["kind"] == "example"), expected.query
        if answer["kind"] == "compare":
            assert 2 <= len(answer["archetypes"]) <= 3, expected.query
        if answer["verdict"] is not None:
            assert answer["text"].split("\n")[1].startswith(("Oui", "Non", "Yes", "No")), expected.query
