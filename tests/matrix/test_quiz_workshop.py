"""The team quiz as a workshop instrument in a Matrix thread: a split team's camps in the team
profile and its metadata; an anonymous profile that names nobody."""

from __future__ import annotations

import nio
import pytest
from nio.crypto.attachments import decrypt_attachment

from tests.matrix.helpers import (
    TEAM_PROFILE,
    Human,
    accept_invitation,
    alice_and_bob,
    next_poll,
    profiles,
    shown,
    start_quiz,
    thread_of,
)


async def room_of(alice: Human, bot_id: str, others: list[Human]) -> str:
    room = await alice.create_room(bot_id)
    for person in others:
        await alice.client.room_invite(room, person.user_id)
        await person.client.join(room)
    return room


async def take_part(people: dict[Human, tuple[int, ...]], bot, room: str, root: str) -> None:
    """Each person joins (but the starter, already in) and answers by typing the numbers they see."""
    for person in people:  # each sees the root (a later first sync might not go back that far), then joins
        await person.wait(lambda: any(e["event_id"] == root for e in person.events))
        if not person.polls(bot.user_id, room, mentioning=person.user_id):
            await person.send(room, "!labtype quiz", thread=root)
    for index in range(bot.runtime.engine.length):  # question by question, so each one's syncs stay short
        for person, answers in people.items():
            await next_poll(person, bot.user_id, room, index + 1)
            await person.send(room, str(await shown(bot, root, person.user_id, index, answers[index])), thread=root)


def profile_of(person: Human, bot_id: str, room: str, participants: int) -> dict | None:
    """The team profile's content once it counts `participants`: the original or an edit's new content."""
    for event in reversed(profiles(person, bot_id, room)):
        content = event["content"].get("m.new_content", event["content"])
        if content[TEAM_PROFILE]["participants"] == participants:
            return content
    return None


async def test_a_2_2_1_team_gets_a_split_warning_naming_its_camps(human, start_bot, engine):
    bot = await start_bot()
    people = [await human(name) for name in ("alice", "bob", "carol", "dan", "eve")]
    people[0].sync_filter = {"room": {"timeline": {"limit": 1000}}}  # misses none of the busy thread's events
    room = await room_of(people[0], bot.user_id, people[1:])
    root, _ = await start_quiz(people[0], bot.user_id, room)
    tops = ("co-designer-systemique", "co-designer-systemique", "apprenant-transformateur",
            "apprenant-transformateur", "coordinateur-mission")
    await take_part({p: engine.most_characteristic(a) for p, a in zip(people, tops)}, bot, room, root)

    alice = people[0]
    content = await alice.wait(lambda: profile_of(alice, bot.user_id, room, 5), timeout=30)
    assert content["body"].startswith("Profil de l'équipe (5 participant·es) : partagée entre 4. Co-designer systémique et 5. Apprenant transformateur")
    assert "Attention : l'équipe se partage en 2 camps" in content["body"]
    metadata = content[TEAM_PROFILE]
    assert metadata["split"] is True
    assert metadata["camps"] == [
        {"archetype": "co-designer-systemique", "count": 2, "members": [people[0].user_id, people[1].user_id]},
        {"archetype": "apprenant-transformateur", "count": 2, "members": [people[2].user_id, people[3].user_id]}]
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    assert metadata["dividing"] == [d.question.id for d in (await bot.runtime.teamquiz.profile(quiz_id)).dividing]
    assert metadata["dividing"] and all(isinstance(q, str) for q in metadata["dividing"])


async def test_an_anonymous_profile_counts_camps_and_names_nobody(human, start_bot, engine):
    bot = await start_bot()
    people = [await human(name, encryption=True) for name in ("alice", "bob", "carol", "dan")]
    room = await room_of(people[0], bot.user_id, people[1:])
    alice = people[0]
    await alice.send(room, "!labtype quiz anonyme")
    (root,) = await alice.wait(lambda: [e["event_id"] for e in alice.from_user(bot.user_id, room)
                                        if "Quiz d'équipe anonyme" in e["content"].get("body", "")])
    for person in people[1:]:
        await person.wait(lambda: any(e["event_id"] == root for e in person.events))
        await person.send(room, "!labtype quiz", thread=root)
    private = {person: await accept_invitation(person, bot.user_id) for person in people}  # answered there
    tops = ("solutionneur", "solutionneur", "createur-ecosystemes", "createur-ecosystemes")
    for index in range(bot.runtime.engine.length):
        for person, top in zip(people, tops):
            await next_poll(person, bot.user_id, private[person], index + 1)
            number = await shown(bot, root, person.user_id, index, engine.most_characteristic(top)[index])
            await person.send(private[person], str(number))

    content = await alice.wait(lambda: profile_of(alice, bot.user_id, room, 4))
    assert content[TEAM_PROFILE]["camps"] == [{"archetype": "solutionneur", "count": 2},
                                              {"archetype": "createur-ecosystemes", "count": 2}]
    everything = repr(content).lower()
    for person in people:
        assert person.user_id.lower() not in everything
        assert person.user_id.split(":")[0].lstrip("@").lower() not in everything


async def download(person: Human, content: dict) -> bytes:
    """A posted file's bytes, as a client gets them: from `url`, or from `file` and decrypted."""
    encrypted = content.get("file")
    response = await person.client.download(mxc=encrypted["url"] if encrypted else content["url"])
    assert isinstance(response, nio.MemoryDownloadResponse), response
    if not encrypted:
        return response.body
    return decrypt_attachment(response.body, encrypted["key"]["k"], encrypted["hashes"]["sha256"], encrypted["iv"])


def files_in(person: Human, bot_id: str, room: str, root: str) -> list[dict]:
    return [e["content"] for e in person.from_user(bot_id, room)
            if e["content"].get("msgtype") in ("m.image", "m.file") and thread_of(e) == root]


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain room", "encrypted room"])
async def test_charts_and_the_report_are_posted_in_the_thread(human, start_bot, engine, encrypted):
    bot = await start_bot()
    alice, bob, room = await alice_and_bob(human, bot.user_id, encrypted)
    root, _ = await start_quiz(alice, bot.user_id, room)
    await bob.wait(lambda: any(e["event_id"] == root for e in bob.events))
    await take_part({alice: engine.most_characteristic("solutionneur")}, bot, room, root)

    (result_chart,) = await alice.wait(lambda: files_in(alice, bot.user_id, room, root))
    assert result_chart["msgtype"] == "m.image" and result_chart["info"]["mimetype"] == "image/png"
    assert ("file" in result_chart) is encrypted and ("url" in result_chart) is not encrypted
    assert result_chart["body"] and result_chart["info"]["w"] > 0
    assert (await download(alice, result_chart)).startswith(b"\x89PNG")

    refused = await bob.send(room, "!labtype compte-rendu", thread=root)
    (refusal,) = await bob.wait(lambda: bob.replies(bot.user_id, refused))
    assert refusal["content"]["body"] == "Seule la personne qui a lancé le quiz peut en demander le compte-rendu."

    await alice.send(room, "!labtype compte-rendu", thread=root)
    posted = await alice.wait(lambda: len(f := files_in(alice, bot.user_id, room, root)) == 4 and f)
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    by_name = {c["filename"]: c for c in posted[1:]}
    assert set(by_name) == {f"labtype-{quiz_id}.md", f"labtype-{quiz_id}.csv", f"labtype-{quiz_id}-team.png"}
    markdown = (await download(alice, by_name[f"labtype-{quiz_id}.md"])).decode()
    assert markdown.startswith("# Compte-rendu d'atelier") and by_name[f"labtype-{quiz_id}.md"]["msgtype"] == "m.file"
    assert "alice" in (await download(alice, by_name[f"labtype-{quiz_id}.csv"])).decode()

    await alice.send(room, "!labtype fermer", thread=root)
    closing = await alice.wait(lambda: len(f := files_in(alice, bot.user_id, room, root)) == 5 and f)
    assert closing[-1]["filename"] == f"labtype-{quiz_id}-team.png"
