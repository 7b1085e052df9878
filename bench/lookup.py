"""Lookup latency in a warm process over the query set, whole `labtype ask --json -` runs
against a naive difflib resolver (bench/naive_difflib.py) over the same queries, and
`labtype ask` start-up time.

Targets (2-core machine): p99 under 200 µs per query in a warm process; per query, the whole
`labtype ask --json -` run at most half the naive resolver's (aim: a third); `labtype ask QUERY`
under 0.5 s wall.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bot.core.knowledge import load_typology
from bot.core.lookup import Lookup
from tests.core.query_set import load_query_set

ROUNDS = 50
PASSES = 5  # the whole set is timed several times: this machine has slow spells lasting seconds
PROCESS_RUNS = 20
STREAM_REPEAT = 4  # the query set four times over: ~1400 queries a run
STREAM_RUNS = 3


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def lookup_latencies() -> list[float]:
    """Each query's latency in µs: the median of ROUNDS timed calls, after one warm-up call."""
    lookup = Lookup(load_typology())
    latencies = []
    for expected in load_query_set():
        lookup.resolve(expected.query)
        samples = []
        for _ in range(ROUNDS):
            start = time.perf_counter_ns()
            lookup.resolve(expected.query)
            samples.append((time.perf_counter_ns() - start) / 1000)
        latencies.append(statistics.median(samples))
    return latencies


def process_walls() -> list[float]:
    command = [str(Path(sys.executable).with_name("labtype")), "ask", "méthodes", "co-designer"]
    walls = []
    for _ in range(PROCESS_RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
    return walls


def stream_seconds(command: list[str], stdin: str) -> float:
    """The best of STREAM_RUNS wall times of `command` answering `stdin`, one line per query."""
    walls = []
    for _ in range(STREAM_RUNS):
        start = time.perf_counter()
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - start)
        assert len(done.stdout.splitlines()) == stdin.count("\n")
    return min(walls)


def versus_naive() -> tuple[int, float, float]:
    """(queries, our µs per query, the naive resolver's), each a whole process over the set."""
    queries = [q.query.replace("\n", " ") for q in load_query_set()] * STREAM_REPEAT
    stdin = "".join(f"{q}\n" for q in queries)
    ours = stream_seconds([str(Path(sys.executable).with_name("labtype")), "ask", "--json", "-"], stdin)
    naive = stream_seconds([sys.executable, "-m", "bench.naive_difflib"], stdin)
    return len(queries), ours / len(queries) * 1e6, naive / len(queries) * 1e6


def main() -> None:
    passes = [lookup_latencies() for _ in range(PASSES)]
    summaries = sorted((percentile(p, 0.99), statistics.median(p), max(p)) for p in passes)
    p99, median, worst = summaries[0]
    print(f"lookup, {len(passes[0])} queries x {ROUNDS} rounds, best of {PASSES} passes: median {median:.0f} µs, "
          f"p99 {p99:.0f} µs, max {worst:.0f} µs (target p99 < 200 µs); "
          f"p99 over all passes {summaries[0][0]:.0f}–{summaries[-1][0]:.0f} µs")
    count, ours, naive = versus_naive()
    print(f"`labtype ask --json -` vs a naive difflib resolver, {count} queries, whole processes, best of {STREAM_RUNS}: "
          f"{ours:.0f} µs vs {naive:.0f} µs per query, ratio {ours / naive:.2f} (target <= 0.5, aim 0.33)")
    walls = process_walls()
    print(f"`labtype ask méthodes co-designer`, {PROCESS_RUNS} runs: median {statistics.median(walls):.3f} s, "
          f"max {max(walls):.3f} s (target < 0.5 s)")


if __name__ == "__main__":
    main()
