"""The team quiz in a thread: polls answered by vote, keycap reaction or number; several
participants at once; results and the team profile edited in place."""

from __future__ import annotations

from bot.core.quiz import Member
from bot.core.quiz_answers import team_metadata
from bot.matrix.events import RAISED_HAND
from bot.matrix.render import keycap
from tests.matrix.helpers import (
    POLL_START,
    QUIZ_RESULT,
    TEAM_PROFILE,
    alice_and_bob,
    canonical,
    next_poll,
    profiles,
    relation,
    replied_to,
    results,
    shown,
    start_quiz,
    thread_of,
)


async def test_full_quiz_answered_three_ways(human, start_bot, engine):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    root, poll = await start_quiz(alice, bot.user_id, room)

    start = poll["content"][POLL_START]
    assert poll["type"] == "org.matrix.msc3381.poll.start" and thread_of(poll) == root
    assert start["kind"] == "org.matrix.msc3381.poll.disclosed" and start["max_selections"] == 1
    assert [a["id"] for a in start["answers"]] == [str(n) for n in range(1, 8)]
    assert start["question"]["org.matrix.msc1767.text"].endswith(
        f"Question 1/{engine.length} — Si votre labo devait se résumer à une ambition, ce serait…")
    fallback = poll["content"]["body"]
    assert fallback == poll["content"]["org.matrix.msc1767.text"]
    first_shown = await canonical(bot, root, alice.user_id, 0, 1)  # the options are shuffled for alice
    assert f"\n{keycap(1)} {engine.quiz.questions[0].options[first_shown].text.fr}\n" in fallback
    assert poll["content"]["m.mentions"] == {"user_ids": [alice.user_id]}

    answers = (3, 2, 2, 3, 1)  # 0-based options
    ways = [  # a number in the thread: test_participants_at_once_and_team_profile_edit
        lambda p, n: alice.vote(room, p, str(n)),  # Element's unstable vote
        lambda p, n: alice.react(room, p, keycap(n)),  # keycap reaction
        lambda p, n: alice.vote(room, p, str(n), form="stable"),
        lambda p, n: alice.react(room, p, f"{n}\u20e3"),  # a keycap without VS16
        lambda p, n: alice.vote(room, p, str(n), form="v2"),
    ]
    for number, (option, way) in enumerate(zip(answers, ways, strict=True), 1):
        await way(poll["event_id"], await shown(bot, root, alice.user_id, number - 1, option))
        if number < len(answers):
            poll = await next_poll(alice, bot.user_id, room, number + 1)
            assert f"Question {number + 1}/{engine.length}" in poll["content"]["body"]

    (result,) = await alice.wait(lambda: results(alice, bot.user_id, room))
    expected = engine.result(answers)
    assert thread_of(result) == root
    assert result["content"][QUIZ_RESULT] == {
        "top": expected.top, "ranking": [{"archetype": s.archetype, "score": round(s.score * 100)} for s in expected.ranking]}
    assert result["content"]["m.mentions"] == {"user_ids": [alice.user_id]}
    assert f'<a href="https://matrix.to/#/{alice.user_id}">' in result["content"]["formatted_body"]
    (profile,) = await alice.wait(lambda: profiles(alice, bot.user_id, room))
    assert thread_of(profile) == root
    assert profile["content"][TEAM_PROFILE] == {"participants": 1, **result["content"][QUIZ_RESULT], "split": False,
                                                "camps": [], "dividing": [], "tomorrow_participants": 0}
    store = bot.runtime.store
    assert (await store.participations(await store.get_setting("matrix.quiz_thread", root)))[0].answers == answers

    again = await alice.send(room, "!labtype quiz", thread=root)
    (done,) = await alice.wait(lambda: alice.replies(bot.user_id, again))
    assert done["content"]["body"] == "Vous avez déjà terminé ce quiz." and thread_of(done) == root


async def test_quiz_started_in_a_thread_runs_in_it(human, start_bot):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    root = await alice.send(room, "Faisons le quiz ici")

    await alice.send(room, "!labtype quiz", thread=root)
    (poll,) = await alice.wait(lambda: alice.polls(bot.user_id, room, mentioning=alice.user_id))
    (intro,) = [e for e in alice.from_user(bot.user_id, room) if "lance le quiz" in e["content"].get("body", "")]
    assert thread_of(poll) == thread_of(intro) == root
    await alice.send(room, "1", thread=root)
    await next_poll(alice, bot.user_id, room, 2)


async def test_second_answers_are_refused(human, start_bot):
    bot = await start_bot()
    alice, bob, room = await alice_and_bob(human, bot.user_id)
    root, first = await start_quiz(alice, bot.user_id, room)

    await bob.vote(room, first["event_id"], "1")  # not bob's question: refused to him, not counted
    await alice.vote(room, first["event_id"], "2")  # the option alice sees second
    second = await next_poll(alice, bot.user_id, room, 2)
    await alice.vote(room, first["event_id"], "3")  # changing one's mind
    await alice.react(room, first["event_id"], keycap(4))  # or answering twice

    def stale() -> list[dict]:
        return [e for e in alice.from_user(bot.user_id, room)
                if e["content"].get("body") == "Cette question a déjà une réponse ; voici où vous en êtes."]

    await alice.wait(lambda: len(stale()) == 2)
    assert {thread_of(e) for e in stale()} == {root}
    assert {replied_to(e) for e in stale()} == {second["event_id"]}, "they point at the current question"
    await alice.settle(0.3)
    said = [e for e in alice.from_user(bot.user_id, room) if e["type"] != "m.room.member"]
    assert len(said) == 7, "the root, two polls, the first one's end, two refusals, and Bob's"
    assert [e["type"] for e in said].count("org.matrix.msc3381.poll.end") == 1
    assert len(alice.polls(bot.user_id, room)) == 2
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    assert (await bot.runtime.store.get_participation(quiz_id, alice.user_id)).answers == (
        await canonical(bot, root, alice.user_id, 0, 2),)
    assert await bot.runtime.store.get_participation(quiz_id, bob.user_id) is None


async def test_participants_at_once_and_team_profile_edit(human, start_bot, engine):
    bot = await start_bot()
    alice, bob, carol = await human("alice"), await human("bob"), await human("carol")
    room = await alice.create_room(bot.user_id)
    for person in (bob, carol):
        await alice.client.room_invite(room, person.user_id)
        await person.client.join(room)
    root, _ = await start_quiz(alice, bot.user_id, room)

    await bob.wait(lambda: any(e["event_id"] == root for e in bob.events))
    await bob.react(room, root, RAISED_HAND + "\U0001f3fd")  # ✋ with a skin tone
    await carol.send(room, "!labtype quiz", thread=root)
    await bob.wait(lambda: bob.polls(bot.user_id, room, mentioning=bob.user_id))
    await carol.wait(lambda: carol.polls(bot.user_id, room, mentioning=carol.user_id))

    plans = {alice: (0, 0, 0, 0, 0), bob: (6, 5, 5, 6, 6)}
    for index in range(engine.length):
        for person, plan in plans.items():  # both answer by number, in the same thread
            await person.send(room, str(await shown(bot, root, person.user_id, index, plan[index])), thread=root)
        if index == 0:
            await carol.send(room, "2", thread=root)  # carol answers one question, then stops
        if index < engine.length - 1:
            for person in plans:
                await next_poll(person, bot.user_id, room, index + 2)

    await alice.wait(lambda: len(results(alice, bot.user_id, room)) == 2)
    by_user = {e["content"]["m.mentions"]["user_ids"][0]: e["content"][QUIZ_RESULT]["top"]
               for e in results(alice, bot.user_id, room)}
    assert by_user == {alice.user_id: engine.result(plans[alice]).top, bob.user_id: engine.result(plans[bob]).top}

    def edited() -> list[dict]:
        return [e for e in profiles(alice, bot.user_id, room) if relation(e).get("rel_type") == "m.replace"]

    (edit,) = await alice.wait(edited)
    (original,) = [e for e in profiles(alice, bot.user_id, room) if e not in edited()]
    assert thread_of(original) == root and original["content"][TEAM_PROFILE]["participants"] == 1
    assert edit["content"]["m.relates_to"] == {"rel_type": "m.replace", "event_id": original["event_id"]}
    team = engine.team_profile([Member(p.user_id, None, plan) for p, plan in plans.items()])
    metadata = edit["content"][TEAM_PROFILE]
    assert metadata == edit["content"]["m.new_content"][TEAM_PROFILE] == {
        "participants": 2, "top": team.top,
        "ranking": [{"archetype": s.archetype, "score": round(s.score * 100)} for s in team.ranking],
        **team_metadata(team)}
    assert metadata["dividing"] == [d.question.id for d in team.dividing] and metadata["dividing"]
    assert edit["content"]["m.new_content"]["body"].startswith("Profil de l'équipe (2 participant·es)")
    assert edit["content"]["body"].startswith("* Profil de l'équipe (2 participant·es)")
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    carols = (await canonical(bot, root, carol.user_id, 0, 2),)
    assert [p.answers for p in await bot.runtime.store.participations(quiz_id)] == [plans[alice], plans[bob], carols]


async def test_odd_numerals_are_told_the_range_and_answer_nothing(human, start_bot):
    """'²' and '①' pass str.isdigit() but crashed int(); '٣' matched \\d and was taken as 3."""
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    root, poll = await start_quiz(alice, bot.user_id, room)
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)

    for odd in ("²", "①", "٣", "123"):
        sent = await alice.send(room, odd, thread=root)
        (reply,) = await alice.wait(lambda: alice.replies(bot.user_id, sent))
        assert reply["content"]["body"] == "Répondez par un numéro de 1 à 7."
    await alice.react(room, poll["event_id"], "²\ufe0f\u20e3")
    await alice.wait(lambda: len(alice.replies(bot.user_id, poll["event_id"])) == 1)
    assert alice.replies(bot.user_id, poll["event_id"])[0]["content"]["body"] == "Répondez par un numéro de 1 à 7."
    assert (await bot.runtime.store.get_participation(quiz_id, alice.user_id)).answers == ()

    await alice.send(room, "3", thread=root)
    await next_poll(alice, bot.user_id, room, 2)
    assert (await bot.runtime.store.get_participation(quiz_id, alice.user_id)).answers == (
        await canonical(bot, root, alice.user_id, 0, 3),)
