"""An anonymous quiz answered in private rooms: each member's questions, votes and result go to a
direct chat with the bot (encrypted, as Element makes them); the shared thread shows nobody's id,
name or answer, and its team profile counts everyone."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from bot.matrix.render import keycap
from tests.matrix.helpers import (
    POLL_START,
    QUIZ_RESULT,
    TEAM_PROFILE,
    Human,
    accept_invitation,
    next_poll,
    shown,
    thread_of,
)
from tests.matrix.test_quiz_workshop import download, files_in, profile_of

ANONYMOUS_ROOT = "Quiz d'équipe anonyme"
INVITED = "Vos questions arrivent dans une conversation privée avec moi"


async def shared_room(alice: Human, bot_id: str, others: list[Human]) -> str:
    room = await alice.create_room(bot_id)
    for person in others:
        await alice.client.room_invite(room, person.user_id)
        await person.client.join(room)
    return room


async def check_made_as_element_makes_a_direct_chat(synapse, person: Human, room_id: str) -> None:
    history = await room_events(synapse, person, room_id)
    (invite,) = [e for e in history if e["type"] == "m.room.member" and e["content"]["membership"] == "invite"]
    assert invite["state_key"] == person.user_id and invite["content"]["is_direct"] is True, "filed under People"
    assert [e["content"]["algorithm"] for e in history if e["type"] == "m.room.encryption"] == ["m.megolm.v1.aes-sha2"]
    (rules,) = [e["content"] for e in history if e["type"] == "m.room.join_rules"]
    assert rules["join_rule"] == "invite"


async def room_events(synapse, person: Human, room: str) -> list[dict]:
    """Every event of a room as the homeserver serves it (/messages, newest first)."""
    path = f"/_matrix/client/v3/rooms/{quote(room)}/messages?dir=b&limit=1000"
    page = await asyncio.to_thread(synapse.request, "GET", path, access_token=person.client.access_token)
    return page["chunk"]


async def test_an_anonymous_quiz_is_answered_in_private_rooms_and_the_thread_tells_nothing(
        human, start_bot, synapse, engine):
    bot = await start_bot()
    alice, bob = await human("alice", encryption=True), await human("bob", encryption=True)
    room = await shared_room(alice, bot.user_id, [bob])
    await alice.send(room, "!labtype quiz anonyme")
    (root,) = await alice.wait(lambda: [e["event_id"] for e in alice.from_user(bot.user_id, room)
                                        if ANONYMOUS_ROOT in e["content"].get("body", "")])
    await alice.wait(lambda: any(INVITED in e["content"].get("body", "") for e in alice.from_user(bot.user_id, room)))
    assert not alice.polls(bot.user_id, room), "no question in the shared room"

    alice_room = await accept_invitation(alice, bot.user_id)
    await check_made_as_element_makes_a_direct_chat(synapse, alice, alice_room)
    first = await next_poll(alice, bot.user_id, alice_room, 1)
    assert thread_of(first) is None and "envoyez ce numéro ici" in first["content"]["body"]
    wire = await asyncio.to_thread(synapse.request, "GET",
                                   f"/_matrix/client/v3/rooms/{quote(alice_room)}/event/{quote(first['event_id'])}",
                                   access_token=alice.client.access_token)
    assert wire["type"] == "m.room.encrypted", "the private room is encrypted, as Element makes direct chats"

    await bob.wait(lambda: any(e["event_id"] == root for e in bob.events))
    joining = await bob.send(room, "!labtype quiz", thread=root)
    await bob.wait(lambda: bob.replies(bot.user_id, joining))
    bob_room = await accept_invitation(bob, bot.user_id)
    assert bob_room != alice_room
    direct = await bot.bot.client.list_direct_rooms()
    assert direct.rooms == {alice.user_id: [alice_room], bob.user_id: [bob_room]}, "the bot's m.direct lists them"

    plans = {alice: (3, 2, 2, 3, 1, 0)[:engine.length], bob: (0, 1, 4, 2, 3, 1)[:engine.length]}
    rooms = {alice: alice_room, bob: bob_room}
    ways = [  # one answer path per question, alternating between the two members
        lambda p, poll, n: p.vote(rooms[p], poll["event_id"], str(n)),
        lambda p, poll, n: p.react(rooms[p], poll["event_id"], keycap(n)),
        lambda p, poll, n: p.send(rooms[p], str(n)),
    ]
    for index in range(engine.length):
        if index == 2:  # a restart mid-quiz: the private rooms and their polls are in the store
            await bot.stop()
            bot = await start_bot(bot)
        for turn, (person, plan) in enumerate(plans.items()):
            asked_again = 2 if person is alice and index > 1 else 0  # question 3, then 2 again after the back
            poll = await next_poll(person, bot.user_id, rooms[person], index + 1 + asked_again)
            number = await shown(bot, root, person.user_id, index, plan[index])
            await ways[(index + turn) % len(ways)](person, poll, number)
            if person is alice and index == 1:  # change one's mind, privately: back, then the same question again
                await next_poll(alice, bot.user_id, alice_room, 3)
                await alice.send(alice_room, "!labtype retour")
                again = await next_poll(alice, bot.user_id, alice_room, 4)
                assert f"Question 2/{engine.length}" in again["content"]["body"]
                await alice.send(alice_room, str(number))

    for person in plans:
        (result,) = await person.wait(lambda p=person: [e for e in p.from_user(bot.user_id, rooms[p])
                                                          if QUIZ_RESULT in e["content"]])
        assert result["content"][QUIZ_RESULT]["top"] == engine.result(plans[person]).top
    content = await alice.wait(lambda: profile_of(alice, bot.user_id, room, 2))
    assert content[TEAM_PROFILE]["participants"] == 2
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    stored = {p.participant: p.answers for p in await bot.runtime.store.participations(quiz_id)}
    assert stored == {p.user_id: plans[p] for p in plans}

    again = await bob.send(room, "!labtype quiz", thread=root)
    (done,) = await bob.wait(lambda: bob.replies(bot.user_id, again))
    assert done["content"]["body"] == "Vous avez déjà terminé ce quiz."
    await alice.send(room, "!labtype compte-rendu", thread=root)
    await alice.wait(lambda: len(files_in(alice, bot.user_id, room, root)) == 2)  # report and team chart: no CSV
    await alice.send(room, "!labtype fermer", thread=root)
    await alice.wait(lambda: len(files_in(alice, bot.user_id, room, root)) == 3)
    report = next(c for c in files_in(alice, bot.user_id, room, root) if c["filename"].endswith(".md"))

    shared = await room_events(synapse, alice, room)
    from_bot = [e for e in shared if e["sender"] == bot.user_id and e["type"] != "m.room.member"]
    assert len(from_bot) >= 8, "root, invitations, profile and its edits, files, close"
    assert all(e["type"] in ("m.room.message", "m.reaction") for e in from_bot), "no poll, no vote, no poll end"
    names = {p.user_id for p in plans} | {p.user_id.split(":")[0].lstrip("@") for p in plans}
    names |= {bot.bot.client.rooms[room].user_name(p.user_id) for p in plans}
    everything = (repr([e["content"] for e in from_bot]) + (await download(alice, report)).decode()).lower()
    for name in names:
        assert name.lower() not in everything
    assert not [e for e in from_bot if QUIZ_RESULT in e["content"]]
    for person, plan in plans.items():  # the option texts each chose appear at most as counts in the profile
        assert not [e for e in from_bot if person.user_id in repr(e)]


async def test_a_declined_invitation_is_told_in_the_thread_and_the_private_room_is_reused(human, start_bot, engine):
    bot = await start_bot()
    alice, carol = await human("alice", encryption=True), await human("carol", encryption=True)
    room = await shared_room(alice, bot.user_id, [carol])
    await alice.send(room, "!labtype quiz anonyme")
    (root,) = await alice.wait(lambda: [e["event_id"] for e in alice.from_user(bot.user_id, room)
                                        if ANONYMOUS_ROOT in e["content"].get("body", "")])
    await carol.wait(lambda: any(e["event_id"] == root for e in carol.events))
    joining = await carol.send(room, "!labtype quiz", thread=root)
    declined = await carol.wait(lambda: next((r for r, i in carol.client.invited_rooms.items()
                                              if i.inviter == bot.user_id), None))
    await carol.client.room_leave(declined)
    told = await carol.wait(lambda: [e for e in carol.replies(bot.user_id, joining)
                                     if "refusée ou quittée" in e["content"]["body"]])
    assert thread_of(told[0]) == root and carol.user_id not in repr(told[0]["content"])

    await carol.send(room, "!labtype quiz", thread=root)
    carol_room = await accept_invitation(carol, bot.user_id, known=(declined,))
    assert carol_room != declined
    poll = await next_poll(carol, bot.user_id, carol_room, 1)
    for index in range(engine.length):
        number = await shown(bot, root, carol.user_id, index, 0)
        await carol.vote(carol_room, poll["event_id"], str(number))
        if index + 1 < engine.length:
            poll = await next_poll(carol, bot.user_id, carol_room, index + 2)
    await carol.wait(lambda: [e for e in carol.from_user(bot.user_id, carol_room) if QUIZ_RESULT in e["content"]])
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    assert (await bot.runtime.store.get_participation(quiz_id, carol.user_id)).answers == (0,) * engine.length

    # The next anonymous quiz: no new invitation, the question comes in the same room, a ✅ in the thread.
    await alice.send(room, "!labtype quiz anonyme")
    second = await alice.wait(lambda: [e["event_id"] for e in alice.from_user(bot.user_id, room)
                                       if ANONYMOUS_ROOT in e["content"].get("body", "")][1:])
    await carol.wait(lambda: any(e["event_id"] == second[0] for e in carol.events))
    joining = await carol.send(room, "!labtype quiz", thread=second[0])
    (ack,) = await carol.wait(lambda: [e for e in carol.from_user(bot.user_id, room) if e["type"] == "m.reaction"
                                       and e["content"]["m.relates_to"]["event_id"] == joining])
    assert ack["content"]["m.relates_to"]["key"] == "✅"
    await next_poll(carol, bot.user_id, carol_room, engine.length + 1)
    assert not [r for r, i in carol.client.invited_rooms.items() if i.inviter == bot.user_id and r != declined]
    assert not [e for e in carol.from_user(bot.user_id, room) if e.get("type") == POLL_START]
