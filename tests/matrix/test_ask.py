"""`!labtype …` in a room and in a thread: every kind of answer, the room language, bad input,
and what the bot must not answer."""

from __future__ import annotations

from html import escape

import nio

from tests.matrix.helpers import Human, replied_to, thread_of


async def test_ask_in_room_is_a_reply_with_html(human, start_bot, typology):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)

    command = await alice.send(room, "!labtype méthodes co-designer")
    (answer,) = await alice.wait(lambda: alice.replies(bot.user_id, command))

    content = answer["content"]
    cell = typology.cell("co-designer-systemique", "methodes").text.get("fr")
    assert content["msgtype"] == "m.notice"
    assert content["format"] == "org.matrix.custom.html"
    assert content["body"].startswith("4. Co-designer systémique — Méthodes prédominantes\n\n" + cell)
    assert f"<blockquote>{escape(cell)}</blockquote>" in content["formatted_body"]
    assert "→ Voir la fiche complète : « !labtype co-designer-systemique »" in content["body"]
    assert content["m.mentions"] == {}
    assert thread_of(answer) is None


async def test_ask_in_thread_answers_in_that_thread(human, start_bot):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    root = await alice.send(room, "Which lab are we?")

    command = await alice.send(room, "!labtype goal 3", thread=root)
    (answer,) = await alice.wait(lambda: alice.replies(bot.user_id, command))

    assert thread_of(answer) == root
    assert "3. Partenaire du changement — Objectif de l'innovation" in answer["content"]["body"]


QUERIES = {  # query → kind of answer
    "solutionneur": "card",
    "responsabilité": "row",
    "Mazzucato": "search",
    "aide": "help",
    "frobnicate": "none",  # an unknown sub-command is a query nothing matches: the usage follows
}


async def test_every_kind_of_answer_renders(human, start_bot, answerer):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    commands = {query: await alice.send(room, f"!labtype {query}") for query in QUERIES}
    await alice.wait(lambda: all(alice.replies(bot.user_id, c) for c in commands.values()))

    for query, kind in QUERIES.items():
        expected = answerer.ask(query, "fr", "!labtype ")
        assert expected.kind == kind
        (reply,) = alice.replies(bot.user_id, commands[query])
        body, html = reply["content"]["body"], reply["content"]["formatted_body"]
        assert body.startswith(expected.title + "\n\n"), query
        assert html.startswith(f"<h4>{escape(expected.title)}</h4>"), query
        for field in expected.fields:
            assert field.label in body and escape(field.label) in html, (query, field.label)
            assert field.text in body, (query, field.label)
        if kind in ("help", "none"):
            assert body.endswith("!labtype partager <archétype> · !labtype lang fr|en · !labtype aide"), query


async def test_room_language(human, start_bot):
    bot = await start_bot()
    alice = await human("alice")
    room, other_room = await alice.create_room(bot.user_id), await alice.create_room(bot.user_id)

    switch = await alice.send(room, "!labtype lang en")
    (confirmation,) = await alice.wait(lambda: alice.replies(bot.user_id, switch))
    assert confirmation["content"]["body"] == "Done: I will answer in English in this room from now on."

    english = await alice.send(room, "!labtype goal 3")
    french = await alice.send(other_room, "!labtype goal 3")
    show = await alice.send(room, "!labtype lang")
    await alice.wait(lambda: all(alice.replies(bot.user_id, c) for c in (english, french, show)))
    assert alice.replies(bot.user_id, english)[0]["content"]["body"].startswith("3. Change partner — Innovation objective")
    assert alice.replies(bot.user_id, french)[0]["content"]["body"].startswith("3. Partenaire du changement")
    assert "this room's language: en" in alice.replies(bot.user_id, show)[0]["content"]["body"]


async def test_bad_input_gets_usage(human, start_bot):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    commands = {
        "huge": "!labtype " + "x" * 10_000,
        "share": "!labtype partager",
        "lang": "!labtype lang klingon",
        "quiz": "!labtype quiz tout de suite",
        "back": "!labtype retour",  # not in a quiz thread
        "close": "!labtype fermer",
        "typo": "!labtype partager solutionairre",
    }
    sent = {name: await alice.send(room, body) for name, body in commands.items()}
    await alice.wait(lambda: all(alice.replies(bot.user_id, e) for e in sent.values()))
    body = {name: alice.replies(bot.user_id, e)[0]["content"]["body"] for name, e in sent.items()}

    assert body["huge"].startswith("Rien trouvé pour « xxx") and len(body["huge"]) < 1000
    assert body["share"].startswith("Utilisation : !labtype partager <archétype>")
    assert body["lang"].startswith("Utilisation : !labtype lang fr ou !labtype lang en (langue de ce salon : fr)")
    assert body["quiz"].startswith("Utilisation : !labtype quiz")
    assert body["back"].startswith("Utilisation : !labtype retour, dans le fil d'un quiz")
    assert body["close"].startswith("Utilisation : !labtype fermer, dans le fil du quiz que vous avez lancé")
    assert "Vouliez-vous dire : Solutionneur ?" in body["typo"]
    assert body["typo"].endswith("dans un fil ou en réponse au message sur lequel ouvrir le fil.")


async def test_ignores_edits_own_messages_and_non_commands(human, start_bot, synapse):
    bot = await start_bot()
    alice = await human("alice")
    room = await alice.create_room(bot.user_id)
    chat = await alice.send(room, "talking about !labtype solutionneur")
    glued = await alice.send(room, "!labtypesolutionneur")
    edit = await alice.send(room, "!labtype solutionneur", edit_of=chat)
    # The bot's own account, from another device (its operator in Element, say).
    operator = Human(nio.AsyncClient(synapse.base_url, bot.user_id))
    try:
        assert isinstance(await operator.client.login(bot.settings.password), nio.LoginResponse)
        own = await operator.send(room, "!labtype solutionneur")
    finally:
        await operator.client.close()
    marker = await alice.send(room, "!labtype objectif 1")

    await alice.wait(lambda: alice.replies(bot.user_id, marker))
    answers = [e for e in alice.from_user(bot.user_id, room) if e["type"] == "m.room.message" and e["event_id"] != own]
    assert [replied_to(e) for e in answers] == [marker]
    assert {chat, glued, edit, own}.isdisjoint(replied_to(e) for e in alice.events)
