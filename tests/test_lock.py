"""The lock files: every install (make run, make test, Procfile platforms) gets the same pinned,
hash-checked set, and a dependency added to pyproject.toml without `make lock` is caught here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)")


def pins(lock: str) -> dict[str, str]:
    """Name → version of every requirement in a lock file; each one must carry a hash."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    found = {}
    for entry in re.split(r"\n(?=\S)", text):
        if entry.startswith("#") or not entry.strip():
            continue
        match = PIN.match(entry)
        assert match, f"{lock}: not an exact pin: {entry.splitlines()[0]}"
        assert "--hash=sha256:" in entry, f"{lock}: {match[1]} has no hash"
        found[canonicalize_name(match[1])] = match[2]
    return found


@pytest.mark.parametrize(("lock", "groups"), [("requirements.txt", ()), ("requirements-test.txt", ("test",))])
def test_each_lock_pins_with_hashes_every_dependency_and_the_build_backend(lock, groups):
    locked = pins(lock)
    declared = list(PYPROJECT["project"]["dependencies"]) + list(PYPROJECT["build-system"]["requires"])
    for group in groups:
        declared += PYPROJECT["project"]["optional-dependencies"][group]
    for requirement in map(Requirement, declared):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is in pyproject.toml but not in {lock}: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), f"{lock}: {name} {locked[name]} breaks {requirement}"


def test_the_test_lock_runs_the_same_versions_as_production():
    runtime, test = pins("requirements.txt"), pins("requirements-test.txt")
    assert {name: test.get(name) for name in runtime} == runtime
