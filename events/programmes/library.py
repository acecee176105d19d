# ruff: noqa: E501 -- prompts are prose in four languages, one per line
"""The plans the site ships: Soliya's culture-to-controversy progression and Sustained
Dialogue's five stages, with prompts in English, French, Spanish and Arabic.

Plain data; `install_shipped_plans` (services) writes them once, keyed by `source`. Every
session follows the same arc: welcome and agreements, a go-round, questions of curiosity, open
dialogue, a closing round. What changes from session to session is the stage and its prompts.
"""

from __future__ import annotations

from dataclasses import dataclass

Text = dict[str, str]  # {"en": ..., "fr": ..., "es": ..., "ar": ...}


def t(en: str, fr: str, es: str, ar: str) -> Text:
    return {"en": en, "fr": fr, "es": es, "ar": ar}


WELCOME = t(
    "Welcome back. Read the group agreements together; ask if anything needs adding.",
    "Bienvenue. Relisez ensemble les accords du groupe ; demandez s'il faut en ajouter.",
    "Bienvenidos. Leed juntos los acuerdos del grupo; preguntad si hace falta añadir algo.",
    "أهلًا بكم. اقرؤوا اتفاقات المجموعة معًا؛ واسألوا إن كان ينبغي إضافة شيء.",
)
CURIOSITY = t(
    "Ask one question of someone here that you are truly curious about: one you do not know the answer to.",
    "Posez à quelqu'un ici une question qui vous intrigue vraiment : une dont vous ignorez la réponse.",
    "Haz a alguien del grupo una pregunta que de verdad te intrigue: una cuya respuesta no conozcas.",
    "اطرح على أحد الحاضرين سؤالًا يثير فضولك حقًا: سؤالًا لا تعرف جوابه.",
)
CLOSING = t(
    "In a sentence or two: what will you take with you from today?",
    "En une ou deux phrases : que retenez-vous d'aujourd'hui ?",
    "En una o dos frases: ¿qué te llevas de hoy?",
    "في جملة أو جملتين: ما الذي ستحمله معك من لقاء اليوم؟",
)


@dataclass(frozen=True)
class SessionStage:
    stage: str
    go_round: Text
    dialogue: Text


@dataclass(frozen=True)
class ShippedPlan:
    source: str
    title: Text
    description: Text
    sessions: tuple[SessionStage, ...]


SOLIYA = ShippedPlan(
    source="soliya",
    title=t(
        "From culture to controversy (8 sessions)",
        "De la culture à la controverse (8 séances)",
        "De la cultura a la controversia (8 sesiones)",
        "من الثقافة إلى القضايا الخلافية (8 جلسات)",
    ),
    description=t(
        "After the Connect Program: trust is built on everyday life first, then the group turns to what divides it.",
        "D'après le Connect Program : la confiance se construit d'abord sur la vie quotidienne, puis le groupe aborde ce qui le divise.",
        "Según el Connect Program: la confianza se construye primero sobre la vida cotidiana y luego el grupo aborda lo que lo divide.",
        "على نهج برنامج كونكت: تُبنى الثقة أولًا على الحياة اليومية، ثم تنتقل المجموعة إلى ما يفرّقها.",
    ),
    sessions=(
        SessionStage(
            "introductions",
            t(
                "Your name, where you are, and the story behind your name.",
                "Votre nom, où vous êtes, et l'histoire de votre prénom.",
                "Tu nombre, dónde estás y la historia de tu nombre.",
                "اسمك، ومكانك، والقصة وراء اسمك.",
            ),
            t(
                "What would you like this group to be for you over the weeks ahead?",
                "Que voudriez-vous que ce groupe soit pour vous dans les semaines à venir ?",
                "¿Qué te gustaría que este grupo fuera para ti en las próximas semanas?",
                "ماذا تودّ أن تكون هذه المجموعة بالنسبة إليك في الأسابيع القادمة؟",
            ),
        ),
        SessionStage(
            "everyday-life",
            t(
                "Describe a normal day in your life, from waking up to going to sleep.",
                "Décrivez une journée ordinaire de votre vie, du réveil au coucher.",
                "Describe un día normal de tu vida, desde que te levantas hasta que te acuestas.",
                "صف يومًا عاديًا من حياتك، من الاستيقاظ حتى النوم.",
            ),
            t(
                "What surprised you in how the others live their days?",
                "Qu'est-ce qui vous a surpris dans la façon dont les autres vivent leurs journées ?",
                "¿Qué te sorprendió de cómo viven los demás sus días?",
                "ما الذي فاجأك في طريقة عيش الآخرين لأيامهم؟",
            ),
        ),
        SessionStage(
            "culture-identity",
            t(
                "Name one thing from your culture you are proud of, and one you question.",
                "Citez une chose de votre culture dont vous êtes fier, et une que vous remettez en question.",
                "Nombra algo de tu cultura de lo que estés orgulloso y algo que cuestiones.",
                "اذكر شيئًا من ثقافتك تفخر به، وشيئًا تتساءل عنه.",
            ),
            t(
                "Which parts of who you are do others most often get wrong?",
                "Quelles parts de vous les autres comprennent-ils le plus souvent mal ?",
                "¿Qué partes de quien eres suelen malinterpretar los demás?",
                "أي جوانب من شخصيتك يسيء الآخرون فهمها في الغالب؟",
            ),
        ),
        SessionStage(
            "media-perceptions",
            t(
                "What do the media where you live say about the others' countries?",
                "Que disent les médias chez vous des pays des autres ?",
                "¿Qué dicen los medios de tu país sobre los países de los demás?",
                "ماذا تقول وسائل الإعلام في بلدك عن بلدان الآخرين؟",
            ),
            t(
                "Where do those images come from, and what do they leave out?",
                "D'où viennent ces images, et que laissent-elles de côté ?",
                "¿De dónde vienen esas imágenes y qué dejan fuera?",
                "من أين تأتي هذه الصور، وما الذي تغفله؟",
            ),
        ),
        SessionStage(
            "migration-belonging",
            t(
                "Has someone in your family moved to another country or city? Tell us about it.",
                "Quelqu'un de votre famille a-t-il quitté son pays ou sa ville ? Racontez.",
                "¿Alguien de tu familia se ha mudado a otro país o ciudad? Cuéntanoslo.",
                "هل انتقل أحد من عائلتك إلى بلد أو مدينة أخرى؟ حدّثنا عن ذلك.",
            ),
            t(
                "What makes a place feel like home, and who decides who belongs?",
                "Qu'est-ce qui fait qu'un lieu devient un chez-soi, et qui décide qui y a sa place ?",
                "¿Qué hace que un lugar se sienta como un hogar y quién decide quién pertenece?",
                "ما الذي يجعل مكانًا ما وطنًا، ومن يقرّر من ينتمي إليه؟",
            ),
        ),
        SessionStage(
            "controversy",
            t(
                "Name an issue between our societies that is hard for you to talk about, and why.",
                "Citez un sujet entre nos sociétés dont il vous est difficile de parler, et pourquoi.",
                "Nombra un tema entre nuestras sociedades del que te cueste hablar, y por qué.",
                "اذكر قضية بين مجتمعاتنا يصعب عليك الحديث عنها، ولماذا.",
            ),
            t(
                "Speak from your own experience: how does this issue touch your life?",
                "Parlez de votre propre expérience : comment ce sujet touche-t-il votre vie ?",
                "Habla desde tu experiencia: ¿cómo toca este tema tu vida?",
                "تحدّث من تجربتك: كيف تمسّ هذه القضية حياتك؟",
            ),
        ),
        SessionStage(
            "controversy-deeper",
            t(
                "What did you hear last time that stayed with you?",
                "Qu'avez-vous entendu la dernière fois qui vous est resté ?",
                "¿Qué escuchaste la última vez que se te quedó?",
                "ما الذي سمعته في المرة الماضية وبقي معك؟",
            ),
            t(
                "Where do we disagree, and what do we each care about underneath?",
                "Où sommes-nous en désaccord, et qu'est-ce qui compte pour chacun en dessous ?",
                "¿En qué no estamos de acuerdo y qué nos importa a cada uno en el fondo?",
                "أين نختلف، وما الذي يهمّ كلًّا منّا في العمق؟",
            ),
        ),
        SessionStage(
            "acting-together",
            t(
                "What has changed in how you see the others since our first session?",
                "Qu'est-ce qui a changé dans votre regard sur les autres depuis la première séance ?",
                "¿Qué ha cambiado en cómo ves a los demás desde la primera sesión?",
                "ما الذي تغيّر في نظرتك إلى الآخرين منذ جلستنا الأولى؟",
            ),
            t(
                "What could we do, each where we live, with what we learned here?",
                "Que pourrions-nous faire, chacun là où il vit, de ce que nous avons appris ici ?",
                "¿Qué podríamos hacer, cada uno donde vive, con lo que aprendimos aquí?",
                "ماذا يمكننا أن نفعل، كلٌّ في مكانه، بما تعلّمناه هنا؟",
            ),
        ),
    ),
)

SUSTAINED_DIALOGUE = ShippedPlan(
    source="sustained-dialogue",
    title=t(
        "Sustained Dialogue: five stages",
        "Dialogue soutenu : cinq étapes",
        "Diálogo sostenido: cinco etapas",
        "الحوار المستدام: خمس مراحل",
    ),
    description=t(
        "Deciding to engage, mapping relationships, probing problems, building scenarios, acting together.",
        "S'engager, cartographier les relations, sonder les problèmes, construire des scénarios, agir ensemble.",
        "Decidir participar, mapear relaciones, indagar los problemas, construir escenarios, actuar juntos.",
        "قرار الانخراط، ورسم العلاقات، وسبر المشكلات، وبناء السيناريوهات، والعمل معًا.",
    ),
    sessions=(
        SessionStage(
            "deciding-to-engage",
            t(
                "Why did you choose to join this dialogue?",
                "Pourquoi avez-vous choisi de rejoindre ce dialogue ?",
                "¿Por qué elegiste unirte a este diálogo?",
                "لماذا اخترت الانضمام إلى هذا الحوار؟",
            ),
            t(
                "What do we hope to understand together, and what worries us about trying?",
                "Qu'espérons-nous comprendre ensemble, et qu'est-ce qui nous inquiète dans cette démarche ?",
                "¿Qué esperamos entender juntos y qué nos preocupa al intentarlo?",
                "ما الذي نأمل أن نفهمه معًا، وما الذي يقلقنا في المحاولة؟",
            ),
        ),
        SessionStage(
            "mapping-relationships",
            t(
                "Which groups in your city or university do you rarely meet? Why?",
                "Quels groupes de votre ville ou université rencontrez-vous rarement ? Pourquoi ?",
                "¿Con qué grupos de tu ciudad o universidad te encuentras pocas veces? ¿Por qué?",
                "ما الجماعات في مدينتك أو جامعتك التي نادرًا ما تلتقي بها؟ ولماذا؟",
            ),
            t(
                "Draw the relationships between those groups: where is the distance, where the tension?",
                "Dessinez les relations entre ces groupes : où est la distance, où est la tension ?",
                "Dibuja las relaciones entre esos grupos: ¿dónde está la distancia y dónde la tensión?",
                "ارسم العلاقات بين هذه الجماعات: أين المسافة، وأين التوتر؟",
            ),
        ),
        SessionStage(
            "probing-problems",
            t(
                "Choose one of those tensions. When did you last feel it?",
                "Choisissez l'une de ces tensions. Quand l'avez-vous ressentie pour la dernière fois ?",
                "Elige una de esas tensiones. ¿Cuándo la sentiste por última vez?",
                "اختر أحد هذه التوترات. متى شعرت به آخر مرة؟",
            ),
            t(
                "What lies underneath it: what does each side need that it is not getting?",
                "Qu'y a-t-il en dessous : de quoi chaque côté a-t-il besoin sans l'obtenir ?",
                "¿Qué hay debajo: qué necesita cada parte y no obtiene?",
                "ما الذي يكمن تحته: ما الذي يحتاجه كل طرف ولا يناله؟",
            ),
        ),
        SessionStage(
            "scenario-building",
            t(
                "Imagine the tension eased a year from now. What is different?",
                "Imaginez la tension apaisée dans un an. Qu'est-ce qui a changé ?",
                "Imagina que dentro de un año la tensión se ha aliviado. ¿Qué es distinto?",
                "تخيّل أن التوتر قد خفّ بعد عام من الآن. ما الذي تغيّر؟",
            ),
            t(
                "Which steps could lead there, who would take them, and what could stop them?",
                "Quelles étapes pourraient y mener, qui les franchirait, et qu'est-ce qui pourrait les empêcher ?",
                "¿Qué pasos podrían llevar allí, quién los daría y qué podría impedirlos?",
                "ما الخطوات التي قد تقود إلى ذلك، ومن سيخطوها، وما الذي قد يعيقها؟",
            ),
        ),
        SessionStage(
            "acting-together",
            t(
                "Which step will you take, and with whom from this group?",
                "Quelle étape ferez-vous, et avec qui de ce groupe ?",
                "¿Qué paso darás y con quién de este grupo?",
                "ما الخطوة التي ستخطوها، ومع من من هذه المجموعة؟",
            ),
            t(
                "Plan it: what, who, when, and how we will tell each other how it went.",
                "Planifiez-la : quoi, qui, quand, et comment nous nous dirons comment cela s'est passé.",
                "Planificadlo: qué, quién, cuándo y cómo nos contaremos cómo fue.",
                "خطّطوا لها: ماذا، ومن، ومتى، وكيف سنخبر بعضنا بما جرى.",
            ),
        ),
    ),
)

SHIPPED_PLANS = (SOLIYA, SUSTAINED_DIALOGUE)

# (kind, minutes) of every session's phases, in order: 120 minutes in all.
ARC = (("welcome", 10), ("go_round", 25), ("curiosity", 20), ("dialogue", 45), ("closing", 20))

AGREEMENTS = (
    t(
        "Speak for yourself, from your own experience.",
        "Parlez en votre nom, de votre propre expérience.",
        "Habla por ti, desde tu propia experiencia.",
        "تحدّث عن نفسك، ومن تجربتك الخاصة.",
    ),
    t(
        "Respect the time: share the floor.",
        "Respectez le temps : partagez la parole.",
        "Respeta el tiempo: comparte la palabra.",
        "احترم الوقت: شارك الكلمة.",
    ),
    t("You may pass.", "Vous pouvez passer votre tour.", "Puedes pasar.", "يمكنك أن تتخطّى دورك."),
    t(
        "The stories stay here.",
        "Les histoires restent ici.",
        "Las historias se quedan aquí.",
        "القصص تبقى هنا.",
    ),
)


def phase_prompt(stage: SessionStage, kind: str) -> Text:
    """The prompt of one phase of a session at this stage."""
    return {
        "welcome": WELCOME,
        "go_round": stage.go_round,
        "curiosity": CURIOSITY,
        "dialogue": stage.dialogue,
        "closing": CLOSING,
    }[kind]


# Soliya-style questions asked before the first session and after the last (1 to 5).
DEFAULT_QUESTIONS = (
    {
        "key": "others",
        "text": {
            "en": "How positively do you see people from the other groups in this programme?",
            "fr": "Quel regard positif portez-vous sur les personnes des autres groupes de ce programme ?",
            "es": "¿Con qué grado de aprecio ves a las personas de los otros grupos de este programa?",
            "ar": "إلى أي حد تنظر بإيجابية إلى أشخاص المجموعات الأخرى في هذا البرنامج؟",
        },
    },
    {
        "key": "confidence",
        "text": {
            "en": "How confident are you talking with people who see the world differently?",
            "fr": "Quelle confiance avez-vous pour parler avec des personnes qui voient le monde autrement ?",
            "es": "¿Cuánta confianza tienes al hablar con personas que ven el mundo de otra manera?",
            "ar": "ما مدى ثقتك في الحديث مع أشخاص يرون العالم بطريقة مختلفة؟",
        },
    },
    {
        "key": "knowledge",
        "text": {
            "en": "How well do you know the daily lives of people in the other groups?",
            "fr": "Connaissez-vous bien la vie quotidienne des personnes des autres groupes ?",
            "es": "¿Qué tan bien conoces la vida diaria de las personas de los otros grupos?",
            "ar": "ما مدى معرفتك بالحياة اليومية لأشخاص المجموعات الأخرى؟",
        },
    },
)
