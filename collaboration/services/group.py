"""Every change to the collaboration group: its seats, who holds them for which term, the chair and
the vice chair. The history is never rewritten: a holder who leaves keeps the term with the day
they left (``left_on``), and a new holder gets a new term.

Holding a seat today is what makes a person a member of the group: each change here brings the
Django group ``COLLABORATION_GROUP`` in line (``group_membership_sync``), and a daily task does the
same for terms that begin or end on a later day. Holders of an adjunct seat are members too (they
are invited, get the meeting emails and read what the group reads) and are also in
``ADJUNCT_GROUP``, which keeps them out of decisions.

The ordinary seats are kept in balance between the sectors, one step at a time: a change of the
seats may leave one sector one seat ahead (so a group can be built up, grown or shrunk seat by
seat, with the warning on the group's page until it is even again), never two.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import ADJUNCT_GROUP, COLLABORATION_GROUP, forget_roles, role_group
from overenskommelse.selectors import worded
from plumbing.audit import audit_changes, audit_record
from plumbing.dates import long_date, years_later
from plumbing.outbox import enqueue_on_commit
from plumbing.tasks import TaskNamed

from ..models import GroupOffice, Seat, SeatKind, SeatSector, SeatTerm
from ..selectors.group import (
    SeatBalance,
    office_mandate_years,
    ordinary_seat_balance,
    seat_label,
    seat_may_be_removed,
    seats_with_history,
)

__all__ = [
    "OFFICE_YEARS",
    "SeatAssignment",
    "group_membership_sync",
    "group_office_appoint",
    "group_office_end",
    "seat_assign",
    "seat_remove",
    "seat_save",
    "seat_term_end",
    "seat_term_update",
]

# The task that tells the new holder (``collaboration.tasks`` imports the services, not the other
# way; the task is sent by its registered name).
SEND_SEAT_ASSIGNED = TaskNamed("collaboration.tasks.send_seat_assigned")

# The period of a chair or a vice chair when the agreement sets no mandate length and the convener
# gives no end.
OFFICE_YEARS = 2


def _overlaps(starts_on: datetime.date, left_on: datetime.date | None) -> Q:
    """Terms whose held period [starts_on, left_on) overlaps the given one (open-ended when None)."""
    condition = Q(left_on__isnull=True) | Q(left_on__gt=starts_on)
    if left_on is not None:
        condition &= Q(starts_on__lt=left_on)
    return condition


@transaction.atomic
def group_membership_sync(*, users=None, on: datetime.date | None = None) -> tuple[int, int]:
    """Make membership of the group's Django group follow the seats: whoever holds a seat on ``on``
    (default today) is a member; whoever has held a seat but holds none now is not. People who never
    held a seat (added by hand in the admin) are left alone. Returns (added, removed)."""
    on = on or timezone.localdate()
    group = role_group(COLLABORATION_GROUP)
    adjunct_group = role_group(ADJUNCT_GROUP)
    candidates = User.objects.filter(seat_terms__isnull=False).distinct()
    if users is not None:
        candidates = candidates.filter(pk__in=[user.pk for user in users])
    held = SeatTerm.objects.current(on).filter(holder__is_active=True)
    holding = set(held.values_list("holder_id", flat=True))
    holding_adjunct = set(held.filter(seat__kind=SeatKind.ADJUNCT).values_list("holder_id", flat=True))
    members = set(group.user_set.values_list("pk", flat=True))
    adjuncts = set(adjunct_group.user_set.values_list("pk", flat=True))
    added = removed = 0
    for user in candidates:
        changed = False
        if user.pk in holding and user.pk not in members:
            user.groups.add(group)
            added += 1
            changed = True
        elif user.pk not in holding and user.pk in members:
            user.groups.remove(group)
            removed += 1
            changed = True
        if (user.pk in holding_adjunct) != (user.pk in adjuncts):
            if user.pk in holding_adjunct:
                user.groups.add(adjunct_group)
            else:
                user.groups.remove(adjunct_group)
            changed = True
        if changed:
            forget_roles(user)
    for user in users or ():
        forget_roles(user)  # the caller's objects too, not just the copies read here
    return added, removed


def _counted(seat: Seat, balance: SeatBalance, sign: int) -> SeatBalance:
    """``balance`` with ``seat`` added (sign 1) or taken away (sign -1), if it counts."""
    if seat.kind != SeatKind.ORDINARY:
        return balance
    if seat.sector == SeatSector.PUBLIC:
        return balance._replace(public=balance.public + sign)
    if seat.sector == SeatSector.IDEA_DRIVEN:
        return balance._replace(idea_driven=balance.idea_driven + sign)
    return balance


def _check_balance(*, before: SeatBalance, after: SeatBalance, field: str) -> None:
    """Refuse a change that leaves one sector two or more ordinary seats ahead, unless it narrows
    a gap that was already there (so a group out of balance can always be mended)."""
    if after.difference <= 1 or after.difference <= before.difference:
        return
    raise ValidationError(
        {
            field: worded(
                _(
                    "%(Group)s would lose its balance: %(public_seats)s %(publics)s and %(idea)s idea-driven "
                    "ordinary seats. The sectors must have equally many ordinary seats, so one may be at "
                    "most one seat ahead while you change the seats: first add a seat for the sector "
                    "that has fewer (or remove one from the sector that has more)."
                ),
                public_seats=after.public,
                idea=after.idea_driven,
            )
        }
    )


def _lock_seats() -> None:
    """One change of the seats at a time, so two conveners cannot each take the group out of balance."""
    list(Seat.objects.select_for_update().values_list("pk", flat=True))


@transaction.atomic
def seat_save(*, seat: Seat | None = None, data: dict, by: User) -> Seat:
    """Create a seat, or change its kind, who appoints it, its sector, its order or its note.

    Refuses a change that would put one sector two or more ordinary seats ahead of the other
    (``_check_balance``), and making a seat adjunct while it is chair or vice chair."""
    _lock_seats()
    # From the database: a form may already have written its values onto the instance it was given.
    seat = Seat.objects.get(pk=seat.pk) if seat is not None and seat.pk else Seat()
    others = ordinary_seat_balance(exclude=seat)
    before = _counted(seat, others, 1) if seat.pk else others
    earlier = _seat_snapshot(seat) if seat.pk else {}
    for name in ("position", "kind", "sector", "appointed_by", "appointed_by_text", "note"):
        if name in data:
            setattr(seat, name, data[name])
    if seat.appointed_by is None and not seat.appointed_by_text.strip():
        raise ValidationError(
            {"appointed_by": _("Say who appoints the seat: an organisation in the register, or in words.")}
        )
    seat.full_clean()
    kind_changed = bool(earlier) and earlier["kind"] != seat.kind
    _check_balance(before=before, after=_counted(seat, others, 1), field="kind" if kind_changed else "sector")
    if seat.pk and seat.kind == SeatKind.ADJUNCT:
        office = seat.offices.filter(ends_on__gte=timezone.localdate()).order_by("starts_on").first()
        if office is not None:
            raise ValidationError(
                {
                    "kind": _(
                        "The seat is %(office)s until %(date)s, and an adjunct seat cannot be. Appoint "
                        "another seat first."
                    )
                    % {"office": office.get_kind_display().lower(), "date": long_date(office.ends_on)}
                }
            )
    created = seat.pk is None
    seat.save()
    audit_record(
        actor=by,
        action="group.seat_added" if created else "group.seat_changed",
        target=seat,
        changes=audit_changes(earlier, _seat_snapshot(seat)),
    )
    return seat


def _seat_snapshot(seat: Seat) -> dict:
    return {"kind": seat.kind, "sector": seat.sector, "appointed_by": seat_label(seat), "position": seat.position}


@transaction.atomic
def seat_remove(*, seat: Seat, by: User) -> None:
    """Remove a seat that nobody has held (one added by mistake). A seat with a history (a term, an
    office) stays: the history is never rewritten. Refuses a removal that would put one sector two
    or more ordinary seats ahead of the other."""
    _lock_seats()
    seat = seats_with_history(Seat.objects).get(pk=seat.pk)
    if not seat_may_be_removed(seat):
        raise ValidationError(
            _("Somebody has held this seat: it stays with its history. End the term to leave it empty.")
        )
    others = ordinary_seat_balance(exclude=seat)
    _check_balance(before=_counted(seat, others, 1), after=others, field="__all__")
    audit_record(actor=by, action="group.seat_removed", target=seat, changes=audit_changes(_seat_snapshot(seat), {}))
    seat.delete()


@dataclass(frozen=True)
class SeatAssignment:
    term: SeatTerm
    account_created: bool


def _holder_for(email: str, full_name: str) -> tuple[User, bool]:
    """The account with this address, or a new one without a password (the person sets one from
    the link in the email). The address is marked verified: the convener gave it, and the account
    can only be used by whoever reads the link sent there."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        if not user.is_active:
            raise ValidationError({"email": _("The account with this address has been deactivated.")})
        if full_name and not user.full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
        return user, False
    if EmailAddress.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This address belongs to another account. Use that account's address.")})
    user = User.objects.create_user(email=email, password=None, full_name=full_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, True


@transaction.atomic
def seat_assign(
    *,
    seat: Seat,
    email: str,
    full_name: str = "",
    starts_on: datetime.date,
    ends_on: datetime.date,
    by: User,
) -> SeatAssignment:
    """Appoint a person to a seat for a term. Whoever holds the seat then leaves it the day the new
    term starts (their term is kept, with that day). Creates an account when the address has none;
    the person gets an email about the seat (with a link to set a password when the account is
    new). Refuses a term that overlaps one already decided from that day on, or a person who
    already holds another seat then."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The term cannot end before it starts.")})
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    later = seat.terms.filter(starts_on__gte=starts_on).filter(Q(left_on__isnull=True) | Q(left_on__gt=starts_on))
    clash = later.select_related("holder").order_by("starts_on").first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": _(
                    "%(name)s is already appointed to this seat from %(date)s. Change or end that term first."
                )
                % {"name": clash.holder.get_full_name(), "date": long_date(clash.starts_on)}
            }
        )
    holder, created = _holder_for(email, full_name.strip())
    other_seat = (
        SeatTerm.objects.filter(holder=holder)
        .exclude(seat=seat)
        .filter(_overlaps(starts_on, None))
        .filter(starts_on__lte=ends_on)
        .select_related("seat", "seat__appointed_by")
        .first()
    )
    if other_seat is not None:
        raise ValidationError(
            {
                "email": _("%(name)s already holds the seat %(seat)s in that period.")
                % {"name": holder.get_full_name(), "seat": seat_label(other_seat.seat)}
            }
        )
    leaving = list(seat.terms.filter(starts_on__lt=starts_on).filter(_overlaps(starts_on, None)).select_related("holder"))
    for term in leaving:
        term.left_on = starts_on
        term.save(update_fields=["left_on"])
    term = SeatTerm.objects.create(
        seat=seat, holder=holder, starts_on=starts_on, ends_on=ends_on, created_by=by
    )
    audit_record(
        actor=by,
        action="group.term_assigned",
        target=term,
        changes=audit_changes({}, {"holder": holder, "starts_on": starts_on, "ends_on": ends_on}),
        note=", ".join(str(earlier.holder) for earlier in leaving),
    )
    group_membership_sync(users=[holder, *(term.holder for term in leaving)])
    enqueue_on_commit(SEND_SEAT_ASSIGNED, term.pk, created)
    return SeatAssignment(term=term, account_created=created)


@transaction.atomic
def seat_term_update(
    *, term: SeatTerm, starts_on: datetime.date, ends_on: datetime.date, by: User
) -> SeatTerm:
    """Correct the dates of a term (a term prolonged, a start moved). It may not overlap another
    term on the same seat."""
    term = SeatTerm.objects.select_for_update().get(pk=term.pk)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The term cannot end before it starts.")})
    if term.left_on is not None and term.left_on < starts_on:
        raise ValidationError({"starts_on": _("The term cannot start after the holder left the seat.")})
    clash = (
        SeatTerm.objects.filter(seat_id=term.seat_id)
        .exclude(pk=term.pk)
        .filter(_overlaps(starts_on, term.left_on))
        .select_related("holder")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("The dates overlap the term of %(name)s on the same seat (from %(date)s).")
            % {"name": clash.holder.get_full_name(), "date": long_date(clash.starts_on)}
        )
    before = {"starts_on": term.starts_on, "ends_on": term.ends_on}
    term.starts_on = starts_on
    term.ends_on = ends_on
    term.save(update_fields=["starts_on", "ends_on"])
    audit_record(
        actor=by,
        action="group.term_changed",
        target=term,
        changes=audit_changes(before, {"starts_on": starts_on, "ends_on": ends_on}),
    )
    group_membership_sync(users=[term.holder])
    return term


@transaction.atomic
def seat_term_end(*, term: SeatTerm, left_on: datetime.date, by: User) -> SeatTerm:
    """The holder leaves the seat on ``left_on`` (today or a later day; an earlier day to record a
    departure after the fact). The term stays in the history; the seat is empty from that day
    until someone else is appointed."""
    term = SeatTerm.objects.select_for_update().get(pk=term.pk)
    if term.left_on is not None and term.left_on <= timezone.localdate():
        raise ValidationError(_("The holder has already left this seat."))
    if left_on < term.starts_on:
        raise ValidationError({"left_on": _("The holder cannot leave before the term starts.")})
    earlier_left_on = term.left_on
    term.left_on = left_on
    term.save(update_fields=["left_on"])
    audit_record(
        actor=by,
        action="group.term_ended",
        target=term,
        changes=audit_changes({"left_on": earlier_left_on}, {"left_on": left_on}),
    )
    group_membership_sync(users=[term.holder])
    return term


@transaction.atomic
def group_office_appoint(
    *,
    kind: str,
    seat: Seat,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    by: User,
) -> GroupOffice:
    """Appoint the seat to be chair or vice chair from ``starts_on``, for the agreement's mandate
    when it sets one (the mandate ends that many years after ``starts_on``), else until ``ends_on``
    (default: two years). Whoever held the office before hands it over the day before; an
    appointment already made from that day on must be changed first. The same seat cannot be chair
    and vice chair at once, and an adjunct seat cannot be either."""
    if kind not in GroupOffice.Kind.values:
        raise ValidationError({"kind": _("Choose chair or vice chair.")})
    if seat.is_adjunct:
        raise ValidationError(
            {"seat": _("An adjunct seat cannot be chair or vice chair: choose an ordinary seat.")}
        )
    ends_on = ends_on or years_later(starts_on, office_mandate_years() or OFFICE_YEARS)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period cannot end before it starts.")})
    list(GroupOffice.objects.select_for_update().filter(kind=kind))  # one appointment at a time
    overlapping = GroupOffice.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    later = overlapping.filter(kind=kind, starts_on__gte=starts_on).first()
    if later is not None:
        raise ValidationError(
            {
                "starts_on": _("The office is already appointed from %(date)s. Change that appointment first.")
                % {"date": long_date(later.starts_on)}
            }
        )
    other = overlapping.exclude(kind=kind).filter(seat=seat).first()
    if other is not None:
        raise ValidationError(
            {"seat": _("This seat is %(office)s in that period.") % {"office": other.get_kind_display().lower()}}
        )
    for office in overlapping.filter(kind=kind, starts_on__lt=starts_on):
        office.ends_on = starts_on - datetime.timedelta(days=1)
        office.save(update_fields=["ends_on"])
    office = GroupOffice.objects.create(kind=kind, seat=seat, starts_on=starts_on, ends_on=ends_on, created_by=by)
    audit_record(
        actor=by,
        action="group.office_set",
        target=office,
        changes=audit_changes({}, {"kind": kind, "starts_on": starts_on, "ends_on": ends_on}),
    )
    return office


@transaction.atomic
def group_office_end(*, office: GroupOffice, ends_on: datetime.date, by: User) -> GroupOffice:
    """End an office early (a chair who steps down); the appointment stays in the history."""
    office = GroupOffice.objects.select_for_update().get(pk=office.pk)
    if ends_on < office.starts_on:
        raise ValidationError({"ends_on": _("The period cannot end before it starts.")})
    if ends_on > office.ends_on:
        raise ValidationError({"ends_on": _("Appoint the seat again to prolong the period.")})
    earlier_end = office.ends_on
    office.ends_on = ends_on
    office.save(update_fields=["ends_on"])
    audit_record(
        actor=by,
        action="group.office_ended",
        target=office,
        changes=audit_changes({"ends_on": earlier_end}, {"ends_on": ends_on}),
    )
    return office

