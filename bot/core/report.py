"""The workshop write-up: the team profile as a Markdown document to paste or keep, and, in a
named quiz, the members' answers as CSV (option texts, not numbers).

Pure: text in memory; `labtype quiz --report`, Slack and Matrix decide where it goes. Built from
a `TeamProfile`, which in an anonymous quiz holds no name or id, so neither can reach the report;
the anonymous report has no CSV and no per-member table.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from bot.core.answers import Answerer
from bot.core.messages import message
from bot.core.quiz import HYBRID_POINTS, Divergence, TeamProfile
from bot.core.quiz_answers import QuizAnswers, outside_camps


@dataclass(frozen=True)
class Report:
    markdown: str
    csv: str | None  # named quizzes only

    def filenames(self, quiz_id: str) -> tuple[str, str]:
        return f"labtype-{quiz_id}.md", f"labtype-{quiz_id}.csv"


def workshop_report(answerer: Answerer, profile: TeamProfile, lang: str, when: str = "", closed: bool = False) -> Report:
    """`when` is the quiz's date as the caller wants it shown (the core reads no clock)."""
    quiz_answers = QuizAnswers(answerer)
    label = quiz_answers.label
    lines = [f"# {message('report_title', lang)}", ""]
    status = message("report_anonymous" if profile.anonymous else "report_named", lang)
    facts = [when] if when else []
    facts += [message("report_participants", lang, count=profile.participants), status,
              message("quiz_closed_status" if closed else "quiz_open_status", lang)]
    lines += [" · ".join(facts), ""]
    if not profile.participants:
        lines += [message("report_empty", lang), ""]
        return Report("\n".join(lines), None)

    lines += [f"## {message('report_profile', lang)}", "", _title_sentence(quiz_answers, profile, lang), ""]
    tomorrow = {s.archetype: s.percent for s in profile.tomorrow_ranking}
    header = [message("report_archetype", lang), message("chart_today", lang), message("report_band", lang)]
    if tomorrow:
        header.append(message("chart_team_tomorrow", lang, count=profile.tomorrow_participants))
    lines += _table(header, [[label(s.archetype, lang), _percent(s.percent), quiz_answers.band(s.band, lang)]
                             + ([_percent(tomorrow[s.archetype])] if tomorrow else []) for s in profile.ranking])
    lines += ["", message("report_rule", lang, rule=HYBRID_POINTS), ""]

    lines += [f"## {message('report_camps', lang)}", ""]
    if profile.split:
        separator = " : " if lang == "fr" else ": "
        lines += [f"- **{archetype}**{separator}{who}" for archetype, who in quiz_answers.camps(profile, lang)]
        if others := outside_camps(profile):
            lines.append(f"- {message('report_outside_camps', lang, count=others)}")
    else:
        lines.append(message("report_no_camps", lang))
    lines += ["", message("report_camps_rule", lang), ""]

    if not profile.anonymous:
        lines += [f"## {message('report_members', lang)}", ""]
        rows = []
        for r in profile.members:
            today = label(r.top, lang) + (f" / {label(r.result.runner_up, lang)}" if r.result.hybrid else "")
            rows.append([r.member.name, today, label(r.tomorrow.top, lang) if r.tomorrow else "—"])
        lines += _table([message("report_member", lang), message("chart_today", lang), message("chart_tomorrow", lang)], rows)
        lines.append("")

    lines += [f"## {message('report_dividing', lang)}", ""]
    if profile.dividing:
        for n, divergence in enumerate(profile.dividing, 1):
            lines += _divergence(divergence, n, profile.anonymous, lang)
    else:
        lines += [message("team_agree", lang), ""]

    lines += [f"## {message('report_tomorrow', lang)}", ""]
    if profile.tomorrow_participants:
        lines += [message("report_tomorrow_count", lang, count=profile.tomorrow_participants, total=profile.participants), ""]
        lines += _table([message("report_archetype", lang), message("chart_today", lang), message("chart_tomorrow", lang),
                         message("report_change", lang)],
                        [[label(s.archetype, lang), _percent(s.today), _percent(s.tomorrow), f"{s.change:+d}"]
                         for s in profile.shifts if s.today or s.tomorrow])
        lines.append("")
        if profile.wishes:
            lines += [f"### {message('team_wishes', lang)}", ""]
            for wish in profile.wishes:
                lines.append(f"- **{wish.question.text.get(lang)}**")
                lines += [f"  - {m.before.text.get(lang)} ⇒ {m.after.text.get(lang)} ({m.count})" for m in wish.moves]
            lines.append("")
    else:
        lines += [message("report_tomorrow_none", lang), ""]

    lines += [f"## {message('report_cards', lang)}", "", message("report_cards_note", lang), ""]
    for score in profile.ranking:
        card = answerer.card(score.archetype, lang)
        lines += [f"### {card.title}", ""]
        for field in card.fields:
            lines.append(f"- **{field.label}** : {field.text}" if lang == "fr" else f"- **{field.label}**: {field.text}")
            if field.note:
                lines.append(f"  _{field.note}_")
        lines.append("")
    lines += [f"_{answerer.source_line(lang, with_note=True)}_", ""]
    return Report("\n".join(lines), None if profile.anonymous else _answers_csv(quiz_answers, profile, lang))


def _title_sentence(quiz_answers: QuizAnswers, profile: TeamProfile, lang: str) -> str:
    return quiz_answers.team(profile, lang, closed=True).title


def _divergence(divergence: Divergence, number: int, anonymous: bool, lang: str) -> list[str]:
    lines = [f"### {number}. {divergence.question.text.get(lang)}", ""]
    for choice in divergence.choices:
        who = "" if anonymous else f" ({', '.join(m.name for m in choice.members)})"
        lines.append(f"- {choice.option.text.get(lang)} — **{choice.count}**{who}")
    lines += ["", f"> {message('team_prompt', lang, prompt=divergence.question.prompt.get(lang))}", ""]
    return lines


def _percent(value: int) -> str:
    """A share as shown everywhere: no "0 %" for an archetype no answer pointed to."""
    return f"{value} %" if value else "—"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return [row(header), "|" + "---|" * len(header), *(row(r) for r in rows)]


def _answers_csv(quiz_answers: QuizAnswers, profile: TeamProfile, lang: str) -> str:
    """One row per member: name, result today and in two years, then each question's option text
    today and in two years."""
    questions = [q for q, _ in profile.members[0].result.chosen]
    header = [message("report_member", lang), message("chart_today", lang), message("chart_tomorrow", lang)]
    header += [q.text.get(lang) for q in questions]
    header += [f"{message('chart_tomorrow', lang)} — {q.text.get(lang)}" for q in questions]
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(header)
    for r in profile.members:
        tomorrow = [o.text.get(lang) for _, o in r.tomorrow.chosen] if r.tomorrow else [""] * len(questions)
        writer.writerow([r.member.name, quiz_answers.label(r.top, lang),
                         quiz_answers.label(r.tomorrow.top, lang) if r.tomorrow else "",
                         *(o.text.get(lang) for _, o in r.result.chosen), *tomorrow])
    return output.getvalue()

