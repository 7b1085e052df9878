"""Answer → Block Kit, checked against Slack's limits by our own reading of them, not only by
slack_sdk's validators (which do not know the 50-blocks-a-message limit, for one)."""

from __future__ import annotations

import re

import pytest

from bot.core.answers import Action, Answer, Field
from bot.core.quiz import Member
from bot.slack import render
from bot.slack.values import BadButton, QuizRef, Target
from tests.slack.slack_workspace import buttons, texts

QUERIES = ("méthodes co-designer", "solutionneur", "responsabilité", "Mazzucato", "recherche-action", "",
           "solutionairre", "zzzz", "quiz", "solutionneur, plateforme et partenaire : qu'est-ce qui change ?",
           "Val d'Oise", "les exemples français", "qui a fait ce tableau ?", "on peut passer le test ?",
           "nesta c'est quel type ?", "des exemples en Asie ?", "des exemples en Amérique latine ?",
           "on forme les agents à l'innovation")


def check_limits(blocks: list[dict], max_blocks: int = render.MESSAGE_BLOCKS) -> None:
    """Slack's documented limits on what this app sends."""
    assert 0 < len(blocks) <= max_blocks
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10 and all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text" and len(block["text"]["text"]) <= 150
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
        if block["type"] == "context":
            assert all(len(element["text"]) <= 2000 for element in block["elements"])
    ids = [b.action_id for b in buttons(blocks)]
    assert len(ids) == len(set(ids)), "action_ids must be unique in a message"
    for button in buttons(blocks):
        assert len(button.text) <= 75 and len(button.value) <= 2000 and len(button.action_id) <= 255


def long_answer(fields: int = 80) -> Answer:
    body = " ".join(f"mot{n}" for n in range(1200))  # ~8000 characters with spaces
    return Answer(
        query="long", lang="fr", kind="search", title="T" * 400, intro="<intro> & " * 500,
        fields=(*(Field(f"label {n}", body, note="note") for n in range(fields)),
                Field("bars", "\n".join("█" * 40 for _ in range(200)), preformatted=True),
                Field("one word", "x" * 7000)),
        source="source", actions=tuple(Action("card", "A" * 100, "solutionneur") for _ in range(30)),
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("query", QUERIES)
def test_every_answer_kind_fits_in_one_valid_message(answerer, query, lang):
    (message,) = render.messages(answerer.ask(query, lang, "/labtype "))
    check_limits(message.blocks)
    assert message.text


def test_a_long_answer_is_split_into_valid_messages_and_nothing_is_lost():
    answer = long_answer()
    messages = render.messages(answer)
    assert len(messages) > 1
    for message in messages:
        check_limits(message.blocks)
    squeeze = lambda text: re.sub(r"\s|`", "", text)
    shown = squeeze("".join(texts(message.blocks) for message in messages))
    for field in answer.fields:
        assert squeeze(render.escape(field.text)) in shown
    assert len(buttons(messages[-1].blocks)) == 30  # buttons come last, in two actions blocks
    assert all(len(b.text) == 75 and b.text.endswith("…") for b in buttons(messages[-1].blocks))


def test_a_title_too_long_for_a_header_becomes_plain_text():
    first = render.messages(long_answer(1))[0].blocks[0]
    assert first["type"] == "section" and first["text"] == {"type": "plain_text", "text": "T" * 400, "emoji": False}


def test_one_message_keeps_the_buttons_when_it_must_be_shortened():
    message = render.one_message(long_answer())
    check_limits(message.blocks)
    assert message.blocks[-1]["type"] == "actions" and message.blocks[-3]["elements"][0]["text"] == "…"


def test_a_team_of_300_still_fits_one_team_message(runtime):
    members = [Member(f"U{n}", f"<@U{n}> member {n}", runtime.engine.most_characteristic("solutionneur"))
               for n in range(300)]
    profile = runtime.engine.team_profile(members)
    message = render.one_message(runtime.quiz_answers.team(profile, "fr"), QuizRef("quiz1"))
    check_limits(message.blocks)
    assert "300 participant" in texts(message.blocks) and "<@U" not in texts(message.blocks)
    assert [b.name for b in buttons(message.blocks)] == ["join", "close"]


def test_user_text_is_escaped_in_mrkdwn_and_never_a_mention():
    assert render.escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert render.mention("U123ABC") == "<@U123ABC>"
    assert render.mention("<!here>") == "&lt;!here&gt;"


def test_pieces_cut_at_line_ends_then_spaces_never_inside_an_entity():
    assert render.pieces("a" * 5 + "\n" + "b b", 6) == ["aaaaa", "b b"]
    assert render.pieces("aaa bbb ccc", 7) == ["aaa bbb", "ccc"]
    assert render.pieces("xxxx&amp;yyyy", 6) == ["xxxx", "&amp;y", "yyy"]


@pytest.mark.parametrize("value", [None, 3, "", "/", "nope/", "/nope", "solutionneur", "solutionneur/methodes/x",
                                   "../../etc/passwd"])
def test_forged_typology_values_are_refused(value):
    with pytest.raises(BadButton):
        Target.parse(value)


@pytest.mark.parametrize("value, parts", [("", 1), ("a:b", 2), ("a:1", 3), ("a b:1:1", 3), ("a:-1:1", 3),
                                          ("a:1:1:1", 3), ("x" * 65, 1), ("a:1234:1", 3), (None, 1)])
def test_forged_quiz_values_are_refused(value, parts):
    with pytest.raises(BadButton):
        QuizRef.parse(value, parts)


@pytest.mark.parametrize("value, parts", [("a:1:1:T", 3), ("a:1:1:tt", 3), ("a:1:1:t:t", 3), ("a:t:1", 3),
                                          ("a:1:t", 3), ("a:t", 2), ("a:1:1:", 3)])
def test_forged_tomorrow_marks_are_refused(value, parts):
    with pytest.raises(BadButton):
        QuizRef.parse(value, parts, phased=True)
    with pytest.raises(BadButton):
        QuizRef.parse("a:t", 1)  # only answer, back and share buttons carry the phase


def test_button_values_read_back_as_written():
    assert QuizRef.parse(QuizRef("Ab_-9", 4, 2, tomorrow=True).value(3), 3, phased=True) == QuizRef("Ab_-9", 4, 2, True)
    assert QuizRef.parse("Ab_-9:4:2", 3, phased=True) == QuizRef("Ab_-9", 4, 2)  # an older button: today
    assert QuizRef("Ab_-9", 4, tomorrow=True).value(2) == "Ab_-9:4:t"
    assert Target.parse(Target("solutionneur", "methodes").value) == Target("solutionneur", "methodes")
    assert Target.parse("/methodes") == Target(None, "methodes")
    assert QuizRef.parse(QuizRef("Ab_-9", 4, 2).value(3), 3) == QuizRef("Ab_-9", 4, 2)
    assert QuizRef.parse(QuizRef("Ab_-9", 4, 2).value(1), 1) == QuizRef("Ab_-9")


def test_a_comparison_is_drawn_as_fields_differences_first(answerer):
    answer = answerer.ask("en quoi le solutionneur diffère-t-il de la plateforme créative ?")
    blocks = [b.to_dict() for b in render.answer_blocks(answer)]
    check_limits(blocks)
    rows = [b for b in blocks if b["type"] == "section" and b.get("fields")]
    assert len(rows) == 5 and all(len(b["fields"]) == 2 for b in rows)
    assert rows[0]["text"]["text"] == "*Objectif de l'innovation* — _diffère_"
    assert rows[0]["fields"][0]["text"].startswith("*2. Solutionneur*\nAméliorer les services")
    assert rows[-1]["text"]["text"] == "*Responsabilité* — _case commune du tableau source_"
