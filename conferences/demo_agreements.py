"""Demo conferences of the other agreements (``load_demo --agreement boras|blekinge``), each by
its agreement's cadence and with its programme:

- Borås: every other year, where the samråd presents the evaluation of the two years before. The
  day of the year before the demo's year is held (with its programme, invitations, registrations
  and attendance); the day of the year after is published, its invitation list built from the
  register, registration not open yet.
- Blekinge: every year, where the steering group presents the year's follow-up and the parties may
  propose revisions. The conference of the demo's year is held; the next is due the year after.

Built with Lund's helpers (``conferences.demo``) and the invitation list's service. Every date is
fixed relative to the demo's year (``demo_year()``), rows are found again by their natural keys, so running load_demo twice leaves the same rows.
Every person, place and sentence is invented.
"""

import datetime

from django.utils import timezone

from accounts.demo import other_demo_email
from accounts.demo_boras import COMPANY, person_email
from accounts.models import User
from overenskommelse.demo_year import demo_year

# The module, not its names: ``conferences.demo`` loads these conferences and is imported first.
from . import demo
from .models import Conference, Registration
from .services import invitation_list_build


def _at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


BORAS_VENUE_ACCESSIBILITY = (
    "Entré utan trappsteg och hiss till alla plan. Hörslinga i stora salen. Tillgänglig "
    "toalett på entréplanet. Fem minuters promenad från resecentrum."
)


def _boras_held(year: int) -> dict:
    """Borås's day of the year before the demo's year (``year``), held."""
    return {
        "title": f"Samverkansdagen {year - 1}",
        "starts_on": datetime.date(year - 1, 11, 6),
        "ends_on": datetime.date(year - 1, 11, 6),
        "venue_name": "Föreningarnas hus, stora salen",
        "venue_address": "Skolgatan 4, 503 32 Borås",
        "venue_accessibility": BORAS_VENUE_ACCESSIBILITY,
        "description": (
            "Vartannat år bjuder samrådet in de idéburna organisationerna i Borås, anslutna eller "
            "inte, och stadens nämnder och bolag till en dag om överenskommelsen. Samrådet redovisar "
            "utvärderingen av de två senaste åren, parterna visar goda exempel, och dagen avslutas "
            "med en dialog om hur de idéburna kan komma in tidigare i stadens planering."
        ),
        "registration_opens_at": _at(year - 1, 9, 1, 8),
        "registration_closes_at": _at(year - 1, 10, 30, 23, 59),
        "capacity": 100,
        "needs_retention_days": 30,
        "is_published": True,
        "needs_erased_at": _at(year - 1, 12, 6, 3, 30),
        "capacity_notified": [],
    }


def _boras_held_sessions(year: int) -> list[tuple]:
    return [
        ("welcome", f"Välkommen: utvärderingen av {year - 3}–{year - 2}", "plenary", (9, 0), (9, 45), "Stora salen",
         "Sara Sammankallande, samrådet",
         "Vad utvärderingen visar om hur samverkan har fungerat, och vad samrådet föreslår.", None, None),
        ("summer", "Sommaraktiviteter för barn i Norrby", "initiative", (10, 0), (10, 45), "Stora salen",
         f"{COMPANY} och Idrottsklubben Viskan",
         "Två somrar med idrott och lek på gårdarna, och vad parterna lärde sig.",
         "Sommaraktiviteter för barn i Norrby", None),
        ("iop", "Utbildning: så skriver ni ett samverkansavtal", "training", (11, 0), (12, 0), "Sal 2",
         "Hanna Handläggare, Fritids- och folkhälsoförvaltningen",
         "Samverkansavtal och IOP: när de passar, vad de ska innehålla och hur de följs upp.", None, 30),
        ("dialogue", "Dialog: hur kommer de idéburna in tidigt?", "dialogue", (13, 0), (14, 30), "Stora salen",
         "", "Samtal i mindre grupper. Anteckningarna går till samrådet.", None, None),
    ]


# name, email, organisation, sessions, dietary needs, accessibility needs, on the participant list
BORAS_HELD_PEOPLE = [
    ("Fia Förening", person_email("forening"), "Föreningen Vävkretsen", ["welcome", "summer", "dialogue"], "", "", True),
    ("Hanna Handläggare", person_email("handlaggare"), "Fritids- och folkhälsoförvaltningen", ["welcome", "iop"], "", "", True),
    ("Bo Bostadsbolag", person_email("bolaget"), COMPANY, ["summer", "dialogue"], "", "", True),
    ("Olle Ortsförening", person_email("ortsforening"), "Ortsföreningen i Fristad", ["welcome", "dialogue"], "", "", False),
    ("Tove Strand", "tove@viskan.demo.boras.se", "Idrottsklubben Viskan", ["summer", "iop"], "", "", True),
]
BORAS_HELD_NO_SHOW = {"tove@viskan.demo.boras.se"}


def _boras_upcoming(year: int) -> dict:
    """Borås's day of the year after the demo's year, published, registration not open yet."""
    return {
        "title": f"Samverkansdagen {year + 1}",
        "starts_on": datetime.date(year + 1, 4, 22),
        "ends_on": datetime.date(year + 1, 4, 22),
        "venue_name": "Föreningarnas hus, stora salen",
        "venue_address": "Skolgatan 4, 503 32 Borås",
        "venue_accessibility": BORAS_VENUE_ACCESSIBILITY,
        "description": (
            "Samrådets dag om överenskommelsen, vartannat år. Samrådet redovisar utvärderingen av "
            f"{year - 1}–{year}: vad nämnderna och bolagen har gjort och hur de idéburna organisationerna "
            "har upplevt samverkan. Anmälan öppnar i januari."
        ),
        "registration_opens_at": _at(year + 1, 1, 18, 8),
        "registration_closes_at": _at(year + 1, 4, 12, 23, 59),
        "capacity": 100,
        "needs_retention_days": 30,
        "is_published": True,
        "needs_erased_at": None,
        "capacity_notified": [],
    }


def _boras_upcoming_sessions(year: int) -> list[tuple]:
    return [
        ("welcome", f"Välkommen: utvärderingen av {year - 1}–{year}", "plenary", (9, 0), (9, 45), "Stora salen",
         "Sara Sammankallande, samrådet",
         "Vad nämnderna och bolagen redovisat, och vad de idéburna svarat i enkäten.", None, None),
        ("early", "Tidig dialog om nya spontanidrottsplatser", "initiative", (10, 0), (10, 45), "Stora salen",
         "Idrottsklubben Viskan och Fritids- och folkhälsoförvaltningen",
         "Så är föreningarna med från första skissen av en ny plats.",
         "Tidig dialog om nya spontanidrottsplatser", None),
        ("voice", "Utbildning: referensgrupper som fungerar", "training", (11, 0), (12, 0), "Sal 2",
         "Kvinnojouren Trygghetshuset och Sociala omsorgsförvaltningen",
         "Hur de idéburnas röst kommer fram i stadens referensgrupper.", None, 40),
        ("dialogue", "Dialog: vad ska samrådet prioritera?", "dialogue", (13, 0), (14, 30), "Stora salen",
         "", "Samtal i mindre grupper om de kommande två åren.", None, None),
    ]


def _blekinge_held(year: int) -> dict:
    """Blekinge's yearly conference of the demo's year, held."""
    return {
        "title": f"Samverkanskonferensen {year}",
        "starts_on": datetime.date(year, 10, 8),
        "ends_on": datetime.date(year, 10, 8),
        "venue_name": "Konferenscentret vid hamnen, Karlskrona",
        "venue_address": "Hamngatan 3, 371 30 Karlskrona",
        "venue_accessibility": (
            "Entré i gatuplan och hiss till konferensplanet. Hörslinga i konsertsalen. Tillgänglig "
            "toalett på varje plan. Tio minuters promenad från Karlskrona centralstation."
        ),
        "description": (
            "Den första årliga samverkanskonferensen under överenskommelsen i Blekinge län. "
            "Styrgruppen redovisar årets uppföljning och verksamhetsplan, parterna visar exempel på "
            "samverkan, och alla kan föreslå ändringar i överenskommelsen."
        ),
        "registration_opens_at": _at(year, 8, 17, 8),
        "registration_closes_at": _at(year, 9, 30, 23, 59),
        "capacity": 150,
        "needs_retention_days": 30,
        "is_published": True,
        "needs_erased_at": _at(year, 11, 7, 3, 30),
        "capacity_notified": [],
    }


BLEKINGE_HELD_SESSIONS = [
    ("welcome", "Välkommen: första året med överenskommelsen", "plenary", (9, 30), (10, 15), "Konsertsalen",
     "Styrgruppens ordförande och vice ordförande",
     "Vad parterna har gjort under året och vad styrgruppen vill härnäst.", None, None),
    ("followup", "Årets uppföljning och verksamhetsplanen", "plenary", (10, 30), (11, 15), "Konsertsalen",
     "Sara Sammankallande, processledare",
     "Hur verksamhetsplanens aktiviteter har gått, och vad uppföljningen visar.", None, None),
    ("summer", "Sommarlov i Brunnsskogen", "initiative", (11, 30), (12, 15), "Konsertsalen",
     "Mötesplats Brunnsskogen och Fritids- och kulturförvaltningen i Ronneby",
     "Sju sommarveckor med aktiviteter för barn, ledda av unga från området.",
     "Sommarlov i Brunnsskogen", None),
    ("survey", "Kunskapsöversikt om idéburen sektor i länet", "initiative", (13, 15), (14, 0), "Sal Hästö",
     "Studieförbundet Blekingeleden och Region Blekinge",
     "Vad kartläggningen av länets idéburna organisationer visar.",
     "Kunskapsöversikt om idéburen sektor i länet", 60),
    ("revision", "Dialog: förslag till ändringar i överenskommelsen", "dialogue", (14, 15), (15, 30), "Konsertsalen",
     "", "Samtal i mindre grupper. Förslagen går till styrgruppen.", None, None),
]
BLEKINGE_HELD_PEOPLE = [
    ("Maja Regionsson", "kontakt@region.demo.blekinge.se", "Region Blekinge", ["welcome", "followup", "survey", "revision"], "", "", True),
    ("Johan Kustberg", "kontakt@karlskrona.demo.blekinge.se", "Karlskrona kommun", ["welcome", "summer", "revision"], "", "", True),
    ("Elin Brunnsdal", "kontakt@ronneby.demo.blekinge.se", "Ronneby kommun", ["welcome", "summer"], "Vegetarisk", "", True),
    ("Amir Forsk", "kontakt@bth.demo.blekinge.se", "Blekinge Tekniska Högskola", ["survey", "revision"], "", "", True),
    ("Nora Kustvik", "nora@kustbygden.demo.blekinge.se", "Kustbygdens ungdomsförening", ["welcome", "summer", "revision"], "", "", True),
    ("Samir Haddad", "samir@brunnsskogen.demo.blekinge.se", "Mötesplats Brunnsskogen", ["summer", "revision"], "", "", False),
]
BLEKINGE_HELD_NO_SHOW = {"kontakt@bth.demo.blekinge.se"}


def _held(data: dict, sessions_rows, people, no_show, *, convener: User, sent_at) -> Conference:
    """A conference that has taken place: its programme, the invitations (built from the register
    and sent), the registrations, and who came to which session."""
    conference = demo._conference(data)
    sessions = demo._sessions(conference, sessions_rows)
    demo._invitations(conference, sent_at=sent_at, convener=convener)
    day = conference.starts_on
    for index, person in enumerate(people):
        came = person[1] not in no_show
        registration = demo._registration(
            conference,
            # The needs were erased 30 days after the conference.
            (*person[:4], "", "", person[6]),
            status=Registration.Status.CONFIRMED,
            created_at=_at(day.year, day.month, 1, 10, index) - datetime.timedelta(days=20),
            checked_in_at=_at(day.year, day.month, day.day, 8, 30 + index) if came else None,
            is_walk_in=False,
        )
        chosen = [sessions[key] for key in person[3]]
        registration.sessions.set(chosen)
        demo._attendance(registration, chosen if came else [])
    return conference


def _planned(data: dict, sessions_rows, *, convener: User) -> Conference:
    """A conference to come: its programme and its invitation list, built once from the register
    (not sent yet: the convener sends it when registration opens)."""
    conference = demo._conference(data)
    demo._sessions(conference, sessions_rows)
    if not conference.invitations.exists():
        invitation_list_build(conference=conference, by=convener)
    return conference


def load_conferences(agreement: str, *, stdout) -> None:
    year = demo_year()
    convener = User.objects.get(email=other_demo_email("sammankallande", agreement))
    if agreement == "boras":
        held = _held(
            _boras_held(year), _boras_held_sessions(year), BORAS_HELD_PEOPLE, BORAS_HELD_NO_SHOW,
            convener=convener, sent_at=_at(year - 1, 9, 1, 9),
        )
        planned = _planned(_boras_upcoming(year), _boras_upcoming_sessions(year), convener=convener)
        stdout.write(f"  conferences: {held.title} (held), {planned.title} (planned)")
    elif agreement == "blekinge":
        held = _held(
            _blekinge_held(year), BLEKINGE_HELD_SESSIONS, BLEKINGE_HELD_PEOPLE, BLEKINGE_HELD_NO_SHOW,
            convener=convener, sent_at=_at(year, 8, 17, 9),
        )
        stdout.write(f"  conferences: {held.title} (held; the next is due the year after)")
