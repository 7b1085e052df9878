"""`labtype chat`: the conversation of the chat platforms, in a terminal.

`TerminalChat.reply` is one turn (text in, text out) so tests drive it without a terminal;
`run_chat` is the loop around it that survives empty lines, huge pastes, control characters,
Ctrl-C and Ctrl-D.
"""

from __future__ import annotations

import getpass
import logging
import sys
from pathlib import Path
from typing import TextIO

from bot.core.answers import Answerer
from bot.core.charts import ChartError, result_chart
from bot.core.messages import message
from bot.core.quiz import QuizEngine, QuizResult, canonical_option
from bot.core.quiz_answers import QuizAnswers
from bot.core.text import fold, option_number
from bot.terminal.render import render_answer_text

log = logging.getLogger(__name__)

BACK_WORDS = frozenset({"back", "retour", "precedent", "r", "b"})
STOP_WORDS = frozenset({"stop", "quit", "quitter", "arreter", "exit", "q"})
LEAVE_WORDS = frozenset({"quit", "quitter", "exit", "q", "bye", "au revoir", "ciao"})  # outside a quiz: end the chat
YES_WORDS = frozenset({"oui", "o", "yes", "y", "ok", "d'accord", "volontiers"})


class TerminalChat:
    """One conversation: questions answered from the typology, or the quiz when one is running
    (its answers so far are the whole quiz state). After a result, "oui" answers the same
    questions for the lab in two years (`today` holds the result they are compared with).

    `seed` fixes the order the options are shown in (see bot.core.quiz.order): the same person
    sees the same order each time. With a `chart_path`, each result is also drawn there, after
    its text is out (`draw_chart`)."""

    def __init__(self, answerer: Answerer, engine: QuizEngine, lang: str = "fr", seed: str = "terminal",
                 chart_path: Path | None = None) -> None:
        self.answerer = answerer
        self.engine = engine
        self.quiz_answers = QuizAnswers(answerer)
        self.lang = lang
        self.seed = seed
        self.chart_path = chart_path
        self.quiz: tuple[int, ...] | None = None
        self.today: QuizResult | None = None  # set while the "in two years" offer or answers are open
        self.results: list[QuizResult] = []  # every result of this conversation, last one last
        self._undrawn: tuple[QuizResult, QuizResult | None] | None = None  # the result waiting for its chart

    def draw_chart(self) -> str | None:
        """Draw the last result's chart into `chart_path`, if one is waiting; say where, or that it
        failed (the text has said everything already)."""
        if self._undrawn is None or self.chart_path is None:
            return None
        (today, tomorrow), self._undrawn = self._undrawn, None
        try:
            chart = result_chart(self.answerer, today, self.lang, tomorrow)
            self.chart_path.write_bytes(chart.png)
        except (ChartError, OSError) as error:
            log.warning("chart not drawn: %s", error)
            return message("quiz_chart_failed", self.lang)
        return message("quiz_chart_written", self.lang, path=self.chart_path)

    def reply(self, line: str) -> str:
        if self.quiz is not None:
            return self._quiz_turn(line)
        if self.today is not None:
            if fold(line) in YES_WORDS:
                self.quiz = ()
                return self._ask_next()
            self.today = None  # the offer lapses; the line is an ordinary question
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
            self.quiz, self.today = None, None
            return message("quiz_stopped", self.lang)
        if word in BACK_WORDS:
            self.quiz = self.quiz[:-1]
            return self._ask_next()
        question = self.engine.next_question(self.quiz)
        number = option_number(line)  # not folded: NFKD would turn '²' into '2'
        option = canonical_option(question, self.seed, number) if number is not None else None
        if option is None:
            return message("quiz_terminal_hint", self.lang, count=len(question.options))
        self.quiz = (*self.quiz, option)
        return self._ask_next()

    def _ask_next(self) -> str:
        question = self.engine.next_question(self.quiz)
        if question is None:
            result = self.engine.result(self.quiz)
            self.quiz = None
            self.results.append(result)
            if self.today is not None:  # the "in two years" answers are complete
                today, self.today = self.today, None
                self._undrawn = (today, result)
                return render_answer_text(self.quiz_answers.tomorrow(today, result, self.lang))
            self.today, self._undrawn = result, (result, None)
            return "\n\n".join((render_answer_text(self.quiz_answers.result(result, self.lang)),
                                 message("quiz_terminal_tomorrow_offer", self.lang)))
        prompt = render_answer_text(self.quiz_answers.question(question, len(self.quiz), self.engine.length, self.lang,
                                                               seed=self.seed, tomorrow=self.today is not None))
        if self.quiz:  # the hint is shown with the first question, and again after a bad answer
            return prompt
        return "\n".join((prompt, "", message("quiz_terminal_hint", self.lang, count=len(question.options))))


def local_seed() -> str:
    """The terminal's participant: the local user, so their option order is the same every run."""
    try:
        return f"terminal:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in this environment
        return "terminal"


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
        drawn = chat.draw_chart()  # after the text is out: the text never waits for the picture
        if drawn:
            stdout.write(drawn + "\n\n")
            stdout.flush()
    stdout.write(message("chat_bye", chat.lang) + "\n")
    return 0
