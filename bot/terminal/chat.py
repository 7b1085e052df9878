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
from bot.terminal.render import render_answer_text


class TerminalChat:
    def __init__(self, answerer: Answerer, lang: str = "fr") -> None:
        self.answerer = answerer
        self.lang = lang

    def reply(self, line: str) -> str:
        return render_answer_text(self.answerer.ask(line, self.lang))


def run_chat(chat: TerminalChat, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    interactive = stdin.isatty() and stdout.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
    stdout.write(message("chat_welcome", chat.lang) + "\n")
    while True:
        try:
            line = input("labtype> ") if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            break
        if not interactive and line == "":
            break
        if not line.strip():
            continue
        stdout.write(chat.reply(line) + "\n\n")
        stdout.flush()
    stdout.write(message("chat_bye", chat.lang) + "\n")
    return 0
