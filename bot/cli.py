"""The `labtype` command: ask, chat, quiz, and the Slack / Matrix front ends.

Platform packages are imported only by the sub-command that needs them, so `labtype ask`
starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TextIO, TypeVar

from bot.config import load_env_file
from bot.core.answers import Answerer
from bot.core.knowledge import KnowledgeError, load_typology
from bot.core.messages import LANGS, message, supported_lang
from bot.core.quiz import InvalidAnswers, QuizEngine, load_quiz

_ANSWER_NUMBER = re.compile(r"[0-9]{1,3}")


def main(argv: list[str] | None = None) -> int:
    load_env_file()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except KnowledgeError as error:
        print(message("knowledge_error", args.lang, error=error), file=sys.stderr)
        return 2
    except BrokenPipeError:  # `labtype ask ... | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C in `ask -` or `quiz --answers -`: stop quietly
        return 130


def build_parser() -> argparse.ArgumentParser:
    default_lang = supported_lang(os.environ.get("LABTYPE_LANG"))
    parser = argparse.ArgumentParser(prog="labtype", description="The 7 archetypes of public innovation labs.")
    sub = parser.add_subparsers(dest="command")

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        sub_parser.add_argument("--lang", choices=LANGS, default=default_lang, help="answer language (default: %(default)s)")
        sub_parser.set_defaults(handler=handler)
        return sub_parser

    ask = command("ask", cmd_ask, "answer one query, or one per stdin line with '-'")
    ask.add_argument("--json", action="store_true", help="print the JSON answer (JSON Lines with '-')")
    ask.add_argument("query", nargs="*", help="the question; '-' reads one per line from stdin")
    command("chat", cmd_chat, "talk to labtype in this terminal")
    quiz = command("quiz", cmd_quiz, "take the quiz here, describe it, or score answer sets")
    quiz.add_argument("--json", action="store_true", help="JSON output")
    mode = quiz.add_mutually_exclusive_group()
    mode.add_argument("--describe", action="store_true", help="print the questions, options and weights")
    mode.add_argument("--answers", metavar="-", choices=["-"],
                      help="score answer sets read from stdin, one per line: 1-based option numbers, comma-separated")
    mode.add_argument("--report", metavar="QUIZ_ID",
                      help="write the workshop report of a team quiz kept in LABTYPE_DATA_DIR (Markdown, CSV, PNG)")
    quiz.add_argument("--chart", metavar="FILE", type=Path, default=Path("labtype-quiz.png"),
                      help="where the terminal quiz draws your result (default: %(default)s)")
    quiz.add_argument("--output", metavar="DIR", type=Path, default=Path("."),
                      help="where --report writes its files (default: the current directory)")
    slack = command("slack", cmd_slack, "run the Slack app (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)")
    slack.add_argument("--mode", choices=("auto", "http", "socket"), default="auto",
                       help="force HTTP or Socket Mode (default: %(default)s)")
    command("matrix", cmd_matrix, "run the Matrix bot")
    command("run", cmd_run, "start what is configured: Slack, Matrix, or else the terminal chat")
    db = command("db", cmd_db, "the database: 'upgrade' applies pending migrations (start-up does it too)")
    db.add_argument("action", choices=("upgrade",))
    data = command("data", cmd_data, "answer a GDPR request: export (JSON on stdout) or delete what the store "
                   "holds about a Slack workspace or a person")
    data.add_argument("action", choices=("export", "delete"))
    whose = data.add_mutually_exclusive_group(required=True)
    whose.add_argument("--workspace", metavar="T…", help="a Slack workspace (team) id")
    whose.add_argument("--user", metavar="ID", help="a Slack user id (U…) or a Matrix user id (@name:server)")
    return parser


def cmd_ask(args: argparse.Namespace) -> int:
    answerer = Answerer(load_typology())
    if args.query == ["-"]:
        return ask_lines(answerer, sys.stdin, sys.stdout, args.lang, args.json)
    print(format_answer(answerer, " ".join(args.query), args.lang, args.json))
    return 0


def ask_lines(answerer: Answerer, stdin: TextIO, stdout: TextIO, lang: str, as_json: bool) -> int:
    """One answer per input line, flushed at once so a caller can converse over a pipe."""
    for line in stdin:
        stdout.write(format_answer(answerer, line.rstrip("\n"), lang, as_json, one_line=True) + "\n")
        stdout.flush()
    return 0


def format_answer(answerer: Answerer, query: str, lang: str, as_json: bool, one_line: bool = False) -> str:
    from bot.terminal.render import render_answer_text

    answer = answerer.ask(query, lang)
    if as_json:
        return json.dumps(answer.to_json(), ensure_ascii=False)
    text = render_answer_text(answer)
    return text.replace("\n", " ⏎ ") if one_line else text


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.terminal.chat import TerminalChat, local_seed, run_chat

    return run_chat(TerminalChat(Answerer(load_typology()), QuizEngine(load_quiz()), args.lang, local_seed()))


def cmd_quiz(args: argparse.Namespace) -> int:
    from bot.terminal.chat import TerminalChat, local_seed, run_chat

    answerer, engine = Answerer(load_typology()), QuizEngine(load_quiz())
    if args.report:
        return write_report(answerer, args.report, args.output, args.lang)
    if args.json and not (args.describe or args.answers):
        print(message("quiz_json_needs_mode", args.lang), file=sys.stderr)
        return 2
    if args.describe:
        print(describe_quiz(engine, args.lang, args.json))
        return 0
    if args.answers:
        return score_lines(answerer, engine, sys.stdin, sys.stdout, args.lang, args.json)
    chat = TerminalChat(answerer, engine, args.lang, local_seed(), chart_path=args.chart)
    print(chat.reply("quiz"))
    return run_chat(chat, greet=False)


def write_report(answerer: Answerer, quiz_id: str, output: Path, lang: str) -> int:
    """`labtype quiz --report QUIZ_ID`: the team quiz's write-up, from the store, into `output`."""
    import asyncio

    from bot.config import data_dir
    from bot.core.charts import ChartError, team_chart
    from bot.core.report import workshop_report
    from bot.runtime import build_runtime
    from bot.store import StoreError

    async def read_quiz():
        runtime = await build_runtime(data_dir())
        try:
            quiz = await runtime.store.get_quiz(quiz_id)
            return quiz, (await runtime.teamquiz.profile(quiz_id) if quiz else None)
        finally:
            await runtime.store.close()

    try:
        quiz, profile = asyncio.run(read_quiz())
    except StoreError as error:  # e.g. the bot runs on this SQLite data directory right now
        print(error.text(lang), file=sys.stderr)
        return 2
    if quiz is None:
        print(message("report_unknown_quiz", lang, quiz_id=quiz_id, data_dir=data_dir()), file=sys.stderr)
        return 2
    report = workshop_report(answerer, profile, lang, closed=quiz.closed)
    markdown_name, csv_name = report.filenames(quiz_id)
    written = [output / markdown_name]
    try:
        output.mkdir(parents=True, exist_ok=True)
        written[0].write_text(report.markdown, encoding="utf-8")
        if report.csv is not None:
            written.append(output / csv_name)
            written[-1].write_text(report.csv, encoding="utf-8")
        if profile.participants:
            try:
                chart = team_chart(answerer, profile, lang)
            except ChartError as error:
                print(message("quiz_chart_failed", lang) + f" ({error})", file=sys.stderr)
            else:
                written.append(output / markdown_name.replace(".md", ".png"))
                written[-1].write_bytes(chart.png)
    except OSError as error:
        print(message("report_cannot_write", lang, path=output, error=error.strerror or error), file=sys.stderr)
        return 2
    print(message("report_written", lang, paths=", ".join(map(str, written))))
    return 0


def describe_quiz(engine: QuizEngine, lang: str, as_json: bool) -> str:
    questions = [{"id": q.id, "text": q.text.get(lang),
                  "options": [{"text": o.text.get(lang), "weights": o.weights} for o in q.options]}
                 for q in engine.quiz.questions]
    if as_json:
        return json.dumps({"questions": questions}, ensure_ascii=False)
    return "\n\n".join(f"{n}. {q['text']}\n" + "\n".join(f"   {i}) {o['text']}" for i, o in enumerate(q["options"], 1))
                       for n, q in enumerate(questions, 1))


def score_lines(answerer: Answerer, engine: QuizEngine, stdin: TextIO, stdout: TextIO, lang: str, as_json: bool) -> int:
    """One result per answer-set line; a malformed line gets an error line and the run goes on."""
    from bot.core.quiz_answers import QuizAnswers

    quiz_answers = QuizAnswers(answerer)
    for line in stdin:
        try:
            answers = parse_answer_set(line, engine)
        except InvalidAnswers as error:
            output = {"error": str(error)}
        else:
            result = engine.result(answers)
            output = {"top": result.top,
                      "ranking": [{"archetype": s.archetype, "score": s.score} for s in result.ranking],
                      "explanation": quiz_answers.explanation(result, lang)}
        if as_json:
            stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
        else:
            stdout.write((output.get("error") or output["explanation"]).replace("\n", " ⏎ ") + "\n")
        stdout.flush()
    return 0


def parse_answer_set(line: str, engine: QuizEngine) -> tuple[int, ...]:
    """'1,3,2,…' (1-based) → 0-based option indexes, checked against the quiz."""
    parts = [part.strip() for part in line.strip().split(",")]
    if not all(_ANSWER_NUMBER.fullmatch(part) for part in parts):  # ASCII only: not '²', '①', 5 000 digits
        raise InvalidAnswers(f"expected {engine.length} comma-separated option numbers, got {line.strip()[:80]!r}")
    answers = tuple(int(part) - 1 for part in parts)
    engine.check(answers, complete=True)
    return answers


def cmd_slack(args: argparse.Namespace) -> int:
    return serve({"slack": args.mode}, args.lang)


def cmd_matrix(args: argparse.Namespace) -> int:
    return serve({"matrix": "auto"}, args.lang)


def cmd_run(args: argparse.Namespace) -> int:
    """`make run`: the chat platforms whose credentials are set (both in one process), else the terminal."""
    platforms = {name: "auto" for name, variables in (("slack", ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID")),
                                                       ("matrix", ("MATRIX_HOMESERVER",)))
                 if any(os.environ.get(variable) for variable in variables)}
    return serve(platforms, args.lang) if platforms else cmd_chat(args)


def cmd_db(args: argparse.Namespace) -> int:
    """`labtype db upgrade`: what start-up does before serving, without serving."""
    import asyncio

    from bot.config import data_dir
    from bot.store import StoreError, open_store

    async def upgrade() -> str:
        store = await open_store(data_dir())
        try:
            return message("store_upgraded", args.lang, where=store.where, revision=await store.upgrade())
        finally:
            await store.close()

    try:
        print(asyncio.run(upgrade()))
    except StoreError as error:
        print(error.text(args.lang), file=sys.stderr)
        return 2
    return 0


def cmd_data(args: argparse.Namespace) -> int:
    """`labtype data export|delete --workspace T… | --user U…`: JSON on stdout, the data or the counts deleted."""
    import asyncio

    from bot.config import data_dir
    from bot.store import StoreError, open_store

    async def run() -> dict:
        store = await open_store(data_dir())
        try:
            if args.workspace:
                if args.action == "export":
                    return await store.export_workspace(args.workspace)
                return {"workspace": args.workspace, "deleted": {"quizzes": await store.delete_workspace(args.workspace)}}
            if args.action == "export":
                return await store.export_person(args.user)
            return {"person": args.user, "deleted": await store.delete_person(args.user)}
        finally:
            await store.close()

    try:
        print(json.dumps(asyncio.run(run()), ensure_ascii=False, indent=2))
    except StoreError as error:
        print(error.text(args.lang), file=sys.stderr)
        return 2
    return 0


async def run_together(services: list) -> None:
    """Run the services until one fails or all are cancelled, and return only once each has
    stopped, so a stopping front end finishes its work. (A bare gather returns as soon as one
    service is cancelled, and asyncio.run then kills the others in the middle of stopping.)"""
    import asyncio

    tasks = [asyncio.ensure_future(service) for service in services]
    try:
        await asyncio.gather(*tasks)
    except asyncio.CancelledError:  # the gather has cancelled every service: let them stop
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    except BaseException:  # one failed: stop the others
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


T = TypeVar("T")


def run_event_loop(main: Coroutine[Any, Any, T]) -> T:
    """Run the services' loop on uvloop (libuv: the loop and its sockets in C, a good part of
    what each Slack request costs in CPU) where it exists, else on asyncio's own."""
    try:
        import uvloop
    except ImportError:  # Windows
        import asyncio

        return asyncio.run(main)
    return uvloop.run(main)


def serve(platforms: dict[str, str], lang: str) -> int:
    """Run the chat platforms in one asyncio loop until Ctrl-C or SIGTERM."""
    import asyncio
    import logging
    import signal

    from bot.config import ConfigError, data_dir
    from bot.logs import configure_logging
    from bot.retention import keep_purging, retention_days
    from bot.runtime import build_runtime
    from bot.store import StoreError

    os.environ["LABTYPE_LANG"] = lang  # --lang, else LABTYPE_LANG: the front ends' default language
    try:
        configure_logging(os.environ, lang)
        keep_days = retention_days(os.environ, lang)
    except ConfigError as error:
        print(message("config_error", lang, error=error), file=sys.stderr)
        return 2
    logging.getLogger("alembic").setLevel(logging.WARNING)  # at INFO, Alembic logs its set-up at every start

    async def run_all() -> None:
        main_task = asyncio.current_task()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, main_task.cancel)
        runtime = await build_runtime(data_dir())
        try:
            services = [keep_purging(runtime.store, keep_days)]
            if "slack" in platforms:
                from bot.slack import run_slack

                services.append(run_slack(runtime, os.environ, platforms["slack"]))
            if "matrix" in platforms:
                from bot.matrix import run_matrix

                services.append(run_matrix(runtime, os.environ))
            await run_together(services)
        finally:
            await runtime.store.close()

    try:
        run_event_loop(run_all())
    except ConfigError as error:
        print(message("config_error", lang, error=error), file=sys.stderr)
        return 2
    except StoreError as error:
        print(error.text(lang), file=sys.stderr)
        return 2
    except (KeyboardInterrupt, asyncio.CancelledError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
