"""Demo data of the collaboration group: Lund's group with people in every seat and two meetings a
year; under another agreement its own group and meetings (``demo_agreement_meetings``).

Run by ``manage.py load_demo`` after the other apps' demo data (the follow-up's rounds come first);
each part is idempotent."""

from accounts.demo import other_demo_email
from accounts.models import User
from overenskommelse.demo_agreements import other_agreement
from overenskommelse.demo_year import demo_year
from plumbing.dates import years_later

from . import demo_agreement_meetings, demo_group, demo_meetings
from .models import GroupOffice, Seat, SeatKind, SeatSector, SeatTerm
from .services.group import OFFICE_YEARS, group_membership_sync


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement != "lund":
        _load_other_group(agreement, stdout=stdout)
        demo_agreement_meetings.load_meetings(agreement, stdout=stdout)
        return
    demo_group.load_demo(stdout=stdout)
    demo_meetings.load_demo(stdout=stdout)


# Invented names for the holders of another agreement's demo seats.
OTHER_HOLDERS = (
    "Agnes Lindqvist",
    "Bertil Holm",
    "Cecilia Nyberg",
    "David Sjöberg",
    "Elin Fransson",
    "Fredrik Åberg",
    "Greta Lindgren",
    "Hampus Ek",
    "Ida Wallin",
    "Jonas Bergström",
    "Karin Strand",
)


def _load_other_group(agreement: str, *, stdout) -> None:
    """Another agreement's group: its ordinary seats (as many from each side) and its adjunct seats
    (outside the balance), each appointed by the party named in words; the demo member of the group
    on the first idea-driven seat; the chair and the vice chair for the agreement's mandate."""
    demo = other_agreement(agreement, demo_year())
    seats = {}
    for position, sector, appointed_by, note in demo["seats"]:
        seats[position], _created = Seat.objects.update_or_create(
            position=position,
            defaults={
                "kind": SeatKind.ORDINARY,
                "sector": SeatSector(sector),
                "appointed_by": None,
                "appointed_by_text": appointed_by,
                "note": note,
            },
        )
    for position, appointed_by, note in demo.get("adjunct_seats", ()):
        seats[position], _created = Seat.objects.update_or_create(
            position=position,
            defaults={
                "kind": SeatKind.ADJUNCT,
                "sector": "",
                "appointed_by": None,
                "appointed_by_text": appointed_by,
                "note": note,
            },
        )
    member = User.objects.get(email=other_demo_email("ledamot", agreement))
    first_idea_driven = next(
        seat for seat in seats.values() if seat.kind == SeatKind.ORDINARY and seat.sector == SeatSector.IDEA_DRIVEN
    )
    starts, ends = demo_group.term(demo_year())
    SeatTerm.objects.update_or_create(
        seat=first_idea_driven, holder=member, starts_on=starts, defaults={"ends_on": ends}
    )
    # Every other seat has an invented holder too (addresses on the group's own sub-domain), so the
    # demo group is whole and in balance, as a real one would be.
    domain = demo["email_domain"]
    for index, seat in enumerate(sorted(seats.values(), key=lambda seat: seat.position)):
        if seat == first_idea_driven:
            continue
        name = OTHER_HOLDERS[index % len(OTHER_HOLDERS)]
        holder = demo_group._person(f"ledamot{seat.position}@grupp.{domain}", name)
        SeatTerm.objects.update_or_create(
            seat=seat, holder=holder, starts_on=starts, defaults={"ends_on": ends}
        )
    mandate_years = demo["agreement"]["chair_mandate_years"] or OFFICE_YEARS
    for kind, position, starts_on in demo.get("offices", ()):
        GroupOffice.objects.update_or_create(
            kind=kind,
            starts_on=starts_on,
            defaults={"seat": seats[position], "ends_on": years_later(starts_on, mandate_years)},
        )
    group_membership_sync()
    adjuncts = sum(1 for seat in seats.values() if seat.is_adjunct)
    stdout.write(f"  the group: {len(seats) - adjuncts} ordinary seats, {adjuncts} adjunct seats")
