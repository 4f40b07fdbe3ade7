"""Demo data of the collaboration group: Lund's group with people in every seat and two meetings a
year.

Run by ``manage.py load_demo`` after the other apps' demo data (the follow-up's rounds come first);
each part is idempotent."""

from accounts.demo import other_demo_email
from accounts.models import User
from overenskommelse.demo_agreements import OTHER_AGREEMENTS

from . import demo_group, demo_meetings
from .models import Seat, SeatSector, SeatTerm
from .services.group import group_membership_sync


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement != "lund":
        _load_other_group(agreement, stdout=stdout)
        return
    demo_group.load_demo(stdout=stdout)
    demo_meetings.load_demo(stdout=stdout)


def _load_other_group(agreement: str, *, stdout) -> None:
    """Another agreement's group: its seats (as many from each side), each appointed by the party
    named in words; the demo member of the group on the first idea-driven seat."""
    seats = {}
    for position, sector, appointed_by, note in OTHER_AGREEMENTS[agreement]["seats"]:
        seats[position], _created = Seat.objects.update_or_create(
            position=position,
            defaults={
                "sector": SeatSector(sector),
                "appointed_by": None,
                "appointed_by_text": appointed_by,
                "note": note,
            },
        )
    member = User.objects.get(email=other_demo_email("ledamot", agreement))
    first_idea_driven = next(seat for seat in seats.values() if seat.sector == SeatSector.IDEA_DRIVEN)
    starts = demo_group.TERM[0]
    SeatTerm.objects.update_or_create(
        seat=first_idea_driven, holder=member, starts_on=starts, defaults={"ends_on": demo_group.TERM[1]}
    )
    group_membership_sync()
    stdout.write(f"  the group: {len(seats)} seats")
