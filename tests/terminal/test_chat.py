"""The terminal conversation, driven through real pipes."""

from __future__ import annotations

import io
import subprocess

from bot.terminal.chat import TerminalChat, run_chat
from tests.test_cli import LABTYPE


def test_chat_answers_like_the_platforms(answerer):
    reply = TerminalChat(answerer).reply("méthodes co-designer")
    assert reply.startswith("4. Co-designer systémique — Méthodes prédominantes")
    assert "Pratiques systémiques, innovation sociale, complexité, co-design" in reply
    assert "Source : La 27e Région" in reply


def test_chat_survives_bad_input(answerer):
    stdin = io.StringIO("\n   \n" + "y" * 10_000 + "\n\x00\x1b[2J\x07\nsolutionneur\n")
    stdout = io.StringIO()
    assert run_chat(TerminalChat(answerer), stdin, stdout) == 0
    out = stdout.getvalue()
    assert "Rien trouvé" in out and "2. Solutionneur" in out and out.rstrip().endswith("À bientôt !")
    assert "\x1b[2J" not in out


def test_chat_process_ends_on_ctrl_d():
    done = subprocess.run([LABTYPE, "chat", "--lang", "en"], input="help\n", capture_output=True, text=True, timeout=30)
    assert done.returncode == 0
    assert "labtype — the 7 archetypes" in done.stdout and done.stdout.rstrip().endswith("Goodbye!")
