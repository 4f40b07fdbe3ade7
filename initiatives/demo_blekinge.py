"""Demo initiatives and commitments of a regional agreement (``load_demo --agreement blekinge``):
an initiative in each of the five steps in the agreement's development areas, and a few IOPs and
other commitments of the förvaltningar of each public party (the region and two municipalities),
all with the connected idea-driven organisations of ``accounts/demo.py``.

Every title, sentence, amount and diarienummer is invented. Dates (and the diarienummer's years)
are fixed relative to the demo's year (``demo_year()``). Rows are found again by title (and
förvaltning), so running load_demo twice in a year leaves the same rows.
"""

import datetime

from django.utils import timezone

from accounts.demo import other_demo_email
from accounts.models import Organisation
from overenskommelse.demo_year import demo_year
from overenskommelse.models import PriorityArea
from overenskommelse.process import Step

from .demo_initiatives import initiatives_load
from .models import CollaborationForm, Contribution, Horizon, Partnership

IOP = CollaborationForm.IOP
PROJECT = CollaborationForm.JOINT_PROJECT

# förvaltning, title, form, area slug, idea-driven parties, starts, ends, kronor per year, reference
def _partnerships(year: int) -> list:
    """Blekinge's commitments, dated relative to the demo's year (``year``)."""
    return [
        (
            "Regional utveckling, Region Blekinge",
            "Länsgemensamt stöd till idéburna entreprenörer",
            IOP,
            "ideburet-entreprenorskap",
            ["Nätverket idéburet Blekinge"],
            datetime.date(year, 2, 1),
            datetime.date(year + 2, 12, 31),
            600_000,
            f"RB {year}/0113",
        ),
        (
            "Kulturförvaltningen, Region Blekinge",
            "Kulturarv i skärgården med unga guider",
            PROJECT,
            "ideburet-engagemang",
            ["Stiftelsen Skärgårdens framtid", "Kustbygdens ungdomsförening"],
            datetime.date(year, 4, 1),
            datetime.date(year + 1, 9, 30),
            180_000,
            f"RB {year}/0287",
        ),
        (
            "Socialförvaltningen i Karlskrona",
            "Kvällsöppen mötesplats vid kusten",
            IOP,
            "ideburet-engagemang",
            ["Kustbygdens ungdomsförening"],
            datetime.date(year, 3, 1),
            datetime.date(year + 3, 2, 28),
            350_000,
            f"SN {year}/0045",
        ),
        (
            "Kultur- och fritidsförvaltningen i Karlskrona",
            "Studiecirklar om föreningsdemokrati",
            PROJECT,
            "samverkan-dialog-larande",
            ["Studieförbundet Blekingeleden"],
            datetime.date(year, 5, 1),
            None,
            90_000,
            f"KFN {year}/0102",
        ),
        (
            "Socialförvaltningen i Ronneby",
            "Stöd och gemenskap för nyanlända familjer",
            IOP,
            "samhallsutveckling-innovation",
            ["Mötesplats Brunnsskogen"],
            datetime.date(year, 1, 15),
            datetime.date(year + 2, 12, 31),
            420_000,
            f"SN {year - 1}/0391",
        ),
        (
            "Fritids- och kulturförvaltningen i Ronneby",
            "Ledarutbildning för unga i föreningslivet",
            PROJECT,
            "ideburet-engagemang",
            ["Studieförbundet Blekingeleden", "Mötesplats Brunnsskogen"],
            datetime.date(year, 8, 15),
            datetime.date(year + 1, 6, 30),
            75_000,
            f"FKN {year}/0077",
        ),
    ]


def load_partnerships(*, stdout) -> None:
    partnerships = _partnerships(demo_year())
    names = {name for row in partnerships for name in (row[0], *row[4])}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    areas = {area.slug: area for area in PriorityArea.objects.order_by("action_plan__starts_on")}
    count = 0
    for administration_name, title, form, area, parties, starts_on, ends_on, amount, reference in partnerships:
        administration = organisations.get(administration_name)
        party_list = [organisations.get(name) for name in parties]
        if administration is None or None in party_list:
            continue  # the register of accounts/demo.py was not loaded
        partnership, _created = Partnership.objects.update_or_create(
            administration=administration,
            title=title,
            defaults={
                "form": form,
                "priority_area": areas.get(area),
                "description": (
                    f"{administration_name} och {' och '.join(parties)} arbetar tillsammans inom "
                    "överenskommelsen. Parterna följer upp arbetet i styrgruppens verksamhetsplan."
                ),
                "starts_on": starts_on,
                "ends_on": ends_on,
                "decision_on": starts_on - datetime.timedelta(days=30),
                "decision_reference": reference,
            },
        )
        partnership.organisations.set(party_list)
        contribution, _created = Contribution.objects.update_or_create(
            partnership=partnership,
            organisation=administration,
            kind=Contribution.Kind.MONEY,
            defaults={"amount_sek_per_year": amount, "description": "Verksamhetsbidrag"},
        )
        partnership.contributions.exclude(pk=contribution.pk).delete()
        count += 1
    stdout.write(f"  commitments of the public parties' förvaltningar: {count}")


# --- The initiatives ---------------------------------------------------------------------------

DIALOGUE = "samverkan-dialog-larande"
ENGAGEMENT = "ideburet-engagemang"
ENTERPRISE = "ideburet-entreprenorskap"
INNOVATION = "samhallsutveckling-innovation"
AREAS = {slug: slug for slug in (DIALOGUE, ENGAGEMENT, ENTERPRISE, INNOVATION)}
REGION_CONTACT = "kontakt@region.demo.blekinge.se"


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


# The evaluation per principle, in the order of Blekinge's seven principles (the six shared ones,
# then innovation).
ASSESSMENTS = [
    "Mötesplatsen planerade själv lovets aktiviteter; förvaltningen lade sig inte i hur.",
    "Parterna stämde av varje vecka under lovet och direkt efteråt.",
    "Barnens och föräldrarnas synpunkter samlades in och styrde nästa veckas program.",
    "Parterna har redan bestämt att fortsätta nästa sommar, med samma ledare.",
    "Kostnader och deltagarantal redovisades för styrgruppen och på konferensen.",
    "Aktiviteterna var gratis och på flera språk, så att alla familjer kunde vara med.",
    "Unga ledare från området fick pröva egna idéer, till exempel en kvällsturnering.",
]

def _initiatives(year: int) -> list:
    """Blekinge's demo initiatives, dated relative to the demo's year (``year``)."""
    return [
        {
            "title": "Ungas röster om skärgårdens framtid",
            "parties": ["Kustbygdens ungdomsförening"],
            "by": None,
            "created_at": _at(year, 10, 21),
            "need": (
                "Unga i skärgården flyttar därifrån, och få frågar dem vad som skulle få dem att "
                "stanna."
            ),
            "goal": "Dialogträffar där unga i skärgården lämnar förslag till regionen och kommunerna.",
            "areas": [ENGAGEMENT],
            "directions": [(ENGAGEMENT, 2)],
            "horizon": Horizon.LONG,
            "looking_for_partners": True,
            "partners_wanted": "En kommun eller regionen som tar emot förslagen och svarar på dem.",
            "step": Step.INITIATIVE,
            "history": [],
        },
        {
            "title": "Mentorer för idéburna entreprenörer",
            "parties": ["Nätverket idéburet Blekinge", "Regional utveckling, Region Blekinge"],
            "by": REGION_CONTACT,
            "created_at": _at(year, 1, 26),
            "need": "Idéburna som vill starta verksamhet med tjänster saknar någon att fråga om affärer.",
            "goal": "Tjugo idéburna entreprenörer får en mentor från näringslivet eller det offentliga.",
            "areas": [ENTERPRISE],
            "directions": [(ENTERPRISE, 1), (ENTERPRISE, 2)],
            "horizon": Horizon.LONG,
            "step": Step.IMPLEMENTATION,
            "form": CollaborationForm.JOINT_PROJECT,
            "starts_on": datetime.date(year, 4, 1),
            "implementation_plan": "Nätverket hittar deltagarna; regionen hittar mentorerna och ordnar träffarna.",
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year, 3, 16), REGION_CONTACT, ""),
            ],
        },
        {
            "title": "Kunskapsöversikt om idéburen sektor i länet",
            "parties": ["Studieförbundet Blekingeleden", "Kulturförvaltningen, Region Blekinge"],
            "by": None,
            "created_at": _at(year, 1, 20),
            "need": "Ingen vet hur många idéburna organisationer länet har eller vad de gör.",
            "goal": "En översikt över länets idéburna organisationer och samverkan mellan sektorerna.",
            "areas": [DIALOGUE],
            "directions": [(DIALOGUE, 3)],
            "horizon": Horizon.SHORT,
            "step": Step.RESULT,
            "form": CollaborationForm.OTHER,
            "starts_on": datetime.date(year, 2, 1),
            "implementation_plan": "Studieförbundet samlar in uppgifter; regionen sammanställer och publicerar.",
            "ends_on": datetime.date(year, 8, 31),
            "results_summary": "Omkring 1 400 organisationer kartlagda; en tredjedel samverkar redan med det offentliga.",
            "dissemination": "Rapporten presenterades på den årliga konferensen och finns på regionens webbplats.",
            "reported_to_group_on": datetime.date(year, 9, 15),
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year, 1, 28), None, ""),
                ("forward", Step.IMPLEMENTATION, Step.RESULT, _at(year, 9, 21), None, ""),
            ],
        },
        {
            "title": "Lokala beredskapsnätverk i kustbyarna",
            "parties": ["Stiftelsen Skärgårdens framtid", "Socialförvaltningen i Karlskrona"],
            "by": None,
            "created_at": _at(year, 1, 14),
            "need": "När färjor och el slås ut vet ingen i byarna vem som behöver hjälp först.",
            "goal": "Ett nätverk i varje kustby som vet vilka som behöver stöd vid en kris.",
            "areas": [INNOVATION],
            "directions": [(INNOVATION, 2)],
            "horizon": Horizon.SHORT,
            "step": Step.EVALUATION,
            "form": CollaborationForm.JOINT_PROJECT,
            "starts_on": datetime.date(year, 2, 1),
            "implementation_plan": "Stiftelsen samlar byarna; förvaltningen bidrar med sina listor och rutiner.",
            "ends_on": datetime.date(year, 6, 30),
            "results_summary": "Nätverk i sex byar; en övning i maj visade att alla nåddes inom tre timmar.",
            "dissemination": "Redovisat för styrgruppen och för kommunens krisledning.",
            "reported_to_group_on": datetime.date(year, 9, 15),
            "evaluation_worked": "Byarnas egna kontaktpersoner kände alla som behövde hjälp.",
            "evaluation_did_not_work": "Listorna var svåra att hålla aktuella när folk flyttade.",
            "evaluation_lessons": "",
            "assessments": 3,  # the evaluation is being written: three principles of seven
            "assessment_texts": [
                "Stiftelsen och byarna bestämde själva hur nätverken skulle se ut.",
                "Parterna träffades varje månad och ringde varandra när något hände.",
                "Övningen i maj följdes upp tillsammans, och rutinerna ändrades efter den.",
            ],
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year, 1, 29), None, ""),
                ("forward", Step.IMPLEMENTATION, Step.RESULT, _at(year, 9, 21), None, ""),
                ("forward", Step.RESULT, Step.EVALUATION, _at(year, 10, 5), None, ""),
            ],
        },
        {
            "title": "Sommarlov i Brunnsskogen",
            "parties": ["Mötesplats Brunnsskogen", "Fritids- och kulturförvaltningen i Ronneby"],
            "by": None,
            "created_at": _at(year, 3, 12),
            "need": "Barn i Brunnsskogen har få aktiviteter på sommarlovet, och många familjer reser inte bort.",
            "goal": "Gratis aktiviteter för barn varje vardag under sju sommarveckor.",
            "areas": [ENGAGEMENT],
            "directions": [(ENGAGEMENT, 2)],
            "horizon": Horizon.SHORT,
            "step": Step.FOLLOW_UP,
            "form": CollaborationForm.IOP,
            "starts_on": datetime.date(year, 6, 15),
            "implementation_plan": "Mötesplatsen leder aktiviteterna; förvaltningen står för lokaler och material.",
            "ends_on": datetime.date(year, 8, 14),
            "results_summary": "Omkring 220 barn deltog; femton unga från området arbetade som ledare.",
            "dissemination": "Presenterat på den årliga konferensen i oktober.",
            "reported_to_group_on": datetime.date(year, 9, 15),
            "evaluation_worked": "Unga ledare från området gjorde att barnen och föräldrarna litade på verksamheten.",
            "evaluation_did_not_work": "Utflykterna krävde fler vuxna än mötesplatsen hade.",
            "evaluation_lessons": "Planera utflykterna tillsammans med föreningar som har fler vuxna ledare.",
            "assessments": 7,
            "assessment_texts": ASSESSMENTS,
            "evaluation_completed_at": _at(year, 11, 10),
            "followup_year": year,
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year, 5, 4), None, "IOP tecknad."),
                ("forward", Step.IMPLEMENTATION, Step.RESULT, _at(year, 9, 21), None, ""),
                ("forward", Step.RESULT, Step.EVALUATION, _at(year, 9, 28), None, ""),
                ("forward", Step.EVALUATION, Step.FOLLOW_UP, _at(year, 11, 10), None, ""),
            ],
        },
    ]


def load_initiatives(*, stdout) -> None:
    initiatives = _initiatives(demo_year())
    initiatives_load(
        initiatives,
        areas=AREAS,
        convener=other_demo_email("sammankallande", "blekinge"),
        officer=REGION_CONTACT,
    )
    stdout.write(f"  initiatives: {len(initiatives)}, one in each step")
