"""Demo data: Lund's collaboration group (load_demo). Eight seats, four municipal (kommunkontoret,
kultur- och fritidsförvaltningen, socialförvaltningen, vård- och omsorgsförvaltningen) and four from
the idea-driven sector (one appointed by PIL, one by LIPS, two by the sector's open nomination), an
invented person in every seat, an earlier holder in the history, and a chair and a vice chair, one
from each sector.

Dates are fixed relative to the demo's year (``demo_year()``, never today's date) and rows are found again by their
natural keys, so running load_demo twice leaves the same rows. Every person below is invented.
"""

import datetime

from allauth.account.models import EmailAddress

from accounts.demo import DEMO_PASSWORD, UMBRELLAS, demo_totp_activate
from accounts.models import Organisation, User
from overenskommelse.demo_year import demo_year

from .models import GroupOffice, Seat, SeatSector, SeatTerm
from .services.group import group_membership_sync

OPEN_NOMINATION = "Den idéburna sektorns öppna nominering"

# position, sector, appointed by (organisation name, or None for the open nomination), note
SEATS = [
    (1, SeatSector.PUBLIC, "Kommunkontoret", ""),
    (2, SeatSector.PUBLIC, "Kultur- och fritidsförvaltningen", ""),
    (3, SeatSector.PUBLIC, "Socialförvaltningen", ""),
    (4, SeatSector.PUBLIC, "Vård- och omsorgsförvaltningen", ""),
    (5, SeatSector.IDEA_DRIVEN, UMBRELLAS["PIL"]["name"], "Idrottsföreningarna"),
    (6, SeatSector.IDEA_DRIVEN, UMBRELLAS["LIPS"]["name"], "Föreningar med socialt arbete"),
    (7, SeatSector.IDEA_DRIVEN, None, "Nominerad vid dialogmötet med föreningslivet"),
    (8, SeatSector.IDEA_DRIVEN, None, "Nominerad vid dialogmötet med föreningslivet"),
]

# The term most seats run for: the two years of the current action plan period and two more.
def term(year: int) -> tuple[datetime.date, datetime.date]:
    """The group's term of office for the demo's year: from the year before to two years after."""
    return datetime.date(year - 1, 1, 1), datetime.date(year + 2, 12, 31)


def _terms(year: int) -> list[tuple]:
    """Seat, email, name, starts on, ends on, left on."""
    full = term(year)
    return [
        (1, "karin.sjoberg@demo.lund.se", "Karin Sjöberg", *full, None),
        (2, "annika.svensson@demo.lund.se", "Annika Svensson", datetime.date(year - 5, 1, 1), datetime.date(year - 2, 12, 31), datetime.date(year - 2, 7, 1)),
        (2, "mats.lindqvist@demo.lund.se", "Mats Lindqvist", datetime.date(year - 2, 7, 1), datetime.date(year, 12, 31), None),
        (3, "fatima.alsayed@demo.lund.se", "Fatima Al-Sayed", *full, None),
        (4, "eva.bergstrom@demo.lund.se", "Eva Bergström", *full, None),
        (5, "johan.persson@demo.lund.se", "Johan Persson", *full, None),
        (6, "amina.yusuf@demo.lund.se", "Amina Yusuf", *full, None),
        (7, "ledamot@demo.lund.se", "Gustav Gruppledamot", *full, None),
        (8, "linnea.holmgren@demo.lund.se", "Linnea Holmgren", *full, None),
    ]


def _offices(year: int) -> list[tuple]:
    """Kind, seat, starts on, ends on: the chair and the vice chair, now and the mandate before."""
    return [
        (GroupOffice.Kind.CHAIR, 6, datetime.date(year - 3, 1, 1), datetime.date(year - 2, 12, 31)),
        (GroupOffice.Kind.VICE_CHAIR, 1, datetime.date(year - 3, 1, 1), datetime.date(year - 2, 12, 31)),
        (GroupOffice.Kind.CHAIR, 1, datetime.date(year - 1, 1, 1), datetime.date(year, 12, 31)),
        (GroupOffice.Kind.VICE_CHAIR, 5, datetime.date(year - 1, 1, 1), datetime.date(year, 12, 31)),
    ]


def _person(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
    elif not user.full_name:
        user.full_name = name
        user.save(update_fields=["full_name"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    demo_totp_activate(user)  # the group's pages need two-step verification
    return user


def load_demo(*, stdout) -> None:
    year = demo_year()
    terms = _terms(year)
    convener = User.objects.filter(email="sammankallande@demo.lund.se").first()
    seats = {}
    for position, sector, organisation_name, note in SEATS:
        organisation = Organisation.objects.get(name=organisation_name) if organisation_name else None
        seat, _created = Seat.objects.update_or_create(
            position=position,
            defaults={
                "sector": sector,
                "appointed_by": organisation,
                "appointed_by_text": "" if organisation else OPEN_NOMINATION,
                "note": note,
            },
        )
        seats[position] = seat
    holders = []
    for position, email, name, starts_on, ends_on, left_on in terms:
        holder = _person(email, name)
        holders.append(holder)
        SeatTerm.objects.update_or_create(
            seat=seats[position],
            holder=holder,
            starts_on=starts_on,
            defaults={
                "ends_on": ends_on,
                "left_on": left_on,
                "created_by": convener,
            },
        )
    for kind, position, starts_on, ends_on in _offices(year):
        GroupOffice.objects.update_or_create(
            kind=kind,
            starts_on=starts_on,
            defaults={"seat": seats[position], "ends_on": ends_on, "created_by": convener},
        )
    group_membership_sync(users=holders)
    stdout.write(f"  collaboration group: {len(seats)} seats, {len(terms)} terms, chair and vice chair")
