"""Every sentence the bot says that is not typology content, in French and English.

Kept in one place so a translator (or a reviewer) sees them all; front ends never write user
text of their own.
"""

from __future__ import annotations

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"

MESSAGES: dict[str, dict[str, str]] = {
    # -- answers ---------------------------------------------------------------------------
    "source": {
        "fr": "Source : {publisher}, « {title} » (version {version})",
        "en": "Source: {publisher}, “{title}” (version {version})",
    },
    "merged_cell": {
        "fr": "Dans le tableau source, cette case est commune à {names}.",
        "en": "In the source table this cell is shared by {names}.",
    },
    "and": {"fr": "et", "en": "and"},
    "row_title": {"fr": "{characteristic} : les 7 archétypes", "en": "{characteristic}: the 7 archetypes"},
    "search_title": {"fr": "Recherche : « {query} »", "en": "Search: “{query}”"},
    "search_intro_one": {"fr": "Une case du tableau en parle.", "en": "One cell of the table matches."},
    "search_intro": {
        "fr": "{count} cases du tableau en parlent, la plus proche d'abord.",
        "en": "{count} cells of the table match, closest first.",
    },
    "search_in": {"fr": "dans « {characteristic} »", "en": "in “{characteristic}”"},
    "none_title": {"fr": "Rien trouvé pour « {query} »", "en": "Nothing found for “{query}”"},
    "none_intro": {
        "fr": "Je ne reconnais ni un archétype, ni une caractéristique, ni des mots du tableau.",
        "en": "I recognise no archetype, characteristic or words from the table.",
    },
    "did_you_mean": {"fr": "Vouliez-vous dire : {choices} ?", "en": "Did you mean: {choices}?"},
    "try_help": {"fr": "Tapez « {command}aide » pour des exemples.", "en": "Type “{command}help” for examples."},
    "quiz_title": {"fr": "Quiz : à quel archétype votre labo ressemble-t-il ?", "en": "Quiz: which archetype does your lab resemble?"},
    "quiz_intro": {
        "fr": "Quelques questions, une à la fois ; à la fin, l'archétype le plus proche et pourquoi.",
        "en": "A few questions, one at a time; at the end, the closest archetype and why.",
    },
    # -- quiz ------------------------------------------------------------------------------------
    "quiz_anonymous": {
        "fr": "Quiz anonyme : le profil de l'équipe ne montre pas les noms.",
        "en": "Anonymous quiz: the team profile shows no names.",
    },
    "quiz_question_title": {"fr": "Question {number}/{total}", "en": "Question {number}/{total}"},
    "quiz_back": {"fr": "Retour", "en": "Back"},
    "quiz_result_title": {"fr": "Votre labo ressemble le plus à : {top}", "en": "Your lab most resembles: {top}"},
    "quiz_result_clear": {
        "fr": "Devant {runner_up}, avec {gap} points d'écart.",
        "en": "Ahead of {runner_up} by {gap} points.",
    },
    "quiz_result_tie_title": {
        "fr": "Presque à égalité : {top} et {runner_up}",
        "en": "Nearly a tie: {top} and {runner_up}",
    },
    "quiz_result_tie": {
        "fr": "Seulement {gap} points d'écart : votre labo tient des deux.",
        "en": "Only {gap} points apart: your lab has something of both.",
    },
    "quiz_result_exact_tie": {
        "fr": "Exactement à égalité : votre labo tient des deux.",
        "en": "Exactly tied: your lab has something of both.",
    },
    "quiz_scores": {"fr": "Scores", "en": "Scores"},
    "quiz_why": {"fr": "Pourquoi : {top}", "en": "Why: {top}"},
    "quiz_towards": {"fr": "Ce qui vous rapprocherait de : {runner_up}", "en": "What would move you towards: {runner_up}"},
    "quiz_share_result": {"fr": "Partager mon résultat", "en": "Share my result"},
    "quiz_see_runner_up": {"fr": "Voir {runner_up}", "en": "See {runner_up}"},
    "quiz_join": {"fr": "Répondre au quiz", "en": "Take the quiz"},
    "quiz_close": {"fr": "Clore le quiz", "en": "Close the quiz"},
    "quiz_open_status": {"fr": "Le quiz est ouvert.", "en": "The quiz is open."},
    "quiz_closed_status": {"fr": "Le quiz est clos.", "en": "The quiz is closed."},
    "team_title_empty": {"fr": "Quiz d'équipe : à quel archétype ressemble notre labo ?", "en": "Team quiz: which archetype does our lab resemble?"},
    "team_invite": {
        "fr": "Chacun répond pour soi, en privé ; le profil de l'équipe s'affiche ici.",
        "en": "Everyone answers privately; the team profile shows here.",
    },
    "team_title": {
        "fr": "Profil de l'équipe ({count} participant·es) : {top}",
        "en": "Team profile ({count} participants): {top}",
    },
    "team_members": {"fr": "Chacun", "en": "Each member"},
    "team_anonymous": {"fr": "Participant·e {number}", "en": "Participant {number}"},
    "team_divergences": {"fr": "Là où vous divergez", "en": "Where you disagree"},
    "team_agree": {"fr": "Vous avez tous répondu pareil.", "en": "You all answered alike."},
    "quiz_unknown": {"fr": "Ce quiz n'existe plus.", "en": "This quiz no longer exists."},
    "quiz_closed": {
        "fr": "Ce quiz est clos : les réponses ne sont plus prises en compte. Merci !",
        "en": "This quiz is closed: answers are no longer counted. Thank you!",
    },
    "quiz_stale": {
        "fr": "Cette question a déjà une réponse ; voici où vous en êtes.",
        "en": "That question already has an answer; here is where you are.",
    },
    "quiz_bad_option": {"fr": "Cette réponse n'existe pas pour cette question.", "en": "That is not an option for this question."},
    "quiz_not_joined": {"fr": "Rejoignez d'abord le quiz.", "en": "Join the quiz first."},
    "quiz_already_done": {"fr": "Vous avez déjà terminé ce quiz.", "en": "You have already finished this quiz."},
    "quiz_not_starter": {
        "fr": "Seule la personne qui a lancé le quiz peut le clore.",
        "en": "Only the person who started the quiz can close it.",
    },
    # -- Slack ---------------------------------------------------------------------------------
    "slack_shared_by": {"fr": "Partagé par {user}", "en": "Shared by {user}"},
    "slack_not_in_channel": {
        "fr": "Je ne peux pas écrire dans cette conversation. Dans un canal, invitez-moi d'abord "
              "avec `/invite @labtype`, puis réessayez.",
        "en": "I can't post in this conversation. In a channel, invite me first with "
              "`/invite @labtype`, then try again.",
    },
    "slack_button_invalid": {
        "fr": "Ce bouton n'est plus valable. Tapez `/labtype` pour repartir de l'aide.",
        "en": "This button is no longer valid. Type `/labtype` to start again from the help.",
    },
    "slack_error": {
        "fr": "Désolé, quelque chose s'est mal passé de mon côté. Réessayez dans un instant.",
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
    },
    "slack_choose": {"fr": "Choisir", "en": "Choose"},
    "slack_close_confirm_title": {"fr": "Clore le quiz ?", "en": "Close the quiz?"},
    "slack_close_confirm_text": {
        "fr": "Les réponses ne seront plus prises en compte.",
        "en": "Answers will no longer be counted.",
    },
    "slack_cancel": {"fr": "Annuler", "en": "Cancel"},
    "slack_share_modal_title": {"fr": "Partager une fiche", "en": "Share a card"},
    "slack_share_submit": {"fr": "Partager", "en": "Share"},
    "slack_archetype_label": {"fr": "Archétype", "en": "Archetype"},
    "slack_characteristic_label": {"fr": "Caractéristique (facultatif)", "en": "Characteristic (optional)"},
    "slack_characteristic_hint": {
        "fr": "Sans caractéristique, toute la fiche est partagée.",
        "en": "Without one, the whole card is shared.",
    },
    "slack_quiz_modal_title": {"fr": "Quiz d'équipe", "en": "Team quiz"},
    "slack_quiz_submit": {"fr": "Lancer", "en": "Start"},
    "slack_quiz_channel_label": {"fr": "Dans quel canal ?", "en": "In which channel?"},
    "slack_quiz_channel_hint": {
        "fr": "Le message d'équipe y sera publié ; chacun y répond en privé.",
        "en": "The team message is posted there; everyone answers privately.",
    },
    "slack_config_missing": {
        "fr": "Slack : il manque {names} (voir la section Slack du README).",
        "en": "Slack: {names} missing (see the Slack section of the README).",
    },
    "slack_token_refused": {
        "fr": "Slack refuse SLACK_BOT_TOKEN ({error}) : copiez le jeton « Bot User OAuth Token » de l'app installée.",
        "en": "Slack refuses SLACK_BOT_TOKEN ({error}): copy the installed app's “Bot User OAuth Token”.",
    },
    "slack_config_invalid": {
        "fr": "Slack : {name}={value} n'est pas valable.",
        "en": "Slack: {name}={value} is not valid.",
    },
    # -- Matrix --------------------------------------------------------------------------------
    "matrix_usage": {
        "fr": "Commandes : {command}<question> · {command}quiz (puis, dans son fil : {command}retour · "
              "{command}fermer) · {command}partager <archétype> · {command}lang fr|en · {command}aide",
        "en": "Commands: {command}<question> · {command}quiz (then, in its thread: {command}back · "
              "{command}close) · {command}share <archetype> · {command}lang fr|en · {command}help",
    },
    "matrix_usage_share": {
        "fr": "Utilisation : {command}partager <archétype>, par exemple « {command}partager co-designer », "
              "dans un fil ou en réponse au message sur lequel ouvrir le fil.",
        "en": "Usage: {command}share <archetype>, e.g. “{command}share co-designer”, in a thread or as a "
              "reply to the message to start the thread on.",
    },
    "matrix_usage_lang": {
        "fr": "Utilisation : {command}lang fr ou {command}lang en (langue de ce salon : {current}).",
        "en": "Usage: {command}lang fr or {command}lang en (this room's language: {current}).",
    },
    "matrix_usage_quiz": {
        "fr": "Utilisation : {command}quiz (ou {command}quiz anonyme, sans les noms), dans le salon pour lancer "
              "un quiz d'équipe, dans son fil pour y participer. Dans le fil : {command}retour pour changer votre réponse précédente, {command}fermer "
              "pour clore le quiz que vous avez lancé.",
        "en": "Usage: {command}quiz (or {command}quiz anonymous, without names), in the room to start a team quiz, "
              "in its thread to take part. In the thread: "
              "{command}back to change your previous answer, {command}close to close the quiz you started.",
    },
    "matrix_usage_back": {
        "fr": "Utilisation : {command}retour, dans le fil d'un quiz, pour changer votre réponse précédente "
              "(ou réagissez ↩️ à votre sondage).",
        "en": "Usage: {command}back, in a quiz's thread, to change your previous answer (or react ↩️ to your poll).",
    },
    "matrix_usage_close": {
        "fr": "Utilisation : {command}fermer, dans le fil du quiz que vous avez lancé, pour le clore.",
        "en": "Usage: {command}close, in the thread of the quiz you started, to close it.",
    },
    "matrix_quiz_back_first": {
        "fr": "C'est la première question : il n'y a pas encore de réponse à changer.",
        "en": "This is the first question: there is no answer to change yet.",
    },
    "matrix_quiz_back_stale": {
        "fr": "Retour ignoré : ce n'était plus votre question en cours. Voici où vous en êtes.",
        "en": "Back ignored: that was no longer your current question. Here is where you are.",
    },
    "matrix_lang_set": {
        "fr": "Entendu : je réponds désormais en français dans ce salon.",
        "en": "Done: I will answer in English in this room from now on.",
    },
    "matrix_quiz_root": {
        "fr": "{starter} lance le quiz d'équipe. Pour participer, réagissez ✋ à ce message ou envoyez "
              "« {command}quiz » dans son fil. Chacun répond dans le fil : en votant au sondage, en réagissant "
              "avec le numéro de la réponse (1️⃣, 2️⃣…) ou en répondant par ce numéro ; « {command}retour » pour "
              "changer sa réponse précédente. Le profil de l'équipe s'affiche dans le fil ; {starter} peut clore le "
              "quiz avec « {command}fermer ».",
        "en": "{starter} starts the team quiz. To take part, react ✋ to this message or send “{command}quiz” "
              "in its thread. Everyone answers in the thread: by voting in the poll, reacting with the answer's "
              "number (1️⃣, 2️⃣…) or replying with that number; “{command}back” changes one's previous answer. "
              "The team profile shows in the thread; {starter} can close the quiz with “{command}close”.",
    },
    "matrix_config_missing": {
        "fr": "Matrix : il manque {names} (voir la section Matrix du README).",
        "en": "Matrix: {names} missing (see the Matrix section of the README).",
    },
    "matrix_config_invalid": {
        "fr": "Matrix : {name}={value} n'est pas valable (attendu : {expected}).",
        "en": "Matrix: {name}={value} is not valid (expected: {expected}).",
    },
    "matrix_login_refused": {
        "fr": "Matrix : le serveur refuse les identifiants de {user} ({error}).",
        "en": "Matrix: the homeserver refuses {user}'s credentials ({error}).",
    },
    "matrix_quiz_how": {
        "fr": "Votez au sondage, réagissez avec le numéro (1️⃣, 2️⃣…) ou répondez par ce numéro dans le fil.",
        "en": "Vote in the poll, react with the number (1️⃣, 2️⃣…) or reply with that number in the thread.",
    },
    # -- help --------------------------------------------------------------------------------
    "help_title": {
        "fr": "labtype — les 7 archétypes des labs d'innovation publique",
        "en": "labtype — the 7 archetypes of public innovation labs",
    },
    "help_intro": {
        "fr": "Posez votre question en français ou en anglais, fautes de frappe comprises.",
        "en": "Ask in French or English; typos are fine.",
    },
    "help_cell": {"fr": "Une case du tableau", "en": "One cell of the table"},
    "help_card": {"fr": "La fiche d'un archétype", "en": "An archetype's card"},
    "help_row": {"fr": "Comparer les 7 sur une caractéristique", "en": "Compare all 7 on one characteristic"},
    "help_search": {"fr": "Chercher dans le contenu", "en": "Search the content"},
    "help_quiz": {"fr": "Le quiz d'équipe", "en": "The team quiz"},
    "help_quiz_anonymous": {"fr": "Le quiz d'équipe, sans les noms", "en": "The team quiz, without names"},
    "help_archetypes": {"fr": "Les 7 archétypes", "en": "The 7 archetypes"},
    "help_characteristics": {"fr": "Les 5 caractéristiques", "en": "The 5 characteristics"},
    # -- actions ---------------------------------------------------------------------------
    "action_card": {"fr": "Voir la fiche complète", "en": "See the full card"},
    "action_row": {"fr": "Comparer", "en": "Compare"},
    "action_share": {"fr": "Partager dans le canal", "en": "Share in the channel"},
    "action_quiz": {"fr": "Lancer le quiz", "en": "Start the quiz"},
    # -- terminal --------------------------------------------------------------------------
    "chat_welcome": {
        "fr": "labtype — posez une question sur les 7 archétypes (« aide » pour des exemples, « quiz » pour le quiz, Ctrl-D pour quitter).",
        "en": "labtype — ask about the 7 archetypes (“help” for examples, “quiz” for the quiz, Ctrl-D to quit).",
    },
    "quiz_terminal_hint": {
        "fr": "Répondez par un numéro de 1 à {count} ; « retour » pour revenir à la question précédente, « stop » pour arrêter.",
        "en": "Answer with a number from 1 to {count}; “back” to return to the previous question, “stop” to quit.",
    },
    "quiz_none_running": {
        "fr": "Aucun quiz en cours. Tapez « quiz » pour en commencer un, ou posez une question.",
        "en": "No quiz is running. Type “quiz” to start one, or ask a question.",
    },
    "quiz_stopped": {"fr": "Quiz arrêté. Posez une question quand vous voulez.", "en": "Quiz stopped. Ask a question whenever you like."},
    "chat_bye": {"fr": "À bientôt !", "en": "Goodbye!"},
    "follow_up": {"fr": "{label} : « {query} »", "en": "{label}: “{query}”"},
    "config_error": {"fr": "Configuration incomplète : {error}", "en": "Incomplete configuration: {error}"},
    "quiz_json_needs_mode": {
        "fr": "--json s'emploie avec --describe ou --answers - ; sans eux, « labtype quiz » pose les questions ici.",
        "en": "--json goes with --describe or --answers -; without them, “labtype quiz” asks the questions here.",
    },
    "knowledge_error": {
        "fr": "labtype ne peut pas démarrer : {error}",
        "en": "labtype cannot start: {error}",
    },
}


def supported_lang(value: str | None) -> str:
    """`value` if it is a language the bot speaks, else the default (French)."""
    return value if value in LANGS else DEFAULT_LANG


def message(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang` (French when the language is unknown), filled with `values`."""
    texts = MESSAGES[key]
    return texts.get(lang, texts[DEFAULT_LANG]).format(**values)


def join_names(names: list[str], lang: str) -> str:
    """'A', 'A et B', 'A, B et C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {message('and', lang)} {names[-1]}"
