"""A labtype command in a process of its own, started by forking a process that imported the bot
once: a restart then costs no imports (seconds on a busy machine), only the bot's own start-up;
the crash tests SIGKILL it at will. Children are reaped by the kernel."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ZYGOTE = """
import os, signal, sys
import bot.cli, bot.matrix.bot, bot.runtime, bot.slack.app, bot.slack.server
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        os.dup2(2, 1)
        os._exit(bot.cli.main(line.split()) or 0)
    print(pid, flush=True)
"""


class Forked:
    """`labtype <args>` with `env`, its output appended to `log`."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.args = args
        self.log = log
        self.zygote = subprocess.Popen([sys.executable, "-c", ZYGOTE], env={**os.environ, **env}, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log.open("a"))
        self.pid: int | None = None
        self.kills = 0

    def start(self) -> None:
        self.zygote.stdin.write(" ".join(self.args) + "\n")
        self.zygote.stdin.flush()
        self.pid = int(self.zygote.stdout.readline())

    def alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def tail(self) -> str:
        return self.log.read_text()[-3000:]

    async def wait_for_log(self, text: str, timeout: float = 60.0) -> None:
        for _ in range(int(timeout * 20)):
            if text in self.log.read_text():
                return
            assert self.alive(), self.tail()
            await asyncio.sleep(0.05)
        raise AssertionError(f"no {text!r} within {timeout} s:\n{self.tail()}")

    def kill(self) -> None:
        assert self.alive(), self.tail()
        os.kill(self.pid, signal.SIGKILL)
        while self.alive():
            time.sleep(0.005)
        self.kills += 1

    def stop(self) -> None:
        if self.pid is not None and self.alive():
            os.kill(self.pid, signal.SIGTERM)
            for _ in range(1500):
                if not self.alive():
                    break
                time.sleep(0.01)
        self.zygote.stdin.close()
        self.zygote.wait(timeout=15)
