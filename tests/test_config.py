"""`.env` reading: what a newcomer pastes from the README must work."""

from __future__ import annotations

import os

from bot.config import load_dotenv


def test_dotenv_strips_inline_comments_and_quotes(tmp_path, monkeypatch):
    for name in ("TOKEN", "QUOTED", "HASHED", "EXPORTED", "KEPT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KEPT", "from the environment")
    env = tmp_path / ".env"
    env.write_text("# a comment\n\nTOKEN=xoxb-123          # Install App\nQUOTED=\"a # b\"\nHASHED=abc#def\n"
                   "export EXPORTED='yes'\nKEPT=from the file\nnot a line\n", encoding="utf-8")
    load_dotenv(env)
    assert os.environ["TOKEN"] == "xoxb-123"
    assert os.environ["QUOTED"] == "a # b" and os.environ["HASHED"] == "abc#def"
    assert os.environ["EXPORTED"] == "yes" and os.environ["KEPT"] == "from the environment"
