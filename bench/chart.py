"""Chart rendering in a warm process: a 15-member named team with tomorrow answers, and one
member's result with tomorrow, each drawn `RUNS` times after the first (cold) chart.

Target (2-core machine): under 300 ms per chart in a warm process. The first chart of a process
also pays matplotlib's import, once; the text answer never waits for either (the front ends send
it first).
"""

from __future__ import annotations

import statistics
import time

from bench.lookup import percentile
from bot.core.answers import Answerer
from bot.core.charts import result_chart, team_chart
from bot.core.knowledge import ARCHETYPE_IDS, load_typology
from bot.core.quiz import Member, QuizEngine, load_quiz

RUNS = 40
TEAM_SIZE = 15


def workshop_team(engine: QuizEngine) -> list[Member]:
    """Fifteen members spread over three archetypes, every other one with answers for two years."""
    members = []
    for n in range(TEAM_SIZE):
        today = engine.most_characteristic(ARCHETYPE_IDS[3 + n % 3])
        tomorrow = engine.most_characteristic(ARCHETYPE_IDS[4]) if n % 2 else None
        members.append(Member(f"U{n:02}", f"Participant {n}", today, tomorrow))
    return members


def timed(draw) -> list[float]:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        draw()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


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
        samples = timed(draw)
        print(f"{name}: median {statistics.median(samples):.0f} ms, p95 {percentile(samples, 0.95):.0f} ms, "
              f"max {max(samples):.0f} ms over {RUNS} warm runs (target < 300 ms)")
    print(f"first chart of the process, matplotlib import included: {cold:.0f} ms")


if __name__ == "__main__":
    main()
