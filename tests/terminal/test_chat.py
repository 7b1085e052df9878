"""The terminal conversation, driven through real pipes."""

from __future__ import annotations

import io
import subprocess

from bot.core.quiz import option_order, shown_number
from bot.terminal.chat import TerminalChat, local_seed, run_chat
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


def shown(engine, seed: str, answers: tuple[int, ...]) -> list[str]:
    """The numbers a participant with this seed types to give these (canonical) answers."""
    return [str(shown_number(q, seed, a)) for q, a in zip(engine.quiz.questions, answers)]


def test_quiz_in_the_terminal_with_back_and_bad_answers(answerer, engine):
    chat = TerminalChat(answerer, engine, seed="test:me")
    first = chat.reply("quiz")
    assert "Question 1/5" in first
    order = option_order(engine.quiz.questions[0], "test:me")
    assert first.index(engine.quiz.questions[0].options[order[0]].text.fr) < first.index(
        engine.quiz.questions[0].options[order[1]].text.fr)  # shown in this participant's order
    assert "Question 2/5" in chat.reply("2")
    assert chat.quiz == (order[1],)  # the shown number mapped back to the canonical option
    assert "Question 1/5" in chat.reply("retour")
    assert "Répondez par un numéro de 1 à 7" in chat.reply("42")
    assert "Répondez par un numéro" in chat.reply("bonjour")
    for odd in ("²", "①", "٣", "²\ufe0f\u20e3", "9" * 5000):  # int() of these crashed, or took '٣' as 3
        assert "Répondez par un numéro de 1 à 7" in chat.reply(odd)
    assert "Question 2/5" in chat.reply("3\ufe0f\u20e3")
    assert chat.quiz == (order[2],)
    assert "Question 1/5" in chat.reply("retour")
    for number in shown(engine, "test:me", engine.most_characteristic("apprenant-transformateur")):
        result = chat.reply(number)
    assert "ressemble le plus à : 5. Apprenant transformateur" in result and "Pourquoi" in result
    assert "Et dans deux ans ?" in result
    assert chat.quiz is None and "Méthodes prédominantes" in chat.reply("méthodes")
    assert chat.reply("retour").startswith("Aucun quiz en cours")


def test_the_same_participant_sees_the_same_order_after_a_restart(answerer, engine):
    first, again = TerminalChat(answerer, engine, seed="t:u"), TerminalChat(answerer, engine, seed="t:u")
    assert first.reply("quiz") == again.reply("quiz")
    assert TerminalChat(answerer, engine, seed="t:someone-else").reply("quiz") != again.reply("stop") and first.quiz == ()


def test_in_two_years_after_the_result_shows_the_shift(answerer, engine):
    chat = TerminalChat(answerer, engine, "en", seed="t:u")
    chat.reply("quiz")
    cd, ap = engine.most_characteristic("co-designer-systemique"), engine.most_characteristic("apprenant-transformateur")
    for number in shown(engine, "t:u", cd):
        chat.reply(number)
    question = chat.reply("yes")
    assert question.startswith("In two years — question 1/5") and "Where you want the lab to be in two years" in question
    for number in shown(engine, "t:u", cd[:3] + ap[3:]):
        shift = chat.reply(number)
    assert shift.startswith("In two years, still: 4. Systemic co-designer")
    assert "Today → in two years" in shift and "5. Transformative learner" in shift and "(+38)" in shift
    assert [r.top for r in chat.results] == ["co-designer-systemique", "co-designer-systemique"]
    assert chat.reply("problem solver").startswith("2. Problem solver")  # back to questions


def test_quiz_can_be_stopped(answerer, engine):
    chat = TerminalChat(answerer, engine, "en")
    chat.reply("quiz")
    assert chat.reply("stop").startswith("Quiz stopped")
    assert chat.reply("solution finder").startswith("2. Problem solver")


def test_quiz_command_runs_in_a_real_process(engine):
    answers = "\n".join(shown(engine, local_seed(), engine.most_characteristic("co-designer-systemique")))
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


def test_a_self_description_and_an_uncited_lab_hint_at_the_quiz(answerer, engine):
    chat = TerminalChat(answerer, engine)
    for query in ("nous animons un réseau de villes", "is MindLab an example?"):
        reply = chat.reply(query)
        assert "« quiz »" in reply, reply
