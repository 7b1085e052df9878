""""Et dans deux ans ?" in Matrix: offered under a member's result (a 🔮 to click, or
`!labtype demain`), the same questions again as polls titled for two years from now, every answer
path and back, then the shift; the team profile counts who answered it. Named (in the thread)
and anonymous (in the member's private room)."""

from __future__ import annotations

from bot.matrix.render import keycap
from tests.matrix.helpers import (
    QUIZ_RESULT,
    TEAM_PROFILE,
    Human,
    accept_invitation,
    alice_and_bob,
    next_poll,
    results,
    shown,
    start_quiz,
    thread_of,
)
from tests.matrix.test_quiz_workshop import profile_of

QUIZ_TOMORROW = "org.labtype.quiz_tomorrow"
OFFER = "Et dans deux ans ? Réagissez 🔮 à ce résultat, ou envoyez « !labtype demain »"


def shifts(person: Human, bot_id: str, room: str) -> list[dict]:
    return [e for e in person.from_user(bot_id, room) if QUIZ_TOMORROW in e["content"]]


def tomorrow_profile(person: Human, bot_id: str, room: str) -> dict | None:
    """The latest team profile content (an edit's new content), once it counts a tomorrow."""
    for event in reversed([e for e in person.from_user(bot_id, room) if TEAM_PROFILE in e["content"]]):
        content = event["content"].get("m.new_content", event["content"])
        if content[TEAM_PROFILE]["tomorrow_participants"]:
            return content
    return None


async def answer_today(person: Human, bot, room: str, root: str, first_poll: dict, today: tuple[int, ...]) -> None:
    poll = first_poll
    for index, option in enumerate(today):
        await person.vote(room, poll["event_id"], str(await shown(bot, root, person.user_id, index, option)))
        if index + 1 < len(today):
            poll = await next_poll(person, bot.user_id, room, index + 2)


async def test_in_two_years_in_a_named_quiz_thread(human, start_bot, engine):
    bot = await start_bot()
    alice, bob, room = await alice_and_bob(human, bot.user_id)
    root, poll = await start_quiz(alice, bot.user_id, room)
    today = engine.most_characteristic("solutionneur")
    later = engine.most_characteristic("createur-ecosystemes")

    early = await bob.send(room, "!labtype demain", thread=root)  # not even a participant
    (refusal,) = await bob.wait(lambda: bob.replies(bot.user_id, early))
    assert refusal["content"]["body"] == "Rejoignez d'abord le quiz."

    await answer_today(alice, bot, room, root, poll, today)
    (result,) = await alice.wait(lambda: results(alice, bot.user_id, room))
    assert OFFER in result["content"]["body"] and thread_of(result) == root
    (crystal,) = await alice.wait(lambda: [e for e in alice.from_user(bot.user_id, room) if e["type"] == "m.reaction"
                                           and e["content"]["m.relates_to"]["event_id"] == result["event_id"]])
    assert crystal["content"]["m.relates_to"]["key"] == "🔮"

    await alice.react(room, result["event_id"], "🔮")  # clicking the bot's 🔮
    length = engine.length
    poll = await next_poll(alice, bot.user_id, room, length + 1)
    assert f"Dans deux ans — question 1/{length}" in poll["content"]["body"] and thread_of(poll) == root
    ways = [lambda p, n: alice.react(room, p["event_id"], keycap(n)),
            lambda p, n: alice.send(room, str(n), thread=root),
            lambda p, n: alice.vote(room, p["event_id"], str(n))]
    for index, option in enumerate(later):
        number = await shown(bot, root, alice.user_id, index, option)
        if index == 2:  # back from question 3 of two years from now: question 2 again
            await alice.send(room, "!labtype retour", thread=root)
            again = await next_poll(alice, bot.user_id, room, length + 4)
            assert f"Dans deux ans — question 2/{length}" in again["content"]["body"]
            await alice.vote(room, again["event_id"], str(await shown(bot, root, alice.user_id, 1, later[1])))
            poll = await next_poll(alice, bot.user_id, room, length + 5)
        await ways[index % len(ways)](poll, number)
        if index + 1 < length:
            poll = await next_poll(alice, bot.user_id, room, length + index + 2 + 2 * (index >= 2))

    (shift,) = await alice.wait(lambda: shifts(alice, bot.user_id, room))
    assert "\n\nAujourd'hui 2. Solutionneur, dans deux ans 7. Créateur d'écosystèmes\n\n" in shift["content"]["body"]
    assert thread_of(shift) == root and shift["content"]["m.mentions"] == {"user_ids": [alice.user_id]}
    assert shift["content"][QUIZ_TOMORROW]["today"]["top"] == "solutionneur"
    assert shift["content"][QUIZ_TOMORROW]["tomorrow"]["top"] == "createur-ecosystemes"
    content = await alice.wait(lambda: tomorrow_profile(alice, bot.user_id, room))
    assert content[TEAM_PROFILE]["tomorrow_participants"] == 1 and "Dans deux ans (1 sur 1 a répondu)" in content["body"]
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    stored = await bot.runtime.store.get_participation(quiz_id, alice.user_id)
    assert (stored.answers, stored.tomorrow) == (today, later)

    again = await alice.send(room, "!labtype demain", thread=root)
    (done,) = await alice.wait(lambda: alice.replies(bot.user_id, again))
    assert done["content"]["body"] == "Vous avez déjà terminé ce quiz."


async def test_in_two_years_in_an_anonymous_quiz_stays_private_across_a_restart(human, start_bot, engine):
    bot = await start_bot()
    alice = await human("alice", encryption=True)
    room = await alice.create_room(bot.user_id)
    await alice.send(room, "!labtype quiz anonyme")
    (root,) = await alice.wait(lambda: [e["event_id"] for e in alice.from_user(bot.user_id, room)
                                        if "Quiz d'équipe anonyme" in e["content"].get("body", "")])
    private = await accept_invitation(alice, bot.user_id)
    today, later = engine.most_characteristic("apprenant-transformateur"), engine.most_characteristic("solutionneur")
    first = await next_poll(alice, bot.user_id, private, 1)
    await alice.send(private, "!labtype demain")  # in the private room, before the result: refused there
    await alice.wait(lambda: [e for e in alice.from_user(bot.user_id, private) if "vient après votre résultat"
                              in e["content"].get("body", "")])
    await answer_today(alice, bot, private, root, first, today)
    (result,) = await alice.wait(lambda: results(alice, bot.user_id, private))
    assert OFFER in result["content"]["body"]

    asked = await alice.send(room, "!labtype demain", thread=root)  # in the thread: answered privately
    length = engine.length
    poll = await next_poll(alice, bot.user_id, private, length + 1)
    assert f"Dans deux ans — question 1/{length}" in poll["content"]["body"]
    await alice.wait(lambda: [e for e in alice.from_user(bot.user_id, room) if e["type"] == "m.reaction"
                              and e["content"]["m.relates_to"] == {"rel_type": "m.annotation", "event_id": asked,
                                                                   "key": "✅"}])
    for index, option in enumerate(later):
        if index == 3:
            await bot.stop()
            bot = await start_bot(bot)
        await alice.send(private, str(await shown(bot, root, alice.user_id, index, option)))
        if index + 1 < length:
            poll = await next_poll(alice, bot.user_id, private, length + index + 2)
    (shift,) = await alice.wait(lambda: shifts(alice, bot.user_id, private))
    assert shift["content"][QUIZ_TOMORROW]["tomorrow"]["top"] == "solutionneur"

    content = await alice.wait(lambda: tomorrow_profile(alice, bot.user_id, room))
    assert content[TEAM_PROFILE]["tomorrow_participants"] == 1
    assert content[TEAM_PROFILE]["participants"] == 1
    in_thread = [e for e in alice.from_user(bot.user_id, room)]
    assert not [e for e in in_thread if QUIZ_TOMORROW in e["content"] or QUIZ_RESULT in e["content"]]
    assert alice.user_id not in repr([e["content"] for e in in_thread])
    assert profile_of(alice, bot.user_id, room, 1) is not None
