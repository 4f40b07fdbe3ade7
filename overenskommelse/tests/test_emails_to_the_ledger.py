"""The move of every "send once" to the ledger (``plumbing.Delivery``, issue 15) sends nothing again:
a database from before it keeps, as deliveries, every email already sent (and every claim still
open), under the purpose and key the tasks use now; going back gives the old rows back."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from collaboration.models import Meeting, SeatTerm
from collaboration.tasks import send_seat_assigned, sequence_key
from conferences.models import Conference
from followup.models import DepartmentReport, FollowUpRound
from plumbing.ledger import object_key

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_LEDGER = [
    ("followup", "0006_followup_table"),
    ("collaboration", "0002_seat_kind"),
    ("conferences", "0004_certificate_job"),
]

SENT = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
CLAIMED = SENT - datetime.timedelta(minutes=1)


def _migrate(targets):
    """Migrate to ``targets`` and return the models as they stood there."""
    MigrationExecutor(connection).migrate(targets)
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    at = dict(targets)
    nodes = [(app, at.get(app, name)) for app, name in graph.leaf_nodes()]
    return executor.loader.project_state(nodes).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _deliveries(apps) -> set[tuple]:
    return set(
        apps.get_model("plumbing", "Delivery").objects.values_list(
            "purpose", "object_key", "address", "claimed_at", "sent_at"
        )
    )


def _followup_rows(old_apps):
    FollowUpRound = old_apps.get_model("followup", "FollowUpRound")
    DepartmentReport = old_apps.get_model("followup", "DepartmentReport")
    Organisation = old_apps.get_model("accounts", "Organisation")
    FollowUpEmail = old_apps.get_model("followup", "FollowUpEmail")
    followup_round = FollowUpRound.objects.create(year=2025, deadline=datetime.date(2026, 3, 31))
    unit = Organisation.objects.create(name="Socialförvaltningen", kind="forvaltning")
    report = DepartmentReport.objects.create(followup_round=followup_round, administration=unit)
    for kind, email, sent_at in [
        ("invitation", "anna@example.org", SENT),
        ("invitation", "bo@example.org", None),  # claimed by a worker that died
        ("reminder_week_before", "anna@example.org", SENT),
        (f"reopened-{report.pk}-1767225600", "anna@example.org", SENT),
    ]:
        FollowUpEmail.objects.create(
            followup_round=followup_round, kind=kind, email=email, claimed_at=CLAIMED, sent_at=sent_at
        )
    return followup_round, report


def test_a_rounds_emails_sent_before_the_ledger_are_not_sent_again():
    old_apps = _migrate(BEFORE_THE_LEDGER)
    followup_round, report = _followup_rows(old_apps)
    old_rows = set(
        old_apps.get_model("followup", "FollowUpEmail").objects.values_list(
            "followup_round_id", "kind", "email", "claimed_at", "sent_at"
        )
    )

    new_apps = _migrate(_latest())
    assert _deliveries(new_apps) == {
        ("followup.invitation", f"followupround:{followup_round.pk}", "anna@example.org", CLAIMED, SENT),
        ("followup.invitation", f"followupround:{followup_round.pk}", "bo@example.org", CLAIMED, None),
        ("followup.reminder_week_before", f"followupround:{followup_round.pk}", "anna@example.org", CLAIMED, SENT),
        ("followup.reopened", f"departmentreport:{report.pk}:1767225600", "anna@example.org", CLAIMED, SENT),
    }

    # Back again: the old rows, as they were.
    old_apps = _migrate(BEFORE_THE_LEDGER)
    assert (
        set(
            old_apps.get_model("followup", "FollowUpEmail").objects.values_list(
                "followup_round_id", "kind", "email", "claimed_at", "sent_at"
            )
        )
        == old_rows
    )
    assert not _deliveries(old_apps)
    _migrate(_latest())


def _meeting_rows(old_apps):
    Meeting = old_apps.get_model("collaboration", "Meeting")
    MeetingEmail = old_apps.get_model("collaboration", "MeetingEmail")
    meeting = Meeting.objects.create(starts_at=SENT + datetime.timedelta(days=1), place="Stadshuset", sequence=2)
    for kind, sequence, email in [
        ("invitation", 0, "anna@example.org"),
        ("invitation", 1, "anna@example.org"),
        ("invitation", 1, "bo@example.org"),
        ("cancellation", 2, "anna@example.org"),
    ]:
        MeetingEmail.objects.create(meeting=meeting, kind=kind, sequence=sequence, email=email, sent_at=SENT)
    return meeting


def test_a_meetings_emails_sent_before_the_ledger_are_not_sent_again():
    old_apps = _migrate(BEFORE_THE_LEDGER)
    meeting = _meeting_rows(old_apps)
    old_rows = set(
        old_apps.get_model("collaboration", "MeetingEmail").objects.values_list(
            "meeting_id", "kind", "sequence", "email", "sent_at"
        )
    )

    new_apps = _migrate(_latest())
    assert _deliveries(new_apps) == {
        ("meeting.invitation", f"meeting:{meeting.pk}:seq0", "anna@example.org", SENT, SENT),
        ("meeting.invitation", f"meeting:{meeting.pk}:seq1", "anna@example.org", SENT, SENT),
        ("meeting.invitation", f"meeting:{meeting.pk}:seq1", "bo@example.org", SENT, SENT),
        ("meeting.cancellation", f"meeting:{meeting.pk}:seq2", "anna@example.org", SENT, SENT),
    }

    old_apps = _migrate(BEFORE_THE_LEDGER)
    assert (
        set(
            old_apps.get_model("collaboration", "MeetingEmail").objects.values_list(
                "meeting_id", "kind", "sequence", "email", "sent_at"
            )
        )
        == old_rows
    )
    assert not _deliveries(old_apps)
    _migrate(_latest())


def test_a_conferences_invitations_sent_before_the_ledger_are_not_sent_again():
    old_apps = _migrate(BEFORE_THE_LEDGER)
    Conference = old_apps.get_model("conferences", "Conference")
    Invitation = old_apps.get_model("conferences", "Invitation")
    conference = Conference.objects.create(
        title="Konferensen",
        starts_on=datetime.date(2027, 5, 1),
        ends_on=datetime.date(2027, 5, 1),
        venue_name="Stadshuset",
        venue_address="Torget 1",
        registration_opens_at=SENT,
        registration_closes_at=SENT + datetime.timedelta(days=30),
        capacity=100,
    )
    for email, sent_at, claimed_at in [
        ("anna@example.org", SENT, None),
        ("Bo@Example.org", SENT, None),
        ("cecilia@example.org", None, CLAIMED),  # being sent by a worker that died
        ("dag@example.org", None, None),  # not sent yet
    ]:
        Invitation.objects.create(
            conference=conference, email=email, source="manual", token=email, sent_at=sent_at, claimed_at=claimed_at
        )

    new_apps = _migrate(_latest())
    key = f"conference:{conference.pk}"
    assert _deliveries(new_apps) == {
        ("conference.invitation", key, "anna@example.org", SENT, SENT),
        ("conference.invitation", key, "bo@example.org", SENT, SENT),
        ("conference.invitation", key, "cecilia@example.org", CLAIMED, None),
    }
    NewInvitation = new_apps.get_model("conferences", "Invitation")
    assert NewInvitation.objects.filter(sent_at__isnull=False).count() == 2

    old_apps = _migrate(BEFORE_THE_LEDGER)
    Invitation = old_apps.get_model("conferences", "Invitation")
    assert set(Invitation.objects.values_list("email", "sent_at", "claimed_at")) == {
        ("anna@example.org", SENT, None),
        ("Bo@Example.org", SENT, None),
        ("cecilia@example.org", None, CLAIMED),
        ("dag@example.org", None, None),
    }
    assert not _deliveries(old_apps)
    _migrate(_latest())


def test_the_migrations_keys_are_the_keys_the_tasks_use():
    """The keys written out in the migrations are those of ``plumbing.ledger.object_key``."""
    assert object_key(FollowUpRound(pk=12)) == "followupround:12"
    assert object_key(DepartmentReport(pk=5), 1767225600) == "departmentreport:5:1767225600"
    assert sequence_key(Meeting(pk=7), 2) == "meeting:7:seq2"
    assert object_key(Conference(pk=4)) == "conference:4"
    assert object_key(SeatTerm(pk=3)) == "seatterm:3"


BEFORE_THE_SEATS_LEDGER = [("collaboration", "0004_meeting_emails_in_the_ledger")]


def test_a_holder_told_about_a_seat_before_the_ledger_is_not_told_again():
    old_apps = _migrate(BEFORE_THE_SEATS_LEDGER)
    User = old_apps.get_model("accounts", "User")
    Seat = old_apps.get_model("collaboration", "Seat")
    OldSeatTerm = old_apps.get_model("collaboration", "SeatTerm")
    seat = Seat.objects.create(position=1, sector="offentlig")
    anna = User.objects.create(email="Anna@Example.org", full_name="Anna", password="!")
    bo = User.objects.create(email="bo@example.org", full_name="Bo", password="!")
    told = OldSeatTerm.objects.create(
        seat=seat, holder=anna, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2027, 12, 31), notified_at=SENT
    )
    not_told = OldSeatTerm.objects.create(
        seat=seat, holder=bo, starts_on=datetime.date(2028, 1, 1), ends_on=datetime.date(2029, 12, 31)
    )

    new_apps = _migrate(_latest())
    assert _deliveries(new_apps) == {("seat.assigned", f"seatterm:{told.pk}", "anna@example.org", SENT, SENT)}
    # The task run again after the upgrade tells only the holder who was not told.
    mail.outbox.clear()
    assert send_seat_assigned(told.pk, False) == 0
    assert send_seat_assigned(not_told.pk, False) == 1
    assert [message.to for message in mail.outbox] == [["bo@example.org"]]

    # Back again: both terms say when their holder was told; the ledger has none of it.
    old_apps = _migrate(BEFORE_THE_SEATS_LEDGER)
    OldSeatTerm = old_apps.get_model("collaboration", "SeatTerm")
    assert OldSeatTerm.objects.get(pk=told.pk).notified_at == SENT
    assert OldSeatTerm.objects.get(pk=not_told.pk).notified_at is not None
    assert not old_apps.get_model("plumbing", "Delivery").objects.filter(purpose="seat.assigned").exists()
    _migrate(_latest())
