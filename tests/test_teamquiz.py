"""The team quiz service: the flow Slack and Matrix share, problems as polite message keys."""

from __future__ import annotations

import asyncio

import pytest

from bot.runtime import build_runtime
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
