"""Quiz questions, personal results, today-vs-tomorrow and team profiles as platform-neutral `Answer`s.

What a front end must never decide on its own lives here: the order options are shown in
(`seed`), the words for the bands and the hybrid rule, and what an anonymous profile may show
(counts, never names or ids).
"""

from __future__ import annotations

from typing import Any

from bot.core.answers import Action, Answer, Answerer, Field
from bot.core.messages import join_names, message
from bot.core.quiz import HYBRID_POINTS, Divergence, QuizQuestion, QuizResult, Reason, Score, Shift, TeamProfile, Wish
from bot.core.quiz.order import option_order

MAX_DIVERGENCES = 3  # dividing questions in a chat message (more when tied with the third); the report has all
MAX_WISHES = 2
BAR_WIDTH = 12


class QuizAnswers:
    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer
        self.typology = answerer.typology

    def question(self, question: QuizQuestion, index: int, total: int, lang: str,
                 seed: str | None = None, tomorrow: bool = False) -> Answer:
        """Question `index` (0-based) of `total`. With a `seed` (e.g. f"{quiz_id}:{participant}") the
        options are numbered from 1 in that participant's shuffled order; each "answer" action
        carries the canonical option index. `tomorrow`: asked for the lab in two years."""
        order = option_order(question, seed) if seed is not None else tuple(range(len(question.options)))
        options = tuple(Field(str(n), question.options[i].text.get(lang)) for n, i in enumerate(order, 1))
        actions = [Action("answer", question.options[i].text.get(lang), option=i) for i in order]
        if index:
            actions.append(Action("back", message("quiz_back", lang)))
        title = message("quiz_question_title", lang, number=index + 1, total=total)
        text = question.text.get(lang)
        if tomorrow:
            title = message("quiz_tomorrow_question_title", lang, number=index + 1, total=total)
            text = message("quiz_tomorrow_question", lang, question=text)
        return Answer(query="", lang=lang, kind="quiz_question", title=title, intro=text,
                      fields=options, source="", actions=tuple(actions))

    def result(self, result: QuizResult, lang: str, offer_tomorrow: bool = False) -> Answer:
        """The member's result: verdict, profile, why, the card. `offer_tomorrow` adds the
        "Et dans deux ans ?" action for front ends that run it."""
        title, intro, explained = self._explain(result, lang)
        fields = (self.profile_field(result.ranking, lang), *explained)
        runner_up = self.label(result.runner_up, lang)
        card = self.answerer.card(result.top, lang)
        actions = [Action("share", message("quiz_share_result", lang), result.top),
                   Action("card", message("quiz_see_runner_up", lang, runner_up=runner_up), result.runner_up)]
        if offer_tomorrow:
            actions.append(Action("tomorrow", message("quiz_tomorrow_offer", lang)))
        return Answer(
            query="", lang=lang, kind="quiz_result", title=title, intro=intro,
            fields=(*fields, *card.fields), source=card.source, actions=tuple(actions), archetype=result.top,
        )

    def tomorrow(self, today: QuizResult, tomorrow: QuizResult, lang: str) -> Answer:
        """After the "in two years" answers: where the member wants the lab to go, per archetype."""
        from bot.core.quiz import shifts

        moved = shifts(today.ranking, tomorrow.ranking)
        top_today, top_tomorrow = self.label(today.top, lang), self.label(tomorrow.top, lang)
        if today.top == tomorrow.top:
            title = message("quiz_tomorrow_same_title", lang, top=top_today)
        else:
            title = message("quiz_tomorrow_title", lang, today=top_today, tomorrow=top_tomorrow)
        changed = [(q, a, b) for (q, a), (_, b) in zip(today.chosen, tomorrow.chosen) if a is not b]
        fields = [Field(message("quiz_shift_label", lang), self.shift_lines(moved, lang), preformatted=True)]
        if changed:
            fields.append(Field(message("quiz_tomorrow_changes", lang), "\n".join(
                f"• {q.text.get(lang)} → {a.text.get(lang)} ⇒ {b.text.get(lang)}" for q, a, b in changed)))
        else:
            fields.append(Field(message("quiz_tomorrow_changes", lang), message("quiz_tomorrow_no_change", lang)))
        return Answer(query="", lang=lang, kind="quiz_result", title=title,
                      intro=message("quiz_tomorrow_intro", lang), fields=tuple(fields), source="",
                      actions=(Action("share", message("quiz_share_result", lang), tomorrow.top),),
                      archetype=tomorrow.top)

    def explanation(self, result: QuizResult, lang: str) -> str:
        """The result in words: the verdict, how close the runner-up is, why, and what would change it."""
        title, intro, fields = self._explain(result, lang)
        return "\n".join([title, intro, *(f"{f.label}\n{f.text}" for f in fields)])

    def _explain(self, result: QuizResult, lang: str) -> tuple[str, str, tuple[Field, ...]]:
        top = self.label(result.top, lang)
        runner_up = self.label(result.runner_up, lang)
        first, second = result.ranking[0].percent, result.ranking[1].percent
        if result.hybrid:
            title = message("quiz_hybrid_title", lang, top=top, runner_up=runner_up)
            key = "quiz_hybrid_tie" if result.gap == 0 else "quiz_hybrid"
            values = {"count": result.gap} if result.gap else {}
            intro = message(key, lang, first=first, second=second, rule=HYBRID_POINTS, **values)
        else:
            title = message("quiz_result_title", lang, top=top)
            intro = message("quiz_result_clear", lang, first=first, runner_up=runner_up, second=second,
                            count=result.gap, rule=HYBRID_POINTS)
        fields = [Field(message("quiz_why", lang, top=top), _bullets(result.reasons, lang))]
        if result.towards_runner_up:
            fields.append(Field(message("quiz_towards", lang, runner_up=runner_up), _bullets(result.towards_runner_up, lang)))
        return title, intro, tuple(fields)

    def team(self, profile: TeamProfile, lang: str, closed: bool = False, offer_report: bool = False) -> Answer:
        """The team message: participants, the team's profile, its camps, the questions that divide
        it with a prompt for each, and today vs tomorrow. Anonymous: counts only."""
        actions = [] if closed else [Action("join", message("quiz_join", lang)), Action("close", message("quiz_close", lang))]
        if offer_report and profile.participants:
            actions.append(Action("report", message("quiz_report", lang)))
        status = message("quiz_closed_status" if closed else "quiz_open_status", lang)
        if not profile.participants:
            return Answer(query="", lang=lang, kind="team_profile", title=message("team_title_empty", lang),
                          intro=f"{message('team_invite', lang)} {status}", fields=(), source="", actions=tuple(actions))
        fields = [self.profile_field(profile.ranking, lang)]
        if profile.split:
            fields.append(Field(message("team_split", lang, count=len(profile.camps)), self.camp_lines(profile, lang)))
        fields.append(Field(message("team_members", lang), self.member_lines(profile, lang)))
        dividing = shown_divergences(profile.dividing)
        if dividing:
            fields.append(Field(message("team_divergences", lang), "\n".join(
                self.divergence_line(d, profile.anonymous, lang) for d in dividing)))
            hidden = profile.dividing[len(dividing):]
            if hidden:
                tied = sum(1 for d in hidden if divisiveness(d) == divisiveness(dividing[-1]))
                key = "team_more_divergences_tied" if tied == len(hidden) else "team_more_divergences"
                fields.append(Field(message("team_more_label", lang), message(key, lang, count=len(hidden))))
        else:
            fields.append(Field(message("team_divergences", lang), message("team_agree", lang)))
        if profile.tomorrow_participants:
            fields.append(Field(
                message("team_tomorrow", lang, count=profile.tomorrow_participants, total=profile.participants),
                self.shift_lines(profile.shifts, lang), preformatted=True))
            if profile.wishes:
                fields.append(Field(message("team_wishes", lang), "\n".join(
                    self.wish_line(w, profile.anonymous, lang) for w in profile.wishes[:MAX_WISHES])))
        intro = status if not profile.anonymous else f"{message('quiz_anonymous', lang)} {status}"
        return Answer(
            query="", lang=lang, kind="team_profile",
            title=self._team_title(profile, lang),
            intro=intro, fields=tuple(fields), source=self.answerer.source_line(lang), actions=tuple(actions),
            archetype=profile.top,
        )

    def _team_title(self, profile: TeamProfile, lang: str) -> str:
        count = profile.participants
        if profile.split:
            names = join_names([self.label(c.archetype, lang) for c in profile.camps], lang)
            return message("team_title_split", lang, count=count, camps=names)
        top, second = profile.ranking[0], profile.ranking[1]
        if top.percent - second.percent < HYBRID_POINTS:
            return message("team_title_hybrid", lang, count=count, top=self.label(top.archetype, lang),
                           runner_up=self.label(second.archetype, lang))
        return message("team_title", lang, count=count, top=self.label(top.archetype, lang))

    # -- pieces the report reuses -------------------------------------------------------------

    def profile_field(self, ranking: tuple[Score, ...], lang: str) -> Field:
        """The profile as bars (see `profile`), and in a note the archetypes no answer pointed to."""
        absent = [self.label(s.archetype, lang) for s in ranking if not s.percent]
        note = message("quiz_profile_absent", lang, names=", ".join(absent)) if absent else ""
        return Field(message("quiz_profile", lang), self.profile(ranking, lang), note=note, preformatted=True)

    def profile(self, ranking: tuple[Score, ...], lang: str) -> str:
        """A monospace profile: each archetype an answer pointed to, with a bar, its share (the
        seven add up to 100 %) and its band. Archetypes at 0 are left out, not shown as "0 %"."""
        shown = [s for s in ranking if s.percent]
        labels = {s.archetype: self.label(s.archetype, lang) for s in shown}
        width = max(map(len, labels.values()))
        lines = []
        for score in shown:
            filled = round(score.percent / 100 * BAR_WIDTH)
            lines.append(f"{labels[score.archetype]:<{width}}  {'█' * filled}{'·' * (BAR_WIDTH - filled)} "
                         f"{score.percent:>3} %  {self.band(score.band, lang)}")
        return "\n".join(lines)

    def band(self, band: str, lang: str) -> str:
        return message(f"quiz_band_{band.replace('-', '_')}", lang)

    def shift_lines(self, moved: tuple[Shift, ...], lang: str) -> str:
        """Today → in two years, per archetype that has a share on either side, biggest moves first."""
        kept = [s for s in moved if s.today or s.tomorrow]
        labels = {s.archetype: self.label(s.archetype, lang) for s in kept}
        width = max(map(len, labels.values()))
        return "\n".join(f"{labels[s.archetype]:<{width}}  {s.today:>3} % → {s.tomorrow:>3} %  ({s.change:+d})"
                         for s in kept)

    def camp_lines(self, profile: TeamProfile, lang: str) -> str:
        separator = " : " if lang == "fr" else ": "
        lines = [f"• {archetype}{separator}{who}" for archetype, who in self.camps(profile, lang)]
        if others := outside_camps(profile):
            lines.append(message("team_outside_camps", lang, count=others))
        return "\n".join(lines)

    def camps(self, profile: TeamProfile, lang: str) -> list[tuple[str, str]]:
        """Each camp's archetype label and who is in it: names, or only a count when anonymous."""
        return [(self.label(camp.archetype, lang),
                 message("team_camp_count", lang, count=len(camp.members)) if profile.anonymous
                 else ", ".join(m.name for m in camp.members))
                for camp in profile.camps]

    def member_lines(self, profile: TeamProfile, lang: str) -> str:
        """Named: each member and their result. Anonymous: how many members got each archetype."""
        if profile.anonymous:
            tops: dict[str, int] = {}
            for r in profile.members:
                tops[r.top] = tops.get(r.top, 0) + 1
            return "\n".join(f"• {self.label(a, lang)} × {n}" for a, n in sorted(tops.items(), key=lambda t: -t[1]))
        lines = []
        for r in profile.members:
            line = f"• {r.member.name} → {self.label(r.top, lang)}"
            if r.result.hybrid:
                line += f" / {self.label(r.result.runner_up, lang)}"
            lines.append(line)
        return "\n".join(lines)

    def divergence_line(self, divergence: Divergence, anonymous: bool, lang: str) -> str:
        choices = " · ".join(
            f"{c.option.text.get(lang)} ({c.count})" if anonymous
            else f"{c.option.text.get(lang)} ({c.count} : {', '.join(m.name for m in c.members)})" if lang == "fr"
            else f"{c.option.text.get(lang)} ({c.count}: {', '.join(m.name for m in c.members)})"
            for c in divergence.choices)
        prompt = message("team_prompt", lang, prompt=divergence.question.prompt.get(lang))
        return f"• {divergence.question.text.get(lang)} → {choices}\n  {prompt}"

    def wish_line(self, wish: Wish, anonymous: bool, lang: str) -> str:
        moves = " · ".join(f"{m.before.text.get(lang)} ⇒ {m.after.text.get(lang)} ({m.count})" for m in wish.moves)
        return f"• {wish.question.text.get(lang)} → {moves}"

    def label(self, archetype_id: str, lang: str) -> str:
        return self.answerer.archetype_label(self.typology.archetype(archetype_id), lang)


def shown_divergences(dividing: tuple[Divergence, ...]) -> tuple[Divergence, ...]:
    """The first `MAX_DIVERGENCES` (a chat message stays readable); the message then says how many
    more divide the team, and whether as much, and the report lists them all."""
    if len(dividing) <= MAX_DIVERGENCES:
        return dividing
    return dividing[:MAX_DIVERGENCES]


def divisiveness(divergence: Divergence) -> tuple[float, float, int]:
    return divergence.between_camps, divergence.spread, len(divergence.choices)


def _bullets(reasons: tuple[Reason, ...], lang: str) -> str:
    return "\n".join(f"• {r.question.text.get(lang)} → {r.option.text.get(lang)}" for r in reasons)


def team_metadata(profile: TeamProfile) -> dict[str, Any]:
    """What the team message carries for other apps (Slack `labtype_team_profile`, Matrix
    `org.labtype.team_profile`), beyond the ranking each platform words its own way: the camps
    (with member ids in a named quiz, counts only in an anonymous one) and the ids of the
    questions that divide the team, most divisive first. Integers only: Matrix refuses floats."""
    camps = []
    for camp in profile.camps:
        entry: dict[str, Any] = {"archetype": camp.archetype, "count": len(camp.members)}
        if not profile.anonymous:
            entry["members"] = [member.id for member in camp.members]
        camps.append(entry)
    return {"split": profile.split, "camps": camps, "dividing": [d.question.id for d in profile.dividing],
            "tomorrow_participants": profile.tomorrow_participants}


def outside_camps(profile: TeamProfile) -> int:
    """How many members belong to no camp."""
    in_camps = {m.id for camp in profile.camps for m in camp.members}
    return sum(1 for r in profile.members if r.member.id not in in_camps)
