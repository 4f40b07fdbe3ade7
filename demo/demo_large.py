"""The large demo data set (``python manage.py load_demo --scale large``): a region's worth of rows
to measure the portal at scale (docs/performance.md).

On top of the ordinary demo it adds, with bulk inserts only:

* 5,000 organisations (50 nämnder and förvaltningar, the rest idea-driven) with valid, unique
  organisation numbers; most connected over the years (approved applications and their events),
  some withdrawn (with the written notice), some only in the local register, a few applications
  waiting for the group; representatives and officers;
* 2,000 initiatives spread over the five steps, with their parties, priority areas and every step
  change (StepTransition);
* 3,000 commitments (Partnership) of the förvaltningar with their parties and Contributions;
* ten years of closed follow-up rounds: questions, every förvaltning's report with its reported
  commitments and answers, and the associations' survey responses and answers;
* five conferences with a programme and 500 registrations each (sessions chosen, check-ins).

Everything is drawn from generators of fixed seeds (``SEED``) and dates fixed relative to the demo's
year (``demo_year()``), so two databases loaded this way in a year hold the same data; in another
year the same rows, their dates moved with the year. A second run notices
the data is there and stops. ``factor`` scales every count down for the tests.
"""

import datetime
import itertools
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import (
    Accession,
    Organisation,
    OrganisationEvent,
    OrganisationKind,
    Representation,
    UmbrellaRequest,
    User,
    Withdrawal,
)
from accounts.orgnr import luhn_is_valid
from conferences.models import Conference, Registration, Session, SessionAttendance
from followup.models import (
    DepartmentAnswer,
    DepartmentReport,
    FollowUpRound,
    Question,
    ReportedCommitment,
    SurveyAnswer,
    SurveyResponse,
)
from initiatives.models import (
    CollaborationForm,
    Contribution,
    Initiative,
    InitiativeParty,
    Partnership,
    PartyRequest,
    StepTransition,
)
from overenskommelse.demo_year import demo_year
from overenskommelse.models import PriorityArea
from overenskommelse.process import Step
from overenskommelse.selectors import action_plan_current

# The counts of the issue ("Scale we design for": a region or a national network).
# The seeds of the generators: fixed (not the demo's year), so the large set holds the same rows
# whichever year it is loaded in, and measurements of different years compare (docs/performance.md).
SEED = 2026

COUNTS = {
    "organisations": 5000,
    "public_pairs": 25,  # nämnder, each with its förvaltning (50 of the 5,000)
    "representatives": 1200,
    "initiatives": 2000,
    "partnerships": 3000,
    "rounds": 10,
    "survey_responses_per_round": 450,
    "conferences": 5,
    "registrations_per_conference": 500,
    "open_accessions": 40,
}
BATCH = 1000
DOMAIN = "stor-demo.example"  # a reserved top-level domain: these addresses never receive mail

PLACES = [
    "Lund", "Dalby", "Genarp", "Veberöd", "Södra Sandby", "Stångby", "Revinge", "Torna Hällestad",
    "Värpinge", "Gunnesbo", "Klostergården", "Linero", "Norra Fäladen", "Östra Torn", "Nöbbelöv",
    "Råby", "Vallkärra", "Håstad",
]
ACTIVITIES = [
    "Schackklubb", "Fotbollsförening", "Idrottsförening", "Kammarkör", "Hembygdsförening",
    "Scoutkår", "Pensionärsförening", "Läxhjälpsförening", "Brukarförening", "Kulturförening",
    "Naturskyddsförening", "Ridklubb", "Simsällskap", "Tennisklubb", "Musikförening",
    "Teaterförening", "Orienteringsklubb", "Handbollsklubb", "Språkcafé", "Stödförening",
    "Fritidsförening", "Friluftsförening", "Dansförening", "Konstförening", "Motionsklubb",
    "Föräldraförening", "Ungdomsförening", "Kvinnojour", "Mötesplats", "Trädgårdsförening",
]
DISTRICTS = ["norra", "södra", "östra", "västra", "centrum", "av 1921", "av 1954", "av 1987"]
FIRST_NAMES = [
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Elin", "Per", "Fatima",
    "Ali", "Emma", "Nils", "Ida", "Omar", "Lina", "Jonas", "Sofia", "Mikael", "Hanna", "Yusuf",
]
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Lindberg", "Holm", "Berg", "Ahmed", "Hassan", "Nguyen", "Lind",
]
# Idea-driven kinds with their share, and the first digit of their organisation numbers.
IDEA_KINDS = [
    (OrganisationKind.NON_PROFIT_ASSOCIATION, 70, "8"),
    (OrganisationKind.FOUNDATION, 7, "8"),
    (OrganisationKind.FAITH_COMMUNITY, 5, "8"),
    (OrganisationKind.STUDY_ASSOCIATION, 2, "8"),
    (OrganisationKind.COOPERATIVE, 5, "7"),
    (OrganisationKind.SOCIAL_ENTERPRISE, 4, "7"),
    (OrganisationKind.UMBRELLA, 2, "8"),
    (OrganisationKind.NETWORK, 5, "8"),
]
STEP_WEIGHTS = [
    (Step.INITIATIVE, 30),
    (Step.IMPLEMENTATION, 25),
    (Step.RESULT, 15),
    (Step.EVALUATION, 10),
    (Step.FOLLOW_UP, 20),
]
NEEDS = [
    "Fler barn och unga behöver en meningsfull fritid nära där de bor.",
    "Äldre som bor ensamma saknar mötesplatser och sällskap.",
    "Nyanlända familjer behöver stöd med språk och kontakter.",
    "Föreningar har svårt att hitta lokaler för sin verksamhet.",
    "Unga vuxna utanför studier och arbete behöver en väg in.",
    "Kvarteret saknar trygga platser att vistas på kvällstid.",
]
ADMIN_QUESTIONS = [
    "Vilka samverkansåtaganden har förvaltningen haft under året?",
    "Vad har fungerat bra i samverkan med den idéburna sektorn?",
    "Vad vill förvaltningen utveckla nästa år?",
]
SURVEY_QUESTIONS = [
    ("I vilken grad har föreningen fått vara med tidigt när kommunen planerat?", True),
    ("I vilken grad har dialogen med kommunen varit öppen?", True),
    ("I vilken grad känner föreningen till överenskommelsen?", True),
    ("I vilken grad har samverkan gjort nytta för dem ni finns till för?", True),
    ("Vad vill ni att samverkansgruppen tar upp nästa år?", False),
]


def _nine_to_org_number(nine: str) -> str:
    for check in "0123456789":
        if luhn_is_valid(nine + check):
            return f"{nine[:6]}-{nine[6:]}{check}"
    raise ValueError(nine)  # pragma: no cover - some digit always fits


def large_org_number(first_digit: str, index: int) -> str:
    """A valid, made-up organisation number of the large set (``<d>430NNNNN-C``): the third and
    fourth digits are 30, so it is never taken for a personal identity number, and the series
    never meets the ordinary demo's (8024…)."""
    return _nine_to_org_number(f"{first_digit}430{index:05d}")


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


@dataclass
class _State:
    """What the later parts need from the earlier ones, kept in memory (no re-reading)."""

    rng: random.Random
    today: datetime.date  # the large set's "today": 1 November of the demo's year
    areas: list[int]
    convener: User | None
    member: User | None
    administrations: list[Organisation] = field(default_factory=list)
    connected: list[Organisation] = field(default_factory=list)
    idea_driven: list[Organisation] = field(default_factory=list)
    representatives: list[User] = field(default_factory=list)
    officers: dict[int, User] = field(default_factory=dict)
    initiatives: list[Initiative] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)
    money: dict[int, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def is_loaded() -> bool:
    """The large set is there when its first organisation number is."""
    return Organisation.objects.filter(org_number=large_org_number("2", 0)).exists()


def load_large(*, stdout, factor: float = 1.0) -> dict[str, int] | None:
    """Adds the large data set (after the ordinary demo); returns the rows added per model, or
    ``None`` when it was already there. ``factor`` < 1 makes a smaller set of the same shape."""
    if is_loaded():
        stdout.write("  the large data set is already loaded: nothing to do")
        return None
    counts = {key: max(1, round(value * factor)) for key, value in COUNTS.items()}
    counts["rounds"] = COUNTS["rounds"]
    counts["conferences"] = COUNTS["conferences"]
    counts["public_pairs"] = max(3, counts["public_pairs"])
    plan = action_plan_current()
    areas = list(
        PriorityArea.objects.filter(action_plan=plan).values_list("pk", flat=True)
        if plan
        else PriorityArea.objects.values_list("pk", flat=True)
    )
    state = _State(
        rng=random.Random(SEED),
        today=datetime.date(demo_year(), 11, 1),
        areas=areas,
        convener=User.objects.filter(email="sammankallande@demo.lund.se").first(),
        member=User.objects.filter(email="ledamot@demo.lund.se").first(),
    )
    with transaction.atomic():
        for part in (_organisations, _people, _history, _initiatives, _partnerships, _rounds, _conferences):
            started = time.perf_counter()
            part(state, counts)
            stdout.write(f"  {part.__name__.strip('_')}: {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        # The planner's statistics still describe the nearly empty tables (autovacuum analyses
        # later, or never when it is off): without this, it hash-joins thousands of rows where an
        # index would do, and the first measurements after a load are wrong (docs/performance.md).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return state.counts


# --- Organisations -------------------------------------------------------------------------------


def _organisations(state: _State, counts: dict) -> None:
    rng = state.rng
    public: list[Organisation] = []
    for index in range(counts["public_pairs"]):
        area = rng.choice(["Kultur", "Social", "Skol", "Miljö", "Teknisk", "Fritids", "Omsorg"])
        public.append(
            Organisation(
                name=f"{area}nämnden, distrikt {index + 1}",
                kind=OrganisationKind.COMMITTEE,
                org_number=large_org_number("2", 2 * index),
                city=rng.choice(PLACES),
                chair_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                chair_email=f"ordforande.{index}@{DOMAIN}",
            )
        )
    committees = _bulk(Organisation, public)
    administrations = _bulk(
        Organisation,
        [
            Organisation(
                name=committee.name.replace("nämnden", "förvaltningen"),
                kind=OrganisationKind.ADMINISTRATION,
                org_number=large_org_number("2", 2 * index + 1),
                parent=committee,
                city=committee.city,
                email=f"forvaltning.{index}@{DOMAIN}",
            )
            for index, committee in enumerate(committees)
        ],
    )
    # The ordinary demo's förvaltningar take commitments and report too.
    state.administrations = [
        *Organisation.objects.filter(kind=OrganisationKind.ADMINISTRATION).exclude(
            pk__in=[a.pk for a in administrations]
        ),
        *administrations,
    ]

    names = [
        (f"{activity} {place} {district}", place)
        for activity, place, district in itertools.product(ACTIVITIES, PLACES, DISTRICTS)
    ]
    rng.shuffle(names)
    kinds = [kind for kind, _share, _digit in IDEA_KINDS]
    weights = [share for _kind, share, _digit in IDEA_KINDS]
    digit_of = {kind: digit for kind, _share, digit in IDEA_KINDS}
    start, end = datetime.date(state.today.year - 11, 1, 1), state.today
    span = (end - start).days
    rows = []
    for index in range(counts["organisations"] - 2 * counts["public_pairs"]):
        kind = rng.choices(kinds, weights)[0]
        roll = rng.random()
        connected_since = withdrawn_on = None
        if roll < 0.85:  # connected over the years …
            connected_since = start + datetime.timedelta(days=int(span * rng.random() ** 0.7))
            if roll < 0.07 and (end - connected_since).days > 200:  # … and some withdrew since
                withdrawn_on = connected_since + datetime.timedelta(
                    days=rng.randint(180, (end - connected_since).days)
                )
        name, place = names[index % len(names)]
        if index >= len(names):
            name = f"{name} {index // len(names) + 1}"
        rows.append(
            Organisation(
                name=name,
                kind=kind,
                org_number=large_org_number(digit_of[kind], index),
                city=place,
                email=f"kontakt{index}@{DOMAIN}",
                website=f"https://forening{index}.{DOMAIN}" if rng.random() < 0.6 else "",
                description=(
                    f"{name.split(' ')[0]} med verksamhet för barn, unga och vuxna. "
                    "Vi samarbetar gärna med kommunen och andra föreningar."
                ),
                publish_email=rng.random() < 0.8,
                contact_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                contact_email=f"kontaktperson{index}@{DOMAIN}",
                contact_publish_consent_at=_at(start) if rng.random() < 0.3 else None,
                connected_since=connected_since,
                withdrawn_on=withdrawn_on,
                in_local_register=rng.random() < 0.7,
                details_confirmed_at=_at(end - datetime.timedelta(days=rng.randint(1, 400)))
                if connected_since
                else None,
            )
        )
    state.idea_driven = _bulk(Organisation, rows)
    state.connected = [
        o
        for o in state.idea_driven
        if o.connected_since and o.connected_since <= end and (o.withdrawn_on is None or o.withdrawn_on > end)
    ]
    through = Organisation.priority_areas.through
    _bulk(
        through,
        [
            through(organisation_id=o.pk, priorityarea_id=area)
            for o in state.idea_driven
            for area in rng.sample(state.areas, k=min(len(state.areas), rng.randint(1, 2)))
        ],
    )
    umbrellas = [o for o in state.idea_driven if o.kind == OrganisationKind.UMBRELLA][:20]
    membership = Organisation.umbrella_organisations.through
    if umbrellas:
        members = _bulk(
            membership,
            [
                membership(from_organisation_id=o.pk, to_organisation_id=rng.choice(umbrellas).pk)
                for o in state.idea_driven
                if o.kind != OrganisationKind.UMBRELLA and rng.random() < 0.3
            ],
        )
        # Memberships asked and not yet answered, or declined: never on the public pages. A
        # generator of their own, so the rows drawn before and after stay what they were.
        asking = random.Random(SEED + 1)
        confirmed = {(row.from_organisation_id, row.to_organisation_id) for row in members}
        questions = []
        for o in state.idea_driven:
            if o.kind == OrganisationKind.UMBRELLA or asking.random() >= 0.2:
                continue
            umbrella = asking.choice(umbrellas)
            declined = asking.random() < 0.3
            if (o.pk, umbrella.pk) not in confirmed:
                questions.append(
                    UmbrellaRequest(
                        member_id=o.pk,
                        umbrella_id=umbrella.pk,
                        status=UmbrellaRequest.Status.DECLINED if declined else UmbrellaRequest.Status.PENDING,
                        asked_at=_at(state.today - datetime.timedelta(days=30)),
                        answered_at=_at(state.today) if declined else None,
                    )
                )
        _bulk(UmbrellaRequest, questions)
    state.counts["organisations"] = len(committees) + len(administrations) + len(state.idea_driven)


# --- People ----------------------------------------------------------------------------------------


def _people(state: _State, counts: dict) -> None:
    """Representatives of connected organisations and one officer per new förvaltning. They cannot
    log in (no usable password): the demo accounts of the README are the ones to use."""
    rng = state.rng
    unusable = make_password(None)
    users = [
        User(
            email=f"person{index}@{DOMAIN}",
            full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            password=unusable,
        )
        for index in range(counts["representatives"] + len(state.administrations))
    ]
    users = _bulk(User, users)
    state.representatives = users[: counts["representatives"]]
    officers = users[counts["representatives"] :]
    representations = [
        Representation(user=user, organisation=organisation)
        for user, organisation in zip(
            state.representatives, rng.sample(state.connected, k=min(len(state.connected), len(state.representatives)))
        )
    ]
    for user, administration in zip(officers, state.administrations):
        representations.append(Representation(user=user, organisation=administration))
        state.officers[administration.pk] = user
    _bulk(Representation, representations)
    state.counts["users"] = len(users)


# --- Applications, events and withdrawals ----------------------------------------------------------


def _history(state: _State, counts: dict) -> None:
    rng = state.rng
    accessions, events, withdrawals = [], [], []
    for organisation in state.idea_driven:
        if not organisation.connected_since:
            continue
        submitted = _at(organisation.connected_since - datetime.timedelta(days=rng.randint(20, 90)), 9)
        decided = _at(organisation.connected_since, 18)
        accessions.append(
            Accession(
                name=organisation.name,
                kind=organisation.kind,
                org_number=organisation.org_number,
                city=organisation.city,
                email=organisation.email,
                description=organisation.description,
                contact_name=organisation.contact_name,
                contact_email=organisation.contact_email,
                organisation=organisation,
                status=Accession.Status.APPROVED,
                signatory_name=organisation.contact_name,
                signatory_role="Ordförande",
                democratic_values_confirmed=True,
                submitted_at=submitted,
                decided_at=decided,
                decided_by=state.member,
                decision_reason="Organisationen uppfyller villkoren för att ansluta sig.",
                decision_meeting_on=organisation.connected_since,
            )
        )
        events.append(OrganisationEvent(organisation=organisation, kind=OrganisationEvent.Kind.APPLIED, at=submitted))
        events.append(
            OrganisationEvent(
                organisation=organisation, kind=OrganisationEvent.Kind.APPROVED, at=decided, by=state.member
            )
        )
        if organisation.withdrawn_on:
            withdrawals.append(
                Withdrawal(
                    organisation=organisation,
                    effective_on=organisation.withdrawn_on,
                    reason="Föreningen har upplösts vid årsmötet.",
                    signatory_name=organisation.contact_name,
                    signatory_role="Ordförande",
                )
            )
            events.append(
                OrganisationEvent(
                    organisation=organisation,
                    kind=OrganisationEvent.Kind.WITHDRAWN,
                    at=_at(organisation.withdrawn_on),
                )
            )
    # Applications still waiting for the group (the accession queue), from the register.
    waiting = [o for o in state.idea_driven if not o.connected_since and o.org_number][: counts["open_accessions"]]
    for index, organisation in enumerate(waiting):
        accessions.append(
            Accession(
                name=organisation.name,
                kind=organisation.kind,
                org_number=organisation.org_number,
                city=organisation.city,
                email=organisation.email,
                description=organisation.description,
                contact_name=organisation.contact_name,
                contact_email=organisation.contact_email,
                organisation=organisation,
                applicant=rng.choice(state.representatives) if state.representatives else None,
                status=Accession.Status.SUBMITTED if index % 2 else Accession.Status.UNDER_REVIEW,
                signatory_name=organisation.contact_name,
                signatory_role="Sekreterare",
                democratic_values_confirmed=True,
                submitted_at=_at(state.today - datetime.timedelta(days=rng.randint(1, 60))),
            )
        )
    _bulk(Accession, accessions)
    _bulk(OrganisationEvent, events)
    _bulk(Withdrawal, withdrawals)
    state.counts.update(accessions=len(accessions), events=len(events), withdrawals=len(withdrawals))


# --- Initiatives -----------------------------------------------------------------------------------


def _initiatives(state: _State, counts: dict) -> None:
    rng = state.rng
    steps = [step for step, _weight in STEP_WEIGHTS]
    weights = [weight for _step, weight in STEP_WEIGHTS]
    rows, plans = [], []
    for index in range(counts["initiatives"]):
        step = rng.choices(steps, weights)[0]
        number = steps.index(step)
        proposed = state.today - datetime.timedelta(days=rng.randint(30 + 120 * number, 2900))
        starts_on = proposed + datetime.timedelta(days=rng.randint(20, 90)) if number >= 1 else None
        ends_on = starts_on + datetime.timedelta(days=rng.randint(90, 400)) if number >= 2 else None
        roll = rng.random()
        state_value = (
            Initiative.State.PAUSED if roll < 0.05 else Initiative.State.CLOSED if roll < 0.1 else Initiative.State.ACTIVE
        )
        need = rng.choice(NEEDS)
        rows.append(
            Initiative(
                title=f"{rng.choice(ACTIVITIES).removesuffix('förening')}samverkan {rng.choice(PLACES)} {index + 1}",
                need=need,
                goal="Att tillsammans pröva en ny arbetsform och sprida det som fungerar.",
                horizon=rng.choice(["short", "long"]),
                looking_for_partners=number == 0 and rng.random() < 0.4,
                partners_wanted="En förening som arbetar med unga." if number == 0 else "",
                is_public=rng.random() < 0.9,
                form=rng.choice(CollaborationForm.values) if number >= 1 else "",
                starts_on=starts_on,
                implementation_plan="Vi träffas varannan vecka och delar upp arbetet." if number >= 1 else "",
                ends_on=ends_on,
                report_on=ends_on,
                results_summary="Fler deltagare än väntat, och nya kontakter mellan föreningarna." if number >= 2 else "",
                reported_to_group_on=ends_on + datetime.timedelta(days=30) if number >= 2 and ends_on else None,
                evaluation_worked="Tydliga roller och täta avstämningar." if number >= 3 else "",
                evaluation_completed_at=_at(ends_on + datetime.timedelta(days=60)) if number >= 4 and ends_on else None,
                followup_year=(ends_on + datetime.timedelta(days=60)).year if number >= 4 and ends_on else None,
                step=step,
                state=state_value,
                state_reason="Parterna har pausat arbetet över sommaren." if state_value == Initiative.State.PAUSED else "",
                created_by=rng.choice(state.representatives) if state.representatives else None,
            )
        )
        plans.append((number, proposed))
    state.initiatives = _bulk(Initiative, rows)

    transitions, parties, area_rows = [], [], []
    area_through = Initiative.priority_areas.through
    for initiative, (number, proposed) in zip(state.initiatives, plans):
        by = initiative.created_by
        at = _at(proposed)
        transitions.append(
            StepTransition(initiative=initiative, kind=StepTransition.Kind.CREATED, to_step=Step.INITIATIVE, by=by, at=at)
        )
        for reached in range(1, number + 1):
            at = at + datetime.timedelta(days=rng.randint(30, 120))
            transitions.append(
                StepTransition(
                    initiative=initiative,
                    kind=StepTransition.Kind.FORWARD,
                    from_step=steps[reached - 1],
                    to_step=steps[reached],
                    by=by,
                    at=min(at, _at(state.today)),
                )
            )
        if initiative.state != Initiative.State.ACTIVE:
            transitions.append(
                StepTransition(
                    initiative=initiative,
                    kind=StepTransition.Kind.PAUSED
                    if initiative.state == Initiative.State.PAUSED
                    else StepTransition.Kind.CLOSED,
                    from_step=initiative.step,
                    to_step=initiative.step,
                    by=by,
                    at=min(at + datetime.timedelta(days=10), _at(state.today)),
                    comment=initiative.state_reason,
                )
            )
        members = {rng.choice(state.administrations).pk}
        members.update(o.pk for o in rng.sample(state.connected, k=rng.randint(1, 2)))
        parties.extend(InitiativeParty(initiative=initiative, organisation_id=pk, added_by=by) for pk in members)
        area_rows.extend(
            area_through(initiative_id=initiative.pk, priorityarea_id=area)
            for area in rng.sample(state.areas, k=min(len(state.areas), rng.randint(1, 2)))
        )
    _bulk(StepTransition, transitions)
    _bulk(InitiativeParty, parties)
    _bulk(area_through, area_rows)
    # Organisations asked to be parties that have not answered (or declined): shown to the parties
    # only. A generator of its own, so the rows drawn after stay what they were.
    asking = random.Random(SEED + 2)
    named = {(party.initiative_id, party.organisation_id) for party in parties}
    questions = {}
    for initiative in state.initiatives:
        for organisation in asking.sample(state.connected, k=min(len(state.connected), asking.randint(0, 2))):
            if (initiative.pk, organisation.pk) not in named:
                declined = asking.random() < 0.3
                questions[(initiative.pk, organisation.pk)] = PartyRequest(
                    initiative=initiative,
                    organisation=organisation,
                    asked_by=initiative.created_by,
                    asked_at=_at(state.today - datetime.timedelta(days=30)),
                    status=PartyRequest.Status.DECLINED if declined else PartyRequest.Status.PENDING,
                    answered_at=_at(state.today) if declined else None,
                )
    _bulk(PartyRequest, list(questions.values()))
    state.counts.update(initiatives=len(state.initiatives), step_transitions=len(transitions))


# --- Commitments -----------------------------------------------------------------------------------


def _partnerships(state: _State, counts: dict) -> None:
    rng = state.rng
    forms = [(CollaborationForm.IOP, 45), (CollaborationForm.JOINT_PROJECT, 35), (CollaborationForm.OTHER, 20)]
    carried_out = [i for i in state.initiatives if i.step != Step.INITIATIVE]
    rows, parties = [], []
    for index in range(counts["partnerships"]):
        form = rng.choices([f for f, _w in forms], [w for _f, w in forms])[0]
        administration = rng.choice(state.administrations)
        starts_on = datetime.date(state.today.year - 11, 1, 1) + datetime.timedelta(days=rng.randint(0, 11 * 365))
        ends_on = None if rng.random() < 0.3 else starts_on + datetime.timedelta(days=rng.randint(180, 4 * 365))
        members = rng.sample(state.connected, k=rng.randint(1, 2))
        rows.append(
            Partnership(
                administration=administration,
                title=f"{'IOP' if form == CollaborationForm.IOP else 'Samverkan'} {members[0].name}",
                form=form,
                priority_area_id=rng.choice(state.areas) if state.areas else None,
                description="Förvaltningen och föreningen driver verksamheten tillsammans.",
                starts_on=starts_on,
                ends_on=ends_on,
                decision_on=starts_on - datetime.timedelta(days=30),
                decision_reference=f"{starts_on.year}/{index + 1:04d}",
                initiative=rng.choice(carried_out) if carried_out and rng.random() < 0.25 else None,
                ended_at=_at(ends_on) if ends_on and ends_on < state.today and rng.random() < 0.5 else None,
                created_by=state.officers.get(administration.pk),
            )
        )
        parties.append(members)
    state.partnerships = _bulk(Partnership, rows)
    through = Partnership.organisations.through
    _bulk(
        through,
        [
            through(partnership_id=p.pk, organisation_id=o.pk)
            for p, members in zip(state.partnerships, parties)
            for o in members
        ],
    )
    contributions = []
    for partnership, members in zip(state.partnerships, parties):
        amount = rng.randrange(20_000, 2_000_000, 5_000)
        state.money[partnership.pk] = amount
        contributions.append(
            Contribution(
                partnership=partnership,
                organisation_id=partnership.administration_id,
                kind=Contribution.Kind.MONEY,
                amount_sek_per_year=amount,
                description="Verksamhetsbidrag",
            )
        )
        contributions.append(
            Contribution(
                partnership=partnership,
                organisation=members[0],
                kind=rng.choice([Contribution.Kind.VOLUNTEERS, Contribution.Kind.PREMISES, Contribution.Kind.STAFF]),
                description="Ideella ledare varje vecka",
            )
        )
    _bulk(Contribution, contributions)
    state.counts.update(partnerships=len(state.partnerships), contributions=len(contributions))


# --- Ten years of follow-up ------------------------------------------------------------------------


def _round_years(count: int, this_year: int) -> list[int]:
    """The ``count`` most recent years before this one without a round (the ordinary demo keeps
    its own)."""
    taken = set(FollowUpRound.objects.values_list("year", flat=True))
    years, year = [], this_year - 1
    while len(years) < count:
        if year not in taken:
            years.append(year)
        year -= 1
    return years


def _rounds(state: _State, counts: dict) -> None:
    rng = state.rng
    rounds = _bulk(
        FollowUpRound,
        [
            FollowUpRound(
                year=year,
                deadline=datetime.date(year + 1, 2, 28),
                introduction="Berätta om årets samverkan: vad som fungerat och vad som kan bli bättre.",
                opened_at=_at(datetime.date(year + 1, 1, 15)),
                opened_by=state.convener,
                closed_at=_at(datetime.date(year + 1, 3, 31)),
                closed_by=state.convener,
                reminders_sent=["week_before", "deadline"],
            )
            for year in _round_years(counts["rounds"], state.today.year)
        ],
    )
    questions = []
    for followup_round in rounds:
        for position, text in enumerate(ADMIN_QUESTIONS):
            questions.append(
                Question(
                    followup_round=followup_round,
                    audience=Question.Audience.ADMINISTRATION,
                    position=position,
                    text=text,
                )
            )
        for position, (text, scale) in enumerate(SURVEY_QUESTIONS):
            questions.append(
                Question(
                    followup_round=followup_round,
                    audience=Question.Audience.ASSOCIATION,
                    position=position,
                    text=text,
                    has_scale=scale,
                )
            )
    questions = _bulk(Question, questions)
    by_round: dict[int, list[Question]] = {}
    for question in questions:
        by_round.setdefault(question.followup_round_id, []).append(question)

    reports, report_lines = [], []
    for followup_round in rounds:
        year = followup_round.year
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        active = [p for p in state.partnerships if p.starts_on <= end and (p.ends_on is None or p.ends_on >= start)]
        by_administration: dict[int, list[Partnership]] = {}
        for partnership in active:
            by_administration.setdefault(partnership.administration_id, []).append(partnership)
        for administration in state.administrations:
            submitted = _at(datetime.date(year + 1, 2, rng.randint(1, 27)))
            reports.append(
                DepartmentReport(
                    followup_round=followup_round,
                    administration=administration,
                    status=DepartmentReport.Status.SUBMITTED,
                    comment="Samverkan har fördjupats under året." if rng.random() < 0.3 else "",
                    submitted_at=submitted,
                    submitted_by=state.officers.get(administration.pk),
                )
            )
            report_lines.append(by_administration.get(administration.pk, []))
    reports = _bulk(DepartmentReport, reports)

    commitments, answers = [], []
    for report, lines in zip(reports, report_lines):
        for partnership in lines:
            registered = state.money.get(partnership.pk, 0)
            corrected = rng.random() < 0.1
            commitments.append(
                ReportedCommitment(
                    report=report,
                    partnership=partnership,
                    registered_amount_sek=registered,
                    was_active=rng.random() < 0.97,
                    amount_sek=round(registered * rng.uniform(0.7, 1.1), -3) if corrected else None,
                    comment="Beloppet justerat efter bokslut." if corrected else "",
                )
            )
        for question in by_round[report.followup_round_id]:
            if question.audience == Question.Audience.ADMINISTRATION:
                answers.append(
                    DepartmentAnswer(
                        report=report,
                        question=question,
                        text="Vi har haft regelbundna möten med föreningarna och vill fortsätta så.",
                    )
                )
    _bulk(ReportedCommitment, commitments)
    _bulk(DepartmentAnswer, answers)

    responses, response_questions = [], []
    for followup_round in rounds:
        year_end = datetime.date(followup_round.year, 12, 31)
        eligible = [
            o
            for o in state.idea_driven
            if o.connected_since and o.connected_since <= year_end and (o.withdrawn_on is None or o.withdrawn_on > year_end)
        ]
        for organisation in rng.sample(eligible, k=min(len(eligible), counts["survey_responses_per_round"])):
            responses.append(
                SurveyResponse(
                    followup_round=followup_round,
                    organisation=organisation,
                    submitted_at=_at(datetime.date(followup_round.year + 1, 2, rng.randint(1, 27))),
                )
            )
            response_questions.append(by_round[followup_round.pk])
    responses = _bulk(SurveyResponse, responses)
    survey_answers = []
    for response, round_questions in zip(responses, response_questions):
        for question in round_questions:
            if question.audience != Question.Audience.ASSOCIATION:
                continue
            survey_answers.append(
                SurveyAnswer(
                    response=response,
                    question=question,
                    score=min(5, max(1, round(rng.gauss(3.6, 0.9)))) if question.has_scale else None,
                    text="" if question.has_scale and rng.random() < 0.8 else "Fler gemensamma träffar.",
                )
            )
    _bulk(SurveyAnswer, survey_answers)
    state.counts.update(
        rounds=len(rounds),
        department_reports=len(reports),
        reported_commitments=len(commitments),
        department_answers=len(answers),
        survey_responses=len(responses),
        survey_answers=len(survey_answers),
    )


# --- Conferences -----------------------------------------------------------------------------------


def _conferences(state: _State, counts: dict) -> None:
    rng = state.rng
    taken = set(Conference.objects.values_list("starts_on__year", flat=True))
    this_year = state.today.year
    years = [year for year in range(this_year - 1, this_year - 20, -2) if year not in taken][: counts["conferences"]]
    conferences = _bulk(
        Conference,
        [
            Conference(
                title=f"Regional överenskommelsekonferens {year}",
                starts_on=datetime.date(year, 10, 15),
                ends_on=datetime.date(year, 10, 15),
                venue_name="Kulturhuset",
                venue_address="Stortorget 1, 222 23 Lund",
                venue_accessibility="Entré utan trappsteg, hörslinga i alla salar.",
                description="En dag om samverkan mellan kommunerna och den idéburna sektorn i regionen.",
                registration_opens_at=_at(datetime.date(year, 8, 15), 8),
                registration_closes_at=_at(datetime.date(year, 10, 8), 23),
                capacity=counts["registrations_per_conference"],
                is_published=True,
            )
            for year in years
        ],
    )
    kinds = list(Session.Kind.values)
    sessions = []
    for conference in conferences:
        day = conference.starts_on
        for slot in range(8):
            hour = 9 + slot // 2 * 2
            sessions.append(
                Session(
                    conference=conference,
                    title=f"Pass {slot + 1}: {rng.choice(NEEDS).split(' ')[0]} och samverkan",
                    kind=kinds[slot % len(kinds)],
                    starts_at=_at(day, hour),
                    ends_at=_at(day, hour + 1),
                    room=f"Sal {'ABCD'[slot % 4]}",
                    speakers=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    description="Erfarenheter från förvaltningar och föreningar.",
                )
            )
    sessions = _bulk(Session, sessions)
    by_conference: dict[int, list[Session]] = {}
    for session in sessions:
        by_conference.setdefault(session.conference_id, []).append(session)

    registrations, registration_sessions = [], []
    for conference in conferences:
        for index in range(counts["registrations_per_conference"]):
            organisation = rng.choice(state.connected)
            waiting = index >= counts["registrations_per_conference"] * 0.96
            registrations.append(
                Registration(
                    conference=conference,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    email=f"deltagare{index}@{DOMAIN}",
                    organisation=organisation,
                    organisation_name=organisation.name,
                    on_participant_list=rng.random() < 0.5,
                    status=Registration.Status.WAITING if waiting else Registration.Status.CONFIRMED,
                    waiting_since=conference.registration_closes_at if waiting else None,
                    checked_in_at=None if waiting or rng.random() < 0.15 else _at(conference.starts_on, 8),
                )
            )
            registration_sessions.append(rng.sample(by_conference[conference.pk], k=2))
    registrations = _bulk(Registration, registrations)
    through = Registration.sessions.through
    _bulk(
        through,
        [
            through(registration_id=r.pk, session_id=s.pk)
            for r, chosen in zip(registrations, registration_sessions)
            for s in chosen
        ],
    )
    _bulk(
        SessionAttendance,
        [
            SessionAttendance(registration=r, session=s, checked_in_at=r.checked_in_at)
            for r, chosen in zip(registrations, registration_sessions)
            if r.checked_in_at
            for s in chosen
        ],
    )
    state.counts.update(conferences=len(conferences), registrations=len(registrations))
