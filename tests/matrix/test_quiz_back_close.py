"""Changing one's previous answer (`!labtype retour`, ↩️) and closing the quiz (`!labtype
fermer`), in the quiz's thread."""

from __future__ import annotations

from bot.matrix.render import keycap
from tests.matrix.helpers import (
    TEAM_PROFILE,
    Human,
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

BACK = "\u21a9\ufe0f"  # ↩️ as Element sends it
STALE = "Cette question a déjà une réponse ; voici où vous en êtes."
BACK_STALE = "Retour ignoré : ce n'était plus votre question en cours. Voici où vous en êtes."
BACK_FIRST = "C'est la première question : il n'y a pas encore de réponse à changer."
CLOSED = "Ce quiz est clos : les réponses ne sont plus prises en compte. Merci !"
POLL_END = "org.matrix.msc3381.poll.end"
ANSWERED = "Réponse prise en compte : ce sondage est clos."
REPLACED = "Question reposée plus bas : ce sondage est clos."


def poll_ends(person: Human, bot_id: str, room: str) -> dict[str, str]:
    """Ended poll id → the end's text (what clients without polls show)."""
    return {relation(e)["event_id"]: e["content"]["body"] for e in person.from_user(bot_id, room) if e["type"] == POLL_END}


def said(person: Human, bot_id: str, room: str, body: str) -> list[dict]:
    return [e for e in person.from_user(bot_id, room) if e.get("content", {}).get("body") == body]


async def answers(bot, root: str, user_id: str) -> tuple[int, ...]:
    store = bot.runtime.store
    return (await store.get_participation(await store.get_setting("matrix.quiz_thread", root), user_id)).answers


async def test_back_changes_the_previous_answer(human, start_bot, engine):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    root, poll = await start_quiz(alice, bot.user_id, room)
    for count, option in enumerate((0, 0, 0, 0), 2):
        await alice.vote(room, poll["event_id"], str(await shown(bot, root, alice.user_id, count - 2, option)))
        poll = await next_poll(alice, bot.user_id, room, count)

    back = await alice.send(room, "!labtype retour", thread=root)  # at question 5: change answer 4
    again = await next_poll(alice, bot.user_id, room, 6)
    assert "Question 4/5" in again["content"]["body"]
    assert thread_of(again) == root and replied_to(again) == back
    assert await answers(bot, root, alice.user_id) == (0, 0, 0)
    await alice.vote(room, again["event_id"], str(await shown(bot, root, alice.user_id, 3, 1)))
    assert "Question 5/5" in (await next_poll(alice, bot.user_id, room, 7))["content"]["body"]
    await alice.send(room, str(await shown(bot, root, alice.user_id, 4, 1)), thread=root)

    (result,) = await alice.wait(lambda: results(alice, bot.user_id, room))
    assert await answers(bot, root, alice.user_id) == (0, 0, 0, 1, 1)
    assert engine.result((0, 0, 0, 0, 1)).top != engine.result((0, 0, 0, 1, 1)).top
    assert result["content"]["org.labtype.quiz_result"]["top"] == engine.result((0, 0, 0, 1, 1)).top

    late = await alice.send(room, "!labtype back", thread=root)  # the result is out, and in the team profile
    (refusal,) = await alice.wait(lambda: alice.replies(bot.user_id, late))
    assert refusal["content"]["body"] == "Vous avez déjà terminé ce quiz." and thread_of(refusal) == root
    assert await answers(bot, root, alice.user_id) == (0, 0, 0, 1, 1)
    assert len(alice.polls(bot.user_id, room)) == 7


async def test_double_back_undoes_one_and_replaced_polls_are_stale(human, start_bot):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    root, first = await start_quiz(alice, bot.user_id, room)
    await alice.vote(room, first["event_id"], "1")
    second = await next_poll(alice, bot.user_id, room, 2)
    await alice.vote(room, second["event_id"], "2")
    third = await next_poll(alice, bot.user_id, room, 3)

    for _ in range(2):  # sent twice from the same screen: both reply to the third poll
        await alice.send(room, "!labtype retour", thread=root)
    again = await next_poll(alice, bot.user_id, room, 4)
    assert "Question 2/5" in again["content"]["body"]
    (ignored,) = await alice.wait(lambda: said(alice, bot.user_id, room, BACK_STALE))
    # Element no longer offers a vote in them: answered polls and the replaced one are ended.
    ends = await alice.wait(lambda: (ends := poll_ends(alice, bot.user_id, room)) and len(ends) == 3 and ends)
    assert ends == {first["event_id"]: ANSWERED, second["event_id"]: ANSWERED, third["event_id"]: REPLACED}
    end = next(e for e in alice.from_user(bot.user_id, room) if e["type"] == POLL_END)
    assert end["content"][POLL_END] == {} and end["content"]["m.poll.end"] == {}
    assert relation(end)["rel_type"] == "m.reference"
    assert replied_to(ignored) == again["event_id"], "it points at the question asked again"
    assert await answers(bot, root, alice.user_id) == (await canonical(bot, root, alice.user_id, 0, 1),)

    # The replaced poll of question 2, and the poll of question 3, no longer count.
    await alice.vote(room, second["event_id"], "3")
    await alice.react(room, second["event_id"], keycap(4))
    await alice.send(room, "5", thread=root, reply_to=second["event_id"])
    await alice.vote(room, third["event_id"], "1")
    await alice.wait(lambda: len(said(alice, bot.user_id, room, STALE)) == 4)
    assert {replied_to(e) for e in said(alice, bot.user_id, room, STALE)} == {again["event_id"]}
    assert await answers(bot, root, alice.user_id) == (await canonical(bot, root, alice.user_id, 0, 1),)

    await alice.react(room, again["event_id"], BACK)  # ↩️ on the current poll: back to question 1
    restart = await next_poll(alice, bot.user_id, room, 5)
    assert "Question 1/5" in restart["content"]["body"] and replied_to(restart) == again["event_id"]
    assert await answers(bot, root, alice.user_id) == ()
    await alice.react(room, restart["event_id"], BACK)
    (first_one,) = await alice.wait(lambda: said(alice, bot.user_id, room, BACK_FIRST))
    assert replied_to(first_one) == restart["event_id"]

    await alice.vote(room, restart["event_id"], "4")
    assert "Question 2/5" in (await next_poll(alice, bot.user_id, room, 6))["content"]["body"]
    assert await answers(bot, root, alice.user_id) == (await canonical(bot, root, alice.user_id, 0, 4),)


async def test_only_the_starter_closes_and_then_answers_are_refused(human, start_bot, engine):
    bot = await start_bot()
    alice, bob, room = await alice_and_bob(human, bot.user_id)
    root, poll = await start_quiz(alice, bot.user_id, room)
    await bob.wait(lambda: any(e["event_id"] == root for e in bob.events))
    await bob.send(room, "!labtype quiz", thread=root)
    (bob_poll,) = await bob.wait(lambda: bob.polls(bot.user_id, room, mentioning=bob.user_id))
    for count in range(2, engine.length + 2):  # alice finishes: the team profile is posted
        await alice.vote(room, poll["event_id"], "1")
        if count <= engine.length:
            poll = await next_poll(alice, bot.user_id, room, count)
    (original,) = await alice.wait(lambda: profiles(alice, bot.user_id, room))
    assert "Le quiz est ouvert." in original["content"]["body"]

    attempt = await bob.send(room, "!labtype fermer", thread=root)
    (refusal,) = await bob.wait(lambda: bob.replies(bot.user_id, attempt))
    assert refusal["content"]["body"] == "Seule la personne qui a lancé le quiz peut le clore."
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    assert not (await bot.runtime.store.get_quiz(quiz_id)).closed

    closing = await alice.send(room, "!labtype close", thread=root)
    (done,) = await alice.wait(lambda: alice.replies(bot.user_id, closing))
    assert done["content"]["body"] == CLOSED and thread_of(done) == root
    (edit,) = [e for e in profiles(alice, bot.user_id, room) if relation(e).get("rel_type") == "m.replace"]
    assert edit["content"]["m.relates_to"] == {"rel_type": "m.replace", "event_id": original["event_id"]}
    new_content = edit["content"]["m.new_content"]
    assert "Le quiz est clos." in new_content["body"] and "Le quiz est ouvert." not in new_content["body"]
    assert new_content[TEAM_PROFILE]["participants"] == 1
    ends = await alice.wait(lambda: (ends := poll_ends(alice, bot.user_id, room)) and len(ends) == engine.length + 1 and ends)
    assert ends.pop(bob_poll["event_id"]) == "Le quiz est clos.", "bob's was still open"
    assert set(ends.values()) == {ANSWERED}, "alice's were ended as she answered them"

    await bob.vote(room, bob_poll["event_id"], "2")
    late = await bob.send(room, "!labtype retour", thread=root)
    again = await alice.send(room, "!labtype fermer", thread=root)
    await bob.wait(lambda: len(said(bob, bot.user_id, room, CLOSED)) == 4)
    assert {replied_to(e) for e in said(bob, bot.user_id, room, CLOSED)} == {
        closing, bob_poll["event_id"], late, again}
    assert await answers(bot, root, bob.user_id) == ()
    assert len(profiles(bob, bot.user_id, room)) == 2, "closing twice edits nothing more"


async def test_a_vote_in_someone_elses_poll_is_refused_to_the_voter(human, start_bot):
    bot = await start_bot()
    alice, bob, room = await alice_and_bob(human, bot.user_id)
    root, poll = await start_quiz(alice, bot.user_id, room)
    await bob.wait(lambda: any(e["event_id"] == poll["event_id"] for e in bob.events))

    vote = await bob.vote(room, poll["event_id"], "3")  # Element lets anyone vote in a poll
    reaction = await bob.react(room, poll["event_id"], keycap(2))
    refusals = await bob.wait(lambda: len(r := [e for e in bob.from_user(bot.user_id, room)
                                                if "votre vote n'est pas compté" in e["content"].get("body", "")]) == 2 and r)
    assert {replied_to(e) for e in refusals} == {vote, reaction}
    for refusal in refusals:
        assert thread_of(refusal) == root and refusal["content"]["m.mentions"] == {"user_ids": [bob.user_id]}
        assert "Ce sondage est la question de alice" in refusal["content"]["body"]
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    assert (await bot.runtime.store.get_participation(quiz_id, alice.user_id)).answers == ()
    assert await bot.runtime.store.get_participation(quiz_id, bob.user_id) is None, "voting does not join"
