"""The team profile as a facilitator uses it: camps, dividing questions, anonymity, today vs tomorrow."""

from __future__ import annotations

import pytest

from bot.core.quiz import Member
from bot.terminal.render import render_answer_text


def as_(engine, archetype: str) -> tuple[int, ...]:
    return engine.most_characteristic(archetype)


def team(engine, *groups: tuple[str, int], names: bool = True) -> list[Member]:
    members = []
    for archetype, size in groups:
        for _ in range(size):
            n = len(members) + 1
            members.append(Member(f"U{n:03}", f"Person{n}" if names else None, as_(engine, archetype)))
    return members


def test_a_2_2_1_team_is_split_into_named_camps(engine, quiz_answers):
    members = team(engine, ("co-designer-systemique", 2), ("apprenant-transformateur", 2), ("coordinateur-mission", 1))
    profile = engine.team_profile(members)
    assert profile.split
    assert [(c.archetype, [m.name for m in c.members]) for c in profile.camps] == [
        ("co-designer-systemique", ["Person1", "Person2"]), ("apprenant-transformateur", ["Person3", "Person4"])]
    assert profile.dividing and all(d.between_camps == 1.0 for d in profile.dividing)
    text = render_answer_text(quiz_answers.team(profile, "fr"))
    assert "partagée entre 4. Co-designer systémique et 5. Apprenant transformateur" in text
    assert "Attention : l'équipe se partage en 2 camps" in text and "Person1, Person2" in text
    first = profile.dividing[0]
    assert "À discuter : " + first.question.prompt.fr[:30] in text.replace("\n  ", " ").replace("  ", " ")
    assert "(2 : Person1, Person2)" in text.replace("\n    ", " ")


@pytest.mark.parametrize(("groups", "split"), [
    ((("co-designer-systemique", 14), ("solutionneur", 1)), False),
    ((("co-designer-systemique", 12), ("solutionneur", 3)), False),
    ((("co-designer-systemique", 11), ("solutionneur", 4)), True),
    ((("co-designer-systemique", 8), ("solutionneur", 7)), True),
    ((("co-designer-systemique", 5),), False),
    ((("co-designer-systemique", 6), ("solutionneur", 2), ("createur-ecosystemes", 2)), False),
    ((("co-designer-systemique", 4), ("solutionneur", 3), ("createur-ecosystemes", 3)), True),
])
def test_camps_scale_from_5_to_15_members(engine, groups, split):
    profile = engine.team_profile(team(engine, *groups))
    assert profile.split is split
    if not split:
        assert profile.dividing == profile.divergences  # then the questions anyone answered differently


def test_dividing_questions_come_most_divisive_first_with_who_chose_what(engine):
    cd, ap = as_(engine, "co-designer-systemique"), as_(engine, "apprenant-transformateur")
    # the camps agree on the last question, and one Apprenant answers question 1 as a Co-designer
    members = [Member("a", "Ana", cd), Member("b", "Bo", cd), Member("c", "Cy", ap[:4] + cd[4:]),
               Member("d", "Di", cd[:1] + ap[1:4] + cd[4:])]
    profile = engine.team_profile(members)
    assert [c.archetype for c in profile.camps] == ["co-designer-systemique", "apprenant-transformateur"]
    ids = [d.question.id for d in profile.dividing]
    assert ids[-1] == "purpose" and "first-move" not in ids
    purpose = profile.dividing[-1]
    assert [(c.option.id, [m.name for m in c.members]) for c in purpose.choices] == [
        ("tangled-problems", ["Ana", "Bo", "Di"]), ("culture", ["Cy"])]
    assert purpose.between_camps == 0.5 and profile.dividing[0].between_camps == 1.0


def test_an_anonymous_profile_carries_no_name_or_id_in_any_output(engine, quiz_answers):
    members = [Member(f"@secret{n}:example.org", f"Secret Name {n}", m.answers, m.answers if n % 2 else None)
               for n, m in enumerate(team(engine, ("co-designer-systemique", 2), ("apprenant-transformateur", 2),
                                          ("coordinateur-mission", 1)))]
    profile = engine.team_profile(members, anonymous=True)
    assert profile.split and profile.anonymous
    outputs = [repr(profile)]
    for lang in ("fr", "en"):
        answer = quiz_answers.team(profile, lang)
        outputs += [render_answer_text(answer), repr(answer)]
    for output in outputs:
        assert "secret" not in output.lower()
    text = render_answer_text(quiz_answers.team(profile, "fr"))
    assert "4. Co-designer systémique : 2 participant" in text


def test_today_and_tomorrow_shifts_for_a_member_and_the_team(engine, quiz_answers):
    cd, ap = as_(engine, "co-designer-systemique"), as_(engine, "apprenant-transformateur")
    today, tomorrow = engine.result(cd), engine.result(cd[:3] + ap[3:])
    answer = quiz_answers.tomorrow(today, tomorrow, "fr")
    text = render_answer_text(answer)
    assert "Aujourd'hui → dans deux ans" in text
    assert "5. Apprenant transformateur          0 % →  38 %  (+38)" in text
    assert "Quelle boîte à outils sortez-vous le plus souvent ?" in text  # a changed answer, from ⇒ to
    members = [Member("a", "Ana", cd, cd[:3] + ap[3:]), Member("b", "Bo", cd, cd[:3] + ap[3:]), Member("c", "Cy", cd)]
    profile = engine.team_profile(members)
    assert profile.tomorrow_participants == 2
    assert {s.archetype: (s.today, s.tomorrow) for s in profile.shifts}["apprenant-transformateur"] == (0, 38)
    assert [w.question.id for w in profile.wishes] == ["toolbox", "first-move"] and profile.wishes[0].changed == 2
    team_text = render_answer_text(quiz_answers.team(profile, "fr"))
    assert "Dans deux ans (2 sur 3 ont répondu)" in team_text and "Là où l'équipe veut changer" in team_text


def test_a_member_without_tomorrow_answers_is_not_counted_there(engine):
    cd = as_(engine, "co-designer-systemique")
    profile = engine.team_profile([Member("a", "Ana", cd, cd[:2]), Member("b", "Bo", cd)])  # Ana stopped halfway
    assert profile.tomorrow_participants == 0 and profile.shifts == () and profile.wishes == ()
