"""Building a meeting's agenda: what is waiting and adding it in one click, items by hand, editing,
reordering, removing, the total duration; the list of meetings and the flag for missing minutes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Accession
from collaboration.models import AgendaItem
from collaboration.selectors.meetings import agenda_items, waiting_items
from collaboration.tests.factories import make_accession, make_meeting
from conferences.models import Conference
from followup.models import FollowUpRound
from initiatives.models import Initiative
from overenskommelse.process import Step

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def _initiative(title: str, **fields) -> Initiative:
    return Initiative.objects.create(title=title, need="Ett behov", goal="Ett mål", **fields)


def _conference(title: str, days: int) -> Conference:
    day = timezone.localdate() + datetime.timedelta(days=days)
    now = timezone.now()
    return Conference.objects.create(
        title=title,
        starts_on=day,
        ends_on=day,
        venue_name="Stadshallen",
        venue_address="Stortorget 7",
        description="Konferensen",
        registration_opens_at=now,
        registration_closes_at=now + datetime.timedelta(days=1),
        capacity=100,
    )


def _keys(meeting=None) -> set[str]:
    return {f"{item.kind}:{item.title}" for item in waiting_items(meeting)}


# --- What is waiting -----------------------------------------------------------------------------


def test_what_is_waiting_for_the_group(meeting, convener):
    make_accession("Föreningen Väntar")
    make_accession("Föreningen Beslutad", status=Accession.Status.APPROVED)
    _initiative("Redovisat initiativ", reported_to_group_on=timezone.localdate())
    _initiative("Initiativ i resultatsteget", step=Step.RESULT)
    _initiative("Pågående initiativ", step=Step.IMPLEMENTATION)
    FollowUpRound.objects.create(year=2026, deadline=timezone.localdate() + datetime.timedelta(days=20), opened_at=timezone.now())
    FollowUpRound.objects.create(year=2025, deadline=timezone.localdate() - datetime.timedelta(days=200), opened_at=timezone.now(), closed_at=timezone.now())
    _conference("Konferensen i vår", days=120)
    _conference("Konferensen sedan", days=600)
    _conference("Konferensen som var", days=-100)

    assert _keys(meeting) == {
        "application:Ansökan om anslutning: Föreningen Väntar",
        "initiative:Resultat av initiativet: Redovisat initiativ",
        "initiative:Resultat av initiativet: Initiativ i resultatsteget",
        "followup:Uppföljningen av 2026: lägesrapport",
        "conference:Konferensen: Konferensen i vår",
    }


def test_a_round_past_its_deadline_is_waiting_to_be_closed(meeting):
    FollowUpRound.objects.create(year=2026, deadline=timezone.localdate() - datetime.timedelta(days=2), opened_at=timezone.now())
    assert _keys(meeting) == {"followup:Uppföljningen av 2026: resultat och avslut"}


def test_what_is_on_a_coming_meetings_agenda_is_no_longer_waiting_but_comes_back_if_a_past_meeting_left_it(meeting):
    accession = make_accession("Föreningen Väntar")
    other = make_meeting(days=40)
    AgendaItem.objects.create(meeting=other, kind="application", title="x", accession=accession)
    assert _keys(meeting) == set()

    AgendaItem.objects.all().delete()
    held = make_meeting(days=-30)
    AgendaItem.objects.create(meeting=held, kind="application", title="x", accession=accession)
    assert _keys(meeting) == {"application:Ansökan om anslutning: Föreningen Väntar"}  # not decided then


def test_an_initiative_once_on_any_agenda_is_no_longer_waiting(meeting):
    initiative = _initiative("Redovisat initiativ", reported_to_group_on=timezone.localdate())
    AgendaItem.objects.create(meeting=make_meeting(days=-200), kind="initiative", title="x", initiative=initiative)
    assert _keys(meeting) == set()


# --- Building the agenda on the meeting page -----------------------------------------------------


def test_the_convener_adds_a_waiting_application_in_one_click(client, meeting, convener):
    accession = make_accession("Föreningen Väntar")
    client.force_login(convener)
    url = meeting.get_absolute_url()
    html = _html(client.get(url))
    assert "Väntar på samverkansgruppen" in html
    assert "Ansökan om anslutning: Föreningen Väntar" in html

    response = client.post(
        reverse("collaboration:agenda_item_add_waiting", args=[meeting.pk]),
        {"kind": "application", "object_id": accession.pk},
        follow=True,
    )
    html = _html(response)
    assert "”Ansökan om anslutning: Föreningen Väntar” har lagts till på dagordningen." in html
    item = meeting.agenda_items.get()
    assert (item.kind, item.accession, item.duration_minutes) == ("application", accession, 10)
    assert waiting_items(meeting) == []

    # Adding it twice is refused, with a reason.
    response = client.post(
        reverse("collaboration:agenda_item_add_waiting", args=[meeting.pk]),
        {"kind": "application", "object_id": accession.pk},
        follow=True,
    )
    assert "Det här väntar inte längre" in _html(response)
    assert meeting.agenda_items.count() == 1


def test_the_convener_builds_edits_reorders_and_removes_items_and_sees_the_total(client, meeting, convener):
    client.force_login(convener)
    create = reverse("collaboration:agenda_item_create", args=[meeting.pk])
    for title, minutes in [("Mötets öppnande", 5), ("Budget", 30), ("Övriga frågor", 10)]:
        client.post(create, {"item-title": title, "item-description": "", "item-duration_minutes": minutes})
    html = _html(client.get(meeting.get_absolute_url()))
    assert "Beräknad tid totalt: 45 minuter." in html
    assert "Slutar omkring 17.45." in html  # issue 17: times the Swedish way, as everywhere

    budget = meeting.agenda_items.get(title="Budget")
    client.post(
        reverse("collaboration:agenda_item_edit", args=[meeting.pk, budget.pk]),
        {"item-title": "Budget för nästa år", "item-description": "Förslag från förvaltningen", "item-duration_minutes": 40},
    )
    client.post(reverse("collaboration:agenda_item_move", args=[meeting.pk, budget.pk]), {"direction": "up"})
    assert [item.title for item in agenda_items(meeting).items] == ["Budget för nästa år", "Mötets öppnande", "Övriga frågor"]
    client.post(reverse("collaboration:agenda_item_move", args=[meeting.pk, budget.pk]), {"direction": "down"})
    client.post(reverse("collaboration:agenda_item_move", args=[meeting.pk, budget.pk]), {"direction": "down"})
    client.post(reverse("collaboration:agenda_item_move", args=[meeting.pk, budget.pk]), {"direction": "down"})  # stays last
    assert [item.title for item in agenda_items(meeting).items] == ["Mötets öppnande", "Övriga frågor", "Budget för nästa år"]

    closing = meeting.agenda_items.get(title="Övriga frågor")
    response = client.post(reverse("collaboration:agenda_item_delete", args=[meeting.pk, closing.pk]), follow=True)
    html = _html(response)
    assert "”Övriga frågor” har tagits bort från dagordningen." in html
    assert "Beräknad tid totalt: 45 minuter." in html  # 5 + 40
    assert agenda_items(meeting).total_minutes == 45


def test_an_item_without_a_title_or_with_too_many_minutes_is_refused_with_the_reason_at_the_field(client, meeting, convener):
    client.force_login(convener)
    response = client.post(
        reverse("collaboration:agenda_item_create", args=[meeting.pk]),
        {"item-title": "", "item-description": "", "item-duration_minutes": 999},
    )
    html = _html(response)
    assert response.status_code == 200
    assert "Ingenting sparades" in html
    assert "Detta fält måste fyllas i." in html  # the title's own error, at the field
    assert "mindre än eller lika med 480" in html  # the minutes' error
    assert meeting.agenda_items.count() == 0

    # With a title, the minutes alone still keep the item out.
    response = client.post(
        reverse("collaboration:agenda_item_create", args=[meeting.pk]),
        {"item-title": "Budget", "item-description": "", "item-duration_minutes": 999},
    )
    assert response.status_code == 200
    assert "mindre än eller lika med 480" in _html(response)
    assert meeting.agenda_items.count() == 0


def test_a_member_sees_the_agenda_but_not_the_convener_tools(client, meeting, group_member):
    AgendaItem.objects.create(meeting=meeting, title="Budget", duration_minutes=30)
    make_accession("Föreningen Väntar")
    client.force_login(group_member)
    html = _html(client.get(meeting.get_absolute_url()))
    assert "Budget" in html
    assert "Väntar på samverkansgruppen" not in html
    assert "Flytta upp" not in html and "Skicka kallelsen" not in html


# --- Planning a meeting, the list, the flag ------------------------------------------------------


def test_the_convener_plans_a_meeting_with_a_place_or_a_video_link(client, convener):
    client.force_login(convener)
    url = reverse("collaboration:meeting_create")
    response = client.post(url, {"starts_at": "2027-04-20T17:00", "ends_at": "2027-04-20T19:00", "place": "", "video_link": ""})
    assert "Ange en plats, en videolänk eller båda." in _html(response)
    response = client.post(url, {"starts_at": "2027-04-20T17:00", "ends_at": "2027-04-20T16:00", "place": "Sal B", "video_link": ""})
    assert "Mötet måste sluta efter att det börjar." in _html(response)
    response = client.post(
        url, {"starts_at": "2027-04-20T17:00", "ends_at": "2027-04-20T19:00", "place": "", "video_link": "https://video.example.org/m"},
        follow=True,
    )
    html = _html(response)
    assert "Mötet är planerat." in html
    assert "Samverkansgruppens möte den 20 april 2027" in html
    assert "tisdag 20 april 2027 17.00–19.00" in html  # issue 17: |weekday_and_time, as everywhere
    assert "Videomöte" in html


def test_the_list_shows_the_years_meetings_and_flags_the_one_without_minutes(client, convener):
    year = timezone.localdate().year
    held = make_meeting(days=-20)
    make_meeting(days=-40, minutes="Protokollet.")
    client.force_login(convener)
    html = _html(client.get(reverse("collaboration:meeting_list") + f"?ar={held.starts_at.year}"))
    assert html.count("Protokoll saknas") == 1
    assert f"Samverkansgruppens möten {held.starts_at.year}" in html
    if held.starts_at.year == year:
        assert "färre än två möten är planerade" not in html

    html = _html(client.get(held.get_absolute_url()))
    assert "Mötet har hållits men har inget protokoll än." in html


def test_the_list_warns_when_fewer_than_two_meetings_are_planned_this_year(client, convener):
    client.force_login(convener)
    html = _html(client.get(reverse("collaboration:meeting_list")))
    assert "färre än två möten är planerade för" in html


@pytest.mark.parametrize("count", [2, 12])
def test_the_meeting_list_needs_the_same_few_queries_however_many_meetings(client, convener, django_assert_max_num_queries, count):
    for number in range(count):
        meeting = make_meeting(days=number)
        AgendaItem.objects.create(meeting=meeting, title="Punkt", duration_minutes=10)
    client.force_login(convener)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("collaboration:meeting_list")).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_the_meeting_page_needs_the_same_few_queries_however_full(client, convener, full_group, django_assert_max_num_queries, count):
    meeting = make_meeting()
    for number in range(count):
        accession = make_accession(f"Förening {number}")
        AgendaItem.objects.create(meeting=meeting, kind="application", title=f"Ansökan {number}", accession=accession)
        make_accession(f"Väntande {number}")
        _initiative(f"Initiativ {number}", reported_to_group_on=timezone.localdate())
        AgendaItem.objects.create(meeting=meeting, title=f"Punkt {number}")
    client.force_login(convener)
    with django_assert_max_num_queries(15):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Förening 0" in _html(response)
