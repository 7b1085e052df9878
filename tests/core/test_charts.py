"""The quiz's pictures: real PNGs, alt text that says what they show, anonymity, failures."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from bot.core import charts
from bot.core.charts import ChartError, result_chart, team_chart
from bot.core.quiz import Member

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def team_members(engine, prefix: str) -> list[Member]:
    cd, ap = engine.most_characteristic("co-designer-systemique"), engine.most_characteristic("apprenant-transformateur")
    return [Member(f"{prefix}-id-{n}", f"{prefix} name {n}", answers, ap if n == 0 else None)
            for n, answers in enumerate((cd, cd, ap, ap, cd[:3] + ap[3:]))]


def image_size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return image.size


def test_a_result_chart_is_a_png_with_alt_text(answerer, engine):
    today = engine.result(engine.most_characteristic("co-designer-systemique"))
    tomorrow = engine.result(engine.most_characteristic("apprenant-transformateur"))
    chart = result_chart(answerer, today, "fr", tomorrow)
    assert chart.png.startswith(PNG_SIGNATURE) and image_size(chart.png) == (1000, 560)
    assert chart.alt.startswith("Diagramme en barres")
    assert "Aujourd'hui : 4. Co-designer systémique 94 %" in chart.alt and "Dans deux ans : 5. Apprenant" in chart.alt
    english = result_chart(answerer, today, "en")
    assert "Today: 4. Systemic co-designer 94 %" in english.alt and "In two years" not in english.alt


def test_a_team_chart_names_the_camps_and_counts_tomorrow(answerer, engine):
    profile = engine.team_profile(team_members(engine, "named"))
    chart = team_chart(answerer, profile, "fr")
    assert chart.png.startswith(PNG_SIGNATURE)
    assert "Profil de l'équipe (5 participant·es)" in chart.alt
    assert "L'équipe se partage : 4. Co-designer systémique (3) et 5. Apprenant transformateur (2)." in chart.alt
    assert "Dans deux ans (1 réponses)" in chart.alt or "Dans deux ans (1 réponse)" in chart.alt
    assert "Un point par participant·e" in chart.alt and "named name" not in chart.alt


def test_an_anonymous_chart_does_not_depend_on_who_answered(answerer, engine):
    """Same answers, other names and ids: the very same picture, and no member dots."""
    first = team_chart(answerer, engine.team_profile(team_members(engine, "alice"), anonymous=True), "fr")
    second = team_chart(answerer, engine.team_profile(team_members(engine, "bob"), anonymous=True), "fr")
    assert first == second and "point" not in first.alt
    named = team_chart(answerer, engine.team_profile(team_members(engine, "alice")), "fr")
    assert named.png != first.png


def test_a_drawing_failure_is_a_chart_error(answerer, engine, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(charts, "_render", broken)
    with pytest.raises(ChartError, match="RuntimeError: no fonts"):
        result_chart(answerer, engine.result(engine.most_characteristic("solutionneur")), "fr")
    with pytest.raises(ChartError):
        team_chart(answerer, engine.team_profile([]), "fr")


def test_matplotlib_is_imported_only_when_a_chart_is_drawn():
    code = "import sys, bot.cli, bot.core.charts, bot.runtime; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
