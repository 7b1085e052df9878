"""The bot's life: encrypted rooms, restarts (its own and the homeserver's), invites, history."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import quote

import nio
import pytest

from bot.matrix import run_matrix
from bot.matrix.bot import MatrixLoginError
from bot.matrix.render import POLL_END, keycap
from bot.matrix.secrets import save_session
from bot.runtime import build_runtime
from tests.matrix.helpers import GatewayProxy, canonical, replied_to
from tests.matrix.test_quiz import next_poll, start_quiz


async def test_encrypted_room_and_keys_kept_across_a_restart(human, start_bot, synapse):
    bot = await start_bot()
    alice = await human("alice", encryption=True)
    room = await alice.create_room(bot.user_id, encrypted=True)

    command = await alice.send(room, "!labtype méthodes co-designer")
    (answer,) = await alice.wait(lambda: alice.replies(bot.user_id, command))
    assert answer["content"]["body"].startswith("4. Co-designer systémique — Méthodes prédominantes")
    for event_id in (command, answer["event_id"]):  # both travelled encrypted (nio would decrypt: ask in HTTP)
        path = f"/_matrix/client/v3/rooms/{quote(room)}/event/{quote(event_id)}"
        wire = await asyncio.to_thread(synapse.request, "GET", path, access_token=alice.client.access_token)
        assert wire["type"] == "m.room.encrypted" and "body" not in wire["content"]

    _, poll = await start_quiz(alice, bot.user_id, room)  # an encrypted poll, an encrypted vote
    await alice.vote(room, poll["event_id"], "2")
    await next_poll(alice, bot.user_id, room, 2)

    device = bot.bot.client.device_id
    await bot.stop()
    bot = await start_bot(bot)
    assert bot.bot.client.device_id == device, "same device, same keys: no new device for others to trust"
    after = await alice.send(room, "!labtype solutionneur")
    (answer,) = await alice.wait(lambda: alice.replies(bot.user_id, after))
    assert answer["content"]["body"].startswith("2. Solutionneur")


async def test_a_restart_keeps_the_room_language_and_a_refused_token_means_a_new_login(human, start_bot):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    switch = await alice.send(room, "!labtype lang en")
    await alice.wait(lambda: alice.replies(bot.user_id, switch))
    device = bot.bot.client.device_id
    await bot.stop()
    save_session(bot.data_dir / "matrix", bot.user_id, device, "revoked")

    bot = await start_bot(bot)
    assert bot.bot.client.device_id == device and bot.bot.client.access_token != "revoked"
    command = await alice.send(room, "!labtype solutionneur")
    (answer,) = await alice.wait(lambda: alice.replies(bot.user_id, command))
    assert answer["content"]["body"].startswith("2. Problem solver")


async def test_restart_mid_quiz_answers_what_was_missed_once(human, start_bot):
    bot = await start_bot(timeline_limit=4)  # so the events sent while down overflow one sync
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    before = await alice.send(room, "!labtype solutionneur")
    await alice.wait(lambda: alice.replies(bot.user_id, before))
    root, first = await start_quiz(alice, bot.user_id, room)
    await alice.vote(room, first["event_id"], "1")
    await next_poll(alice, bot.user_id, room, 2)
    # The vote is handled once its poll is ended (the last thing the bot does for it).
    await alice.wait(lambda: [e for e in alice.from_user(bot.user_id, room) if e["type"] == POLL_END])

    await bot.stop()
    number = await alice.send(room, "2", thread=root)  # answers question 2
    await alice.react(room, first["event_id"], keycap(3))  # question 1 again: refused
    missed = [await alice.send(room, f"!labtype objectif {n}") for n in range(1, 5)]
    bot = await start_bot(bot)

    third = await next_poll(alice, bot.user_id, room, 3)
    await alice.wait(lambda: all(alice.replies(bot.user_id, m) for m in missed))
    await alice.settle(0.5)
    for command in [before, *missed]:
        assert len(alice.replies(bot.user_id, command)) == 1, "each command answered once"
    (stale,) = [e for e in alice.from_user(bot.user_id, room) if "déjà une réponse" in e["content"].get("body", "")]
    assert replied_to(stale) == third["event_id"], "the refusal points at the current question"
    assert replied_to(third) == number
    quiz_id = await bot.runtime.store.get_setting("matrix.quiz_thread", root)
    expected = (await canonical(bot, root, alice.user_id, 0, 1), await canonical(bot, root, alice.user_id, 1, 2))
    assert (await bot.runtime.store.get_participation(quiz_id, alice.user_id)).answers == expected, "same order"


async def test_history_is_not_answered(human, start_bot, matrix_user, synapse):
    alice = await human("alice")
    # 1. The bot account was in the room before this bot ever ran (no sync token yet).
    user = matrix_user("labtype")
    room = await alice.create_room(user.user_id, wait=False)
    earlier_life = nio.AsyncClient(synapse.base_url, user.user_id)
    try:
        await earlier_life.login(user.password)
        assert isinstance(await earlier_life.join(room), nio.JoinResponse)
    finally:
        await earlier_life.close()
    old = await alice.send(room, "!labtype solutionneur")
    bot = await start_bot(user=user)
    # 2. A command sent before the bot was invited: history too.
    other_room = (await alice.client.room_create()).room_id
    before_invite = await alice.send(other_room, "!labtype objectif 2")
    await alice.invite(other_room, bot.user_id)

    new = [await alice.send(r, "!labtype objectif 1") for r in (room, other_room)]
    await alice.wait(lambda: all(alice.replies(bot.user_id, n) for n in new))
    await alice.settle(0.3)
    assert not alice.replies(bot.user_id, old) and not alice.replies(bot.user_id, before_invite)


async def test_invites_only_from_allowed_inviters(human, start_bot, synapse):
    friend, stranger = await human("friend"), await human("stranger")
    bot = await start_bot(MATRIX_ALLOWED_INVITERS=f"{friend.user_id}, :elsewhere.example")

    refused = await stranger.create_room(bot.user_id, wait=False)
    accepted = await friend.create_room(bot.user_id)  # returns once the bot has joined

    await stranger.settle(0.3)
    assert stranger.membership(refused, bot.user_id) == "invite"
    member = await stranger.client.room_get_state_event(refused, "m.room.member", bot.user_id)
    assert member.content["membership"] == "invite"
    assert accepted


async def test_homeserver_restart(human, start_bot, synapse):
    """Two bots ride out a Synapse restart: one talks to it directly (connection refused: nio
    retries), the other through a reverse proxy (502 Bad Gateway: the bot retries)."""
    proxy = await GatewayProxy(synapse.base_url).start()
    try:
        direct, proxied = await start_bot(), await start_bot(MATRIX_HOMESERVER=proxy.url)
        bots = (direct.user_id, proxied.user_id)
        alice = await human("alice")
        room = await alice.create_room(*bots)
        before = await alice.send(room, "!labtype objectif 1")
        await alice.wait(lambda: all(alice.replies(bot, before) for bot in bots))

        await asyncio.to_thread(synapse.restart)
        after = await alice.send(room, "!labtype objectif 2")
        await alice.wait(lambda: all(alice.replies(bot, after) for bot in bots), timeout=20)
        assert proxy.bad_gateways > 0, "the proxied bot met the outage"

        proxy.fail_sends = 2  # the proxied bot's answer is sent, but it is told 502 twice
        during = await alice.send(room, "!labtype objectif 3")
        await alice.wait(lambda: proxy.fail_sends == 0 and all(alice.replies(bot, during) for bot in bots))
        await alice.settle(0.3)
        for command in (before, after, during):
            assert sorted(e["sender"] for e in alice.replies(None, command)) == sorted(bots), "answered once by each"
    finally:
        await proxy.stop()


async def test_run_matrix_with_an_access_token(human, matrix_user, synapse, tmp_path):
    """The entry point the CLI calls, configured by the environment alone."""
    user = matrix_user("labtype")
    login = nio.AsyncClient(synapse.base_url, user.user_id)
    try:
        token = (await login.login(user.password, device_name="labtype")).access_token
    finally:
        await login.close()
    env = {"MATRIX_HOMESERVER": synapse.base_url, "MATRIX_USER_ID": user.user_id, "MATRIX_ACCESS_TOKEN": token,
           "LABTYPE_LANG": "en"}
    runtime = await build_runtime(tmp_path)
    with pytest.raises(MatrixLoginError, match=f"Matrix: the homeserver refuses {user.user_id}'s credentials .*M_UNKNOWN_TOKEN"):
        await run_matrix(runtime, {**env, "MATRIX_ACCESS_TOKEN": "not-a-token"})
    task = asyncio.create_task(run_matrix(runtime, env))
    try:
        alice = await human("alice")
        room = await alice.create_room(user.user_id)
        command = await alice.send(room, "!labtype goal 3")
        (answer,) = await alice.wait(lambda: alice.replies(user.user_id, command))
        assert answer["content"]["body"].startswith("3. Change partner — Innovation objective")
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await runtime.store.close()
