"""Made-up rows of the group's tests: a group of seats with holders, people, meetings, applications waiting."""

import datetime

from django.utils import timezone

from accounts.models import Accession, Organisation, OrganisationKind, User
from collaboration.models import GroupOffice, Meeting, Seat, SeatSector, SeatTerm
from collaboration.services.group import group_membership_sync


def make_person(email: str, name: str = "") -> User:
    user = User.objects.create_user(email=email, password="ett-langt-testlosenord-42", full_name=name)
    user.emailaddress_set.create(email=email, verified=True, primary=True)
    return user


def make_group(*, municipal: int = 4, idea_driven: int = 4, filled: bool = True, offices: bool = True) -> list[Seat]:
    """Seats (municipal first), each with a holder from a year ago for four years, and a chair from
    the municipal side and a vice chair from the idea-driven side (unless told otherwise)."""
    today = timezone.localdate()
    seats = []
    for number in range(municipal + idea_driven):
        sector = SeatSector.PUBLIC if number < municipal else SeatSector.IDEA_DRIVEN
        organisation = Organisation.objects.create(
            name=f"{'Förvaltning' if sector == SeatSector.PUBLIC else 'Paraply'} {number + 1}",
            kind=OrganisationKind.ADMINISTRATION if sector == SeatSector.PUBLIC else OrganisationKind.UMBRELLA,
        )
        seat = Seat.objects.create(position=number + 1, sector=sector, appointed_by=organisation)
        seats.append(seat)
        if filled:
            holder = make_person(f"ledamot{number + 1}@example.org", f"Ledamot Nummer{number + 1}")
            SeatTerm.objects.create(
                seat=seat,
                holder=holder,
                starts_on=today - datetime.timedelta(days=365),
                ends_on=today + datetime.timedelta(days=3 * 365),
            )
    if offices and municipal and idea_driven:
        start, end = today - datetime.timedelta(days=30), today + datetime.timedelta(days=700)
        GroupOffice.objects.create(kind=GroupOffice.Kind.CHAIR, seat=seats[0], starts_on=start, ends_on=end)
        GroupOffice.objects.create(kind=GroupOffice.Kind.VICE_CHAIR, seat=seats[municipal], starts_on=start, ends_on=end)
    group_membership_sync()
    return seats


def make_meeting(*, days: int = 14, hours: int = 2, **fields) -> Meeting:
    """A meeting ``days`` from now (negative: in the past), 17:00–19:00 Swedish time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))
    values = {
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=hours),
        "place": "Stadshuset, sal B",
        "video_link": "https://video.example.org/hemligt-mote",
    }
    values.update(fields)
    return Meeting.objects.create(**values)


def make_accession(name: str = "Föreningen Väntar", applicant: User | None = None, **fields) -> Accession:
    """An application sent and waiting for the group's decision."""
    values = {
        "name": name,
        "kind": OrganisationKind.NON_PROFIT_ASSOCIATION,
        "contact_name": "Kim Kontakt",
        "contact_email": "kim@example.org",
        "signatory_name": "Siv Ordförande",
        "signatory_role": "ordförande",
        "board_decision_on": datetime.date(2026, 3, 15),
        "democratic_values_confirmed": True,
        "has_no_org_number": True,
        "status": Accession.Status.SUBMITTED,
        "submitted_at": timezone.now() - datetime.timedelta(days=5),
        "applicant": applicant,
    }
    values.update(fields)
    return Accession.objects.create(**values)
