"""The words that frame a question rather than say what it is about, in French and English.

All entries are folded (lower case, no accents, punctuation as spaces), as `fold` makes the
query. Phrases are matched as whole words. Tuned on how practitioners ask (tests/core/queries.tsv),
not on the table's own words: those are in knowledge/typology.yaml.
"""

from __future__ import annotations

HELP_QUERIES = frozenset({"", "aide", "help", "h", "usage", "commandes", "commands", "menu", "info", "infos", "sos",
                          "aide moi", "aidez moi", "help me", "au secours"})

# -- how people type: SMS spellings, and words that only pad a message --------------------------
SPOKEN_FORMS = {  # folded token → what it stands for
    "kel": "quel", "kels": "quels", "kelle": "quelle", "kelles": "quelles", "koi": "quoi", "ki": "qui", "ke": "que",
    "fe": "fait", "pk": "pourquoi", "pq": "pourquoi", "jveux": "je veux", "jvoudrais": "je voudrais",
    "chui": "je suis", "jsuis": "je suis", "fer": "faire", "diff": "difference", "btw": "between", "wat": "what",
    "u": "you", "r": "are", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks", "coordo": "coordinateur",
    "admin": "administration",
}
PADDING = frozenset({  # greetings and fillers: dropped before the question is read ("c'est quoi exactement un archétype")
    "bonjour", "bonsoir", "salut", "slt", "bjr", "coucou", "hello", "hi", "hey", "exactement", "exactly",
    "vraiment", "really", "actually", "basically", "svp", "stp", "please", "merci", "thanks", "thank",
    "dabord", "bref", "enfin", "voila", "euh", "hum", "hmm", "ben", "bah", "so", "alors", "donc",
})

# -- the quiz -------------------------------------------------------------------------------------
QUIZ_NAMES = ("quiz", "quizz", "questionnaire", "autodiagnostic", "autodiag")  # typos of these count too
QUIZ_WEAK_NAMES = frozenset({"test", "tests", "diagnostic", "sondage", "survey", "assessment", "autoevaluation",
                             "selfassessment", "evaluation", "auto"})  # a quiz only with a request ("passer le test")
QUIZ_REQUESTS = (  # someone asking to take it
    "je veux", "j aimerais", "je voudrais", "on peut", "peut on", "pouvons nous", "est ce qu on peut", "on fait",
    "faisons", "faire le", "faire un", "passer", "passe", "lancer", "lance", "lancez", "commencer", "commence",
    "demarrer", "demarre", "jouer", "nous voulons", "on veut", "avec mon equipe", "avec notre equipe", "en equipe",
    "d equipe", "start", "run", "take", "launch", "begin", "let s", "lets", "i want", "we want", "i d like",
    "can we", "can i", "do the", "play", "team quiz", "with my team", "with our team", "as a team",
)
QUIZ_QUESTIONS = (  # someone asking how it works
    "comment marche", "comment fonctionne", "comment ca marche", "fonctionnement", "ca marche comment",
    "a quoi sert", "ca sert a quoi", "sert a quoi", "c est quoi", "qu est ce que", "combien de questions",
    "combien de temps", "duree", "how does", "how do", "how long", "how many questions", "what is the", "what s the",
    "what is a", "what is this", "explain", "explique", "resultat", "resultats", "anonymat", "is it anonymous",
    "est il anonyme", "est ce anonyme", "who sees", "qui voit", "works", "garde", "conserve", "stocke",
    "enregistre", "nos reponses", "mes reponses", "les reponses", "our answers", "my answers", "donnees", "data",
    "confidentiel", "confidentialite", "privacy", "prive", "privee", "partages", "partagees", "shared", "stored",
    "kept", "keep",
)
SELF_QUESTIONS = (  # "which archetype are we?": only the quiz can tell
    "sommes nous", "suis je", "are we", "am i", "ressemble t on", "nous ressemblons", "ressemble notre",
    "ressemble mon", "choisir mon", "choisir notre", "choose my", "choose our", "mon labo", "notre labo",
    "ma collectivite", "notre collectivite", "mon equipe", "notre equipe", "my lab", "our lab", "my team", "our team",
    "est ce qu on est", "on est quel", "on est lequel", "nous sommes quel", "we are", "fits us", "fit us",
    "notre structure", "ma structure", "notre archetype", "mon archetype", "our archetype", "my archetype",
    "on appartient", "nous appartenons", "appartient on", "we belong", "do we belong", "belong to",
    "nous correspond", "me correspond", "nous ressemble", "me ressemble", "suits us", "describes us",
    "like ours", "like us", "comme nous", "comme le notre", "comme la notre", "similar to ours", "ressemble au notre",
    "notre profil", "mon profil", "our profile", "my profile", "our organisation", "our organization", "my organisation", "my organization",
)
ANONYMOUS_WORDS = frozenset({"anonyme", "anonymes", "anonymous", "anon", "anonymement", "anonymously", "anonymized"})

# -- the typology itself ------------------------------------------------------------------------
ABOUT_SOURCE = (
    "source", "sources", "auteur", "auteurs", "autrice", "author", "authors", "authored", "publie", "publiee",
    "published", "publisher", "origine", "origin", "d ou vient", "where does", "come from", "comes from",
    "fait par", "faite par", "cree par", "creee par", "concu par", "concue par", "ecrit par", "redige par",
    "realise par", "elabore par", "made by", "written by", "created by", "designed by", "developed by",
    "qui a fait", "qui a cree", "qui a concu", "qui a ecrit", "qui a redige", "qui a realise", "qui a elabore",
    "qui a invente", "qui a publie", "qui est derriere", "who made", "who wrote", "who created", "who designed",
    "who developed", "who is behind", "who published", "credits", "reference du tableau", "references du tableau",
    "d ou viennent", "where do", "date", "quand", "when was", "version", "fiable", "reliable",
    "came up with", "come up with", "d ou sort", "ou sort", "sort d ou", "invented", "invente", "inventee", "imagine par", "imaginee par", "qui a eu l idee",
)
ABOUT_SUBJECTS = frozenset({  # what "fait par qui ?" is about
    "tableau", "typologie", "table", "typology", "classification", "grille", "modele", "model", "framework",
    "archetypes", "etude", "study", "document", "ca", "cela", "this", "it", "ces", "these", "cette", "ce", "those",
})
ABOUT_ARCHETYPES = (
    "combien de types", "combien d archetypes", "combien de labos", "combien de sortes", "combien de categories",
    "combien de profils", "combien de familles", "combien y a t il", "how many archetypes", "how many types",
    "how many kinds", "how many labs", "how many categories", "how many profiles", "quels sont les archetypes",
    "quels sont les types", "quels sont les 7", "quels sont les sept", "what are the archetypes", "what are the types",
    "what are the 7", "what are the seven", "which are the archetypes", "les differents types", "les differents archetypes",
    "the different types", "the different archetypes", "types de labos", "types of labs", "kinds of labs",
    "list the archetypes", "lister les archetypes", "name the archetypes", "enumere", "tous les archetypes",
    "all the archetypes", "all archetypes", "liste des archetypes", "liste archetypes", "list archetypes",
    "list of archetypes", "list of the archetypes", "les 7 archetypes", "les sept archetypes", "the 7 archetypes",
    "the seven archetypes", "7 archetypes", "sept archetypes", "seven archetypes", "pourquoi sept", "pourquoi 7",
    "why seven", "why 7", "il y en a sept", "il y en a 7",
)
ABOUT_CHARACTERISTICS = (
    "caracteristiques", "caracteristique", "characteristics", "criteres", "criteria", "dimensions", "axes",
    "colonnes", "lignes", "rows", "columns", "attributes", "attributs",
)
ABOUT_CHARACTERISTICS_CUES = (
    "quelles sont les", "quels sont les", "what are the", "which are the", "combien de", "how many", "liste des",
    "list of", "les 5", "les cinq", "the 5", "the five", "sur quoi", "on what", "selon quels", "according to",
    "lesquelles", "which", "quels criteres", "what criteria",
)
ABOUT_USAGE = (
    "que sais tu faire", "tu sais faire quoi", "tu sers a quoi", "a quoi tu sers", "comment t utiliser",
    "comment utiliser", "comment ca marche", "comment tu marches", "qui es tu", "tu es qui", "c est quoi labtype",
    "qu est ce que labtype", "what can you do", "what do you do", "how do i use", "how to use", "how does this work",
    "how do you work", "who are you", "what are you", "what is labtype", "labtype", "que peux tu", "what can i ask",
    "que puis je demander", "quelles questions", "bot", "chatbot", "robot", "ce bot", "this bot",
)
ABOUT_TYPOLOGY = (
    "c est quoi cette typologie", "c est quoi la typologie", "c est quoi ce tableau", "qu est ce que la typologie",
    "qu est ce que cette typologie", "qu est ce qu un archetype", "c est quoi un archetype", "what is this typology",
    "what is the typology", "what is an archetype", "what is this table", "explain the typology", "explique la typologie",
    "presente la typologie", "presentation de la typologie", "resume de la typologie", "overview of the typology",
    "a quoi sert la typologie", "a quoi sert ce tableau", "what is it for", "what s this typology",
    "de quoi parle", "what is it about", "c est quoi un labo d innovation", "qu est ce qu un labo d innovation",
    "c est quoi un laboratoire d innovation", "qu est ce qu un laboratoire d innovation", "what is a public innovation lab",
    "what is an innovation lab", "what is a policy lab",
)

# -- French examples --------------------------------------------------------------------------------
FRANCE_WORDS = frozenset({"francais", "francaise", "francaises", "france", "french", "fr", "hexagone", "hexagonal"})
EXAMPLE_WORDS = frozenset({"exemple", "exemples", "example", "examples", "labs", "labos", "lab", "labo",
                           "laboratoires", "laboratoire", "cas", "references", "reference", "initiatives", "structures",
                           "cites", "cited", "qui", "who", "which", "quels", "quelles", "lesquels", "ou", "where",
                           "there", "existe", "existent", "trouve", "any"})

# -- question types -----------------------------------------------------------------------------
MEANING = (  # "que veut dire systémique ici ?": what a word of the table means, not a characteristic
    "veut dire", "veulent dire", "signifie", "signifient", "definition", "definir", "entend par", "entendez par",
    "au sens de", "mean", "means", "meaning", "stand for", "stands for", "define",
)

FIRST_PERSON = frozenset({  # a self-description: "on forme les agents", "we run trials"
    "on", "nous", "notre", "nos", "je", "j", "mon", "ma", "mes", "we", "our", "i", "my", "us", "ours",
})
COLLECTIVE_FIRST_PERSON = frozenset({"on", "nous", "notre", "nos", "we", "our", "us", "ours"})
SELF_PHRASES = ("je travaille", "je bosse", "i work", "mon labo", "mon equipe", "ma collectivite", "ma structure",
                "my lab", "my team", "my organisation", "my organization")  # "je" alone asks more often than it tells
SELF_NOUNS = frozenset({  # what a self-description is about, not what it says: "à quel archétype ressemble ma collectivité ?"
    "collectivite", "collectivites", "ville", "commune", "mairie", "departement", "region", "administration", "labo",
    "lab", "equipe", "team", "structure", "organisation", "organization", "service", "entite", "ressemble", "resemble",
    "correspond", "appartient", "appartenons", "belong", "sommes", "suis", "am", "are", "est", "archetype", "type",
})
REQUEST_PHRASES = (  # asking, not describing oneself: "je voudrais en savoir plus sur l'apprenant"
    "je voudrais", "je veux", "j aimerais", "je cherche", "je recherche", "i want", "i d like", "i would like",
    "i m looking", "looking for", "en savoir plus", "tell me", "dis moi", "montre moi", "show me", "peux tu",
    "pouvez vous", "pourriez vous", "can you", "could you",
)
COMPARE_SEPARATORS = frozenset({"vs", "versus", "contre", "v"})  # "le labo qui fait du nudge vs celui qui fait du co-design"
NAME_IS_A = (  # "GovLab c'est un solutionneur ?": a name said to be an archetype
    "c est un", "c est une", "est un", "est une", "est il", "est elle", "is it", "is a", "is an", "fait partie",
    "belongs", "counts as", "considere comme", "classe comme",
)
COPULAS = frozenset({"is", "est", "c", "was", "etait"})  # "what archetype is Nesta?": a name follows
NAME_FRAMES = (  # a name asked about: "Nesta, c'est quel type ?", "is MindLab an example?"
    "c est quel", "c est lequel", "c est laquelle", "an example", "un exemple", "example of", "exemple de", "quel archetype",
    "quel type", "which archetype", "what archetype", "which type", "what type", "what kind", "lequel", "laquelle",
    "fait partie", "belong", "belongs", "est cite", "is cited", "cited", "cite", "in the table", "dans le tableau",
)
WHICH_ARCHETYPE = (  # the answer is an archetype: search the content for the rest
    "quel archetype", "quels archetypes", "quel type", "quels types", "quel labo", "quels labos", "quel lab",
    "quels labs", "quel laboratoire", "quels laboratoires", "quel profil", "quels profils", "lequel", "laquelle",
    "chez qui", "chez lequel", "chez lesquels",
    "lesquels", "lesquelles", "quelle categorie", "quelle famille", "chez quel", "dans quel archetype",
    "which archetype", "which archetypes", "what archetype", "which type", "what type", "which kind", "what kind",
    "which lab", "which labs", "what lab", "what labs", "which one", "which ones", "what kind of lab",
    "quel est l archetype qui", "c est quel archetype", "archetype qui", "archetypes qui", "labo qui", "labos qui",
    "labs that", "lab that", "archetype that", "archetypes that", "type de labo qui",
)
WHO_FIRST = frozenset({"qui", "who"})
ANTECEDENTS = frozenset({"labo", "labos", "lab", "labs", "laboratoire", "archetype", "archetypes", "type", "celui",
                         "celle", "ceux", "one", "those", "structure", "equipe", "team", "organisation", "entite"})
IDENTITY_WORDS = frozenset({"est", "sont", "is", "are", "c"})  # "c'est qui…", "qui est…", "who is…": the card  # "qui pratique le co-design ?": a which-archetype question
YES_NO = (
    "est il", "est elle", "est ce", "c est un", "c est une", "est un", "est une", "fait partie", "fait il partie",
    "considere comme", "compte comme", "classe comme", "range dans", "rentre dans", "is it", "is the", "is a", "is an",
    "isn t", "counts as", "count as", "belong", "belongs", "classed as", "an example of", "un exemple de",
    "ont ils", "ont elles", "ont il", "have the same", "do they have", "sont ils", "sont elles", "are they",
    "partagent ils", "do they share", "ils ont", "is", "are", "vrai que", "true that", "exact que",
)
SAME_WORDS = frozenset({"meme", "memes", "same", "identique", "identiques", "pareil", "pareils", "pareille",
                        "commun", "commune", "communs", "partagent", "partagee", "share", "shared", "similar",
                        "semblable", "semblables", "equivalent", "equivalents"})

# Question words that name a characteristic: strong ones anywhere, weak ones only with an archetype.
CHARACTERISTIC_CUES: dict[str, tuple[str, ...]] = {
    "responsabilite": (
        "qui tient les renes", "tient les renes", "qui pilote", "qui decide", "qui dirige", "qui commande",
        "qui porte", "qui est responsable", "qui est redevable", "qui rend des comptes", "qui definit",
        "qui fixe", "qui choisit", "qui mene", "qui gouverne", "qui a la main", "qui est aux commandes",
        "qui est en charge", "qui s en occupe", "qui est aux manettes", "qui oriente", "qui arbitre",
        "who is in charge", "in charge", "who decides", "who leads", "who runs", "who steers", "who owns",
        "who sets the agenda", "sets the agenda", "who is accountable", "accountable", "who is responsible",
        "who calls the shots", "who governs", "who defines", "who sets", "who chooses", "who drives",
        "who is at the helm", "who holds", "decision making", "prise de decision", "decisionnaire",
        "decisionnaires", "pouvoir de decision", "strategie", "strategy", "agenda",
    ),
    "positionnement": (
        "ou se situe", "se situe", "ou se place", "se place", "se positionne", "ou est il place", "rattache",
        "rattachee", "rattaches", "rattachees", "en interne", "interne ou", "avec l exterieur", "a l exterieur", "hors de l administration",
        "dans l administration", "par rapport a l administration", "vis a vis", "lien avec", "rapport avec",
        "where does it sit", "where is it", "where it sits", "sits", "inside or outside", "internal or external",
        "in house", "in the administration", "inside government", "outside government", "with outside",
        "relationship to", "relation to", "relates to", "relate to", "related to", "relationship with",
        "works with outside", "relative to",
    ),
    "methodes": (
        "comment travaille", "comment fait", "comment font", "comment ils travaillent", "comment il travaille",
        "comment elle travaille", "comment s y prend", "comment ils s y prennent", "avec quoi", "quels outils",
        "quelles methodes", "quelles pratiques", "quelle methode", "quelle approche", "how does it work",
        "how do they work", "how does it operate", "what methods", "what tools", "which methods", "which tools",
        "what approach", "how they work", "how it works", "what do they use", "boite a outils", "toolbox",
        "savoir faire", "know how",
    ),
    "objectif": (
        "a quoi sert", "a quoi servent", "sert a quoi", "servent a quoi", "pour quoi faire", "pourquoi faire",
        "que cherche", "cherche a", "vise", "visent", "veut faire", "veulent faire", "que veut", "ce qu il veut",
        "what is it for", "what for", "what does it want", "what do they want", "aims to", "aim to", "tries to",
        "try to", "seeks to", "seek to", "is for", "raison d etre", "mission du", "la mission de", "vocation",
    ),
    "exemples": (
        "quels labos sont", "quels labs sont", "labos connus", "labs connus", "connus", "connu", "exemples connus",
        "qui le fait", "qui fait ca", "qui fait cela", "qui sont ils", "des noms", "des exemples", "par exemple",
        "en vrai", "dans la vraie vie", "concretement", "in real life", "in practice", "for instance", "for example",
        "real world", "real examples", "known labs", "well known", "famous", "existing labs", "who does it",
        "who does this", "who are they", "names of", "existe t il", "existent ils", "ca existe", "real labs",
    ),
}
WEAK_CHARACTERISTIC_CUES: dict[str, tuple[str, ...]] = {
    "responsabilite": ("qui", "who", "chef", "patron", "boss", "lead", "leads", "pilote", "pilotes", "decide"),
    "positionnement": ("ou", "where", "place", "situe", "position"),
    "methodes": ("comment", "how", "outil", "manieres", "maniere", "facon"),
    "objectif": ("pourquoi", "why", "pour quoi", "but"),
    "exemples": ("labos", "labs", "lesquels", "noms", "names", "connait"),
}

# Words that say what kind of answer is wanted, or frame the question, never what it is about.
STOPWORDS = frozenset(
    """a à au aux avec c ce ces cet cette d de des du en est et il j l la le les leur leurs m ma mes mon n ne ni
    nos notre ou où par pas pour qu que quel quelle quelles quels quoi s sa se ses son sont sur t ta te tes ton
    un une vos votre y qu est ce cest quest dans comment donne donner moi montre montrer affiche afficher voir
    dis dit the an of for to in on and or is are what which whats about show me tell give please s its their
    what's do does did fait font fais how lab labs labo labos laboratoire laboratoires type types archetype archetypes profil
    profile fiche card carte vs versus compare comparer comparaison comparison tableau table typologie typology
    numero number no nr role roles utilise utilisent use uses using lequel laquelle lesquels lesquelles qui who
    entre between difference differences differe different differents differentes distingue distinguer oppose
    elle ils elles on nous vous je tu it they we you i that this these those there chez ont a as be been being
    has have had was were will would can could should may might est-il ca cela ceci plus moins more less most
    tres very bien good alors donc so then quand when where why pourquoi parce because avez avons suis etes
    sommes y-a il-y-a ya peut peux peuvent veut veux veulent dois doit faut svp stp merci thanks thank hello
    bonjour salut hi hey ok okay oui non yes un deux trois celui celle ceux celles one ones with from by at into onto while been would if any
    put some each other than also just only such m ve ll d re im""".split()
)
COMPOUND_PREFIXES = frozenset({"co", "re", "pre", "inter", "supra", "auto", "multi", "trans"})  # "co-design" = "codesign"
GENERIC_WORDS = frozenset(  # frequent verbs and fillers that steer a content search the wrong way
    """travaille travailler travaillent travaillant travail travaux work works working worked fait faire font
    faites make makes making made does doing done utilise utiliser utilisent utilisation use uses used using
    relies rely relying repose reposent reposer s appuie appuie appuient appuyer base basee basees based
    pratique pratiquent pratiquer practice practices practise practises applique appliquent applied apply applies
    mise met mettent mettre put puts avoir have has chose choses thing things truc trucs machin genre kind sort
    vraiment really beaucoup lot lots much many souvent often toujours always focus focuses concentre axe axes
    parle parlent talk talks speak mentionne mention mentions cite cites connu connus known deal deals traite
    s occupe occupe occupent correspond correspondent corresponds correspondre matches match fits fit convient
    conviennent adapte adaptes suited suit suits best mieux meilleur meilleure ideal ideale run runs running
    mene mener menons menent conduct conducts conducting accompagne accompagner accompagnons accompagnent
    aide aider aidons aident help helps helping support supports supporting surtout mainly mostly principalement
    essentiellement aimerait aimerions savoir know wondering wonder plusieurs several various divers diverses
    nombreux nombreuses""".split()
)
LIST_WORDS = frozenset({"archetypes", "typologie", "typology", "liste", "list", "tous", "all", "overview", "sommaire"})
COUNTED_WORDS = LIST_WORDS | frozenset({  # "les 5 caractéristiques", "the seven types": a count, not an archetype
    "caracteristiques", "characteristics", "criteres", "criteria", "dimensions", "questions", "types", "labs", "labos",
    "laboratoires", "profils", "profiles", "categories", "familles", "kinds", "colonnes", "lignes", "columns", "rows"})
NUMBER_CUES = frozenset({"le", "la", "l", "du", "au", "the", "n", "no", "numero", "number", "archetype", "type",
                         "archetypes", "types", "labos", "labs", "numeros", "numbers",
                         "lab", "labo", "laboratoire", "fiche", "card", "compare", "comparer", "vs", "versus",
                         "entre", "between"})  # "compare 4 and 5": one cued number cues the others  # "le 4", "archetype 5"; not "les 7 archetypes"
NUMBER_WORDS = {
    **{str(n): n for n in range(1, 8)},
    "1er": 1, "1ere": 1, "premier": 1, "premiere": 1, "first": 1, "1st": 1,
    "2e": 2, "2eme": 2, "deux": 2, "deuxieme": 2, "second": 2, "two": 2, "2nd": 2,
    "3e": 3, "3eme": 3, "trois": 3, "troisieme": 3, "three": 3, "third": 3, "3rd": 3,
    "4e": 4, "4eme": 4, "quatre": 4, "quatrieme": 4, "four": 4, "fourth": 4, "4th": 4,
    "5e": 5, "5eme": 5, "cinq": 5, "cinquieme": 5, "five": 5, "fifth": 5, "5th": 5,
    "6e": 6, "6eme": 6, "six": 6, "sixieme": 6, "sixth": 6, "6th": 6,
    "7e": 7, "7eme": 7, "sept": 7, "septieme": 7, "seven": 7, "seventh": 7, "7th": 7,
}
