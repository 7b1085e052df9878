"""Quiz questions, personal results and team profiles as platform-neutral `Answer`s."""

from __future__ import annotations

from bot.core.answers import Action, Answer, Answerer, Field
from bot.core.messages import message
from bot.core.quiz import QuizQuestion, QuizResult, Reason, Score, TeamProfile

MAX_DIVERGENCES = 3
BAR_WIDTH = 12


class QuizAnswers:
    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer
        self.typology = answerer.typology

    def question(self, question: QuizQuestion, index: int, total: int, lang: str) -> Answer:
        """Question `index` (0-based) of `total`, its options numbered from 1."""
        options = tuple(Field(str(n), o.text.get(lang)) for n, o in enumerate(question.options, 1))
        actions = [Action("answer", o.text.get(lang), option=n) for n, o in enumerate(question.options)]
        if index:
            actions.append(Action("back", message("quiz_back", lang)))
        return Answer(
            query="", lang=lang, kind="quiz_question",
            title=message("quiz_question_title", lang, number=index + 1, total=total),
            intro=question.text.get(lang), fields=options, source="", actions=tuple(actions),
        )

    def result(self, result: QuizResult, lang: str) -> Answer:
        title, intro, explained = self._explain(result, lang)
        fields = (Field(message("quiz_scores", lang), self.bars(result.ranking, lang), preformatted=True),
                  *explained)
        runner_up = self._label(result.runner_up, lang)
        card = self.answerer.card(result.top, lang)
        return Answer(
            query="", lang=lang, kind="quiz_result", title=title, intro=intro,
            fields=(*fields, *card.fields), source=card.source,
            actions=(Action("share", message("quiz_share_result", lang), result.top),
                     Action("card", message("quiz_see_runner_up", lang, runner_up=runner_up), result.runner_up)),
            archetype=result.top,
        )

    def explanation(self, result: QuizResult, lang: str) -> str:
        """The result in words: the verdict, how close the runner-up is, why, and what would change it."""
        title, intro, fields = self._explain(result, lang)
        return "\n".join([title, intro, *(f"{f.label}\n{f.text}" for f in fields)])

    def _explain(self, result: QuizResult, lang: str) -> tuple[str, str, tuple[Field, ...]]:
        top = self._label(result.top, lang)
        runner_up = self._label(result.runner_up, lang)
        gap = round(result.gap * 100)
        if result.near_tie:
            title = message("quiz_result_tie_title", lang, top=top, runner_up=runner_up)
            intro = message("quiz_result_tie", lang, count=gap) if gap else message("quiz_result_exact_tie", lang)
        else:
            title = message("quiz_result_title", lang, top=top)
            intro = message("quiz_result_clear", lang, runner_up=runner_up, count=gap)
        fields = [Field(message("quiz_why", lang, top=top), _bullets(result.reasons, lang))]
        if result.towards_runner_up:
            fields.append(Field(message("quiz_towards", lang, runner_up=runner_up), _bullets(result.towards_runner_up, lang)))
        return title, intro, tuple(fields)

    def team(self, profile: TeamProfile, lang: str, closed: bool = False) -> Answer:
        """The channel's team message: who took part, the team's ranking, where it diverges."""
        actions = () if closed else (Action("join", message("quiz_join", lang)), Action("close", message("quiz_close", lang)))
        status = message("quiz_closed_status" if closed else "quiz_open_status", lang)
        if not profile.participants:
            return Answer(query="", lang=lang, kind="team_profile", title=message("team_title_empty", lang),
                          intro=f"{message('team_invite', lang)} {status}", fields=(), source="", actions=actions)
        fields = [Field(message("quiz_scores", lang), self.bars(profile.ranking, lang), preformatted=True)]
        fields.append(Field(message("team_members", lang), "\n".join(
            f"• {member.name or message('team_anonymous', lang, number=n)} → {self._label(top, lang)}"
            for n, (member, top) in enumerate(profile.members, 1))))
        if profile.divergences:
            fields.append(Field(message("team_divergences", lang), "\n".join(
                f"• {d.question.text.get(lang)} → " + " · ".join(f"{o.text.get(lang)} ({n})" for o, n in d.counts)
                for d in profile.divergences[:MAX_DIVERGENCES])))
        else:
            fields.append(Field(message("team_divergences", lang), message("team_agree", lang)))
        return Answer(
            query="", lang=lang, kind="team_profile",
            title=message("team_title", lang, count=profile.participants, top=self._label(profile.top, lang)),
            intro=status, fields=tuple(fields), source=self.answerer.source_line(lang), actions=actions,
            archetype=profile.top,
        )

    def bars(self, ranking: tuple[Score, ...], lang: str) -> str:
        """A monospace bar chart of the scores, one archetype per line, that reads well in a chat."""
        labels = {s.archetype: self._label(s.archetype, lang) for s in ranking}
        width = max(map(len, labels.values()))
        lines = []
        for score in ranking:
            filled = round(score.score * BAR_WIDTH)
            lines.append(f"{labels[score.archetype]:<{width}}  {'█' * filled}{'·' * (BAR_WIDTH - filled)} "
                         f"{round(score.score * 100):>3} %")
        return "\n".join(lines)

    def _label(self, archetype_id: str, lang: str) -> str:
        return self.answerer.archetype_label(self.typology.archetype(archetype_id), lang)


def _bullets(reasons: tuple[Reason, ...], lang: str) -> str:
    return "\n".join(f"• {r.question.text.get(lang)} → {r.option.text.get(lang)}" for r in reasons)
