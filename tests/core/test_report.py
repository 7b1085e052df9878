"""The workshop write-up: everything a facilitator keeps, and nothing an anonymous quiz must hide."""

from __future__ import annotations

import csv
import io

from bot.core.quiz import Member
from bot.core.report import workshop_report


def workshop(engine, anonymous_ids: bool = False) -> list[Member]:
    cd, ap, mi = (engine.most_characteristic(a) for a in
                  ("co-designer-systemique", "apprenant-transformateur", "coordinateur-mission"))
    plans = [("Zaza", cd, ap), ("Bobo", cd, None), ("Cyca", ap, None), ("Didi", ap, ap), ("Eded", mi, None)]
    return [Member(f"@user{n}:example.org", name, today, tomorrow) for n, (name, today, tomorrow) in enumerate(plans)]


def test_a_named_report_has_every_section_and_a_csv_of_option_texts(answerer, engine):
    profile = engine.team_profile(workshop(engine))
    report = workshop_report(answerer, profile, "fr", "1er décembre 2026", closed=True)
    text = report.markdown
    for heading in ("# Compte-rendu d'atelier", "## Le profil de l'équipe", "## Les camps", "## Chaque participant·e",
                    "## Les questions qui partagent l'équipe", "## Aujourd'hui et dans deux ans",
                    "## Les fiches des archétypes"):
        assert heading in text
    assert "1er décembre 2026 · 5 participant·es · quiz nominatif · Le quiz est clos." in text
    assert "- **4. Co-designer systémique** : Zaza, Bobo" in text
    for divergence in profile.dividing:
        assert divergence.question.prompt.fr in text
    assert "2 participant·es sur 5 ont répondu" in text and "| 5. Apprenant transformateur |" in text
    assert text.count("### ") >= 7 + len(profile.dividing)  # the seven cards and each dividing question
    assert "Pratiques systémiques, innovation sociale, complexité, co-design" in text  # a cell, verbatim
    assert "| 0 %" not in text
    rows = list(csv.reader(io.StringIO(report.csv)))
    assert rows[0][:3] == ["Participant·e", "Aujourd'hui", "Dans deux ans"] and len(rows) == 6
    assert rows[1][:3] == ["Zaza", "4. Co-designer systémique", "5. Apprenant transformateur"]
    question = engine.quiz.questions[0]
    assert rows[1][3] == question.options[engine.most_characteristic("co-designer-systemique")[0]].text.fr
    assert all(not cell.isdigit() for row in rows[1:] for cell in row[3:])  # option texts, not numbers


def test_an_anonymous_report_shows_no_name_no_id_and_no_csv(answerer, engine):
    profile = engine.team_profile(workshop(engine), anonymous=True)
    for lang in ("fr", "en"):
        report = workshop_report(answerer, profile, lang)
        assert report.csv is None
        lowered = report.markdown.lower()
        assert not any(secret in lowered for secret in ("zaza", "bobo", "cyca", "didi", "eded", "@user", "example.org", "anonymous-"))
        assert ("quiz anonyme" if lang == "fr" else "anonymous quiz") in lowered
    assert "**4. Co-designer systémique** : 2 participant·es" in workshop_report(answerer, profile, "fr").markdown


def test_an_english_report_marks_the_english_as_ours(answerer, engine):
    report = workshop_report(answerer, engine.team_profile(workshop(engine)), "en")
    assert "# Workshop report" in report.markdown and "this English is our translation" in report.markdown
    assert "Systems practice, social innovation, complexity, co-design" in report.markdown


def test_a_report_with_nobody_finished_says_so(answerer, engine):
    report = workshop_report(answerer, engine.team_profile([]), "fr")
    assert "Personne n'a encore terminé le quiz." in report.markdown and report.csv is None
