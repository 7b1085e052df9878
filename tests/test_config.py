"""`.env` reading: what a newcomer pastes from the README must work, and the real environment wins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import load_env_file

ROOT = Path(__file__).resolve().parents[1]


def test_dotenv_strips_inline_comments_and_quotes(tmp_path, monkeypatch):
    names = ("TOKEN", "QUOTED", "SINGLE", "HASHED", "EXPORTED", "KEPT", "EMPTY", "SPACED")
    for name in names:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KEPT", "from the environment")
    env = tmp_path / ".env"
    env.write_text("# a comment\n\nTOKEN=xoxb-123          # Install App\nQUOTED=\"a # b\"\nSINGLE='x y'  # note\n"
                   "HASHED=abc#def\nexport EXPORTED='yes'\nKEPT=from the file\nEMPTY=\nSPACED = around  \n"
                   "not a line\n", encoding="utf-8")
    load_env_file(env)
    assert os.environ["TOKEN"] == "xoxb-123"
    assert os.environ["QUOTED"] == "a # b" and os.environ["SINGLE"] == "x y" and os.environ["HASHED"] == "abc#def"
    assert os.environ["EXPORTED"] == "yes" and os.environ["KEPT"] == "from the environment"
    assert os.environ["EMPTY"] == "" and os.environ["SPACED"] == "around"
    assert "not a line" not in os.environ


def test_a_missing_env_file_is_no_error(tmp_path):
    load_env_file(tmp_path / "absent.env")


def test_the_command_reads_the_env_file_of_its_working_directory_and_the_environment_wins(tmp_path):
    (tmp_path / ".env").write_text("export LABTYPE_LANG=en  # answers in English\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "LABTYPE_LANG"}
    env["PYTHONPATH"] = str(ROOT)

    def ask(environment: dict[str, str]) -> str:
        argv = [sys.executable, "-m", "bot.cli", "ask", "goal", "3"]
        return subprocess.run(argv, cwd=tmp_path, env=environment, capture_output=True, text=True, check=True).stdout

    assert ask(env).startswith("3. Change partner — Innovation objective")
    assert ask({**env, "LABTYPE_LANG": "fr"}).startswith("3. Partenaire du changement")
