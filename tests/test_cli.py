"""`labtype ask` as other tools use it: a real process, JSON on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.core.knowledge import ARCHETYPE_IDS, CHARACTERISTIC_IDS
from tests.core.test_knowledge import seed_table

LABTYPE = str(Path(sys.executable).with_name("labtype"))


def labtype(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([LABTYPE, *args], input=stdin, capture_output=True, text=True, timeout=60)


def test_all_35_pairs_carry_the_seed_text():
    seed = seed_table()
    queries = [f"{c} {a}" for a in ARCHETYPE_IDS for c in CHARACTERISTIC_IDS]
    done = labtype("ask", "--json", "-", stdin="\n".join(queries) + "\n")
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and len(answers) == 35
    for query, answer in zip(queries, answers):
        characteristic, archetype = query.split()
        expected = seed[(archetype, characteristic)] or seed[("plateforme-creative", characteristic)]
        assert (answer["kind"], answer["archetype"], answer["characteristic"]) == ("cell", archetype, characteristic)
        assert answer["text"] == expected


def test_ask_one_query_as_json():
    done = labtype("ask", "--json", "méthodes", "co-designer")
    answer = json.loads(done.stdout)
    assert answer["query"] == "méthodes co-designer" and answer["kind"] == "cell"
    assert answer["text"] == "Pratiques systémiques, innovation sociale, complexité, co-design"


def test_ask_in_english_as_text():
    done = labtype("ask", "--lang", "en", "methods", "systemic", "co-designer")
    assert done.returncode == 0
    assert done.stdout.startswith("4. Systemic co-designer — Predominant methods")
    assert "Systems practice, social innovation, complexity, co-design" in done.stdout


def test_stdin_mode_answers_each_line_even_bad_ones():
    lines = ["Mazzucato", "", "x" * 10_000, "\x00\x07", "zzz", "quiz", "aide"]
    done = labtype("ask", "--json", "-", stdin="\n".join(lines) + "\n")
    kinds = [json.loads(line)["kind"] for line in done.stdout.splitlines()]
    assert kinds == ["search", "help", "none", "help", "none", "quiz", "help"]


def test_stdin_mode_flushes_each_answer():
    process = subprocess.Popen([LABTYPE, "ask", "--json", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        for query, kind in (("solutionneur", "card"), ("méthodes", "row")):
            process.stdin.write(query + "\n")
            process.stdin.flush()
            assert json.loads(process.stdout.readline())["kind"] == kind
    finally:
        process.stdin.close()
        process.wait(timeout=10)
    assert process.returncode == 0


def test_search_results_in_json():
    answer = json.loads(labtype("ask", "--json", "recherche-action").stdout)
    assert answer["kind"] == "search"
    assert answer["results"][0] == {"archetype": "createur-ecosystemes", "characteristic": "methodes", "score": 1.0}


def test_unknown_command_shows_usage():
    done = labtype("fly")
    assert done.returncode == 2 and "invalid choice" in done.stderr and "Traceback" not in done.stderr


def test_quiz_describe_json():
    described = json.loads(labtype("quiz", "--json", "--describe", "--lang", "en").stdout)
    questions = described["questions"]
    assert 5 <= len(questions) <= 7
    assert set(questions[0]) == {"id", "text", "options"} and questions[0]["text"].startswith("If your lab")
    assert set(questions[0]["options"][0]) == {"text", "weights"}
    assert set(questions[0]["options"][0]["weights"]) <= set(ARCHETYPE_IDS)


def test_quiz_scores_answer_sets_and_reports_bad_lines(engine):
    lines = [",".join(str(o + 1) for o in engine.most_characteristic("createur-ecosystemes")),
             "1,2", "a,b,c,d,e", "", "9,9,9,9,9",
             ",".join(str(o + 1) for o in engine.most_characteristic("solutionneur"))]
    done = labtype("quiz", "--json", "--answers", "-", stdin="\n".join(lines) + "\n")
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and len(results) == 6
    assert results[0]["top"] == "createur-ecosystemes" and len(results[0]["ranking"]) == 7
    assert set(results[0]["ranking"][0]) == {"archetype", "score"}
    assert "Pourquoi" in results[0]["explanation"]
    assert [set(r) for r in results[1:5]] == [{"error"}] * 4
    assert "options 1 to" in results[4]["error"]
    assert results[5]["top"] == "solutionneur"


def test_quiz_json_alone_says_what_it_needs():
    done = labtype("quiz", "--json")
    assert done.returncode == 2 and "--describe" in done.stderr


def test_odd_numerals_get_an_error_line_and_the_run_goes_on(engine):
    """'²'.isdigit() is True but int('²') fails; 5 000 digits pass int()'s limit: both crashed the run."""
    good = ",".join(str(o + 1) for o in engine.most_characteristic("solutionneur"))
    odd = ["²,1,1,1,1,1", "①,1,1,1,1,1", "٣,1,1,1,1,1", "1²⃣,1,1,1,1,1", "9" * 5000 + ",1,1,1,1,1", "\x00,1"]
    done = labtype("quiz", "--json", "--answers", "-", stdin="\n".join([*odd, good]) + "\n")
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert [list(r) for r in results[:-1]] == [["error"]] * len(odd)
    assert all("comma-separated option numbers" in r["error"] and len(r["error"]) < 200 for r in results[:-1])
    assert results[-1]["top"] == "solutionneur"


def test_answer_numbers_are_reported_as_typed():
    done = labtype("quiz", "--json", "--answers", "-", stdin="9,1,1,1,1\n0,1,1,1,1\n")
    errors = [json.loads(line)["error"] for line in done.stdout.splitlines()]
    assert errors == ["question 1 has options 1 to 7, not 9", "question 1 has options 1 to 7, not 0"]


def test_quiz_in_the_terminal_writes_the_chart_after_the_text(engine, tmp_path):
    from bot.core.quiz import shown_number
    from bot.terminal.chat import local_seed

    seed = local_seed()
    numbers = [str(shown_number(q, seed, a)) for q, a in zip(engine.quiz.questions,
                                                            engine.most_characteristic("solutionneur"))]
    chart = tmp_path / "résultat.png"
    done = labtype("quiz", "--chart", str(chart), stdin="\n".join(numbers) + "\n")
    assert done.returncode == 0 and chart.read_bytes().startswith(b"\x89PNG")
    text = done.stdout.index("Votre labo ressemble le plus à : 2. Solutionneur")
    assert text < done.stdout.index(f"Graphique de votre résultat : {chart}")


def test_a_chart_that_cannot_be_written_leaves_the_text_alone(answerer, engine, tmp_path):
    import io

    from bot.core.quiz import shown_number
    from bot.terminal.chat import TerminalChat, run_chat

    numbers = [str(shown_number(q, "t:u", a)) for q, a in zip(engine.quiz.questions,
                                                              engine.most_characteristic("solutionneur"))]
    chat = TerminalChat(answerer, engine, seed="t:u", chart_path=tmp_path / "missing" / "x.png")
    stdout = io.StringIO()
    run_chat(chat, io.StringIO("quiz\n" + "\n".join(numbers) + "\n"), stdout)
    out = stdout.getvalue()
    assert out.index("ressemble le plus à : 2. Solutionneur") < out.index("Le graphique n'a pas pu être dessiné")


def test_quiz_report_writes_markdown_csv_and_chart_from_the_store(engine, tmp_path, monkeypatch, capsys):
    import asyncio

    from bot.runtime import build_runtime

    data = tmp_path / "data"
    data.mkdir()

    async def two_quizzes():
        runtime = await build_runtime(data, {})
        service = runtime.teamquiz
        named = await service.start("slack", "C1", "U0", "fr")
        anonymous = await service.start("slack", "C1", "U0", "fr", anonymous=True)
        for quiz in (named, anonymous):
            for n, archetype in enumerate(("co-designer-systemique", "co-designer-systemique", "apprenant-transformateur")):
                await service.join(quiz.id, f"U{n}", f"Zed{n}")
                for index, option in enumerate(engine.most_characteristic(archetype)):
                    await service.answer(quiz.id, f"U{n}", index, option)
            await service.start_tomorrow(quiz.id, "U0")  # one member answers "Et dans deux ans ?"
            for index, option in enumerate(engine.most_characteristic("createur-ecosystemes")):
                await service.answer(quiz.id, "U0", index, option, tomorrow=True)
        await runtime.store.close()
        return named, anonymous

    named, anonymous = asyncio.run(two_quizzes())
    monkeypatch.setenv("LABTYPE_DATA_DIR", str(data))
    out = tmp_path / "out"
    done = labtype("quiz", "--report", named.id, "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Compte-rendu : ")
    markdown = (out / f"labtype-{named.id}.md").read_text(encoding="utf-8")
    assert "# Compte-rendu d'atelier" in markdown and "Zed0, Zed1" in markdown
    tomorrow = markdown[markdown.index("## Aujourd'hui et dans deux ans"):]
    assert tomorrow.split("\n")[2] == ("1 participant·e sur 3 a répondu pour le labo dans deux ans ; "
                                       "son profil aujourd'hui et celui souhaité :")
    assert "| 7. Créateur d'écosystèmes |" in tomorrow
    answers = (out / f"labtype-{named.id}.csv").read_text(encoding="utf-8")
    assert "Zed2" in answers
    wished = engine.most_characteristic("createur-ecosystemes")
    assert all(option.text.fr in answers for option in (q.options[i] for q, i in zip(engine.quiz.questions, wished)))
    assert (out / f"labtype-{named.id}.png").read_bytes().startswith(b"\x89PNG")
    from bot.cli import main  # the other cases in this process: the same code, without a second start-up

    assert main(["quiz", "--report", anonymous.id, "--output", str(out), "--lang", "en"]) == 0
    assert not (out / f"labtype-{anonymous.id}.csv").exists()
    anonymous_report = (out / f"labtype-{anonymous.id}.md").read_text(encoding="utf-8")
    assert "Zed" not in anonymous_report and "U0" not in anonymous_report and "anonymous quiz" in anonymous_report
    assert "1 of 3 participants answered for the lab in two years" in anonymous_report
    capsys.readouterr()
    assert main(["quiz", "--report", "nope", "--output", str(out)]) == 2
    assert "Aucun quiz « nope »" in capsys.readouterr().err
    from bot.store.locks import DataDirLock

    running = DataDirLock(data)  # as if the bot were running on this data directory
    running.acquire()
    try:
        assert main(["quiz", "--report", named.id, "--output", str(out)]) == 2
        assert "Traceback" not in (refused := capsys.readouterr().err) and refused.strip()
    finally:
        running.release()
