"""Demo commitments (samverkansåtaganden) of several förvaltningar with the connected demo
associations of ``accounts/demo.py``: IOPs, joint projects and other solutions, with what each party
contributes, some of them ended.

Every name, amount and diarienummer is invented. Dates (and the diarienummer's years) are fixed
relative to the demo's year (``demo_year()``), and rows are found again by förvaltning and title, so
running load_demo twice in a year leaves the same rows.
"""

import datetime

from django.utils import timezone

from accounts.demo import AREAS
from accounts.models import Organisation, User
from overenskommelse.demo_year import demo_year
from overenskommelse.models import PriorityArea

from .models import CollaborationForm, Contribution, Initiative, Partnership

MONEY = Contribution.Kind.MONEY
PREMISES = Contribution.Kind.PREMISES
STAFF = Contribution.Kind.STAFF
VOLUNTEERS = Contribution.Kind.VOLUNTEERS
OTHER = Contribution.Kind.OTHER

KFF = "Kultur- och fritidsförvaltningen"
SOF = "Socialförvaltningen"
VOF = "Vård- och omsorgsförvaltningen"
BSF = "Barn- och skolförvaltningen"

# The officer of Kultur- och fritidsförvaltningen logs its commitments; the others were logged
# before the portal had officers of those förvaltningar.
OFFICERS = {KFF: "handlaggare@demo.lund.se"}


def _day(year_offset: int, month: int, day: int) -> datetime.date:
    return datetime.date(demo_year() + year_offset, month, day)


def _reference(registry: str, year_offset: int, number: str) -> str:
    """A diarienummer of the year of the decision: "KU 2024/0412"."""
    return f"{registry} {demo_year() + year_offset}/{number}"


def _partnerships() -> list[dict]:
    """One dict per commitment. "ended": recorded as ended by an officer; "contributions": (party,
    kind, kronor per year or None, what); "initiatives": titles of an initiative it may have come
    from (linked only if the demo initiatives have one by that title)."""
    return [
        {
            "administration": KFF,
            "title": "Kvällsöppen mötesplats för unga på Norra Fäladen",
            "form": CollaborationForm.IOP,
            "area": "demokrati",
            "parties": ["Fritidsföreningen Norra Fäladen"],
            "starts_on": _day(-1, 1, 1),
            "ends_on": _day(1, 12, 31),
            "decision_on": _day(-2, 11, 20),
            "decision_reference": _reference("KU", -2, "0412"),
            "description": (
                "Föreningen håller en mötesplats för unga mellan 13 och 19 år öppen fyra kvällar i veckan "
                "med trygga vuxna, idrott och ungdomsinflytande. Förvaltningen står för lokalen och ett "
                "årligt bidrag; föreningen för verksamheten och de frivilliga ledarna. Parterna följer "
                "upp arbetet tillsammans två gånger om året."
            ),
            "contributions": [
                (KFF, MONEY, 450_000, "Verksamhetsbidrag enligt överenskommelsen"),
                (
                    KFF,
                    PREMISES,
                    180_000,
                    "Lokal i Norra Fäladens fritidsgård, fyra kvällar i veckan",
                ),
                (
                    "Fritidsföreningen Norra Fäladen",
                    VOLUNTEERS,
                    None,
                    "Cirka tolv frivilliga vuxna varje termin",
                ),
                (
                    "Fritidsföreningen Norra Fäladen",
                    STAFF,
                    None,
                    "En verksamhetsledare på halvtid",
                ),
            ],
        },
        {
            "administration": KFF,
            "title": "Schack i skolan och på fritidsgårdarna",
            "form": CollaborationForm.JOINT_PROJECT,
            "area": "inkl",
            "parties": ["Lunds Schackklubb"],
            "starts_on": _day(-2, 8, 15),
            "ends_on": _day(-1, 6, 15),
            "decision_on": _day(-2, 6, 10),
            "decision_reference": _reference("KU", -2, "0208"),
            "ended": True,
            "description": (
                "Schackklubbens instruktörer höll schackträning på tre fritidsgårdar och i två skolor "
                "under ett läsår, för att fler barn och unga skulle hitta en fritidsaktivitet."
            ),
            "contributions": [
                (KFF, MONEY, 60_000, "Projektmedel för instruktörernas arvoden"),
                ("Lunds Schackklubb", STAFF, None, "Fyra instruktörer"),
                (
                    "Lunds Schackklubb",
                    OTHER,
                    None,
                    "Schackbräden och pjäser till fritidsgårdarna",
                ),
            ],
        },
        {
            "administration": KFF,
            "title": "Simundervisning för nyanlända vuxna",
            "form": CollaborationForm.OTHER,
            "area": "halsa",
            "parties": ["Lunds Simsällskap Delfinen"],
            "starts_on": _day(0, 1, 1),
            "ends_on": None,
            "decision_on": _day(-1, 12, 4),
            "decision_reference": _reference("KU", -1, "0377"),
            "description": (
                "Delfinen håller simskola för nyanlända vuxna två kvällar i veckan. Förvaltningen bidrar "
                "med simhallstider och ett bidrag till simlärarna. Samarbetet gäller tills vidare."
            ),
            "contributions": [
                (KFF, MONEY, 120_000, "Bidrag till simlärare"),
                (
                    KFF,
                    PREMISES,
                    None,
                    "Simhallstider på Högevallsbadet två kvällar i veckan",
                ),
                ("Lunds Simsällskap Delfinen", STAFF, None, "Simlärare"),
            ],
            "initiatives": ["Simundervisning för nyanlända vuxna"],
        },
        {
            "administration": SOF,
            "title": "Läxhjälp och föräldragrupper på Linero",
            "form": CollaborationForm.IOP,
            "area": "inkl",
            "parties": [
                "Linero Församlingsgemenskap",
                "Studieförbundet Kunskapsvägen Lund",
            ],
            "starts_on": _day(-2, 1, 1),
            "ends_on": _day(0, 12, 31),
            "decision_on": _day(-3, 11, 23),
            "decision_reference": _reference("SN", -3, "0588"),
            "description": (
                "Församlingsgemenskapen och studieförbundet håller läxhjälp för barn i årskurs 4–9 och "
                "föräldragrupper på Linero. Socialförvaltningen bidrar med medel och med familjebehandlare "
                "som medverkar i föräldragrupperna."
            ),
            "contributions": [
                (SOF, MONEY, 380_000, "Bidrag enligt IOP-avtalet"),
                (
                    SOF,
                    STAFF,
                    None,
                    "Familjebehandlare i föräldragrupperna, fyra timmar i veckan",
                ),
                (
                    "Linero Församlingsgemenskap",
                    PREMISES,
                    None,
                    "Lokaler på Linero tre eftermiddagar i veckan",
                ),
                ("Linero Församlingsgemenskap", VOLUNTEERS, None, "Läxhjälpare"),
                (
                    "Studieförbundet Kunskapsvägen Lund",
                    STAFF,
                    None,
                    "Cirkelledare för föräldragrupperna",
                ),
            ],
            "initiatives": ["Läxhjälp och föräldracafé på Linero"],
        },
        {
            "administration": SOF,
            "title": "Samtalsstöd för anhöriga",
            "form": CollaborationForm.OTHER,
            "area": "halsa",
            "parties": ["Föreningen Medmänniskor i Lund"],
            "starts_on": _day(-4, 3, 1),
            "ends_on": _day(-3, 12, 31),
            "decision_on": _day(-4, 2, 16),
            "decision_reference": _reference("SN", -4, "0131"),
            "ended": True,
            "description": (
                "Föreningen höll samtalsgrupper för anhöriga till personer med missbruk. Arbetet lever "
                "vidare i föreningens egen regi."
            ),
            "contributions": [
                (SOF, MONEY, 90_000, "Bidrag till gruppledare"),
                ("Föreningen Medmänniskor i Lund", VOLUNTEERS, None, "Samtalsledare"),
            ],
        },
        {
            "administration": VOF,
            "title": "Besöksvänner mot ofrivillig ensamhet",
            "form": CollaborationForm.IOP,
            "area": "halsa",
            "parties": ["Föreningen Medmänniskor i Lund"],
            "starts_on": _day(-1, 4, 1),
            "ends_on": _day(2, 3, 31),
            "decision_on": _day(-1, 2, 26),
            "decision_reference": _reference("VON", -1, "0094"),
            "description": (
                "Frivilliga besöksvänner från föreningen besöker äldre som bor ensamma, efter förfrågan "
                "från hemtjänsten. Förvaltningen bidrar med medel och en samordnare som förmedlar "
                "kontakterna."
            ),
            "contributions": [
                (VOF, MONEY, 520_000, "Bidrag enligt IOP-avtalet"),
                (VOF, STAFF, None, "Samordnare på 20 procent"),
                (
                    "Föreningen Medmänniskor i Lund",
                    VOLUNTEERS,
                    None,
                    "Cirka 40 besöksvänner",
                ),
            ],
            "initiatives": ["Tillsammans mot ofrivillig ensamhet"],
        },
        {
            "administration": VOF,
            "title": "Seniordans och stolgympa på träffpunkterna",
            "form": CollaborationForm.JOINT_PROJECT,
            "area": "halsa",
            "parties": ["Lunds Seniorer i Rörelse"],
            "starts_on": _day(0, 2, 1),
            "ends_on": _day(0, 6, 30),
            "decision_on": _day(-1, 12, 11),
            "decision_reference": _reference("VON", -1, "0412"),
            "ended": True,
            "description": (
                "Föreningens ledare höll seniordans och stolgympa på kommunens fyra träffpunkter under "
                "våren. Parterna utvärderar nu om det ska bli ett långsiktigt samarbete."
            ),
            "contributions": [
                (VOF, MONEY, 35_000, "Arvoden till ledarna"),
                (VOF, PREMISES, None, "Träffpunkternas lokaler"),
                ("Lunds Seniorer i Rörelse", STAFF, None, "Sex ledare"),
            ],
        },
        {
            "administration": BSF,
            "title": "Skolträdgårdar med Gröna Gården",
            "form": CollaborationForm.JOINT_PROJECT,
            "area": "hallbar",
            "parties": ["Stiftelsen Gröna Gården i Lund"],
            "starts_on": _day(-1, 8, 18),
            "ends_on": _day(1, 6, 12),
            "decision_on": _day(-1, 5, 22),
            "decision_reference": _reference("BSN", -1, "0266"),
            "description": (
                "Stiftelsens trädgårdspedagog odlar med skolklasser i fem skolträdgårdar och på Gröna "
                "Gården, som en del av undervisningen om hållbar utveckling."
            ),
            "contributions": [
                (BSF, MONEY, 140_000, "Projektmedel"),
                ("Stiftelsen Gröna Gården i Lund", STAFF, None, "Trädgårdspedagog"),
                (
                    "Stiftelsen Gröna Gården i Lund",
                    PREMISES,
                    None,
                    "Odlingarna på Gröna Gården",
                ),
            ],
            "initiatives": ["Odla tillsammans på Gröna Gården"],
        },
    ]


def _area(key: str) -> PriorityArea | None:
    return (
        PriorityArea.objects.filter(slug=AREAS[key])
        .order_by("-action_plan__starts_on")
        .first()
    )


def _initiative(titles) -> Initiative | None:
    for title in titles:
        initiative = Initiative.objects.filter(title=title).order_by("pk").first()
        if initiative is not None:
            return initiative
    return None


def load_partnerships(*, stdout) -> None:
    partnerships = _partnerships()
    names = {
        name
        for data in partnerships
        for name in (data["administration"], *data["parties"])
    }
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    count = 0
    for data in partnerships:
        administration = organisations.get(data["administration"])
        parties = [organisations.get(name) for name in data["parties"]]
        if administration is None or None in parties:
            continue  # the register of accounts/demo.py was not loaded
        officer_email = OFFICERS.get(data["administration"])
        officer = (
            User.objects.filter(email=officer_email).first() if officer_email else None
        )
        ended_at = None
        if data.get("ended"):
            ended_at = timezone.make_aware(
                datetime.datetime.combine(data["ends_on"], datetime.time(15, 0))
            )
        initiative = _initiative(data.get("initiatives", []))
        partnership, _created = Partnership.objects.update_or_create(
            administration=administration,
            title=data["title"],
            defaults={
                "form": data["form"],
                "priority_area": _area(data["area"]),
                "description": data["description"],
                "starts_on": data["starts_on"],
                "ends_on": data["ends_on"],
                "decision_on": data["decision_on"],
                "decision_reference": data["decision_reference"],
                "initiative": initiative,
                "ended_at": ended_at,
                "created_by": officer,
            },
        )
        partnership.organisations.set(parties)
        kept = []
        for party_name, kind, amount, description in data["contributions"]:
            contribution, _created = Contribution.objects.update_or_create(
                partnership=partnership,
                organisation=organisations[party_name],
                kind=kind,
                defaults={"amount_sek_per_year": amount, "description": description},
            )
            kept.append(contribution.pk)
        partnership.contributions.exclude(pk__in=kept).delete()
        count += 1
    stdout.write(f"  commitments: {count} (IOPs, joint projects and other solutions)")
