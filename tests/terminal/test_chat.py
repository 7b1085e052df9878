"""The terminal conversation, driven through real pipes."""

from __future__ import annotations

import io
import subprocess

from bot.terminal.chat import TerminalChat, run_chat
from tests.test_cli import LABTYPE


def test_chat_answers_like_the_platforms(answerer, engine):
    reply = TerminalChat(answerer, engine).reply("méthodes co-designer")
    assert reply.startswith("4. Co-designer systémique — Méthodes prédominantes")
    assert "Pratiques systémiques, innovation sociale, complexité, co-design" in reply
    assert "Source : La 27e Région" in reply


def test_chat_survives_bad_input(answerer, engine):
    stdin = io.StringIO("\n   \n" + "y" * 10_000 + "\n\x00\x1b[2J\x07\nsolutionneur\n")
    stdout = io.StringIO()
    assert run_chat(TerminalChat(answerer, engine), stdin, stdout) == 0
    out = stdout.getvalue()
    assert "Rien trouvé" in out and "2. Solutionneur" in out and out.rstrip().endswith("À bientôt !")
    assert "\x1b[2J" not in out


def test_chat_process_ends_on_ctrl_d():
    done = subprocess.run([LABTYPE, "chat", "--lang", "en"], input="help\n", capture_output=True, text=True, timeout=30)
    assert done.returncode == 0
    assert "labtype — the 7 archetypes" in done.stdout and done.stdout.rstrip().endswith("Goodbye!")


def test_quiz_in_the_terminal_with_back_and_bad_answers(answerer, engine):
    chat = TerminalChat(answerer, engine)
    assert "Question 1/6" in chat.reply("quiz")
    assert "Question 2/6" in chat.reply("2")
    assert "Question 1/6" in chat.reply("retour")
    assert "Répondez par un numéro de 1 à 7" in chat.reply("42")
    assert "Répondez par un numéro" in chat.reply("bonjour")
    for odd in ("²", "①", "٣", "²\ufe0f\u20e3", "9" * 5000):  # int() of these crashed, or took '٣' as 3
        assert "Répondez par un numéro de 1 à 7" in chat.reply(odd)
    assert "Question 2/6" in chat.reply("3\ufe0f\u20e3")
    assert "Question 1/6" in chat.reply("retour")
    answers = engine.most_characteristic("apprenant-transformateur")
    for option in answers[:-1]:
        chat.reply(str(option + 1))
    result = chat.reply(str(answers[-1] + 1))
    assert "ressemble le plus à : 5. Apprenant transformateur" in result and "Pourquoi" in result
    assert chat.quiz is None and "Méthodes prédominantes" in chat.reply("méthodes")
    assert chat.reply("retour").startswith("Aucun quiz en cours")


def test_quiz_can_be_stopped(answerer, engine):
    chat = TerminalChat(answerer, engine, "en")
    chat.reply("quiz")
    assert chat.reply("stop").startswith("Quiz stopped")
    assert chat.reply("solution finder").startswith("2. Problem solver")


def test_quiz_command_runs_in_a_real_process(engine):
    answers = "\n".join(str(o + 1) for o in engine.most_characteristic("co-designer-systemique"))
    done = subprocess.run([LABTYPE, "quiz", "--lang", "en"], input=answers + "\n", capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and "Your lab most resembles: 4. Systemic co-designer" in done.stdout


def test_quit_words_end_the_chat(answerer, engine):
    stdout = io.StringIO()
    run_chat(TerminalChat(answerer, engine), io.StringIO("quitter\nsolutionneur\n"), stdout)
    assert "Solutionneur" not in stdout.getvalue() and stdout.getvalue().rstrip().endswith("À bientôt !")


def test_french_quotes_and_punctuation_stay_with_their_word_when_wrapped():
    from bot.terminal.render import wrap
    text = "Je ne reconnais ni un archétype, ni une caractéristique, ni des mots du tableau. Tapez « aide » pour des exemples."
    for width in range(20, 90):
        for line in wrap(text, width):
            assert not line.endswith("«") and not line.startswith(("»", ":", "?", "!", ";")), (width, line)
            assert "\u00a0" not in line
    assert " ".join(wrap(text, 30)) == text
