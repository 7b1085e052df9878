# Two commands do everything on a fresh machine with Python >= 3.11 and make:
#   make run   - install into .venv and start the bot (terminal chat without credentials)
#   make test  - install the test extras into .venv and run the whole suite
# and one for whoever changes a dependency in pyproject.toml:
#   make lock  - re-resolve requirements.txt and requirements-test.txt (pinned, with hashes)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The resolver used by `make lock` only; pinned so that a refresh gives the same file everywhere.
UV_VERSION := 0.13.9

.PHONY: run test bench lock messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "labtype needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)

# The locked set with its hashes (nothing else can slip in), then the checkout itself without
# dependencies and with the locked setuptools as build backend; `pip check` fails when pyproject.toml
# names a dependency the lock lacks (run `make lock`). A stamp per flavour, redone when a lock changes.
define install_locked
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(1)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
endef

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(call install_locked,requirements.txt)
	@touch $@

$(VENV)/.installed-test: requirements-test.txt pyproject.toml | $(BIN)/python
	$(call install_locked,requirements-test.txt)
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/labtype run

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -n 2

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

# Resolves for every platform and Python >= 3.11 (--universal), from pyproject.toml's dependencies
# plus its build backend (installed with --no-build-isolation above).
BUILD_REQUIRES = $(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'
COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command 'make lock' pyproject.toml -

lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BUILD_REQUIRES) | $(COMPILE) -o requirements.txt
	$(BUILD_REQUIRES) | $(COMPILE) --extra test -o requirements-test.txt

# After editing bot/locale/labtype.pot: add its new entries to every translation (then translate them).
messages: $(VENV)/.installed
	$(BIN)/pybabel update -i bot/locale/labtype.pot -d bot/locale -D labtype -w 100 --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache
