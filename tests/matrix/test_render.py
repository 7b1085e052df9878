"""Answer → Matrix content, for every kind of answer, without a homeserver."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from bot.core.quiz import Member
from bot.core.quiz_answers import QuizAnswers
from bot.matrix.render import answer_content, edit, keycap, team_profile_content

# The tags the Matrix spec lists for org.matrix.custom.html that we use.
ALLOWED = {"h4", "p", "br", "strong", "em", "blockquote", "pre", "code", "ul", "ol", "li", "a",
           "table", "thead", "tbody", "tr", "th", "td"}
VOID = {"br"}


class TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        self.seen.add(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"


def check_html(html: str) -> set[str]:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    assert not checker.open, f"unclosed {checker.open}"
    assert checker.seen <= ALLOWED, checker.seen - ALLOWED
    return checker.seen


def answers(answerer, engine):
    quiz = QuizAnswers(answerer)
    result = engine.result(engine.most_characteristic("solutionneur"))
    team = engine.team_profile([Member("a", "Alice", result.answers),
                                Member("b", "Bob", engine.most_characteristic("coordinateur-mission"))])
    return {
        "cell": answerer.ask("méthodes co-designer"),
        "card": answerer.ask("solutionneur"),
        "row": answerer.ask("responsabilité"),
        "search": answerer.ask("Mazzucato"),
        "help": answerer.ask("aide", command="!labtype "),
        "quiz": answerer.ask("quiz"),
        "none": answerer.ask("frobnicate", command="!labtype "),
        "compare": answerer.ask("en quoi le solutionneur diffère-t-il de la plateforme créative ?"),
        "example": answerer.ask("dans quelle case est le Val d'Oise ?"),
        "about": answerer.ask("ce tableau a été fait par qui ?", command="!labtype "),
        "quiz_question": quiz.question(engine.quiz.questions[1], 1, engine.length, "fr"),
        "quiz_result": quiz.result(result, "fr"),
        "team_profile": quiz.team(team, "fr"),
    }, team


@pytest.mark.parametrize("kind", ["cell", "card", "row", "search", "help", "quiz", "none", "compare", "example", "about",
                                  "quiz_question", "quiz_result", "team_profile"])
def test_every_kind_renders_body_and_html(kind, answerer, engine):
    answer = answers(answerer, engine)[0][kind]
    assert answer.kind == kind
    content = answer_content(answer, "!labtype ")

    assert content["msgtype"] == "m.notice" and content["format"] == "org.matrix.custom.html"
    assert content["body"].startswith(answer.title + "\n\n")
    tags = check_html(content["formatted_body"])
    assert "<" not in content["body"].replace("<archétype>", "")
    if kind == "quiz_question":
        assert "ol" in tags and f"{keycap(1)} {answer.fields[0].text}" in content["body"]
    if kind in ("quiz_result", "team_profile"):
        assert "pre" in tags and "█" in content["formatted_body"]  # the score bars stay monospace
    if kind == "quiz_result":
        assert "ul" in tags  # the reasons, as a list
    if kind == "compare":  # a table, one column per archetype; the plain text keeps every cell
        assert {"table", "th", "td"} <= tags and content["formatted_body"].count("<td>") == 10
        assert "2. Solutionneur : Améliorer les services" in content["body"]
        assert "case commune du tableau source" in content["formatted_body"] and "diffère" in content["formatted_body"]
    if kind == "example":
        assert "Plateforme créative (jusqu'en 2021) et Partenaire du changement (depuis 2021)" in content["body"]


def test_user_text_is_escaped(answerer):
    answer = answerer.ask("<script>zzqw</script> &amp; co")
    html = answer_content(answer, "!labtype ")["formatted_body"]
    assert answer.kind == "none" and "<script>" not in html
    assert "&lt;script&gt;zzqw&lt;/script&gt; &amp;amp; co" in html
    check_html(html)


def test_team_profile_edit_carries_the_metadata_twice(answerer, engine):
    kinds, team = answers(answerer, engine)
    content = edit("$original", team_profile_content(kinds["team_profile"], team, "!labtype "))

    assert content["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$original"}
    assert content["body"] == "* " + content["m.new_content"]["body"]
    assert content["org.labtype.team_profile"] == content["m.new_content"]["org.labtype.team_profile"]
    assert content["org.labtype.team_profile"]["participants"] == 2
    assert all(isinstance(s["score"], int) for s in content["org.labtype.team_profile"]["ranking"])  # no floats
    assert "m.relates_to" not in content["m.new_content"]


@pytest.mark.parametrize("query, expected", [
    ("nesta c'est quel type ?", "« nesta » ne fait pas partie des exemples du tableau"),
    ("des exemples en Asie ?", "Le tableau ne cite aucun exemple pour « Asie »."),
    ("des exemples en Amérique du Sud ?", "La Fabrica (Ville de Renca au Chili)"),
    ("on forme les agents à l'innovation", "faites le quiz"),
])
def test_uncited_names_places_and_self_descriptions_render_with_the_quiz_hint(answerer, query, expected):
    answer = answerer.ask(query)
    content = answer_content(answer, "!labtype ")
    check_html(content["formatted_body"])
    assert expected in content["body"]
    if any(a.kind == "quiz" for a in answer.actions):
        assert "« !labtype quiz »" in content["body"]
