"""Demo initiatives under Borås Stad's agreement (``load_demo --agreement boras``): one in each of
the five steps, in the agreement's own development areas, with the förvaltningar, the housing
company and the joined associations of ``accounts.demo_boras``.

Every title and sentence is invented. Dates are fixed relative to the demo's year (``demo_year()``)
and rows are found again by title, so running load_demo twice in a year leaves the same rows.
"""

import datetime

from django.utils import timezone

from accounts.demo import other_demo_email
from accounts.demo_boras import COMPANY, person_email
from overenskommelse.demo_year import demo_year
from overenskommelse.process import Step

from .demo_initiatives import initiatives_load
from .models import CollaborationForm, Horizon

FRITID = "Fritids- och folkhälsoförvaltningen"
SOCIAL = "Sociala omsorgsförvaltningen"
VAV = "Föreningen Vävkretsen"
VISKAN = "Idrottsklubben Viskan"
SJUHARAD = "Studiecirkelförbundet Sjuhärad"
JOUREN = "Kvinnojouren Trygghetshuset"

EARLY = "tidig-involvering"
FORUM = "aterkommande-forum"
VOICE = "rostbarande-funktion"
AREAS = {slug: slug for slug in (EARLY, FORUM, VOICE)}


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


# The evaluation per principle, in the order of Borås's four principles.
ASSESSMENTS = [
    "Föreningen planerade själv aktiviteterna; bolaget bidrog med lokaler och kontakter.",
    "Barnens och ledarnas erfarenheter samlades in efter varje vecka och styrde nästa.",
    "Budget och deltagarantal redovisades öppet för samrådet och i hyresgästföreningen.",
    "Avtalet gällde två somrar, och parterna träffades varje månad under planeringen.",
]

def _initiatives(year: int) -> list:
    """Borås's demo initiatives, dated relative to the demo's year (``year``)."""
    return [
        {
            "title": "Vävcafé för nyanlända kvinnor i Norrby",
            "parties": [VAV],
            "by": person_email("forening"),
            "created_at": _at(year, 9, 8),
            "need": (
                "Många nyanlända kvinnor i Norrby har få platser att träffa andra på. Att väva "
                "tillsammans kräver inget gemensamt språk och ger samtal av sig självt."
            ),
            "goal": "Ett vävcafé en eftermiddag i veckan, öppet för alla kvinnor i området.",
            "areas": [FORUM],
            "directions": [(FORUM, 2)],
            "horizon": Horizon.SHORT,
            "looking_for_partners": True,
            "partners_wanted": (
                "En förvaltning eller bostadsbolaget, som kan hjälpa oss att nå kvinnorna och låna "
                "ut en lokal i området."
            ),
            "step": Step.INITIATIVE,
            "history": [],
            "interests": [
                (
                    SJUHARAD,
                    "Vi kan ordna språkstöd i cirkelform under vävträffarna.",
                    _at(year, 9, 24),
                )
            ],
        },
        {
            "title": "Tidig dialog om nya spontanidrottsplatser",
            "parties": [VISKAN, FRITID],
            "by": person_email("handlaggare"),
            "created_at": _at(year - 1, 11, 4),
            "need": (
                "Nya spontanidrottsplatser planeras utan att föreningarna som ska använda dem har "
                "varit med; platserna blir sedan fel för dem som spelar där."
            ),
            "goal": (
                "Föreningarna är med från första skissen: ett dialogmöte för varje ny plats innan "
                "förvaltningen beställer den."
            ),
            "areas": [EARLY],
            "directions": [(EARLY, 1)],
            "horizon": Horizon.LONG,
            "step": Step.IMPLEMENTATION,
            "form": CollaborationForm.JOINT_PROJECT,
            "starts_on": _d(year, 2, 1),
            "implementation_plan": (
                "Förvaltningen bjuder in till dialogmöten; klubben samlar synpunkter från sina lag och "
                "från unga som inte är medlemmar."
            ),
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year, 1, 20), person_email("handlaggare"), ""),
            ],
        },
        {
            "title": "Referensgrupp om stöd till våldsutsatta",
            "parties": [JOUREN, SOCIAL],
            "by": None,
            "created_at": _at(year - 1, 3, 10),
            "need": (
                "Staden ändrade sitt stöd till våldsutsatta utan att höra dem som möter de utsatta "
                "varje dag."
            ),
            "goal": "En referensgrupp där jouren och förvaltningen går igenom stödet varje kvartal.",
            "areas": [VOICE],
            "directions": [(VOICE, 1)],
            "horizon": Horizon.LONG,
            "step": Step.RESULT,
            "form": CollaborationForm.OTHER,
            "starts_on": _d(year - 1, 5, 1),
            "implementation_plan": "Förvaltningen kallar till möten; jouren tar med sig de utsattas erfarenheter.",
            "ends_on": _d(year, 6, 30),
            "results_summary": "Fem möten hölls; tre förslag från jouren togs in i stadens nya riktlinjer.",
            "dissemination": "Redovisat för samrådet och för sociala omsorgsnämnden.",
            "reported_to_group_on": _d(year, 10, 13),
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year - 1, 4, 15), None, ""),
                ("forward", Step.IMPLEMENTATION, Step.RESULT, _at(year, 10, 20), None, ""),
            ],
        },
        {
            "title": "Utbildningsdagar om samverkan och IOP",
            "parties": [SJUHARAD, FRITID],
            "by": person_email("handlaggare"),
            "created_at": _at(year - 2, 9, 2),
            "need": "Föreningar och tjänstepersoner vet för lite om hur de kan samverka och om IOP.",
            "goal": "Fyra utbildningsdagar där föreningar och förvaltningar lär sig tillsammans.",
            "areas": [FORUM],
            "directions": [(FORUM, 1)],
            "horizon": Horizon.SHORT,
            "step": Step.EVALUATION,
            "form": CollaborationForm.JOINT_PROJECT,
            "starts_on": _d(year - 1, 1, 15),
            "implementation_plan": "Studieförbundet leder dagarna; förvaltningen bjuder in och står för lokalen.",
            "ends_on": _d(year - 1, 12, 31),
            "results_summary": "Nittio deltagare, hälften från föreningar och hälften från staden.",
            "dissemination": "Material och filmer på stadens webbplats; presenterat för samrådet.",
            "reported_to_group_on": _d(year, 5, 19),
            "evaluation_worked": "Att föreningar och tjänstepersoner satt vid samma bord.",
            "evaluation_did_not_work": "Dagtid passade inte föreningar som bara har ideella krafter.",
            "evaluation_lessons": "",
            "assessments": 2,  # the evaluation is being written: two principles of four
            "assessment_texts": [
                "Studieförbundet bestämde själv upplägget; förvaltningen lade sig inte i innehållet.",
                "Deltagarna utvärderade varje dag, och nästa dag ändrades efter det.",
            ],
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year - 2, 12, 10), person_email("handlaggare"), ""),
                ("forward", Step.IMPLEMENTATION, Step.RESULT, _at(year, 5, 25), person_email("handlaggare"), ""),
                ("forward", Step.RESULT, Step.EVALUATION, _at(year, 6, 2), person_email("handlaggare"), ""),
            ],
        },
        {
            "title": "Sommaraktiviteter för barn i Norrby",
            "parties": [COMPANY, VISKAN],
            "by": person_email("bolaget"),
            "created_at": _at(year - 3, 11, 20),
            "need": "Många barn i Norrby har inget att göra på sommarlovet och reser sällan bort.",
            "goal": "Gratis idrott och lek på gården varje vardag under sex sommarveckor.",
            "areas": [FORUM, EARLY],
            "directions": [(FORUM, 2)],
            "horizon": Horizon.SHORT,
            "step": Step.FOLLOW_UP,
            "form": CollaborationForm.IOP,
            "starts_on": _d(year - 2, 6, 1),
            "implementation_plan": "Klubben håller i aktiviteterna; bolaget står för gårdar, förråd och information.",
            "ends_on": _d(year - 1, 8, 31),
            "results_summary": "Omkring 180 barn deltog varje sommar; tolv unga från området fick feriejobb som ledare.",
            "dissemination": f"Presenterat på samverkansdagen {year - 1} och i bolagets hyresgästtidning.",
            "reported_to_group_on": _d(year - 1, 10, 14),
            "evaluation_worked": "Unga ledare från området gjorde att barnen kom tillbaka.",
            "evaluation_did_not_work": "Regniga dagar saknades en lokal inomhus.",
            "evaluation_lessons": "Boka en inomhuslokal i förväg och starta rekryteringen av ledare i mars.",
            "assessments": 4,
            "assessment_texts": ASSESSMENTS,
            "evaluation_completed_at": _at(year, 2, 10),
            "followup_year": year - 1,
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year - 2, 4, 22), person_email("bolaget"), "IOP tecknad."),
                ("forward", Step.IMPLEMENTATION, Step.RESULT, _at(year - 1, 10, 20), person_email("bolaget"), ""),
                ("forward", Step.RESULT, Step.EVALUATION, _at(year - 1, 11, 3), person_email("bolaget"), ""),
                ("forward", Step.EVALUATION, Step.FOLLOW_UP, _at(year, 2, 10), person_email("bolaget"), ""),
            ],
        },
    ]


def load_initiatives(*, stdout) -> None:
    initiatives = _initiatives(demo_year())
    initiatives_load(
        initiatives,
        areas=AREAS,
        convener=other_demo_email("sammankallande", "boras"),
        officer=person_email("handlaggare"),
    )
    stdout.write(f"  initiatives: {len(initiatives)}, one in each step")
