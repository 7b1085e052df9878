"""The quiz's pictures: a member's result and the team profile as PNG bytes, with alt text.

Pure: bytes in memory, no file and no network; front ends post them (Slack, Matrix) or write
them (`labtype quiz`). matplotlib is imported on the first chart only (its Agg backend, through
`Figure`, not pyplot's global state), so `labtype ask` starts as fast as before. Any drawing
failure is raised as `ChartError`: the caller logs it and sends the text alone.

The chart: one row per archetype in the table's order (so two charts compare at a glance), a bar
for its share today and, where answered, one for in two years; in a named team, each member's
share as a dot on the row. Labels in the user's language.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

from bot.core.answers import Answerer
from bot.core.knowledge import ARCHETYPE_IDS
from bot.core.messages import join_names, message
from bot.core.quiz import QuizResult, Score, TeamProfile

TODAY_COLOUR, TOMORROW_COLOUR, MEMBER_COLOUR = "#1f5fa8", "#e07b24", "#222222"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 10, 5.6, 100  # 1000 × 560 px: readable in a chat thread and on a projector


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt: str  # what the chart shows, in words, for screen readers and clients without images

    filename = "labtype-quiz.png"


class ChartError(Exception):
    """The chart could not be drawn; the text answer goes alone."""


def result_chart(answerer: Answerer, result: QuizResult, lang: str, tomorrow: QuizResult | None = None) -> Chart:
    """One member's profile today, and in two years when they answered for it."""
    title = message("chart_result_title", lang, top=_label(answerer, result.top, lang))
    series = [(message("chart_today", lang), result.ranking, TODAY_COLOUR)]
    if tomorrow is not None:
        series.append((message("chart_tomorrow", lang), tomorrow.ranking, TOMORROW_COLOUR))
    return _draw(answerer, lang, title, "", series, ())


def team_chart(answerer: Answerer, profile: TeamProfile, lang: str) -> Chart:
    """The team's profile today, in two years (those who answered), and in a named quiz each member."""
    if not profile.participants:
        raise ChartError("no participant has finished yet")
    title = message("chart_team_title", lang, count=profile.participants)
    if profile.split:
        subtitle = message("chart_team_split", lang, camps=join_names(
            [f"{_label(answerer, c.archetype, lang)} ({len(c.members)})" for c in profile.camps], lang))
    else:
        subtitle = ""
    series = [(message("chart_today", lang), profile.ranking, TODAY_COLOUR)]
    if profile.tomorrow_participants:
        series.append((message("chart_team_tomorrow", lang, count=profile.tomorrow_participants),
                       profile.tomorrow_ranking, TOMORROW_COLOUR))
    points = () if profile.anonymous else tuple(r.result.ranking for r in profile.members)
    return _draw(answerer, lang, title, subtitle, series, points)


def _draw(answerer: Answerer, lang: str, title: str, subtitle: str,
          series: list[tuple[str, tuple[Score, ...], str]], points: tuple[tuple[Score, ...], ...]) -> Chart:
    alt = _alt(answerer, lang, title, subtitle, series, bool(points))
    try:
        png = _render(answerer, lang, title, subtitle, series, points)
    except Exception as error:  # matplotlib missing, a font problem, anything: the text goes alone
        raise ChartError(f"{type(error).__name__}: {error}") from error
    return Chart(png, alt)


class _Canvas:
    """The parts of a chart that never change for a language (axes, archetype names, the 0–100 scale,
    grid, axis label, source), drawn once; each chart restores that picture and draws only its
    own bars, values, dots, titles and legend on it. Drawing the axes and their text again for
    every chart would take most of its time. One chart at a time per canvas (the lock)."""

    def __init__(self, answerer: Answerer, lang: str) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.lock = threading.Lock()
        self.figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes = axes = self.figure.add_subplot()
        axes.set_yticks(list(range(len(ARCHETYPE_IDS))), [_label(answerer, a, lang) for a in ARCHETYPE_IDS], fontsize=11)
        axes.set_ylim(len(ARCHETYPE_IDS) - 0.5, -0.5)  # archetype 1 at the top, as in the table
        axes.set_xlim(0, 112)  # the whole scale, with room for "100 %" after the longest bar
        axes.set_xticks(range(0, 101, 20))
        axes.set_xlabel(message("chart_axis", lang), fontsize=10)
        axes.grid(axis="x", color="#dddddd", zorder=0)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        self.figure.text(0.99, 0.01, answerer.source_line(lang), fontsize=7, color="#777777", ha="right", va="bottom")
        # fixed margins (room for the longest archetype name), not tight_layout, which draws everything twice
        self.figure.subplots_adjust(left=0.29, right=0.96, top=0.89, bottom=0.2)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def render(self, title: str, subtitle: str, series: list[tuple[str, tuple[Score, ...], str]],
               points: tuple[tuple[Score, ...], ...], member_label: str) -> bytes:
        from PIL import Image

        with self.lock:
            axes, figure = self.axes, self.figure
            drawn: list = []  # this chart's artists, removed afterwards: the canvas stays as it was
            containers: list = []
            height = 0.8 / len(series)
            for n, (name, ranking, colour) in enumerate(series):
                shares = {s.archetype: s.percent for s in ranking}
                offsets = [row - 0.4 + height * (n + 0.5) for row in range(len(ARCHETYPE_IDS))]
                values = [shares[a] for a in ARCHETYPE_IDS]
                bars = axes.barh(offsets, values, height=height * 0.92, color=colour, label=name, zorder=2)
                containers.append(bars)
                drawn += [*bars, *(axes.text(v + 0.8, y, f"{v} %", fontsize=10, color="#333333", va="center")
                                   for v, y in zip(values, offsets) if v)]  # no "0 %": nothing is drawn there
            if points:  # one scatter for all members: one artist, not one per member
                spots = [(s.percent, ARCHETYPE_IDS.index(s.archetype)) for member in points for s in member if s.percent]
                drawn.append(axes.scatter(*zip(*spots), s=30, color=MEMBER_COLOUR, alpha=0.5, zorder=3, linewidths=0,
                                          label=member_label))
            handles = [*containers, drawn[-1]] if points else containers
            drawn.append(axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.11), ncols=3,
                                     fontsize=10, frameon=False))
            drawn.append(figure.text(0.02, 0.95, title, fontsize=15, fontweight="bold", ha="left", va="bottom"))
            if subtitle:
                drawn.append(figure.text(0.02, 0.915, subtitle, fontsize=11.5, color="#8a1c1c", ha="left", va="bottom"))
            try:
                self.canvas.restore_region(self.background)
                renderer = self.canvas.get_renderer()
                for artist in drawn:
                    artist.draw(renderer)
                width, height_px = self.canvas.get_width_height()
                image = Image.frombuffer("RGBA", (width, height_px), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
                buffer = io.BytesIO()
                image.convert("RGB").save(buffer, format="PNG", compress_level=3)
                return buffer.getvalue()
            finally:
                bars = {id(bar) for container in containers for bar in container}
                for container in containers:
                    container.remove()  # its bars, and itself from the axes' containers
                for artist in drawn:
                    if id(artist) not in bars:
                        artist.remove()


_canvases: dict[str, _Canvas] = {}
_canvases_lock = threading.Lock()


def _render(answerer: Answerer, lang: str, title: str, subtitle: str,
            series: list[tuple[str, tuple[Score, ...], str]], points: tuple[tuple[Score, ...], ...]) -> bytes:
    with _canvases_lock:
        canvas = _canvases.get(lang) or _canvases.setdefault(lang, _Canvas(answerer, lang))
    return canvas.render(title, subtitle, series, points, message("chart_member", lang))


def _alt(answerer: Answerer, lang: str, title: str, subtitle: str,
         series: list[tuple[str, tuple[Score, ...], str]], with_members: bool) -> str:
    parts = [message("chart_alt_intro", lang, title=title)]
    if subtitle:
        parts.append(subtitle + ".")
    for name, ranking, _ in series:
        shares = ", ".join(f"{_label(answerer, s.archetype, lang)} {s.percent} %" for s in ranking if s.percent)
        parts.append(f"{name} : {shares}." if lang == "fr" else f"{name}: {shares}.")
    if with_members:
        parts.append(message("chart_alt_members", lang))
    return " ".join(parts)


def _label(answerer: Answerer, archetype: str, lang: str) -> str:
    return answerer.archetype_label(answerer.typology.archetype(archetype), lang)
