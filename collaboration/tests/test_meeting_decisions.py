"""Decisions at a meeting: deciding an application from the meeting page (the application gets the
meeting's date, the meeting gets the decision), someone deciding first, other decisions, and
attendance."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import Accession
from accounts.services import AlreadyDecided, accession_decide
from collaboration.models import AgendaItem, Decision, MeetingAttendance, SeatTerm
from collaboration.services.meetings import meeting_decide_application
from collaboration.tests.factories import make_accession, make_meeting, make_person

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


@pytest.fixture
def on_agenda(past_meeting, ordinary_user):
    """An application on the agenda of a meeting held ten days ago."""
    accession = make_accession("Föreningen Väntar", applicant=ordinary_user)
    item = AgendaItem.objects.create(
        meeting=past_meeting, kind="application", title="Ansökan om anslutning: Föreningen Väntar", accession=accession
    )
    return item


def _decide(client, item, decision: str, reason: str = ""):
    prefix = f"decide-{item.pk}"
    return client.post(
        reverse("collaboration:meeting_decide", args=[item.meeting_id, item.pk]),
        {f"{prefix}-decision": decision, f"{prefix}-reason": reason},
        follow=True,
    )


def test_approving_from_the_meeting_page_records_the_decision_with_the_application_and_the_meeting(
    client, on_agenda, convener, django_capture_on_commit_callbacks
):
    meeting, accession = on_agenda.meeting, on_agenda.accession
    client.force_login(convener)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, on_agenda, "approve", "Uppfyller villkoren.")
    html = _html(response)
    assert "Beviljad: Föreningen Väntar är nu ansluten till överenskommelsen." in html

    accession.refresh_from_db()
    meeting_day = timezone.localtime(meeting.starts_at).date()
    assert accession.status == Accession.Status.APPROVED
    assert accession.decision_meeting_on == meeting_day
    assert accession.organisation.is_connected

    decision = Decision.objects.get()
    assert (decision.meeting, decision.accession, decision.agenda_item) == (meeting, accession, on_agenda)
    assert decision.text == "Ansökan om anslutning från Föreningen Väntar beviljas. Motivering: Uppfyller villkoren."
    assert decision.recorded_by == convener
    assert "Ansökan om anslutning från Föreningen Väntar beviljas." in html  # listed under decisions

    # The applicant is told, and the application shows the meeting's date.
    assert [message.to for message in mail.outbox] == [[accession.applicant.email]]
    html = _html(client.get(accession.get_absolute_url()))
    assert f"Beslutat på mötet den {formats.date_format(meeting_day, 'j F Y')}" in html


def test_a_member_of_the_group_may_decide_at_the_meeting(client, on_agenda, group_member):
    client.force_login(group_member)
    html = _html(client.get(on_agenda.meeting.get_absolute_url()))
    assert "Besluta om ansökan från Föreningen Väntar" in html
    _decide(client, on_agenda, "reject", "Inte idéburen.")
    on_agenda.accession.refresh_from_db()
    assert on_agenda.accession.status == Accession.Status.REJECTED
    assert Decision.objects.get().text == "Ansökan om anslutning från Föreningen Väntar avslås. Motivering: Inte idéburen."


def test_rejecting_without_a_reason_is_refused_on_the_meeting_page(client, on_agenda, convener):
    client.force_login(convener)
    response = _decide(client, on_agenda, "reject", "")
    html = _html(response)
    assert response.status_code == 200
    assert "Skriv skälet när ansökan avslås." in html
    assert "<h1>Samverkansgruppens möte den" in html
    on_agenda.accession.refresh_from_db()
    assert on_agenda.accession.is_open
    assert not Decision.objects.exists()


def test_an_application_someone_else_decided_first_is_explained_and_nothing_is_recorded(
    client, on_agenda, convener, group_member
):
    accession_decide(accession=on_agenda.accession, by=group_member, approve=True, reason="Ok")
    client.force_login(convener)
    html = _html(_decide(client, on_agenda, "reject", "Nej"))
    assert "Ansökan från Föreningen Väntar var redan beslutad av Gustav Gruppledamot" in html
    assert "Ingenting registrerades vid det här mötet." in html
    assert not Decision.objects.exists()
    on_agenda.accession.refresh_from_db()
    assert on_agenda.accession.status == Accession.Status.APPROVED


def test_when_the_application_is_decided_in_between_the_service_records_nothing(on_agenda, convener, group_member):
    accession = on_agenda.accession
    accession_decide(accession=Accession.objects.get(pk=accession.pk), by=group_member, approve=False, reason="Nej")
    with pytest.raises(AlreadyDecided):
        meeting_decide_application(meeting=on_agenda.meeting, accession=accession, approve=True, reason="", by=convener)
    assert not Decision.objects.exists()


def test_the_convener_records_and_removes_other_decisions(client, past_meeting, convener):
    item = AgendaItem.objects.create(meeting=past_meeting, title="Budget")
    client.force_login(convener)
    url = reverse("collaboration:decision_create", args=[past_meeting.pk])
    assert "Budget" in _html(client.get(url + f"?punkt={item.pk}"))
    response = client.post(url, {"text": "", "agenda_item": ""})
    assert "Detta fält måste fyllas i." in _html(response)
    response = client.post(url, {"text": "Budgeten godkänns.", "agenda_item": item.pk}, follow=True)
    html = _html(response)
    assert "Beslutet har registrerats." in html
    assert "Budgeten godkänns." in html
    decision = Decision.objects.get()
    assert decision.agenda_item == item

    response = client.post(reverse("collaboration:decision_delete", args=[past_meeting.pk, decision.pk]), follow=True)
    assert "Beslutet har tagits bort." in _html(response)
    assert not Decision.objects.exists()


def test_a_decision_on_an_application_cannot_be_removed(client, on_agenda, convener):
    client.force_login(convener)
    _decide(client, on_agenda, "approve")
    decision = Decision.objects.get()
    response = client.post(reverse("collaboration:decision_delete", args=[on_agenda.meeting_id, decision.pk]), follow=True)
    assert "Ett beslut om en ansökan kan inte tas bort." in _html(response)
    assert Decision.objects.exists()


def test_the_convener_ticks_who_was_present(client, full_group, past_meeting, convener):
    holders = [term.holder for term in SeatTerm.objects.current().order_by("seat__position")]
    client.force_login(convener)
    url = reverse("collaboration:meeting_attendance", args=[past_meeting.pk])
    html = _html(client.get(url))
    assert "Ledamot Nummer1 (Förvaltning 1)" in html
    response = client.post(url, {"present": [holders[0].pk, holders[4].pk, holders[7].pk]}, follow=True)
    html = _html(response)
    assert "Närvaron är sparad: 3 närvarande." in html
    assert html.count("Frånvarande</span>") == 5
    assert MeetingAttendance.objects.filter(meeting=past_meeting, present=True).count() == 3
    assert MeetingAttendance.objects.get(meeting=past_meeting, person=holders[4]).seat == full_group[4]

    # Ticking again corrects the record.
    client.post(url, {"present": [holders[1].pk]})
    assert list(MeetingAttendance.objects.filter(meeting=past_meeting, present=True).values_list("person", flat=True)) == [holders[1].pk]


def test_attendance_lists_who_held_a_seat_on_the_day_of_the_meeting(client, full_group, convener):
    held = make_meeting(days=-100)
    newcomer = make_person("ny@example.org", "Nora Ny")
    SeatTerm.objects.filter(seat=full_group[0]).update(left_on=timezone.localdate() - datetime.timedelta(days=50))
    SeatTerm.objects.create(
        seat=full_group[0], holder=newcomer, starts_on=timezone.localdate() - datetime.timedelta(days=50),
        ends_on=timezone.localdate() + datetime.timedelta(days=300),
    )
    client.force_login(convener)
    html = _html(client.get(reverse("collaboration:meeting_attendance", args=[held.pk])))
    assert "Ledamot Nummer1" in html
    assert "Nora Ny" not in html
