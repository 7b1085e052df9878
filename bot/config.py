"""Settings from the environment, with a `.env` file as the fallback for `make run`."""

from __future__ import annotations

import os
import re
from pathlib import Path


class ConfigError(Exception):
    """The environment cannot start a front end; the message says what to set."""


def load_dotenv(path: Path = Path(".env")) -> None:
    """Read KEY=VALUE lines into os.environ without overriding what is already set.
    Comments (whole lines, or after " #" in an unquoted value), blank lines, `export `
    prefixes and surrounding quotes are handled."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.removeprefix("export ").split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = re.split(r"\s#", value, maxsplit=1)[0].rstrip()
        os.environ.setdefault(key.strip(), value)


def data_dir() -> Path:
    """Where state that must outlive a restart lives (`LABTYPE_DATA_DIR`, default ./data)."""
    path = Path(os.environ.get("LABTYPE_DATA_DIR", "data"))
    path.mkdir(parents=True, exist_ok=True)
    return path
