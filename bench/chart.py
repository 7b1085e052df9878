"""Chart rendering in a warm process: a 15-member named team with tomorrow answers, and one
member's result with tomorrow, each drawn `RUNS` times after the first (cold) chart.

Target (2-core machine): under 300 ms per chart in a warm process. The first chart of a process
also pays matplotlib's import, once; the text answer never waits for either (the front ends send
it first).
"""

from __future__ import annotations

import statistics
import sys
import time

from bench.lookup import percentile
from bot.core.answers import Answerer
from bot.core.charts import result_chart, team_chart
from bot.core.knowledge import ARCHETYPE_IDS, load_typology
from bot.core.quiz import Member, QuizEngine, load_quiz

RUNS = 40
TEAM_SIZE = 15


def workshop_team(engine: QuizEngine, size: int = TEAM_SIZE) -> list[Member]:
    """A team in two camps (Co-designer, Apprenant) and a few others, each member with one answer
    of their own; every other member also answered for two years, moving towards the Apprenant."""
    camps = ("co-designer-systemique", "apprenant-transformateur", "co-designer-systemique",
             "apprenant-transformateur", "coordinateur-mission", "co-designer-systemique", "partenaire-du-changement")
    members = []
    for n in range(size):
        answers = list(engine.most_characteristic(camps[n % len(camps)]))
        own = engine.most_characteristic(ARCHETYPE_IDS[(n * 3) % len(ARCHETYPE_IDS)])
        answers[n % engine.length] = own[n % engine.length]
        tomorrow = None
        if n % 2:
            wish = engine.most_characteristic("apprenant-transformateur")
            tomorrow = tuple(wish[i] if i % 2 == 0 else a for i, a in enumerate(answers))
        members.append(Member(f"U{n:02}", f"Participant {n}", tuple(answers), tomorrow))
    return members


def write_example(path: str) -> None:
    """The README's picture: the team chart of a seven-member workshop."""
    answerer, engine = Answerer(load_typology()), QuizEngine(load_quiz())
    chart = team_chart(answerer, engine.team_profile(workshop_team(engine, 7)), "fr")
    with open(path, "wb") as picture:
        picture.write(chart.png)
    print(chart.alt)


def timed(draw) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each call: on a shared machine the wall time includes the wait
    for a core, the CPU time does not."""
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        draw()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def main() -> None:
    answerer, engine = Answerer(load_typology()), QuizEngine(load_quiz())
    profile = engine.team_profile(workshop_team(engine))
    today = engine.result(engine.most_characteristic("co-designer-systemique"))
    tomorrow = engine.result(engine.most_characteristic("apprenant-transformateur"))
    start = time.perf_counter()
    team_chart(answerer, profile, "fr")
    cold = (time.perf_counter() - start) * 1000
    for name, draw in (("team chart, 15 members, today + tomorrow", lambda: team_chart(answerer, profile, "fr")),
                       ("result chart, today + tomorrow", lambda: result_chart(answerer, today, "fr", tomorrow))):
        walls, cpus = timed(draw)
        print(f"{name}, {RUNS} warm runs: median {statistics.median(walls):.0f} ms, p95 {percentile(walls, 0.95):.0f} ms, "
              f"max {max(walls):.0f} ms (target < 300 ms); CPU median {statistics.median(cpus):.0f} ms")
    print(f"first chart of the process, matplotlib import included: {cold:.0f} ms")


if __name__ == "__main__":  # `python -m bench.chart docs/quiz-team-chart.png` redraws the README's picture
    write_example(sys.argv[1]) if len(sys.argv) > 1 else main()
