"""The team quiz service: the flow Slack and Matrix share, problems as polite message keys."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.quiz import shown_number
from bot.runtime import build_runtime
from bot.store import AlreadyHandled
from bot.teamquiz import QuizProblem


@pytest.fixture
async def runtime(tmp_path):
    runtime = await build_runtime(tmp_path)
    yield runtime
    await runtime.store.close()


async def play(service, quiz_id, participant, answers):
    step = await service.join(quiz_id, participant, participant.title())
    for index, option in enumerate(answers):
        step = await service.answer(quiz_id, participant, index, option)
    return step


async def test_a_member_plays_to_the_end(runtime):
    service = runtime.teamquiz
    quiz = await service.start("slack", "C1", "U0", "fr")
    step = await service.join(quiz.id, "U1", "Alice")
    assert step.index == 0 and step.question.id == "purpose" and step.result is None
    step = await service.answer(quiz.id, "U1", 0, 1)
    step = await service.back(quiz.id, "U1")
    assert step.index == 0
    step = await play(service, quiz.id, "U1", runtime.engine.most_characteristic("solutionneur"))
    assert step.question is None and step.result.top == "solutionneur"
    with pytest.raises(QuizProblem, match="quiz_already_done"):
        await service.answer(quiz.id, "U1", 6, 0)


async def test_restart_mid_quiz_continues_where_it_stopped(tmp_path):
    first = await build_runtime(tmp_path)
    quiz = await first.teamquiz.start("matrix", "!room", "@a:hs", "fr")
    await first.teamquiz.join(quiz.id, "@b:hs", "Bob")
    await first.teamquiz.answer(quiz.id, "@b:hs", 0, 3)
    await first.teamquiz.answer(quiz.id, "@b:hs", 1, 2)
    await first.store.close()
    second = await build_runtime(tmp_path)  # a new process on the same data dir
    step = await second.teamquiz.join(quiz.id, "@b:hs", "Bob")
    assert step.index == 2 and step.participation.answers == (3, 2)
    with pytest.raises(QuizProblem, match="quiz_stale"):
        await second.teamquiz.answer(quiz.id, "@b:hs", 1, 2)  # the same click again after the restart
    assert (await second.teamquiz.answer(quiz.id, "@b:hs", 2, 2)).index == 3
    await second.store.close()


@pytest.mark.parametrize("question, option, key", [(4, 0, "quiz_stale"), (0, 99, "quiz_bad_option")])
async def test_forged_answers_are_refused(runtime, question, option, key):
    quiz = await runtime.teamquiz.start("slack", "C1", "U0", "fr")
    await runtime.teamquiz.join(quiz.id, "U1", "Alice")
    with pytest.raises(QuizProblem, match=key):
        await runtime.teamquiz.answer(quiz.id, "U1", question, option)


async def test_unknown_quiz_and_not_joined(runtime):
    with pytest.raises(QuizProblem, match="quiz_unknown"):
        await runtime.teamquiz.join("nope", "U1", "Alice")
    quiz = await runtime.teamquiz.start("slack", "C1", "U0", "fr")
    with pytest.raises(QuizProblem, match="quiz_not_joined"):
        await runtime.teamquiz.answer(quiz.id, "U9", 0, 0)


async def test_only_the_starter_closes_and_then_answers_are_refused(runtime):
    service = runtime.teamquiz
    quiz = await service.start("slack", "C1", "U0", "fr")
    await service.join(quiz.id, "U1", "Alice")
    with pytest.raises(QuizProblem, match="quiz_not_starter"):
        await service.close(quiz.id, "U1")
    assert (await service.close(quiz.id, "U0")).closed
    with pytest.raises(QuizProblem, match="quiz_closed"):
        await service.answer(quiz.id, "U1", 0, 0)
    with pytest.raises(QuizProblem, match="quiz_closed"):
        await service.join(quiz.id, "U2", "Bob")


async def test_team_profile_with_anonymous_members(runtime):
    service = runtime.teamquiz
    quiz = await service.start("slack", "C1", "U0", "fr", anonymous=True)
    for n, archetype in enumerate(("apprenant-transformateur", "apprenant-transformateur", "partenaire-du-changement")):
        await play(service, quiz.id, f"U{n}", runtime.engine.most_characteristic(archetype))
    profile = await service.profile(quiz.id)
    assert profile.participants == 3 and profile.top == "apprenant-transformateur"
    assert all(r.member.name is None and not r.member.id.startswith("U") for r in profile.members)
    text = runtime.quiz_answers.team(profile, "fr")
    assert "5. Apprenant transformateur × 2" in "\n".join(f.text for f in text.fields) and "U1" not in str(text)


async def test_thirty_members_finishing_at_the_same_moment(runtime):
    service = runtime.teamquiz
    quiz = await service.start("slack", "C1", "U0", "fr")
    answers = runtime.engine.most_characteristic("coordinateur-mission")
    for n in range(30):
        await service.join(quiz.id, f"U{n}", f"Member {n}")
        for index, option in enumerate(answers[:-1]):
            await service.answer(quiz.id, f"U{n}", index, option)
    last = len(answers) - 1
    await asyncio.gather(*(service.answer(quiz.id, f"U{n}", last, answers[-1]) for n in range(30)))
    profile = await service.profile(quiz.id)
    assert profile.participants == 30 and profile.top == "coordinateur-mission"


async def test_a_repeated_back_undoes_one_answer(runtime):
    service = runtime.teamquiz
    quiz = await service.start("slack", "C1", "U0", "fr")
    await service.join(quiz.id, "U1", "Alice")
    await service.answer(quiz.id, "U1", 0, 1)
    await service.answer(quiz.id, "U1", 1, 1)
    assert (await service.back(quiz.id, "U1", 2)).index == 1
    with pytest.raises(QuizProblem, match="quiz_stale"):
        await service.back(quiz.id, "U1", 2)  # the same "back" button clicked again
    assert (await service.current(quiz.id, "U1")).participation.answers == (1,)


async def test_back_after_the_result_is_refused(runtime):
    service = runtime.teamquiz
    quiz = await service.start("slack", "C1", "U0", "fr")
    await play(service, quiz.id, "U1", runtime.engine.most_characteristic("solutionneur"))
    with pytest.raises(QuizProblem, match="quiz_already_done"):
        await service.back(quiz.id, "U1", runtime.engine.length)  # a forged "back" on the result
    assert (await service.profile(quiz.id)).participants == 1


# -- "Et dans deux ans ?" ---------------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def engine_env(request) -> dict[str, str]:
    """What build_runtime reads to open SQLite (nothing) or a fresh database on a real PostgreSQL."""
    return {} if request.param == "sqlite" else {"DATABASE_URL": request.getfixturevalue("postgres_url")}


@pytest.fixture
async def runtime_on_each_engine(engine_env, tmp_path):
    runtime = await build_runtime(tmp_path, engine_env)
    yield runtime
    await runtime.store.close()  # closing twice is harmless


async def dream(service, quiz_id, participant, answers):
    step = await service.start_tomorrow(quiz_id, participant)
    for index, option in enumerate(answers):
        step = await service.answer(quiz_id, participant, index, option, tomorrow=True)
    return step


async def test_tomorrow_comes_after_the_result_in_the_same_order_and_gives_the_shift(runtime_on_each_engine):
    runtime = runtime_on_each_engine
    service, engine = runtime.teamquiz, runtime.engine
    quiz = await service.start("slack", "C1", "U0", "fr")
    await service.join(quiz.id, "U1", "Alice")
    with pytest.raises(QuizProblem, match="quiz_tomorrow_after_result"):
        await service.start_tomorrow(quiz.id, "U1")
    with pytest.raises(QuizProblem, match="quiz_stale"):  # a forged tomorrow answer before it started
        await service.answer(quiz.id, "U1", 0, 0, tomorrow=True)
    today = await play(service, quiz.id, "U1", engine.most_characteristic("solutionneur"))
    assert not today.tomorrow and today.today is None and today.result.top == "solutionneur"
    step = await service.start_tomorrow(quiz.id, "U1", event_id="tomorrow-click")
    assert step.tomorrow and step.index == 0 and step.question.id == "purpose" and step.result is None
    assert not step.resumed
    assert step.today.top == "solutionneur" and step.seed == today.seed  # the options in the same order
    again = await service.start_tomorrow(quiz.id, "U1")
    assert again.index == 0 and again.resumed  # a repeated click: where they are
    for old_today in (service.answer(quiz.id, "U1", engine.length - 1, 0), service.back(quiz.id, "U1")):
        with pytest.raises(QuizProblem, match="quiz_stale"):  # today's last question clicked again meanwhile
            await old_today
    with pytest.raises(AlreadyHandled):  # the same "Et dans deux ans ?" event delivered again
        await service.start_tomorrow(quiz.id, "U1", event_id="tomorrow-click")
    wish = engine.most_characteristic("partenaire-du-changement")
    step = await service.answer(quiz.id, "U1", 0, wish[0], tomorrow=True)
    step = await service.back(quiz.id, "U1", 1, tomorrow=True)
    assert step.tomorrow and step.index == 0
    assert (await service.back(quiz.id, "U1", 0, tomorrow=True)).index == 0  # back stops at tomorrow's first question
    for index, option in enumerate(wish[:-1]):
        step = await service.answer(quiz.id, "U1", index, option, tomorrow=True)
    shown = shown_number(engine.quiz.questions[-1], step.seed, wish[-1])  # the last one by its number on screen
    step = await service.answer_shown(quiz.id, "U1", engine.length - 1, shown, tomorrow=True)
    assert step.tomorrow and step.question is None and step.result.top == "partenaire-du-changement"
    assert step.today.top == "solutionneur" and step.participation.answers == today.participation.answers
    shift = runtime.quiz_answers.tomorrow(step.today, step.result, "fr")
    assert "Solutionneur" in shift.title and "Partenaire" in shift.title
    for refused in (service.answer(quiz.id, "U1", 0, 0, tomorrow=True), service.answer(quiz.id, "U1", 0, 0),
                    service.back(quiz.id, "U1", engine.length, tomorrow=True), service.back(quiz.id, "U1")):
        with pytest.raises(QuizProblem, match="quiz_already_done"):
            await refused
    assert (await service.start_tomorrow(quiz.id, "U1")).result.top == "partenaire-du-changement"
    current = await service.current(quiz.id, "U1")
    assert current.tomorrow and current.result.top == "partenaire-du-changement"


async def test_the_team_profile_counts_only_complete_tomorrows_and_shows_the_shift(runtime_on_each_engine):
    runtime = runtime_on_each_engine
    service, engine = runtime.teamquiz, runtime.engine
    quiz = await service.start("slack", "C1", "U0", "fr")
    for participant in ("U1", "U2", "U3"):
        await play(service, quiz.id, participant, engine.most_characteristic("solutionneur"))
    await dream(service, quiz.id, "U1", engine.most_characteristic("createur-ecosystemes"))
    await dream(service, quiz.id, "U2", engine.most_characteristic("createur-ecosystemes")[:2])  # halfway
    profile = await service.profile(quiz.id)
    assert profile.participants == 3 and profile.tomorrow_participants == 1
    assert profile.tomorrow_ranking[0].archetype == "createur-ecosystemes"
    assert {s.archetype for s in profile.shifts[:2]} == {"solutionneur", "createur-ecosystemes"}
    assert [r.tomorrow is not None for r in profile.members] == [True, False, False]


async def test_tomorrow_survives_a_restart_refuses_a_closed_quiz_and_replays(runtime_on_each_engine, engine_env,
                                                                             tmp_path):
    runtime = runtime_on_each_engine
    service, engine = runtime.teamquiz, runtime.engine
    quiz = await service.start("matrix", "!room", "@a:hs", "fr")
    await play(service, quiz.id, "@b:hs", engine.most_characteristic("apprenant-transformateur"))
    await service.start_tomorrow(quiz.id, "@b:hs")
    await service.answer(quiz.id, "@b:hs", 0, 2, tomorrow=True, event_id="$ev1")
    await runtime.store.close()
    second = await build_runtime(tmp_path, engine_env)  # a new process on the same database
    try:
        with pytest.raises(AlreadyHandled):  # the same event delivered again after the restart
            await second.teamquiz.answer(quiz.id, "@b:hs", 0, 2, tomorrow=True, event_id="$ev1")
        step = await second.teamquiz.join(quiz.id, "@b:hs", "Bob")  # resumes in the tomorrow phase
        assert step.tomorrow and step.index == 1 and step.participation.tomorrow == (2,)
        await second.teamquiz.close(quiz.id, "@a:hs")
        for refused in (second.teamquiz.answer(quiz.id, "@b:hs", 1, 0, tomorrow=True),
                        second.teamquiz.start_tomorrow(quiz.id, "@b:hs")):
            with pytest.raises(QuizProblem, match="quiz_closed"):
                await refused
    finally:
        await second.store.close()


async def test_only_a_change_of_who_has_finished_is_a_new_version(runtime_on_each_engine):
    """The version orders the team message's edits: what it shows (the members who have finished
    each phase, their names, closed or not) gets a new one; the answers on the way do not."""
    runtime = runtime_on_each_engine
    service, store, length = runtime.teamquiz, runtime.store, runtime.engine.length
    quiz = await service.start("slack", "C1", "U0", "fr")

    async def version() -> int:
        return (await store.get_quiz(quiz.id)).version

    start = await version()
    await service.join(quiz.id, "U1", "Alice")
    for index in range(length - 1):
        await service.answer(quiz.id, "U1", index, 0)
    await service.back(quiz.id, "U1", length - 1)
    await service.answer(quiz.id, "U1", length - 2, 1)
    assert await version() == start  # nothing the team message shows has changed
    await service.answer(quiz.id, "U1", length - 1, 0)
    assert await version() == start + 1  # Alice has finished
    await service.start_tomorrow(quiz.id, "U1")
    for index in range(length - 1):
        await service.answer(quiz.id, "U1", index, 0, tomorrow=True)
    assert await version() == start + 1
    await service.answer(quiz.id, "U1", length - 1, 0, tomorrow=True)
    assert await version() == start + 2  # her two years are in the team profile
    await service.join(quiz.id, "U1", "Alice B.")  # a new display name, shown
    await service.close(quiz.id, "U0")
    assert await version() == start + 4
