"""Demo collaboration initiatives: one or more in each of the five steps and in each state (active,
paused, closed early), with parties among the demo organisations of ``accounts/demo.py``.

Lunds Schackklubb (forening@demo.lund.se) and Kultur- och fritidsförvaltningen
(handlaggare@demo.lund.se) have initiatives of their own, one of them looking for partners, so
the demo accounts can try every journey. Every move is recorded; the initiatives in step 4 and 5
have an evaluation with texts per principle. Dates are fixed relative to the demo's year
(``demo_year()``), so load_demo twice in a year leaves the same rows.
Every name and sentence is invented.
"""

import datetime

from django.utils import timezone

from accounts.demo import AREAS
from accounts.models import Organisation, User
from overenskommelse.demo_year import demo_year
from overenskommelse.models import Direction, Principle, PriorityArea
from overenskommelse.process import Step
from overenskommelse.selectors import agreement_current

from .models import (
    CollaborationForm,
    Horizon,
    Initiative,
    InitiativeParty,
    Interest,
    Introduction,
    PartyRequest,
    PrincipleAssessment,
    StepTransition,
)

CHESS = "Lunds Schackklubb"
KFF = "Kultur- och fritidsförvaltningen"
SOCIAL = "Socialförvaltningen"
ELDERLY = "Vård- och omsorgsförvaltningen"
SCHOOL = "Barn- och skolförvaltningen"

REPRESENTATIVE = "forening@demo.lund.se"
OFFICER = "handlaggare@demo.lund.se"
CONVENER = "sammankallande@demo.lund.se"


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


# Texts of the evaluation per principle, in the order of the agreement's six principles.
FULL_ASSESSMENTS = [
    "Föreningen styrde själv över sina besök och volontärer; förvaltningen lade sig inte i hur.",
    "Vi träffades varannan månad och hörde av oss tidigt när något ändrades.",
    "Deltagarnas egna berättelser följdes upp tillsammans varje halvår.",
    "Avtalet gällde i två år, vilket gav föreningen tid att bygga upp verksamheten.",
    "Budget och resultat redovisades öppet för samverkansgruppen och på konferensen.",
    "Även en mindre förening kunde vara med tack vare att förvaltningen stod för lokalerna.",
]

# Each initiative: its step-1 content, its parties (the first proposed it), the content of the
# steps it reached, and its history: (kind, from step, to step, when, by, comment).
def _initiatives(year: int) -> list:
    """Lund's demo initiatives, dated relative to the demo's year (``year``)."""
    return [
        {
            "title": "Schack som mötesplats för nyanlända unga",
            "parties": [CHESS],
            "by": REPRESENTATIVE,
            "created_at": _at(year, 9, 14),
            "need": (
                "Många nyanlända unga i Lund saknar en trygg mötesplats på kvällarna. Schack kräver "
                "inget gemensamt språk och passar alla, oavsett bakgrund."
            ),
            "goal": (
                "En öppen schackkväll i veckan där nyanlända unga och klubbens medlemmar spelar "
                "tillsammans, med fika och läxhjälp före spelet."
            ),
            "areas": ["inkl", "halsa"],
            "directions": [("inkl", 1), ("inkl", 2)],
            "horizon": Horizon.SHORT,
            "looking_for_partners": True,
            "partners_wanted": (
                "En förvaltning eller fritidsgård som kan låna ut en lokal en kväll i veckan, och "
                "gärna en förening som redan möter nyanlända unga."
            ),
            "step": Step.INITIATIVE,
            "history": [],
            "interests": [
                (
                    "Studieförbundet Kunskapsvägen Lund",
                    "Vi har svenskcirklar för unga nyanlända och kan hjälpa till med läxhjälpen.",
                    _at(year, 9, 30),
                )
            ],
            "introductions": [
                (
                    "Fritidsföreningen Norra Fäladen",
                    "Ni har båda unga på Norra Fäladen i fokus – hör gärna av er till varandra.",
                    _at(year, 10, 2),
                )
            ],
            # Named by the chess club, not yet answered: the officer's initiatives page asks KFF.
            "asked": [(KFF, _at(year, 9, 14))],
        },
        {
            "title": "Rörelse för seniorer i stadsdelsparkerna",
            "parties": [KFF],
            "by": OFFICER,
            "created_at": _at(year, 10, 6),
            "need": (
                "Äldre i Lund rör sig för lite, och många saknar sällskap att röra sig med. "
                "Stadsdelsparkerna används lite på förmiddagarna."
            ),
            "goal": (
                "Ledda promenader och utegympa i tre stadsdelsparker två förmiddagar i veckan, "
                "ledda av föreningar med stöd från förvaltningen."
            ),
            "areas": ["halsa"],
            "directions": [("halsa", 1), ("halsa", 3)],
            "horizon": Horizon.LONG,
            "looking_for_partners": True,
            "partners_wanted": "Föreningar som arbetar med äldre, rörelse eller friluftsliv.",
            "step": Step.INITIATIVE,
            "history": [],
        },
        {
            "title": "Läxhjälp och föräldracafé på Linero",
            "parties": ["Linero Församlingsgemenskap", SCHOOL],
            "by": None,
            "created_at": _at(year - 1, 10, 20),
            "need": (
                "Barn på Linero får mindre hjälp med läxorna hemma, och föräldrar har få tillfällen "
                "att möta skolan utanför utvecklingssamtalen."
            ),
            "goal": "Läxhjälp två eftermiddagar i veckan och ett föräldracafé en gång i månaden.",
            "areas": ["inkl", "demokrati"],
            "directions": [("demokrati", 2)],
            "horizon": Horizon.LONG,
            "step": Step.IMPLEMENTATION,
            "form": CollaborationForm.JOINT_PROJECT,
            "starts_on": _d(year, 1, 12),
            "implementation_plan": (
                "Församlingen står för volontärer och lokal, skolan för lärare som är med en gång i "
                "veckan och för information till föräldrarna."
            ),
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year - 1, 12, 15), None, "Överens vid mötet på skolan."),
            ],
        },
        {
            "title": "Schack i skolbiblioteken",
            "parties": [CHESS, KFF],
            "by": REPRESENTATIVE,
            "created_at": _at(year - 1, 11, 10),
            "is_public": False,
            "need": "Biblioteken vill nå fler barn på eftermiddagarna; klubben vill nå fler nya spelare.",
            "goal": "Schackhörnor med ledare från klubben på fyra bibliotek under vårterminen.",
            "areas": ["inkl"],
            "directions": [("inkl", 3)],
            "horizon": Horizon.SHORT,
            "step": Step.IMPLEMENTATION,
            "form": CollaborationForm.OTHER,
            "starts_on": _d(year, 2, 1),
            "implementation_plan": "Klubben bemannar schackhörnorna, biblioteken står för plats och spel.",
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year, 1, 20), OFFICER, ""),
            ],
        },
        {
            "title": "Simundervisning för nyanlända vuxna",
            "parties": ["Lunds Simsällskap Delfinen", KFF, SOCIAL],
            "by": OFFICER,
            "created_at": _at(year - 2, 11, 18),
            "need": "Många nyanlända vuxna kan inte simma, vilket är en risk och ett hinder för friluftsliv.",
            "goal": "Simkurser för nyanlända vuxna i Högevallsbadet, med separata tider för kvinnor.",
            "areas": ["halsa", "inkl"],
            "directions": [("halsa", 1)],
            "horizon": Horizon.SHORT,
            "step": Step.RESULT,
            "form": CollaborationForm.IOP,
            "starts_on": _d(year - 1, 3, 1),
            "implementation_plan": "Delfinen håller kurserna; förvaltningen står för badtider och information.",
            "ends_on": _d(year, 6, 30),
            "results_summary": "142 deltagare gick kursen; 96 klarade 200 meter vid kursens slut.",
            "dissemination": "Presenterat på överenskommelsekonferensen och i förvaltningens nyhetsbrev.",
            "reported_to_group_on": _d(year, 9, 17),
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year - 1, 2, 10), OFFICER, "IOP tecknad."),
                ("forward", Step.IMPLEMENTATION, Step.RESULT, _at(year, 9, 20), OFFICER, ""),
            ],
            "interests": [
                (
                    SOCIAL,
                    "Vi möter många nyanlända vuxna och vill gärna vara med och nå ut.",
                    _at(year - 2, 12, 1),
                    Interest.Status.ACCEPTED,
                    _at(year - 1, 1, 10),
                    "Välkomna!",
                )
            ],
        },
        {
            "title": "Odla tillsammans på Gröna Gården",
            "parties": ["Stiftelsen Gröna Gården i Lund", SOCIAL],
            "by": None,
            "created_at": _at(year - 3, 12, 5),
            "need": "Nyanlända och grannar i området har få naturliga platser att mötas på.",
            "goal": "Gemensamma odlingslotter där grannar, skolklasser och nyanlända odlar tillsammans.",
            "areas": ["hallbar", "inkl"],
            "directions": [("hallbar", 2)],
            "horizon": Horizon.SHORT,
            "step": Step.EVALUATION,
            "form": CollaborationForm.JOINT_PROJECT,
            "starts_on": _d(year - 2, 4, 1),
            "implementation_plan": "Stiftelsen leder odlingen; förvaltningen bjuder in deltagare.",
            "ends_on": _d(year - 1, 10, 31),
            "results_summary": "Ett sextiotal hushåll odlade under två säsonger; skördefesten samlade 300 besökare.",
            "dissemination": "Skördefest, film på kommunens webbplats och dragning på konferensen.",
            "reported_to_group_on": _d(year - 1, 11, 20),
            "evaluation_worked": "Att odla tillsammans skapade kontakter över generationer och språk.",
            "evaluation_did_not_work": "Vattningen under semestrarna; för få kvällstider.",
            "evaluation_lessons": "",
            "assessments": 3,  # the evaluation is still being written: three principles out of six
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year - 2, 3, 15), None, ""),
                ("forward", Step.IMPLEMENTATION, Step.RESULT, _at(year - 1, 11, 25), None, ""),
                ("forward", Step.RESULT, Step.EVALUATION, _at(year - 1, 12, 1), None, ""),
                (
                    "back",
                    Step.EVALUATION,
                    Step.RESULT,
                    _at(year - 1, 12, 10),
                    CONVENER,
                    "Resultaten ska spridas till alla parter innan utvärderingen börjar.",
                ),
                ("forward", Step.RESULT, Step.EVALUATION, _at(year, 1, 15), None, "Resultaten spridda."),
            ],
        },
        {
            "title": "Tillsammans mot ofrivillig ensamhet",
            "parties": ["Föreningen Medmänniskor i Lund", ELDERLY],
            "by": None,
            "created_at": _at(year - 3, 6, 12),
            "need": "Många äldre som bor ensamma har ingen att prata med på flera dagar.",
            "goal": "Besöksvänner och samtalsgrupper för äldre i ordinärt boende.",
            "areas": ["halsa", "inkl"],
            "directions": [("halsa", 3), ("inkl", 2)],
            "horizon": Horizon.LONG,
            "step": Step.FOLLOW_UP,
            "form": CollaborationForm.IOP,
            "starts_on": _d(year - 3, 9, 1),
            "implementation_plan": "Föreningen rekryterar och stöttar besöksvänner; hemtjänsten förmedlar kontakter.",
            "ends_on": _d(year - 1, 8, 31),
            "results_summary": "210 äldre fick en besöksvän; 14 samtalsgrupper startade.",
            "dissemination": "Presenterat på överenskommelsekonferensen och för vård- och omsorgsnämnden.",
            "reported_to_group_on": _d(year - 1, 9, 18),
            "evaluation_worked": "Besöksvännerna blev kvar länge; hemtjänsten hittade rätt personer.",
            "evaluation_did_not_work": "Det tog tid att nå äldre som inte har hemtjänst.",
            "evaluation_lessons": "Använd fler vägar in, till exempel vårdcentraler och församlingar.",
            "assessments": 6,
            "evaluation_completed_at": _at(year, 2, 12),
            "followup_year": year - 1,
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year - 3, 8, 20), None, "IOP tecknad."),
                ("forward", Step.IMPLEMENTATION, Step.RESULT, _at(year - 1, 9, 25), None, ""),
                ("forward", Step.RESULT, Step.EVALUATION, _at(year - 1, 10, 10), None, ""),
                ("forward", Step.EVALUATION, Step.FOLLOW_UP, _at(year, 2, 12), None, ""),
            ],
        },
        {
            "title": "Ungdomsråd på Norra Fäladen",
            "parties": ["Fritidsföreningen Norra Fäladen", KFF],
            # Named by the officer, not yet answered: the chess club's initiatives page asks it.
            "asked": [(CHESS, _at(year, 10, 20))],
            "by": OFFICER,
            "created_at": _at(year - 1, 12, 2),
            "need": "Unga på Norra Fäladen känner att ingen lyssnar på dem i frågor om området.",
            "goal": "Ett ungdomsråd som träffas varje månad och lämnar förslag till nämnden.",
            "areas": ["demokrati"],
            "directions": [("demokrati", 1)],
            "horizon": Horizon.LONG,
            "step": Step.IMPLEMENTATION,
            "state": Initiative.State.PAUSED,
            "state_reason": "Fritidsgården renoveras under hösten; arbetet fortsätter när lokalerna är klara.",
            "form": CollaborationForm.JOINT_PROJECT,
            "starts_on": _d(year, 3, 1),
            "implementation_plan": "Föreningen leder rådet; förvaltningen tar emot förslagen.",
            "history": [
                ("forward", Step.INITIATIVE, Step.IMPLEMENTATION, _at(year, 2, 20), OFFICER, ""),
                (
                    "paused",
                    Step.IMPLEMENTATION,
                    Step.IMPLEMENTATION,
                    _at(year, 9, 8),
                    OFFICER,
                    "Fritidsgården renoveras under hösten; arbetet fortsätter när lokalerna är klara.",
                ),
            ],
        },
        {
            "title": "Schackturnering mellan skolorna",
            "parties": [CHESS, SCHOOL],
            "by": REPRESENTATIVE,
            "created_at": _at(year - 1, 9, 1),
            "need": "Schackintresserade elever har få tillfällen att mötas mellan skolorna.",
            "goal": "En årlig turnering för mellanstadiet med lag från varje skola.",
            "areas": ["inkl"],
            "directions": [],
            "horizon": Horizon.SHORT,
            "step": Step.INITIATIVE,
            "state": Initiative.State.CLOSED,
            "state_reason": "Skolorna kunde inte avsätta tid under läsåret; vi tar upp idén igen längre fram.",
            "history": [
                (
                    "closed",
                    Step.INITIATIVE,
                    Step.INITIATIVE,
                    _at(year - 1, 11, 12),
                    REPRESENTATIVE,
                    "Skolorna kunde inte avsätta tid under läsåret; vi tar upp idén igen längre fram.",
                ),
            ],
        },
    ]

CONTENT_FIELDS = [
    "need",
    "goal",
    "horizon",
    "looking_for_partners",
    "partners_wanted",
    "is_public",
    "form",
    "starts_on",
    "implementation_plan",
    "ends_on",
    "report_on",
    "results_summary",
    "dissemination",
    "reported_to_group_on",
    "evaluation_worked",
    "evaluation_did_not_work",
    "evaluation_lessons",
    "evaluation_completed_at",
    "followup_year",
    "step",
    "state",
    "state_reason",
]
DEFAULTS = {
    "looking_for_partners": False,
    "partners_wanted": "",
    "is_public": True,
    "form": "",
    "starts_on": None,
    "implementation_plan": "",
    "ends_on": None,
    "report_on": None,
    "results_summary": "",
    "dissemination": "",
    "reported_to_group_on": None,
    "evaluation_worked": "",
    "evaluation_did_not_work": "",
    "evaluation_lessons": "",
    "evaluation_completed_at": None,
    "followup_year": None,
    "state": Initiative.State.ACTIVE,
    "state_reason": "",
}


def load_initiatives(*, stdout) -> None:
    initiatives_load(_initiatives(demo_year()), areas=AREAS, convener=CONVENER, officer=OFFICER)
    stdout.write(
        f"  initiatives: {Initiative.objects.count()} "
        f"({Initiative.objects.looking_for_partners().count()} looking for partners)"
    )


def initiatives_load(initiatives: list[dict], *, areas: dict[str, str], convener: str, officer: str) -> None:
    """The demo initiatives of an agreement (``_initiatives(year)`` are Lund's), each found again by title.

    ``areas`` maps the keys the data uses for the agreement's areas to their slugs; ``convener``
    introduces organisations and ``officer`` answers the interests (their addresses)."""
    emails = {convener, officer} | {data["by"] for data in initiatives if data["by"]}
    emails |= {event[4] for data in initiatives for event in data["history"] if event[4]}
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    names = {name for data in initiatives for name in data["parties"]}
    names |= {i[0] for data in initiatives for i in data.get("interests", [])}
    names |= {i[0] for data in initiatives for i in data.get("introductions", [])}
    names |= {i[0] for data in initiatives for i in data.get("asked", [])}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    agreement = agreement_current()
    principles = list(Principle.objects.filter(agreement=agreement).order_by("position", "pk"))
    directions = {
        (area_key, direction.position): direction
        for area_key, slug in areas.items()
        for direction in Direction.objects.filter(
            priority_area__slug=slug, priority_area__action_plan__agreement=agreement
        )
    }
    area_of = {
        key: PriorityArea.objects.filter(slug=slug, action_plan__agreement=agreement).order_by("-pk").first()
        for key, slug in areas.items()
    }

    for data in initiatives:
        by = users.get(data["by"]) if data["by"] else None
        fields = {name: data.get(name, DEFAULTS.get(name)) for name in CONTENT_FIELDS}
        initiative, _created = Initiative.objects.update_or_create(
            title=data["title"], defaults={**fields, "created_by": by}
        )
        last = max([data["created_at"]] + [event[3] for event in data["history"]])
        Initiative.objects.filter(pk=initiative.pk).update(created_at=data["created_at"], updated_at=last)
        initiative.priority_areas.set([area_of[key] for key in data["areas"] if area_of.get(key)])
        initiative.directions.set(
            [directions[key] for key in data["directions"] if key in directions]
        )
        for position, name in enumerate(data["parties"]):
            party, _ = InitiativeParty.objects.get_or_create(
                initiative=initiative, organisation=organisations[name], defaults={"added_by": by}
            )
            joined = data["created_at"] + datetime.timedelta(minutes=position)
            InitiativeParty.objects.filter(pk=party.pk).update(joined_at=joined)
        _history(initiative, data, by, users)
        assessments = data.get("assessment_texts", FULL_ASSESSMENTS)[: data.get("assessments", 0)]
        for text, principle in zip(assessments, principles, strict=False):
            PrincipleAssessment.objects.update_or_create(
                initiative=initiative, principle=principle, defaults={"text": text}
            )
        # The demo's parties all agreed; the organisations only asked are questions, not parties.
        for name, at in data.get("asked", []):
            PartyRequest.objects.update_or_create(
                initiative=initiative,
                organisation=organisations[name],
                status=PartyRequest.Status.PENDING,
                defaults={"asked_by": by, "asked_at": at},
            )
        for interest in data.get("interests", []):
            _interest(initiative, organisations[interest[0]], interest, users.get(officer))
        for name, note, at in data.get("introductions", []):
            introduction, _ = Introduction.objects.get_or_create(
                initiative=initiative,
                organisation=organisations[name],
                defaults={"note": note, "by": users.get(convener)},
            )
            Introduction.objects.filter(pk=introduction.pk).update(at=at, note=note)


def _history(initiative: Initiative, data: dict, by: User | None, users: dict) -> None:
    StepTransition.objects.get_or_create(
        initiative=initiative,
        kind=StepTransition.Kind.CREATED,
        at=data["created_at"],
        defaults={"from_step": "", "to_step": Step.INITIATIVE, "by": by, "comment": ""},
    )
    for kind, from_step, to_step, at, email, comment in data["history"]:
        StepTransition.objects.update_or_create(
            initiative=initiative,
            kind=kind,
            at=at,
            defaults={
                "from_step": from_step,
                "to_step": to_step,
                "by": users.get(email) if email else None,
                "comment": comment,
            },
        )


def _interest(initiative: Initiative, organisation: Organisation, data: tuple, answerer: User | None) -> None:
    message, created_at = data[1], data[2]
    status = data[3] if len(data) > 3 else Interest.Status.PENDING
    answered_at = data[4] if len(data) > 4 else None
    answer = data[5] if len(data) > 5 else ""
    interest = Interest.objects.filter(initiative=initiative, organisation=organisation).first()
    values = {
        "message": message,
        "status": status,
        "answered_at": answered_at,
        "answer": answer,
        "answered_by": answerer if answered_at else None,
    }
    if interest is None:
        interest = Interest.objects.create(initiative=initiative, organisation=organisation, **values)
    else:
        Interest.objects.filter(pk=interest.pk).update(**values)
    Interest.objects.filter(pk=interest.pk).update(created_at=created_at)
