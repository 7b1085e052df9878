"""The team quiz service: the flow Slack and Matrix share, problems as polite message keys."""

from __future__ import annotations

import asyncio

import pytest

from bot.runtime import build_runtime
from bot.teamquiz import QuizProblem


@pytest.fixture
def runtime(tmp_path):
    runtime = build_runtime(tmp_path)
    yield runtime
    runtime.store.close()


def play(service, quiz_id, participant, answers):
    step = service.join(quiz_id, participant, participant.title())
    for index, option in enumerate(answers):
        step = service.answer(quiz_id, participant, index, option)
    return step


def test_a_member_plays_to_the_end(runtime):
    service = runtime.teamquiz
    quiz = service.start("slack", "C1", "U0", "fr")
    step = service.join(quiz.id, "U1", "Alice")
    assert step.index == 0 and step.question.id == "purpose" and step.result is None
    step = service.answer(quiz.id, "U1", 0, 1)
    step = service.back(quiz.id, "U1")
    assert step.index == 0
    step = play(service, quiz.id, "U1", runtime.engine.most_characteristic("solutionneur"))
    assert step.question is None and step.result.top == "solutionneur"
    with pytest.raises(QuizProblem, match="quiz_already_done"):
        service.answer(quiz.id, "U1", 6, 0)


def test_restart_mid_quiz_continues_where_it_stopped(tmp_path):
    first = build_runtime(tmp_path)
    quiz = first.teamquiz.start("matrix", "!room", "@a:hs", "fr")
    first.teamquiz.join(quiz.id, "@b:hs", "Bob")
    first.teamquiz.answer(quiz.id, "@b:hs", 0, 3)
    first.teamquiz.answer(quiz.id, "@b:hs", 1, 2)
    first.store.close()
    second = build_runtime(tmp_path)  # a new process on the same data dir
    step = second.teamquiz.join(quiz.id, "@b:hs", "Bob")
    assert step.index == 2 and step.participation.answers == (3, 2)
    with pytest.raises(QuizProblem, match="quiz_stale"):
        second.teamquiz.answer(quiz.id, "@b:hs", 1, 2)  # the same click again after the restart
    assert second.teamquiz.answer(quiz.id, "@b:hs", 2, 2).index == 3
    second.store.close()


@pytest.mark.parametrize("question, option, key", [(4, 0, "quiz_stale"), (0, 99, "quiz_bad_option")])
def test_forged_answers_are_refused(runtime, question, option, key):
    quiz = runtime.teamquiz.start("slack", "C1", "U0", "fr")
    runtime.teamquiz.join(quiz.id, "U1", "Alice")
    with pytest.raises(QuizProblem, match=key):
        runtime.teamquiz.answer(quiz.id, "U1", question, option)


def test_unknown_quiz_and_not_joined(runtime):
    with pytest.raises(QuizProblem, match="quiz_unknown"):
        runtime.teamquiz.join("nope", "U1", "Alice")
    quiz = runtime.teamquiz.start("slack", "C1", "U0", "fr")
    with pytest.raises(QuizProblem, match="quiz_not_joined"):
        runtime.teamquiz.answer(quiz.id, "U9", 0, 0)


def test_only_the_starter_closes_and_then_answers_are_refused(runtime):
    service = runtime.teamquiz
    quiz = service.start("slack", "C1", "U0", "fr")
    service.join(quiz.id, "U1", "Alice")
    with pytest.raises(QuizProblem, match="quiz_not_starter"):
        service.close(quiz.id, "U1")
    assert service.close(quiz.id, "U0").closed
    with pytest.raises(QuizProblem, match="quiz_closed"):
        service.answer(quiz.id, "U1", 0, 0)
    with pytest.raises(QuizProblem, match="quiz_closed"):
        service.join(quiz.id, "U2", "Bob")


def test_team_profile_with_anonymous_members(runtime):
    service = runtime.teamquiz
    quiz = service.start("slack", "C1", "U0", "fr", anonymous=True)
    for n, archetype in enumerate(("apprenant-transformateur", "apprenant-transformateur", "partenaire-du-changement")):
        play(service, quiz.id, f"U{n}", runtime.engine.most_characteristic(archetype))
    profile = service.profile(quiz.id)
    assert profile.participants == 3 and profile.top == "apprenant-transformateur"
    assert all(member.name is None for member, _ in profile.members)
    text = runtime.quiz_answers.team(profile, "fr")
    assert "Participant·e 1" in "\n".join(f.text for f in text.fields) and "Alice" not in str(text)


async def test_thirty_members_finishing_at_the_same_moment(runtime):
    service = runtime.teamquiz
    quiz = service.start("slack", "C1", "U0", "fr")
    answers = runtime.engine.most_characteristic("coordinateur-mission")
    for n in range(30):
        service.join(quiz.id, f"U{n}", f"Member {n}")
        for index, option in enumerate(answers[:-1]):
            service.answer(quiz.id, f"U{n}", index, option)
    last = len(answers) - 1
    await asyncio.gather(*(asyncio.to_thread(service.answer, quiz.id, f"U{n}", last, answers[-1]) for n in range(30)))
    profile = service.profile(quiz.id)
    assert profile.participants == 30 and profile.top == "coordinateur-mission"


def test_a_repeated_back_undoes_one_answer(runtime):
    service = runtime.teamquiz
    quiz = service.start("slack", "C1", "U0", "fr")
    service.join(quiz.id, "U1", "Alice")
    service.answer(quiz.id, "U1", 0, 1)
    service.answer(quiz.id, "U1", 1, 1)
    assert service.back(quiz.id, "U1", 2).index == 1
    with pytest.raises(QuizProblem, match="quiz_stale"):
        service.back(quiz.id, "U1", 2)  # the same "back" button clicked again
    assert service.current(quiz.id, "U1").participation.answers == (1,)


def test_back_after_the_result_is_refused(runtime):
    service = runtime.teamquiz
    quiz = service.start("slack", "C1", "U0", "fr")
    play(service, quiz.id, "U1", runtime.engine.most_characteristic("solutionneur"))
    with pytest.raises(QuizProblem, match="quiz_already_done"):
        service.back(quiz.id, "U1", runtime.engine.length)  # a forged "back" on the result
    assert service.profile(quiz.id).participants == 1
