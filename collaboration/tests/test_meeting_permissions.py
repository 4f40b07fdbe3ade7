"""Who may open and do what with the meetings: a role matrix for every view (the group and the
convener see the meetings; the convener prepares and records them; the group decides applications;
published minutes and the calendar feed are public)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.models import AgendaItem, Decision, Meeting
from collaboration.tests.factories import make_accession, make_meeting
from overenskommelse.tests.cast import ONE_REPRESENTATIVE_CAST as CAST
from overenskommelse.tests.cast import assert_status, login

pytestmark = pytest.mark.django_db

EVERYONE = {"anonymous": 200, "ordinary_user": 200, "representative_a": 200, "officer_x": 200, "group_member": 200, "convener": 200}
GROUP = {"anonymous": "login", "ordinary_user": 403, "representative_a": 403, "officer_x": 403, "group_member": 200, "convener": 200}
CONVENER = {"anonymous": "login", "ordinary_user": 403, "representative_a": 403, "officer_x": 403, "group_member": 403, "convener": 200}
GROUP_POST = {**GROUP, "group_member": 302, "convener": 302}
CONVENER_POST = {**CONVENER, "convener": 302}


@pytest.fixture
def setting(db, past_meeting):
    past_meeting.minutes = "Protokollet."
    past_meeting.minutes_published_at = timezone.now()
    past_meeting.save()
    coming = make_meeting(days=20)
    item = AgendaItem.objects.create(meeting=coming, title="Budget")
    decision = Decision.objects.create(meeting=coming, text="Ett beslut")
    return {"held": past_meeting, "coming": coming, "item": item, "decision": decision}


GET_VIEWS = {
    "meeting_list": (lambda s: reverse("collaboration:meeting_list"), GROUP),
    "meeting_detail": (lambda s: reverse("collaboration:meeting_detail", args=[s["coming"].pk]), GROUP),
    "meeting_create": (lambda s: reverse("collaboration:meeting_create"), CONVENER),
    "meeting_edit": (lambda s: reverse("collaboration:meeting_edit", args=[s["coming"].pk]), CONVENER),
    "agenda_item_create": (lambda s: reverse("collaboration:agenda_item_create", args=[s["coming"].pk]), CONVENER),
    "agenda_item_edit": (lambda s: reverse("collaboration:agenda_item_edit", args=[s["coming"].pk, s["item"].pk]), CONVENER),
    "meeting_attendance": (lambda s: reverse("collaboration:meeting_attendance", args=[s["held"].pk]), CONVENER),
    "decision_create": (lambda s: reverse("collaboration:decision_create", args=[s["held"].pk]), CONVENER),
    "minutes_edit": (lambda s: reverse("collaboration:minutes_edit", args=[s["held"].pk]), CONVENER),
    "minutes_list": (lambda s: reverse("collaboration:minutes_list"), EVERYONE),
    "minutes_detail": (lambda s: reverse("collaboration:minutes_detail", args=[s["held"].pk]), EVERYONE),
    "meeting_feed": (lambda s: reverse("collaboration:meeting_feed"), EVERYONE),
}


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", list(GET_VIEWS))
def test_who_may_open_each_meeting_page(client, request, setting, who, name):
    url, expected = GET_VIEWS[name]
    login(client, request, who)
    assert_status(client.get(url(setting)), expected[who])


POST_VIEWS = {
    "meeting_create": (
        lambda s: reverse("collaboration:meeting_create"),
        {"starts_at": "2030-04-20T17:00", "ends_at": "2030-04-20T19:00", "place": "Sal A", "video_link": ""},
        lambda s: Meeting.objects.filter(place="Sal A").exists(),
    ),
    "agenda_item_create": (
        lambda s: reverse("collaboration:agenda_item_create", args=[s["coming"].pk]),
        {"item-title": "Smugglad punkt", "item-description": "", "item-duration_minutes": 5},
        lambda s: AgendaItem.objects.filter(title="Smugglad punkt").exists(),
    ),
    "agenda_item_add_waiting": (
        lambda s: reverse("collaboration:agenda_item_add_waiting", args=[s["coming"].pk]),
        lambda s: {"kind": "application", "object_id": make_accession("Väntande förening").pk},
        lambda s: AgendaItem.objects.filter(accession__name="Väntande förening").exists(),
    ),
    "agenda_item_move": (
        lambda s: reverse("collaboration:agenda_item_move", args=[s["coming"].pk, s["item"].pk]),
        {"direction": "down"},
        None,
    ),
    "agenda_item_delete": (
        lambda s: reverse("collaboration:agenda_item_delete", args=[s["coming"].pk, s["item"].pk]),
        {},
        lambda s: not AgendaItem.objects.filter(pk=s["item"].pk).exists(),
    ),
    "meeting_invite": (
        lambda s: reverse("collaboration:meeting_invite", args=[s["coming"].pk]),
        {},
        lambda s: Meeting.objects.get(pk=s["coming"].pk).invitation_digest != "",
    ),
    "decision_create": (
        lambda s: reverse("collaboration:decision_create", args=[s["held"].pk]),
        {"text": "Smugglat beslut", "agenda_item": ""},
        lambda s: Decision.objects.filter(text="Smugglat beslut").exists(),
    ),
    "decision_delete": (
        lambda s: reverse("collaboration:decision_delete", args=[s["coming"].pk, s["decision"].pk]),
        {},
        lambda s: not Decision.objects.filter(pk=s["decision"].pk).exists(),
    ),
    "minutes_edit": (
        lambda s: reverse("collaboration:minutes_edit", args=[s["held"].pk]),
        {"minutes": "Förfalskat protokoll"},
        lambda s: Meeting.objects.get(pk=s["held"].pk).minutes == "Förfalskat protokoll",
    ),
    "minutes_publish": (
        lambda s: reverse("collaboration:minutes_publish", args=[s["held"].pk]),
        {"publish": "0"},
        lambda s: Meeting.objects.get(pk=s["held"].pk).minutes_published_at is None,
    ),
}


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", list(POST_VIEWS))
def test_only_the_convener_prepares_and_records_meetings(client, request, setting, who, name):
    url, data, done = POST_VIEWS[name]
    if callable(data):
        data = data(setting)
    login(client, request, who)
    response = client.post(url(setting), data)
    assert_status(response, CONVENER_POST[who])
    if done is not None:
        assert done(setting) == (who == "convener")


@pytest.mark.parametrize("who", CAST)
def test_the_group_and_the_convener_decide_applications_at_the_meeting(client, request, setting, who):
    accession = make_accession("Föreningen Väntar")
    item = AgendaItem.objects.create(meeting=setting["held"], kind="application", title="Ansökan", accession=accession)
    login(client, request, who)
    response = client.post(
        reverse("collaboration:meeting_decide", args=[setting["held"].pk, item.pk]),
        {f"decide-{item.pk}-decision": "approve", f"decide-{item.pk}-reason": ""},
    )
    assert_status(response, GROUP_POST[who])
    accession.refresh_from_db()
    assert accession.is_open == (who not in ("group_member", "convener"))


def test_a_member_without_two_step_verification_is_sent_to_turn_it_on(client, group_member_without_mfa, setting):
    client.force_login(group_member_without_mfa)
    response = client.get(reverse("collaboration:meeting_detail", args=[setting["coming"].pk]))
    assert response.status_code == 403
    assert "tvåstegsverifiering" in response.content.decode()


def test_an_unknown_meeting_is_404_for_the_group(client, group_member):
    client.force_login(group_member)
    assert client.get(reverse("collaboration:meeting_detail", args=[987654])).status_code == 404
