"""The bot SIGKILLed and restarted at random points while a team answers its quiz.

A real Synapse and the real bot in its own process (`labtype matrix`), killed ten times or more
(a fixed seed: the same points each run) a few milliseconds to a second after a member acted,
so kills land before, during and after the handling of an event, between a write and a send.
Afterwards: every member's stored answers are what they sent, each member was asked each
question once (no poll posted twice), every command got exactly one answer, and the team
profile counts everyone.
"""

from __future__ import annotations

import asyncio
import os
import random
from pathlib import Path

import nio

from bot.matrix.render import keycap
from bot.core.quiz import canonical_option
from bot.store import open_store
from bot.teamquiz import option_seed
from tests.forked import Forked
from tests.matrix.helpers import POLL_START, QUIZ_RESULT, TEAM_PROFILE, Human, replied_to

MEMBERS = 10
KILLS = 10
SEED = 20261201


def poll_question(event: dict) -> int:
    """1-based: the question a poll asks, from its 'Question k/6' text."""
    text = event["content"][POLL_START]["question"]["org.matrix.msc1767.text"]
    return int(text.split("Question ", 1)[1].split("/", 1)[0])


async def test_a_team_answers_while_the_bot_is_killed_and_restarted(human, matrix_user, synapse, tmp_path, engine):
    rng = random.Random(SEED)
    bot_user = matrix_user("labtype")
    env = {"MATRIX_HOMESERVER": synapse.base_url, "MATRIX_USER_ID": bot_user.user_id,
           "MATRIX_PASSWORD": bot_user.password, "LABTYPE_DATA_DIR": str(tmp_path / "data"), "LABTYPE_LANG": "fr",
           "LOG_LEVEL": "INFO"}
    bot = Forked(["matrix"], env, Path(os.environ.get("LABTYPE_CRASH_LOG", tmp_path / "bot.log")))
    bot.start()
    people: list[Human] = [await human(f"m{n}") for n in range(MEMBERS)]
    observer = people[0]
    observer.sync_filter = {"room": {"timeline": {"limit": 1000}}}  # sees every event of the busy room
    try:
        await bot.wait_for_log("logged in as")
        room = await observer.create_room(bot_user.user_id, wait=False)
        for person in people[1:]:
            await observer.client.room_invite(room, person.user_id)
            assert isinstance(await person.client.join(room), nio.JoinResponse)
        await observer.wait(lambda: room in observer.client.rooms
                            and bot_user.user_id in observer.client.rooms[room].users, timeout=30)

        def polls_of(person: Human) -> list[dict]:
            return observer.polls(bot_user.user_id, room, mentioning=person.user_id)

        commands: list[str] = []  # each must get exactly one answer
        await observer.send(room, "!labtype quiz")
        roots = await observer.wait(lambda: [e for e in observer.from_user(bot_user.user_id, room)
                                             if "lance le quiz" in e["content"].get("body", "")], timeout=30)
        root = roots[0]["event_id"]
        # 0-based positions in each member's (shuffled) order, as they see them
        plans = {p.user_id: tuple(rng.randrange(len(q.options)) for q in engine.quiz.questions) for p in people}
        kill_after = set(rng.sample(range(1, MEMBERS * (engine.length + 1)), KILLS))
        actions = 0

        async def acted() -> None:
            """After the `actions`-th act, maybe a kill, a few ms to a second later, and a restart."""
            nonlocal actions
            actions += 1
            if actions in kill_after:
                await asyncio.sleep(rng.choice((0.0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)))
                bot.kill()
                bot.start()

        for person in people[1:]:  # the others join from the thread, some with a command, some with ✋
            if rng.random() < 0.5:
                commands.append(await person.send(room, "!labtype quiz", thread=root, reply_to=root))
            else:
                await person._send(room, "m.reaction", {"m.relates_to": {"rel_type": "m.annotation",
                                                                          "event_id": root, "key": "✋"}})
            await acted()
        asked = {p.user_id: 0 for p in people}  # answers sent
        while any(n < engine.length for n in asked.values()):
            progressed = False
            for person in people:
                n = asked[person.user_id]
                polls = polls_of(person)
                if n == engine.length or len(polls) <= n:
                    continue
                poll, option = polls[n]["event_id"], plans[person.user_id][n]
                way = rng.choice(("vote", "keycap", "reply", "thread"))
                if way == "vote":
                    await person.vote(room, poll, str(option + 1))
                elif way == "keycap":
                    await person.react(room, poll, keycap(option + 1))
                else:  # a number typed in the thread, in reply to the poll or not
                    await person.send(room, str(option + 1), thread=root, reply_to=poll if way == "reply" else root)
                asked[person.user_id] += 1
                progressed = True
                if rng.random() < 0.15:
                    commands.append(await observer.send(room, "!labtype solutionneur"))
                await acted()
            if not progressed:
                await observer.wait(lambda: any(len(polls_of(p)) > asked[p.user_id] for p in people
                                                if asked[p.user_id] < engine.length), timeout=60)
        await observer.wait(lambda: len([e for e in observer.from_user(bot_user.user_id, room)
                                         if QUIZ_RESULT in e.get("content", {})]) >= MEMBERS, timeout=60)
        await observer.wait(lambda: all(observer.replies(bot_user.user_id, c) for c in commands), timeout=60)
        await observer.settle(2.0)
        assert bot.kills == KILLS
    finally:
        bot.stop()

    bot_events = observer.from_user(bot_user.user_id, room)
    assert len([e for e in bot_events if "lance le quiz" in e["content"].get("body", "")]) == 1
    for person in people:
        asked_questions = [poll_question(e) for e in polls_of(person)]
        assert asked_questions == list(range(1, engine.length + 1)), (person.user_id, asked_questions)
    for command in commands:
        assert len([e for e in bot_events if replied_to(e) == command]) == 1, command
    results = [e for e in bot_events if QUIZ_RESULT in e.get("content", {})]
    assert sorted(e["content"]["m.mentions"]["user_ids"][0] for e in results) == sorted(plans)
    profile_versions = [e["content"].get("m.new_content", e["content"]) for e in bot_events
                        if TEAM_PROFILE in e["content"].get("m.new_content", e["content"])]
    assert profile_versions[-1][TEAM_PROFILE]["participants"] == MEMBERS

    store = await open_store(tmp_path / "data")
    try:
        quiz_id = await store.get_setting("matrix.quiz_thread", root)
        stored = {p.participant: p.answers for p in await store.participations(quiz_id)}
    finally:
        await store.close()
    assert stored == {user: tuple(canonical_option(question, option_seed(quiz_id, user), position + 1)
                                  for question, position in zip(engine.quiz.questions, positions))
                      for user, positions in plans.items()}
