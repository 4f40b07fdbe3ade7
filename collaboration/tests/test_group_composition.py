"""The group's composition: the warnings the convener sees, and appointing, changing and ending
terms and offices, with the history kept and membership of the group following the seats."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from accounts.roles import COLLABORATION_GROUP, Role, role_group, roles_of
from collaboration.models import GroupOffice, Seat, SeatSector, SeatTerm
from collaboration.selectors.group import (
    current_chair_and_vice,
    group_composition_warnings,
    group_seats,
)
from collaboration.services.group import (
    group_membership_sync,
    group_office_appoint,
    seat_assign,
    seat_term_end,
    seat_term_update,
)
from collaboration.tests.factories import make_group, make_person

pytestmark = pytest.mark.django_db

def _member(user) -> bool:
    return User.objects.get(pk=user.pk).groups.filter(name=COLLABORATION_GROUP).exists()


def _term(seat: Seat) -> SeatTerm:
    return SeatTerm.objects.current().get(seat=seat)


# --- Warnings ------------------------------------------------------------------------------------


def test_a_full_balanced_group_with_chair_and_vice_chair_has_no_warnings(full_group):
    assert group_composition_warnings() == []


def test_an_empty_seat_is_named_by_who_appoints_it(full_group):
    _term(full_group[1]).delete()
    warnings = group_composition_warnings()
    assert "Platsen Förvaltning 2 (kommunal) är vakant." in warnings


def test_a_term_that_ends_within_three_months_is_flagged_with_its_date(full_group):
    ends_on = timezone.localdate() + datetime.timedelta(days=80)
    SeatTerm.objects.filter(seat=full_group[5]).update(ends_on=ends_on)
    warnings = group_composition_warnings()
    assert any(
        warning.startswith("Mandatperioden för platsen Paraply 6 (idéburen sektor) slutar den")
        for warning in warnings
    ), warnings
    assert len(warnings) == 1


def test_a_term_that_ends_in_more_than_three_months_is_not_flagged(full_group):
    SeatTerm.objects.filter(seat=full_group[5]).update(ends_on=timezone.localdate() + datetime.timedelta(days=100))
    assert group_composition_warnings() == []


def test_a_term_that_has_run_out_while_the_holder_stays_is_flagged(full_group):
    today = timezone.localdate()
    SeatTerm.objects.filter(seat=full_group[2]).update(
        starts_on=today - datetime.timedelta(days=800), ends_on=today - datetime.timedelta(days=3)
    )
    warnings = group_composition_warnings()
    assert any("Förvaltning 3 (kommunal) löpte ut den" in warning for warning in warnings), warnings


def test_a_term_ending_soon_is_not_flagged_when_the_next_holder_is_appointed(full_group, convener):
    today = timezone.localdate()
    SeatTerm.objects.filter(seat=full_group[0]).update(ends_on=today + datetime.timedelta(days=20))
    seat_assign(
        seat=full_group[0],
        email="nasta@example.org",
        full_name="Nästa Ledamot",
        starts_on=today + datetime.timedelta(days=21),
        ends_on=today + datetime.timedelta(days=700),
        by=convener,
    )
    assert group_composition_warnings() == []


def test_more_seats_on_one_side_puts_the_sectors_out_of_balance(db):
    make_group(municipal=5, idea_driven=4)
    assert (
        "Sektorerna är inte i balans: 5 kommunala platser och 4 platser från idéburen sektor."
        in group_composition_warnings()
    )


def test_more_filled_seats_on_one_side_puts_the_sectors_out_of_balance(full_group):
    _term(full_group[6]).delete()
    warnings = group_composition_warnings()
    assert (
        "Sektorerna är inte i balans: 4 kommunala platser och 3 platser från idéburen sektor är tillsatta."
        in warnings
    )
    assert "Platsen Paraply 7 (idéburen sektor) är vakant." in warnings


def test_chair_and_vice_chair_from_the_same_sector_are_flagged(full_group):
    GroupOffice.objects.filter(kind=GroupOffice.Kind.VICE_CHAIR).update(seat=full_group[1])
    assert (
        "Ordförande och vice ordförande kommer från samma sektor (kommunal). De bör komma från var sin sektor."
        in group_composition_warnings()
    )


def test_no_chair_and_no_vice_chair_are_each_flagged(db):
    make_group(offices=False)
    warnings = group_composition_warnings()
    assert "Samverkansgruppen har ingen ordförande." in warnings
    assert "Samverkansgruppen har ingen vice ordförande." in warnings


def test_an_office_that_has_ended_leaves_the_group_without_it(full_group):
    GroupOffice.objects.filter(kind=GroupOffice.Kind.CHAIR).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=800),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert group_composition_warnings() == ["Samverkansgruppen har ingen ordförande."]


# --- Appointing and ending terms -----------------------------------------------------------------


def test_appointing_a_new_holder_keeps_the_old_term_in_the_history_and_moves_the_membership(full_group, convener):
    seat = full_group[4]
    old = _term(seat)
    today = timezone.localdate()
    newcomer = make_person("ny@example.org", "Nora Ny")

    assignment = seat_assign(
        seat=seat, email="NY@example.org", starts_on=today, ends_on=today + datetime.timedelta(days=730), by=convener
    )

    assert assignment.term.holder == newcomer
    assert not assignment.account_created
    old.refresh_from_db()
    assert old.left_on == today
    assert list(seat.terms.order_by("starts_on").values_list("holder__email", flat=True)) == [
        old.holder.email,
        "ny@example.org",
    ]
    assert _member(newcomer)
    assert not _member(old.holder)
    assert [view.holder for view in group_seats() if view.seat == seat] == [newcomer]


def test_appointing_an_address_without_an_account_makes_one_and_emails_a_link_to_choose_a_password(
    full_group, convener, client, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        seat_assign(
            seat=full_group[7],
            email="helt.ny@example.org",
            full_name="Helga Helt Ny",
            starts_on=today,
            ends_on=today + datetime.timedelta(days=730),
            by=convener,
        )
    user = User.objects.get(email="helt.ny@example.org")
    assert user.full_name == "Helga Helt Ny"
    assert not user.has_usable_password()
    assert user.emailaddress_set.get().verified
    assert _member(user)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["helt.ny@example.org"]
    assert message.subject.endswith("Du har en plats i samverkansgruppen")
    assert "Välj ditt lösenord här" in message.body
    link = re.search(r"http://\S+/konto/password/reset/key/\S+", message.body).group(0)

    # The link leads to the form for a new password.
    response = client.get(urlsplit(link).path)
    assert response.status_code == 302
    assert 'name="password1"' in client.get(response["Location"]).content.decode()


def test_the_email_about_a_seat_goes_once_even_if_the_task_runs_again(
    full_group, convener, django_capture_on_commit_callbacks
):
    from collaboration.tasks import send_seat_assigned

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = seat_assign(
            seat=full_group[7], email="en@example.org", full_name="En Gång", starts_on=today,
            ends_on=today + datetime.timedelta(days=30), by=convener,
        )
    assert len(mail.outbox) == 1
    assert send_seat_assigned(assignment.term.pk, True) == 0
    assert len(mail.outbox) == 1


def test_a_term_that_starts_later_gives_membership_from_that_day(full_group, convener):
    today = timezone.localdate()
    starts_on = today + datetime.timedelta(days=10)
    newcomer = make_person("senare@example.org", "Sigge Senare")
    old = _term(full_group[3])
    seat_assign(seat=full_group[3], email=newcomer.email, starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=700), by=convener)

    assert not _member(newcomer)
    assert _member(old.holder)  # still holds the seat until the new term starts

    group_membership_sync(on=starts_on)
    assert _member(newcomer)
    assert not _member(old.holder)


def test_ending_a_term_today_empties_the_seat_and_ends_the_membership(full_group, convener):
    term = _term(full_group[2])
    holder = term.holder
    assert Role.GROUP_MEMBER in roles_of(User.objects.get(pk=holder.pk))

    seat_term_end(term=term, left_on=timezone.localdate(), by=convener)

    assert not _member(holder)
    assert Role.GROUP_MEMBER not in roles_of(User.objects.get(pk=holder.pk))
    assert "Platsen Förvaltning 3 (kommunal) är vakant." in group_composition_warnings()
    term.refresh_from_db()
    assert term.left_on == timezone.localdate()  # the term stays, with the day the holder left


def test_ending_a_term_on_a_later_day_keeps_the_membership_until_then(full_group, convener):
    term = _term(full_group[2])
    left_on = timezone.localdate() + datetime.timedelta(days=5)
    seat_term_end(term=term, left_on=left_on, by=convener)
    assert _member(term.holder)
    group_membership_sync(on=left_on)
    assert not _member(term.holder)


def test_a_member_added_by_hand_who_never_held_a_seat_keeps_the_membership(full_group, group_member):
    group_membership_sync()
    assert _member(group_member)


def test_a_seat_cannot_get_a_second_holder_from_a_day_already_taken(full_group, convener):
    today = timezone.localdate()
    later = today + datetime.timedelta(days=30)
    seat_assign(seat=full_group[0], email="forst@example.org", full_name="Först", starts_on=later, ends_on=later + datetime.timedelta(days=99), by=convener)
    with pytest.raises(ValidationError) as error:
        seat_assign(seat=full_group[0], email="sen@example.org", full_name="Sen", starts_on=today, ends_on=later, by=convener)
    assert "är redan utsedd till platsen" in str(error.value)


def test_one_person_cannot_hold_two_seats_at_once(full_group, convener):
    other_holder = _term(full_group[1]).holder
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        seat_assign(seat=full_group[0], email=other_holder.email, starts_on=today, ends_on=today + datetime.timedelta(days=9), by=convener)
    assert "har redan platsen Förvaltning 2" in str(error.value)


def test_changing_term_dates_may_not_overlap_another_term(full_group, convener):
    seat = full_group[0]
    today = timezone.localdate()
    seat_assign(seat=seat, email="ny@example.org", full_name="Ny", starts_on=today + datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=400), by=convener)
    new_term = seat.terms.get(holder__email="ny@example.org")
    with pytest.raises(ValidationError) as error:
        seat_term_update(term=new_term, starts_on=today - datetime.timedelta(days=400), ends_on=new_term.ends_on, by=convener)
    assert "överlappar" in str(error.value)
    prolonged = seat_term_update(term=new_term, starts_on=new_term.starts_on, ends_on=today + datetime.timedelta(days=900), by=convener)
    assert prolonged.ends_on == today + datetime.timedelta(days=900)


# --- Chair and vice chair ------------------------------------------------------------------------


def test_a_new_chair_is_appointed_for_two_years_and_the_previous_one_hands_over_the_day_before(full_group, convener):
    today = timezone.localdate()
    previous = GroupOffice.objects.get(kind=GroupOffice.Kind.CHAIR)

    office = group_office_appoint(kind=GroupOffice.Kind.CHAIR, seat=full_group[2], starts_on=today, by=convener)

    assert office.ends_on == today.replace(year=today.year + 2) - datetime.timedelta(days=1)
    previous.refresh_from_db()
    assert previous.ends_on == today - datetime.timedelta(days=1)
    chair, vice_chair = current_chair_and_vice()
    assert chair.seat == full_group[2]
    assert chair.holder == _term(full_group[2]).holder
    assert vice_chair.seat.sector == SeatSector.IDEA_DRIVEN


def test_the_same_seat_cannot_be_chair_and_vice_chair(full_group, convener):
    with pytest.raises(ValidationError) as error:
        group_office_appoint(
            kind=GroupOffice.Kind.VICE_CHAIR, seat=full_group[0], starts_on=timezone.localdate(), by=convener
        )
    assert "Platsen är ordförande under den perioden." in str(error.value)


def test_the_group_as_it_was_on_an_earlier_day(full_group, convener):
    today = timezone.localdate()
    old = _term(full_group[0])
    seat_assign(seat=full_group[0], email="ny@example.org", full_name="Ny", starts_on=today, ends_on=today + datetime.timedelta(days=9), by=convener)
    yesterday = today - datetime.timedelta(days=1)
    assert next(view.holder for view in group_seats(yesterday)) == old.holder
    assert next(view.holder.email for view in group_seats(today)) == "ny@example.org"
    assert role_group(COLLABORATION_GROUP).user_set.filter(email="ny@example.org").exists()

