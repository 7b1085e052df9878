"""Settings from the environment, with a `.env` file as the fallback for `make run`."""

from __future__ import annotations

import os
from pathlib import Path

import dotenv


class ConfigError(Exception):
    """The environment cannot start a front end; the message says what to set."""


def load_env_file(path: Path = Path(".env")) -> None:
    """Read the `.env` of the working directory (where `make run` starts) with python-dotenv; what
    the real environment already sets wins, so a platform's settings are never overridden."""
    dotenv.load_dotenv(path, override=False, encoding="utf-8")


def data_dir() -> Path:
    """Where state that must outlive a restart lives (`LABTYPE_DATA_DIR`, default ./data); the
    store creates it (0700) and says clearly when it cannot."""
    return Path(os.environ.get("LABTYPE_DATA_DIR", "data"))
