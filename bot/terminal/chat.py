"""`labtype chat`: the conversation of the chat platforms, in a terminal.

`TerminalChat.reply` is one turn (text in, text out) so tests drive it without a terminal;
`run_chat` is the loop around it that survives empty lines, huge pastes, control characters,
Ctrl-C and Ctrl-D.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.core.answers import Answerer
from bot.core.messages import message
from bot.core.quiz import QuizEngine
from bot.core.quiz_answers import QuizAnswers
from bot.core.text import fold, option_number
from bot.terminal.render import render_answer_text

BACK_WORDS = frozenset({"back", "retour", "precedent", "r", "b"})
STOP_WORDS = frozenset({"stop", "quit", "quitter", "arreter", "exit", "q"})
LEAVE_WORDS = frozenset({"quit", "quitter", "exit", "q", "bye", "au revoir", "ciao"})  # outside a quiz: end the chat


class TerminalChat:
    """One conversation: questions answered from the typology, or the quiz when one is running
    (its answers so far are the whole quiz state)."""

    def __init__(self, answerer: Answerer, engine: QuizEngine, lang: str = "fr") -> None:
        self.answerer = answerer
        self.engine = engine
        self.quiz_answers = QuizAnswers(answerer)
        self.lang = lang
        self.quiz: tuple[int, ...] | None = None

    def reply(self, line: str) -> str:
        if self.quiz is not None:
            return self._quiz_turn(line)
        if fold(line) in BACK_WORDS | STOP_WORDS:  # a quiz word after the quiz has ended
            return message("quiz_none_running", self.lang)
        answer = self.answerer.ask(line, self.lang)
        if answer.kind == "quiz":
            self.quiz = ()
            return "\n\n".join((render_answer_text(answer), self._ask_next()))
        return render_answer_text(answer)

    def _quiz_turn(self, line: str) -> str:
        word = fold(line)
        if word in STOP_WORDS:
            self.quiz = None
            return message("quiz_stopped", self.lang)
        if word in BACK_WORDS:
            self.quiz = self.quiz[:-1]
            return self._ask_next()
        question = self.engine.next_question(self.quiz)
        number = option_number(line)  # not folded: NFKD would turn '²' into '2'
        if number is None or not 1 <= number <= len(question.options):
            return message("quiz_terminal_hint", self.lang, count=len(question.options))
        self.quiz = (*self.quiz, number - 1)
        return self._ask_next()

    def _ask_next(self) -> str:
        question = self.engine.next_question(self.quiz)
        if question is None:
            result = self.engine.result(self.quiz)
            self.quiz = None
            return render_answer_text(self.quiz_answers.result(result, self.lang))
        prompt = render_answer_text(self.quiz_answers.question(question, len(self.quiz), self.engine.length, self.lang))
        if self.quiz:  # the hint is shown with the first question, and again after a bad answer
            return prompt
        return "\n".join((prompt, "", message("quiz_terminal_hint", self.lang, count=len(question.options))))


def run_chat(chat: TerminalChat, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, greet: bool = True) -> int:
    interactive = stdin.isatty() and stdout.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
    if greet:
        stdout.write(message("chat_welcome", chat.lang) + "\n")
    while True:
        try:
            line = input("labtype> ") if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            stdout.write("\n")  # leave the prompt's line before saying goodbye
            break
        if not interactive and line == "":
            break
        if not line.strip():
            continue
        if chat.quiz is None and fold(line) in LEAVE_WORDS:
            break
        stdout.write(chat.reply(line) + "\n\n")
        stdout.flush()
    stdout.write(message("chat_bye", chat.lang) + "\n")
    return 0
