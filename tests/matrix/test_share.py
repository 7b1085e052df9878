"""`!labtype partager …` / `share …`: a card posted into a thread."""

from __future__ import annotations

from tests.matrix.helpers import relation, replied_to, thread_of


async def test_share_in_a_thread_posts_the_card_there(human, start_bot, answerer):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    root = await alice.send(room, "On se compare à quel archétype ?")

    command = await alice.send(room, "!labtype partager co-designer", thread=root)
    (card,) = await alice.wait(lambda: alice.replies(bot.user_id, command))

    assert thread_of(card) == root
    assert card["content"]["body"].startswith(answerer.card("co-designer-systemique", "fr").title + "\n\n")


async def test_share_as_a_reply_starts_a_thread_on_that_message(human, start_bot, answerer):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    question = await alice.send(room, "Is our lab a solution finder?")

    command = await alice.send(room, "!labtype share solutionneur", reply_to=question)
    (card,) = await alice.wait(lambda: [e for e in alice.from_user(bot.user_id, room) if thread_of(e) == question])

    assert relation(card) == {"rel_type": "m.thread", "event_id": question, "is_falling_back": True,
                              "m.in_reply_to": {"event_id": question}}
    assert card["content"]["body"].startswith(answerer.card("solutionneur", "fr").title + "\n\n")
    assert not alice.replies(bot.user_id, command)


async def test_share_as_a_reply_to_a_thread_message_stays_a_reply(human, start_bot):
    """A message inside a thread cannot start another thread: the card answers the command."""
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    root = await alice.send(room, "root")
    in_thread = await alice.send(room, "inside", thread=root)

    command = await alice.send(room, "!labtype partager solutionneur", reply_to=in_thread)
    (card,) = await alice.wait(lambda: alice.replies(bot.user_id, command))

    assert relation(card) == {"m.in_reply_to": {"event_id": command}}
    assert replied_to(card) == command
