"""knowledge/typology.yaml carries the seed verbatim, and the loader refuses what it cannot trust."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.core.knowledge import (
    ARCHETYPE_IDS,
    CHARACTERISTIC_IDS,
    KnowledgeError,
    knowledge_dir,
    load_typology,
)

SEED = Path(__file__).parents[1] / "data" / "typologie.tsv"
SHARED_SEED = Path(__file__).parents[3] / "shared" / "seed" / "typologie.tsv"


def seed_table() -> dict[tuple[str, str], str]:
    """The seed's 35 cells keyed by (archetype id, characteristic id), split on tabs only."""
    rows = [line.split("\t") for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(a, c): rows[1 + ci][1 + ai] for ai, a in enumerate(ARCHETYPE_IDS) for ci, c in enumerate(CHARACTERISTIC_IDS)}


def test_vendored_seed_is_the_shared_one():
    if not SHARED_SEED.exists():
        pytest.skip("no shared/ beside this checkout (only CI and the team's machines have it)")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_every_cell_is_the_seed_verbatim(typology):
    for (archetype, characteristic), text in seed_table().items():
        cell = typology.cell(archetype, characteristic)
        if text:
            assert cell.text.fr == text and cell.origin == archetype
        else:  # the merged cells: the Plateforme créative's text spans the Solutionneur's column
            assert archetype == "solutionneur" and cell.origin == "plateforme-creative"
            assert cell.text == typology.cell("plateforme-creative", characteristic).text


def test_merged_cells_know_both_columns(typology):
    for characteristic in ("positionnement", "responsabilite"):
        assert typology.cell("plateforme-creative", characteristic).shared_with == ("solutionneur",)
        assert typology.cell("solutionneur", characteristic).shared_with == ("plateforme-creative",)
    assert typology.cell("solutionneur", "methodes").shared_with == ()


def test_names_numbers_and_source(typology):
    header = SEED.read_text(encoding="utf-8").splitlines()[2].split("\t")[1:]
    assert [f"{a.number}. {a.name.fr}" for a in typology.archetypes] == header
    assert [a.id for a in typology.archetypes] == list(ARCHETYPE_IDS)
    assert typology.source.publisher == "La 27e Région"
    assert "ajoutés par la 27e Région" in typology.source.note.fr
    assert all(c.text.en and c.text.en != c.text.fr for c in typology.cells.values() if c.characteristic != "methodes")


# -- validation ---------------------------------------------------------------------------------

def write_broken(tmp_path: Path, mutate) -> Path:
    doc = yaml.safe_load((knowledge_dir() / "typology.yaml").read_text(encoding="utf-8"))
    mutate(doc)
    path = tmp_path / "typology.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["archetypes"].pop(3), "archetypes: missing co-designer-systemique"),
    (lambda d: d["archetypes"][1].update(id="solutionneuse"), "archetypes[1]: unknown archetype id 'solutionneuse'"),
    (lambda d: d["archetypes"][2]["aliases"].append("Solutionneur"),
     "archetypes[2] (partenaire-du-changement).aliases[9]: duplicated alias 'Solutionneur' (already used by solutionneur)"),
    (lambda d: d["characteristics"][0]["aliases"].append("Plateforme"),
     "characteristics[0] (objectif).aliases[16]: duplicated alias 'Plateforme' (already used by plateforme-creative)"),
    (lambda d: d["archetypes"][0]["cells"].pop("methodes"), "archetypes[0] (plateforme-creative).cells: missing methodes"),
    (lambda d: d["archetypes"][0]["cells"].update(metodes={"fr": "x", "en": "y"}), "unknown key(s) metodes"),
    (lambda d: d["archetypes"][4]["cells"]["objectif"].pop("en"), "archetypes[4] (apprenant-transformateur).cells.objectif: missing en"),
    (lambda d: d["archetypes"][1]["cells"].update(objectif={"same_as": "solutionneur"}), "same_as must name another archetype"),
    (lambda d: d["characteristics"].pop(), "characteristics: missing exemples"),
    (lambda d: d["archetypes"][6].update(number=3), "number 3 should be 7"),
    (lambda d: d["synonyms"].update(citoyens=["agora"]), "synonyms.citoyens: 'agora' appear(s) in no cell"),
    (lambda d: d["places"][0]["examples"].append("nesta"), "places[0] (europe).examples: unknown example id(s) 'nesta'"),
    (lambda d: d["places"][1]["aliases"].append("Memphis"),
     "duplicated alias 'Memphis' (already used by example innovate-memphis)"),
    (lambda d: d["places"][2].update(examples="vancouver-solutions-lab"), "places[2] (canada).examples: expected a list"),
])
def test_invalid_typology_is_refused_with_the_entry_named(tmp_path, mutate, expected):
    with pytest.raises(KnowledgeError) as error:
        load_typology(write_broken(tmp_path, mutate))
    assert expected in str(error.value) and str(tmp_path) in str(error.value)


def test_malformed_yaml_names_the_line(tmp_path):
    path = tmp_path / "typology.yaml"
    path.write_text("source:\n  title: [unclosed\narchetypes: {\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"typology.yaml: line \d+, column \d+: malformed YAML"):
        load_typology(path)


def test_a_file_not_in_utf8_is_named(tmp_path):
    path = tmp_path / "typology.yaml"
    path.write_bytes("source: Région\n".encode("latin-1"))
    with pytest.raises(KnowledgeError, match="typology.yaml: byte 9: not UTF-8 text"):
        load_typology(path)


def test_the_command_line_stops_cleanly_on_a_broken_file(tmp_path):
    (tmp_path / "typology.yaml").write_text("archetypes: [\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "solutionneur"], capture_output=True, text=True,
                          env={"LABTYPE_KNOWLEDGE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 2
    assert "labtype ne peut pas démarrer" in done.stderr and "typology.yaml" in done.stderr
    assert "Traceback" not in done.stderr


def test_places_group_existing_examples_and_may_hold_none(typology):
    assert typology.place("amerique-du-sud").examples == ("la-fabrica",)
    assert typology.place("asie").examples == ()  # "des exemples en Asie ?": the table cites none, said plainly
    example_ids = {e.id for e in typology.examples}
    assert all(set(p.examples) <= example_ids for p in typology.places)
