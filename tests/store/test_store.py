"""The store on both engines: survives restarts, refuses stale answers (through TeamQuizService,
which records the platforms' clicks), counts every answer once under concurrency, versions what
the team message shows, handles each event id once."""

from __future__ import annotations

import asyncio
import multiprocessing

import pytest

from bot.store import AlreadyHandled, Participation, Store, TeamQuiz, Transaction, open_store
from bot.store.database import database_url
from bot.teamquiz import QuizProblem, TeamQuizService


async def answer_in(tx: Transaction, quiz_id: str, participant: str, option: int, shown: bool = True) -> Participation:
    """Append the member's next answer as TeamQuizService writes it: the member read FOR UPDATE
    with their quiz, then their answers replaced (`shown`: the quiz gets a new version)."""
    _, current = await tx.member_for_update(quiz_id, participant)
    return await tx.write_answers(current, (*current.answers, option), shown=shown)


async def answer(store: Store, quiz_id: str, participant: str, option: int, *,
                 event_id: str | None = None) -> Participation:
    """`answer_in` in a transaction of its own (with `event_id`: marked handled in it)."""
    async with store.transaction(event_id) as tx:
        return await answer_in(tx, quiz_id, participant, option)


async def test_answers_survive_a_restart(store, store_env, tmp_path):
    await store.join("q1", "U1", "Alice")
    await answer(store, "q1", "U1", 2)
    await answer(store, "q1", "U1", 0)
    await store.update_meta("q1", channel="C1", ts="1700000000.000100")
    await store.close()
    reopened = await open_store(tmp_path / "data", store_env)
    try:
        assert (await reopened.get_participation("q1", "U1")).answers == (2, 0)
        assert (await reopened.get_quiz("q1")).meta == {"channel": "C1", "ts": "1700000000.000100"}
        await answer(reopened, "q1", "U1", 1)
        assert (await reopened.get_participation("q1", "U1")).answers == (2, 0, 1)
    finally:
        await reopened.close()


async def test_a_repeated_or_skipping_answer_is_stale(store, engine):
    service = TeamQuizService(engine, store)
    await service.join("q1", "U1", "Alice")
    await service.answer("q1", "U1", 0, 1)
    with pytest.raises(QuizProblem, match="^quiz_stale$"):
        await service.answer("q1", "U1", 0, 1)  # a double click
    with pytest.raises(QuizProblem, match="^quiz_stale$"):
        await service.answer("q1", "U1", 3, 1)  # a forged jump ahead
    assert (await store.get_participation("q1", "U1")).answers == (1,)


async def test_back_drops_the_last_answer_once(store, engine):
    service = TeamQuizService(engine, store)
    await service.join("q1", "U1", "Alice")
    await service.answer("q1", "U1", 0, 1)
    assert (await service.back("q1", "U1", 1)).participation.answers == ()
    with pytest.raises(QuizProblem, match="^quiz_stale$"):
        await service.back("q1", "U1", 1)  # the same "back" clicked again
    assert (await store.get_participation("q1", "U1")).answers == ()


async def test_tomorrow_answers_are_kept_apart_from_today_s_survive_a_restart_and_are_versioned(store, store_env, tmp_path):
    await store.join("q1", "U1", "Alice")
    await answer(store, "q1", "U1", 2)
    assert (await store.get_participation("q1", "U1")).tomorrow is None  # not started
    async with store.transaction() as tx:
        current = await tx.get_participation("q1", "U1", for_update=True)
        before = (await tx.get_quiz("q1")).version
        started = await tx.write_tomorrow(current, ())
        assert started.tomorrow == () and started.answers == (2,)
        assert (await tx.get_quiz("q1")).version == before + 1  # the team message counts tomorrow's answers
        await tx.write_tomorrow(started, (4, 1))
    async with store.transaction() as tx:  # today's answers written later keep tomorrow's
        current = await tx.get_participation("q1", "U1", for_update=True)
        assert (await tx.write_answers(current, (2, 3))).tomorrow == (4, 1)
    await store.close()
    reopened = await open_store(tmp_path / "data", store_env)
    try:
        kept = await reopened.get_participation("q1", "U1")
        assert (kept.answers, kept.tomorrow) == ((2, 3), (4, 1))
        assert [p.tomorrow for p in await reopened.participations("q1")] == [(4, 1)]
    finally:
        await reopened.close()


async def test_close_settings_and_members_in_join_order(store):
    for participant in ("U3", "U1", "U2"):
        await store.join("q1", participant, participant)
    await store.join("q1", "U3", "Renamed")  # a new name keeps the place and the answers
    assert [(p.participant, p.name) for p in await store.participations("q1")] == [
        ("U3", "Renamed"), ("U1", "U1"), ("U2", "U2")]
    assert (await store.close_quiz("q1")).closed and (await store.get_quiz("q1")).closed
    assert await store.close_quiz("nope") is None
    await store.set_setting("!room:hs", "lang", "en")
    await store.set_setting("!room:hs", "lang", "fr")
    assert await store.get_setting("!room:hs", "lang") == "fr" and await store.get_setting("x", "y") is None


async def test_every_change_the_team_message_shows_is_a_new_version(store):
    versions = [(await store.get_quiz("q1")).version]

    async def changed(change) -> None:
        await change
        versions.append((await store.get_quiz("q1")).version)

    async def back() -> None:
        async with store.transaction() as tx:
            _, current = await tx.member_for_update("q1", "U1")
            await tx.write_answers(current, current.answers[:-1])

    await changed(store.join("q1", "U1", "Alice"))
    await changed(answer(store, "q1", "U1", 1))
    await changed(back())
    await changed(store.close_quiz("q1"))
    assert versions == sorted(set(versions)) and len(versions) == 5  # strictly increasing
    await store.update_meta("q1", ts="1.2")  # platform references are not shown: same version
    async with store.transaction() as tx:  # nor is an answer the team message leaves out
        assert (await answer_in(tx, "q1", "U1", 2, shown=False)).answers == (2,)
    assert (await store.get_quiz("q1")).version == versions[-1]


async def test_an_event_id_is_handled_once_in_the_same_transaction_as_its_effect(store):
    await store.join("q1", "U1", "Alice", event_id="ev-join")
    await answer(store, "q1", "U1", 2, event_id="ev-1")
    with pytest.raises(AlreadyHandled):
        await answer(store, "q1", "U1", 2, event_id="ev-1")  # the same event replayed
    assert (await store.get_participation("q1", "U1")).answers == (2,)
    assert await store.was_handled("ev-1") and not await store.was_handled("ev-2")

    with pytest.raises(RuntimeError):  # an effect that fails leaves no mark: the retry does it
        async with store.transaction("ev-2") as tx:
            await answer_in(tx, "q1", "U1", 0)
            raise RuntimeError("crash before the commit")
    assert not await store.was_handled("ev-2") and (await store.get_participation("q1", "U1")).answers == (2,)
    async with store.transaction("ev-2") as tx:
        await answer_in(tx, "q1", "U1", 0)
        await tx.set_setting("polls", "$poll", "q1")
    assert (await store.get_participation("q1", "U1")).answers == (2, 0)

    await store.mark_handled("ev-only-a-mark")
    with pytest.raises(AlreadyHandled):
        await store.mark_handled("ev-only-a-mark")


async def test_concurrent_replays_of_one_event_apply_it_once(store):
    await store.join("q1", "U1", "Alice")
    outcomes = await asyncio.gather(*(store.set_setting("s", "k", str(n), event_id="ev-same") for n in range(10)),
                                    return_exceptions=True)
    assert sum(outcome is None for outcome in outcomes) == 1
    assert all(isinstance(outcome, AlreadyHandled) for outcome in outcomes if outcome is not None)


def finish_quiz(url: str, participants: list[str], barrier, answers: int) -> None:
    """Members answering every question at once, from their own process and connection pool."""

    async def run() -> None:
        store = await Store.open(database_url({"DATABASE_URL": url}, None), upgrade=False)
        for participant in participants:
            await store.join("q1", participant, participant)
        barrier.wait()

        async def member(participant: str) -> None:
            for index in range(answers):
                await answer(store, "q1", participant, index % 3)

        await asyncio.gather(*(member(participant) for participant in participants))
        await store.close()

    asyncio.run(run())


async def test_thirty_members_finishing_at_once_from_several_processes(store):
    url = store.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(5)
    groups = [[f"P{n}-{m}" for m in range(6)] for n in range(5)]
    processes = [context.Process(target=finish_quiz, args=(url, group, barrier, 6)) for group in groups]
    for process in processes:
        process.start()
    for process in processes:
        await asyncio.to_thread(process.join, 120)
    assert all(process.exitcode == 0 for process in processes)
    participations = await store.participations("q1")
    assert len(participations) == 30 and all(p.answers == (0, 1, 2, 0, 1, 2) for p in participations)
    assert (await store.get_quiz("q1")).version == 30 * 7  # each join and each answer: one version


async def test_the_quiz_version_counts_concurrent_changes_exactly(store):
    for n in range(20):
        await store.join("q1", f"U{n}", f"U{n}")
    before = (await store.get_quiz("q1")).version
    await asyncio.gather(*(answer(store, "q1", f"U{n}", 1) for n in range(20)))
    assert (await store.get_quiz("q1")).version == before + 20


async def test_quiz_fields_round_trip(store):
    quiz = TeamQuiz("q2", "matrix", "!r:hs", "@a:hs", "en", anonymous=True, meta={"root": "$e"})
    await store.create_quiz(quiz)
    assert await store.get_quiz("q2") == quiz
