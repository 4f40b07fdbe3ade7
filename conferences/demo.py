"""Demo conferences (load_demo): the conference held two years before the demo's year, with its
programme, invitations, registrations and real attendance, and the one of the year after, open for
registration, with a programme, invitations built from the register, registrations, a full session
and a waiting list.

Every date is fixed relative to the demo's year (``demo_year()``, never today's date), and rows are found again by their natural keys, so running
load_demo twice leaves the same rows. Every person below is invented.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from accounts.models import Organisation, Sector, User, kinds_of_sector
from initiatives.models import Initiative
from overenskommelse.demo_year import demo_year

from . import demo_agreements
from .models import (
    Conference,
    Invitation,
    InvitationSending,
    Registration,
    Session,
    SessionAttendance,
)
from .services import invitation_list_build


def _at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def conference_title(year: int) -> str:
    """The title of Lund's demo conference of ``year`` (the group's meeting puts it on its agenda)."""
    return f"Överenskommelsekonferensen {year}"


def _held(year: int) -> dict:
    """The conference held two years before the demo's year (``year``)."""
    held = year - 2
    return {
        "title": conference_title(held),
        "starts_on": datetime.date(held, 10, 17),
        "ends_on": datetime.date(held, 10, 17),
        "venue_name": "Stadshallen, Lund",
        "venue_address": "Stortorget 7, 222 23 Lund",
        "venue_accessibility": (
            "Entré utan trappsteg från Stortorget och hiss till alla våningar. Hörslinga i Stora "
            "salen och Sal B. Tillgänglig toalett på varje plan. Närmaste busshållplats är Lund "
            "Stortorget, två minuters promenad."
        ),
        "description": (
            "Den andra konferensen om överenskommelsen mellan Lunds kommun och den idéburna sektorn. "
            "Vi berättar om pågående samverkansinitiativ, går igenom kommunens föreningsbidrag och "
            "projektbidrag och håller utbildningar om att starta ett initiativ och om IOP. Dagen "
            "avslutas med en dialogrunda om vad handlingsplanen ska prioritera."
        ),
        "registration_opens_at": _at(held, 8, 15, 8),
        "registration_closes_at": _at(held, 10, 10, 23, 59),
        "capacity": 120,
        "needs_retention_days": 30,
        "is_published": True,
        "needs_erased_at": _at(held, 11, 17, 3, 30),
        "capacity_notified": [],
    }


def _upcoming(year: int) -> dict:
    """The conference of the year after the demo's year, open for registration since New Year."""
    return {
        "title": conference_title(year + 1),
        "starts_on": datetime.date(year + 1, 5, 20),
        "ends_on": datetime.date(year + 1, 5, 20),
        "venue_name": "Folkets hus Lund, Stora salen",
        "venue_address": "Winstrupsgatan 3, 222 22 Lund",
        "venue_accessibility": (
            "Entré utan trappsteg från Winstrupsgatan, ramp till scenen och hiss till övervåningen. "
            "Hörslinga och skrivtolkning i Stora salen. Tillgänglig toalett på entréplan. Tio "
            "minuters promenad från Lund Centralstation."
        ),
        "description": (
            "Vartannat år bjuder samverkansgruppen in alla föreningar i Lund, anslutna eller inte, "
            "och nämndernas ordförande och vice ordförande till en dag om överenskommelsen. Ta del "
            "av resultaten från pågående samverkansinitiativ, lär dig mer om kommunens bidrag och om "
            "IOP, och var med och samtala om nästa handlingsplan."
        ),
        "registration_opens_at": _at(year, 1, 1, 0),
        "registration_closes_at": _at(year + 1, 5, 1, 23, 59),
        "capacity": 14,
        "needs_retention_days": 30,
        "is_published": True,
        "needs_erased_at": None,
        "capacity_notified": [50, 80, 100],
    }


IDEA_DRIVEN = kinds_of_sector(Sector.IDEA_DRIVEN)

# Sessions: key, title, kind, (start h, m), (end h, m), room, speakers, description, initiative
# title or None, capacity or None.
HELD_SESSIONS = [
    ("welcome", "Välkommen: överenskommelsen fem år", "plenary", (9, 0), (9, 45), "Stora salen",
     "Helena Lindgård, Kommunstyrelsen; Gustav Gruppledamot, samverkansgruppen",
     "Vad har överenskommelsen åstadkommit sedan 2019, och vad står på tur?", None, None),
    ("start", "Utbildning: så startar ni ett samverkansinitiativ", "training", (10, 0), (11, 0), "Sal B",
     "Sara Sammankallande, kommunkontoret",
     "De fem stegen i samverkansprocessen, med exempel och gott om tid för frågor.", None, 40),
    ("grants", "Kommunens föreningsbidrag och projektbidrag", "grants", (10, 0), (11, 0), "Sal C",
     "Olle Tjänsteperson, kultur- och fritidsförvaltningen",
     "Vilka bidrag finns, vem kan söka och när? Så fyller ni i ansökan.", None, None),
    ("garden", "Odla tillsammans på Gröna Gården", "initiative", (11, 15), (12, 0), "Stora salen",
     "Stiftelsen Gröna Gården i Lund",
     "Hur stadsodlingen kom till, vad den gett grannarna och vad vi lärt oss.",
     "Odla tillsammans på Gröna Gården", None),
    ("iop", "Utbildning: IOP i praktiken", "training", (13, 0), (14, 0), "Sal B",
     "Anders Nyqvist, Socialnämnden; LIPS",
     "Idéburet offentligt partnerskap: när det passar, hur avtalet skrivs och hur det följs upp.",
     None, 30),
    ("dialogue", "Dialogrunda: vad ska handlingsplanen prioritera?", "dialogue", (14, 15), (15, 30),
     "Stora salen", "", "Samtal i mindre grupper. Anteckningarna går till samverkansgruppen.", None, None),
]


def _upcoming_sessions(year: int) -> list[tuple]:
    """The programme of the conference to come (of the year after ``year``)."""
    return [
        ("welcome", "Välkommen och läget i överenskommelsen", "plenary", (9, 0), (9, 40), "Stora salen",
         "Helena Lindgård, Kommunstyrelsen; Gustav Gruppledamot, samverkansgruppen",
         "En genomgång av året som gått och av den årliga uppföljningen.", None, None),
        ("start", "Utbildning: från idé till samverkansinitiativ", "training", (10, 0), (11, 0), "Lilla salen",
         "Sara Sammankallande, kommunkontoret",
         "Så formulerar ni ett gemensamt behov och hittar parter, steg för steg.", None, 8),
        ("grants", f"Bidrag och projektstöd {year + 1}", "grants", (10, 0), (11, 0), "Stora salen",
         "Olle Tjänsteperson, kultur- och fritidsförvaltningen",
         "Nyheter i kommunens föreningsbidrag och hur projektbidraget söks.", None, None),
        ("swim", "Simundervisning för nyanlända vuxna", "initiative", (11, 15), (12, 0), "Stora salen",
         "Lunds Simsällskap Delfinen",
         "Resultat och lärdomar från två år av simundervisning för nyanlända vuxna.",
         "Simundervisning för nyanlända vuxna", None),
        ("iop", "Utbildning: IOP – så skriver ni avtalet", "training", (13, 0), (14, 0), "Lilla salen",
         "Leila Karimi, Socialnämnden; LIPS",
         "Från samverkansinitiativ till ett idéburet offentligt partnerskap.", None, 20),
        ("dialogue", "Dialog: nästa handlingsplan", "dialogue", (14, 15), (15, 30), "Stora salen", "",
         "Vilka samhällsområden ska parterna samverka inom de kommande fyra åren?", None, None),
    ]

# Registrations: name, email, organisation name in the register (or free text), sessions (keys),
# dietary needs, on the participant list. The held one: checked in unless listed in NO_SHOW.
HELD_PEOPLE = [
    ("Rut Föreningsaktiv", "forening@demo.lund.se", "Lunds Schackklubb", ["welcome", "start", "dialogue"], "", True),
    ("Lars Ek", "lars.ek@schack.demo.lund.se", "Lunds Schackklubb", ["welcome", "grants"], "", True),
    ("Karin Björk", "karin@medmanniskor.demo.lund.se", "Föreningen Medmänniskor i Lund", ["welcome", "start", "iop"], "Vegetarisk", True),
    ("Hassan Ali", "hassan@medmanniskor.demo.lund.se", "Föreningen Medmänniskor i Lund", ["iop", "dialogue"], "", False),
    ("Eva Lund", "eva@delfinen.demo.lund.se", "Lunds Simsällskap Delfinen", ["welcome", "grants", "garden"], "", True),
    ("Johan Friberg", "johan@gronagarden.demo.lund.se", "Stiftelsen Gröna Gården i Lund", ["welcome", "garden", "dialogue"], "Vegansk", True),
    ("Amira Haddad", "amira@gronagarden.demo.lund.se", "Stiftelsen Gröna Gården i Lund", ["garden", "iop"], "", True),
    ("Peter Sjöberg", "peter@kunskapsvagen.demo.lund.se", "Studieförbundet Kunskapsvägen Lund", ["welcome", "start"], "", True),
    ("Maria Olsson", "maria@linero.demo.lund.se", "Linero Församlingsgemenskap", ["start", "iop", "dialogue"], "Glutenfri", True),
    ("Nils Holmberg", "nils@fritid.demo.lund.se", "Fritidsföreningen Norra Fäladen", ["welcome", "start", "dialogue"], "", True),
    ("Birgit Svensson", "birgit@seniorer.demo.lund.se", "Lunds Seniorer i Rörelse", ["welcome", "grants"], "", True),
    ("Gunnar Persson", "gunnar@genarp.demo.lund.se", "Genarps Bygdeförening", ["welcome", "grants"], "", True),
    ("Sofia Berg", "sofia@sprakcafe.demo.lund.se", "Föreningen Språkcafé Lund", ["start", "iop"], "", True),
    ("Ola Mattsson", "ola@veberod.demo.lund.se", "Veberöds Musikkår", ["grants"], "", False),
    ("Lena Ström", "lena@cantus.demo.lund.se", "Lunds Körsällskap Cantus", ["welcome", "grants", "dialogue"], "", True),
    ("Ahmed Yusuf", "ahmed@pil-lund.demo.lund.se", "PIL – Idrottsföreningar i Lund", ["welcome", "iop", "dialogue"], "", True),
    ("Ingrid Nyström", "ingrid@lips-lund.demo.lund.se", "LIPS – Lunds ideella föreningars paraplyorganisation med socialt arbete", ["welcome", "iop", "dialogue"], "", True),
    ("Maria Hedberg", "kfn.ordforande@demo.lund.se", "Kultur- och fritidsnämnden", ["welcome", "dialogue"], "", True),
    ("Anders Nyqvist", "son.ordforande@demo.lund.se", "Socialnämnden", ["welcome", "iop"], "", True),
    ("Olle Tjänsteperson", "handlaggare@demo.lund.se", "Kultur- och fritidsförvaltningen", ["grants", "dialogue"], "", True),
    ("Gustav Gruppledamot", "ledamot@demo.lund.se", "", ["welcome", "dialogue"], "", True),
    ("Sara Sammankallande", "sammankallande@demo.lund.se", "Kommunkontoret", ["welcome", "start"], "", True),
    ("Tove Lindqvist", "tove@dalby.demo.lund.se", "Dalby Kulturförening", ["welcome", "start"], "", False),
]
HELD_NO_SHOW = {"hassan@medmanniskor.demo.lund.se", "tove@dalby.demo.lund.se"}
HELD_CANCELLED = {"ola@veberod.demo.lund.se"}
# Came on the day without registering.
HELD_WALK_INS = [
    ("Elin Ståhl", "elin@torn.demo.lund.se", "Torns Idrottsförening", ["grants", "dialogue"]),
    ("Kerstin Ahl", "kerstin@nobbelov.demo.lund.se", "Nöbbelövs Trädgårdsförening", ["garden", "dialogue"]),
]

# The conference to come: the first 14 have places (in this order), the rest wait in line.
UPCOMING_PEOPLE = [
    ("Rut Föreningsaktiv", "forening@demo.lund.se", "Lunds Schackklubb", ["welcome", "start", "swim", "dialogue"], "", "", True),
    ("Karin Björk", "karin@medmanniskor.demo.lund.se", "Föreningen Medmänniskor i Lund", ["welcome", "start", "iop"], "Vegetarisk", "", True),
    ("Eva Lund", "eva@delfinen.demo.lund.se", "Lunds Simsällskap Delfinen", ["welcome", "swim"], "", "", True),
    ("Johan Friberg", "johan@gronagarden.demo.lund.se", "Stiftelsen Gröna Gården i Lund", ["start", "grants", "dialogue"], "Vegansk", "", True),
    ("Peter Sjöberg", "peter@kunskapsvagen.demo.lund.se", "Studieförbundet Kunskapsvägen Lund", ["start", "iop"], "", "", True),
    ("Maria Olsson", "maria@linero.demo.lund.se", "Linero Församlingsgemenskap", ["start", "iop", "dialogue"], "Glutenfri", "", True),
    ("Nils Holmberg", "nils@fritid.demo.lund.se", "Fritidsföreningen Norra Fäladen", ["welcome", "start"], "", "", True),
    ("Birgit Svensson", "birgit@seniorer.demo.lund.se", "Lunds Seniorer i Rörelse", ["welcome", "grants"], "", "Rullstol: plats nära scenen, tack.", True),
    ("Gunnar Persson", "gunnar@genarp.demo.lund.se", "Genarps Bygdeförening", ["grants"], "", "", False),
    ("Sofia Berg", "sofia@sprakcafe.demo.lund.se", "Föreningen Språkcafé Lund", ["start", "iop"], "", "", True),
    ("Ahmed Yusuf", "ahmed@pil-lund.demo.lund.se", "PIL – Idrottsföreningar i Lund", ["welcome", "start", "dialogue"], "", "", True),
    ("Ingrid Nyström", "ingrid@lips-lund.demo.lund.se", "LIPS – Lunds ideella föreningars paraplyorganisation med socialt arbete", ["welcome", "iop", "dialogue"], "", "Hörslinga", True),
    ("Maria Hedberg", "kfn.ordforande@demo.lund.se", "Kultur- och fritidsnämnden", ["welcome", "dialogue"], "", "", True),
    ("Leila Karimi", "son.vice.ordforande@demo.lund.se", "Socialnämnden", ["iop"], "", "", True),
    # The waiting list, in order.
    ("Lena Ström", "lena@cantus.demo.lund.se", "Lunds Körsällskap Cantus", ["welcome", "dialogue"], "", "", True),
    ("Elin Ståhl", "elin@torn.demo.lund.se", "Torns Idrottsförening", ["grants"], "Laktosfri", "", False),
    ("Tove Lindqvist", "tove@dalby.demo.lund.se", "Dalby Kulturförening", ["welcome", "swim"], "", "", True),
]
UPCOMING_CONFIRMED = 14
UPCOMING_CANCELLED = [
    ("Lars Ek", "lars.ek@schack.demo.lund.se", "Lunds Schackklubb", [], "", "", False),
]
# Added to the invitation list by hand (not sent yet), and one address removed from it.
UPCOMING_MANUAL_INVITATIONS = [
    ("rektor@lunds-folkhogskola.demo.lund.se", "Lunds folkhögskola"),
    ("info@frivilligcentralen.demo.lund.se", "Frivilligcentralen i Lund"),
]
UPCOMING_EXCLUDED = "info@schack.demo.lund.se"


def _conference(data: dict) -> Conference:
    conference, _created = Conference.objects.update_or_create(title=data["title"], defaults=data)
    return conference


def _sessions(conference: Conference, rows) -> dict[str, Session]:
    sessions = {}
    day = conference.starts_on
    for key, title, kind, start, end, room, speakers, description, initiative_title, capacity in rows:
        initiative = (
            Initiative.objects.filter(title=initiative_title).order_by("pk").first()
            if initiative_title
            else None
        )
        session, _created = Session.objects.update_or_create(
            conference=conference,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": _at(day.year, day.month, day.day, *start),
                "ends_at": _at(day.year, day.month, day.day, *end),
                "room": room,
                "speakers": speakers,
                "description": description,
                "initiative": initiative,
                "capacity": capacity,
            },
        )
        sessions[key] = session
    return sessions


def _invitations(
    conference: Conference, *, sent_at: datetime.datetime, convener: User, added_by_hand=()
) -> None:
    """The list built from the register (as the convener would), with the addresses the convener
    added by hand (email, name, organisation name), every address sent. The list is built once: a
    second load_demo finds the group's demo members (added later, by followup's demo) in the
    register and would otherwise add them to a list that was sent long ago."""
    if not conference.invitations.exclude(source=Invitation.Source.MANUAL).exists():
        invitation_list_build(conference=conference, by=convener)
    for email, name, organisation_name in added_by_hand:
        Invitation.objects.get_or_create(
            conference=conference,
            email=email,
            defaults={
                "name": name,
                "organisation": Organisation.objects.filter(name=organisation_name).first(),
                "source": Invitation.Source.MANUAL,
            },
        )
    conference.invitations.filter(
        ~Q(source=Invitation.Source.MANUAL) | Q(email__in=[email for email, *_rest in added_by_hand])
    ).update(sent_at=sent_at)
    sent = conference.invitations.filter(sent_at__isnull=False).count()
    sending, _created = InvitationSending.objects.get_or_create(
        conference=conference,
        status=InvitationSending.Status.DONE,
        defaults={"total": sent, "sent": sent, "started_by": convener, "finished_at": sent_at},
    )
    InvitationSending.objects.filter(pk=sending.pk).update(
        total=sent,
        sent=sent,
        started_by=convener,
        created_at=sent_at - datetime.timedelta(minutes=4),
        finished_at=sent_at,
    )


def _registration(conference, person, *, status, created_at, waiting_since=None, **extra) -> Registration:
    name, email, organisation_name, _keys, dietary, accessibility, on_list = person
    organisation = Organisation.objects.filter(name=organisation_name).first() if organisation_name else None
    invitation = conference.invitations.filter(email=email).first() or (
        conference.invitations.filter(organisation=organisation).order_by("pk").first() if organisation else None
    )
    registration, _created = Registration.objects.update_or_create(
        conference=conference,
        email=email,
        defaults={
            "name": name,
            "organisation": organisation,
            "organisation_name": organisation_name,
            "dietary_needs": dietary,
            "accessibility_needs": accessibility,
            "on_participant_list": on_list,
            "status": status,
            "waiting_since": waiting_since,
            "invitation": invitation,
            **extra,
        },
    )
    Registration.objects.filter(pk=registration.pk).update(created_at=created_at, updated_at=created_at)
    return registration


def _load_held(convener: User, year: int) -> Conference:
    conference = _conference(_held(year))
    sessions = _sessions(conference, HELD_SESSIONS)
    # The register had no address for some associations: the convener added their people by hand.
    invited = set(conference.invitations.values_list("organisation__name", flat=True))
    organisations_with_email = set(
        Organisation.objects.exclude(email="", contact_email="").values_list("name", flat=True)
    )
    by_hand = [
        (email, name, organisation_name)
        for name, email, organisation_name, *_rest in HELD_PEOPLE
        if organisation_name
        and organisation_name not in invited
        and organisation_name not in organisations_with_email
        and Organisation.objects.filter(name=organisation_name, kind__in=IDEA_DRIVEN).exists()
    ]
    _invitations(conference, sent_at=_at(year - 2, 8, 20, 9), convener=convener, added_by_hand=by_hand)
    day = conference.starts_on
    for index, (name, email, organisation_name, keys, dietary, on_list) in enumerate(HELD_PEOPLE):
        cancelled = email in HELD_CANCELLED
        came = not cancelled and email not in HELD_NO_SHOW
        registration = _registration(
            conference,
            # Needs were erased 30 days after the conference.
            (name, email, organisation_name, keys, "", "", on_list),
            status=Registration.Status.CANCELLED if cancelled else Registration.Status.CONFIRMED,
            created_at=_at(year - 2, 8, 20 + index % 10, 10, index),
            checked_in_at=_at(day.year, day.month, day.day, 8, 30 + index) if came else None,
            is_walk_in=False,
        )
        registration.sessions.set([sessions[key] for key in keys])
        _attendance(registration, [sessions[key] for key in keys] if came else [])
    for index, (name, email, organisation_name, keys) in enumerate(HELD_WALK_INS):
        registration = _registration(
            conference,
            (name, email, organisation_name, keys, "", "", False),
            status=Registration.Status.CONFIRMED,
            created_at=_at(day.year, day.month, day.day, 9, 5 + index),
            checked_in_at=_at(day.year, day.month, day.day, 9, 5 + index),
            is_walk_in=True,
        )
        registration.sessions.set([sessions[key] for key in keys])
        _attendance(registration, [sessions[key] for key in keys])
    return conference


def _attendance(registration: Registration, sessions: list[Session]) -> None:
    """Checked in to each session (the basis of certificates), five minutes before it starts."""
    SessionAttendance.objects.filter(registration=registration).exclude(
        session__in=sessions
    ).delete()
    for session in sessions:
        attendance, _created = SessionAttendance.objects.get_or_create(
            registration=registration,
            session=session,
            defaults={"checked_in_at": session.starts_at - datetime.timedelta(minutes=5)},
        )
        if attendance.checked_in_at != session.starts_at - datetime.timedelta(minutes=5):
            attendance.checked_in_at = session.starts_at - datetime.timedelta(minutes=5)
            attendance.save(update_fields=["checked_in_at"])


def _load_upcoming(convener: User, year: int) -> Conference:
    conference = _conference(_upcoming(year))
    sessions = _sessions(conference, _upcoming_sessions(year))
    _invitations(conference, sent_at=_at(year, 2, 2, 9), convener=convener)
    # Added later, not sent yet.
    for email, name in UPCOMING_MANUAL_INVITATIONS:
        Invitation.objects.get_or_create(
            conference=conference,
            email=email,
            defaults={"name": name, "source": Invitation.Source.MANUAL},
        )
    conference.invitations.filter(email=UPCOMING_EXCLUDED).update(excluded=True)
    representative = User.objects.filter(email="forening@demo.lund.se").first()
    for index, person in enumerate(UPCOMING_PEOPLE):
        confirmed = index < UPCOMING_CONFIRMED
        created_at = _at(year, 2, 3 + index, 10 + index % 6)
        registration = _registration(
            conference,
            person,
            status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITING,
            created_at=created_at,
            waiting_since=None if confirmed else created_at,
            # The demo representative registered while logged in.
            registered_by=representative if person[1] == "forening@demo.lund.se" else None,
        )
        registration.sessions.set([sessions[key] for key in person[3]])
    for person in UPCOMING_CANCELLED:
        _registration(
            conference, person, status=Registration.Status.CANCELLED, created_at=_at(year, 2, 2, 15)
        )
    return conference


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement != "lund":  # the data below is Lund's
        demo_agreements.load_conferences(agreement, stdout=stdout)
        return
    convener = User.objects.get(email="sammankallande@demo.lund.se")
    year = demo_year()
    held = _load_held(convener, year)
    upcoming = _load_upcoming(convener, year)
    stdout.write(
        f"  conferences: {held.title} ({held.registrations.count()} registrations), "
        f"{upcoming.title} ({upcoming.registrations.count()} registrations, registration open)"
    )
