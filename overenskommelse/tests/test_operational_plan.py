"""The yearly operational plan (verksamhetsplan) under the action plan: the convener keeps the plan
and its activities in the portal (in Swedish, refused with the errors listed and everything typed
kept), the group follows them up (its page and its overview), the public reads the adopted plan."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from overenskommelse.demo_year import demo_year
from overenskommelse.models import (
    ActionPlan,
    Activity,
    Agreement,
    OperationalPlan,
    PriorityArea,
)
from plumbing.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def action_plan(db) -> ActionPlan:
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testlän",
        municipality="Region Testlän",
        sector_party="idéburen sektor i Testlän",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2025, 12, 1),
        valid_from=datetime.date(2026, 1, 1),
        contact_email="processledare@example.org",
        group_name="styrgruppen",
        convener_title="processledare",
    )
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan 2026–2029",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    PriorityArea.objects.create(action_plan=plan, name="Idéburet engagemang", slug="engagemang", position=1)
    return plan


@pytest.fixture
def plan_2026(action_plan) -> OperationalPlan:
    plan = OperationalPlan.objects.create(action_plan=action_plan, year=2026, introduction="Årets arbete.")
    area = action_plan.priority_areas.get()
    for title, status in (
        ("Årlig konferens", Activity.Status.DONE),
        ("Utbildning om IOP", Activity.Status.ONGOING),
        ("Dialogmöten med unga", Activity.Status.ONGOING),
        ("Kartläggning av stöd", Activity.Status.PLANNED),
    ):
        Activity.objects.create(
            plan=plan,
            title=title,
            priority_area=area,
            responsible="Processledaren",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 11, 30),
            status=status,
        )
    return plan


def _text(response) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", response.content.decode(), flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\xa0", " "))


# --- The convener keeps the plan --------------------------------------------------------------------


def test_the_convener_adds_a_years_plan(client, convener, action_plan):
    client.force_login(convener)
    response = client.post(
        reverse("operational_plan_create"), {"year": "2026", "introduction": "Vad vi gör i år.", "adopted_on": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("operational_plan_detail", kwargs={"year": 2026})
    plan = OperationalPlan.objects.get(year=2026)
    assert plan.action_plan == action_plan
    assert plan.introduction == "Vad vi gör i år."
    assert AuditEntry.objects.filter(action="agreement.operational_plan_created").count() == 1


def test_a_plan_outside_the_action_plans_period_is_refused_with_what_was_typed_kept(client, convener, action_plan):
    client.force_login(convener)
    response = client.post(
        reverse("operational_plan_create"), {"year": "2031", "introduction": "Långt fram.", "adopted_on": ""}
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Ingenting sparades" in text
    assert "Året måste ligga inom handlingsplanens period, 2026–2029." in text
    assert 'href="#id_year"' in response.content.decode()
    assert "Långt fram." in response.content.decode()
    assert not OperationalPlan.objects.exists()


def test_a_second_plan_for_the_same_year_is_refused(client, convener, plan_2026):
    client.force_login(convener)
    response = client.post(reverse("operational_plan_create"), {"year": "2026", "introduction": "", "adopted_on": ""})
    assert response.status_code == 200
    assert "Det finns redan en verksamhetsplan för 2026." in _text(response)
    assert OperationalPlan.objects.count() == 1


def test_the_convener_adopts_the_plan(client, convener, plan_2026):
    client.force_login(convener)
    response = client.post(
        reverse("operational_plan_edit", kwargs={"year": 2026}),
        {"year": "2026", "introduction": "Årets arbete.", "adopted_on": "2026-02-10"},
    )
    assert response.status_code == 302
    plan_2026.refresh_from_db()
    assert plan_2026.adopted_on == datetime.date(2026, 2, 10)
    assert AuditEntry.objects.filter(action="agreement.operational_plan_changed").count() == 1


def _activity_data(**changes) -> dict:
    data = {
        "title": "Konferens om överenskommelsen",
        "priority_area": "",
        "responsible": "Processledaren",
        "starts_on": "2026-04-01",
        "ends_on": "2026-10-15",
        "status": "planned",
        "note": "",
    }
    return {**data, **changes}


def test_the_convener_adds_an_activity_and_follows_it_up(client, convener, plan_2026):
    client.force_login(convener)
    area = plan_2026.action_plan.priority_areas.get()
    response = client.post(
        reverse("activity_create", kwargs={"year": 2026}), _activity_data(priority_area=str(area.pk))
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Konferens om överenskommelsen")
    assert activity.priority_area == area
    response = client.post(
        reverse("activity_edit", kwargs={"pk": activity.pk}),
        _activity_data(priority_area=str(area.pk), status="done", note="Hölls i oktober."),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.note) == ("done", "Hölls i oktober.")
    assert AuditEntry.objects.filter(action="agreement.activity_changed").count() == 1


def test_an_activity_without_what_or_ending_before_it_starts_is_refused_with_the_errors_listed(
    client, convener, plan_2026
):
    client.force_login(convener)
    response = client.post(
        reverse("activity_create", kwargs={"year": 2026}),
        _activity_data(title="", ends_on="2026-03-01", note="Det vi skrev"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    text = _text(response)
    assert "Skriv vad aktiviteten är." in text
    assert "Aktiviteten kan inte sluta innan den börjar." in text
    assert 'href="#id_title"' in page and 'href="#id_ends_on"' in page
    assert "Det vi skrev" in page
    assert 'value="Processledaren"' in page
    assert Activity.objects.count() == 4


def test_an_activity_outside_the_plans_year_is_refused(client, convener, plan_2026):
    client.force_login(convener)
    response = client.post(
        reverse("activity_create", kwargs={"year": 2026}),
        _activity_data(starts_on="2027-02-01", ends_on="2027-03-01"),
    )
    assert response.status_code == 200
    assert "Den planerade perioden måste omfatta 2026, planens år." in _text(response)


# --- The group and the public see it ----------------------------------------------------------------


def test_the_group_sees_a_draft_plan_and_the_public_does_not(client, group_member, plan_2026):
    url = reverse("operational_plan_detail", kwargs={"year": 2026})
    assert client.get(url).status_code == 404
    client.force_login(group_member)
    response = client.get(url)
    assert response.status_code == 200
    text = _text(response)
    assert "Verksamhetsplan 2026" in text
    assert "Utkast" in text
    assert "Utbildning om IOP" in text
    assert "Ändra planen" not in text  # the convener's


def test_the_public_reads_the_adopted_plan_and_its_activities(client, plan_2026):
    plan_2026.adopted_on = datetime.date(2026, 2, 10)
    plan_2026.save()
    text = _text(client.get(reverse("operational_plan_list")))
    assert "Verksamhetsplan 2026" in text and "4 aktiviteter" in text
    text = _text(client.get(reverse("operational_plan_detail", kwargs={"year": 2026})))
    assert "Antagen av styrgruppen den 10 februari 2026, under Handlingsplan 2026–2029." in text
    assert "Årlig konferens Idéburet engagemang Processledaren" in text
    assert "Genomförd" in text and "Pågående" in text and "Planerad" in text
    assert reverse("operational_plan_list") in client.get(reverse("action_plan")).content.decode()


def test_the_plan_is_shown_by_status_as_the_overview_links_it(client, group_member, plan_2026):
    client.force_login(group_member)
    text = _text(client.get(reverse("operational_plan_detail", kwargs={"year": 2026}), {"status": "ongoing"}))
    assert "Utbildning om IOP" in text and "Dialogmöten med unga" in text
    assert "Årlig konferens" not in text


def test_the_groups_overview_counts_the_years_activities_by_status(client, group_member, plan_2026):
    client.force_login(group_member)
    response = client.get(reverse("collaboration:dashboard"), {"year": 2026})
    text = _text(response)
    assert "Verksamhetsplanen 2026" in text
    assert "4 aktiviteter i planen (ett utkast, ännu inte antaget)" in text
    assert "Planerad 1 Pågående 2 Genomförd 1 Inställd 0 Alla aktiviteter 4" in text
    detail = reverse("operational_plan_detail", kwargs={"year": 2026})
    assert f'href="{detail}?status=ongoing"' in response.content.decode()


def test_without_a_plan_the_overview_has_no_plan_section(client, group_member, action_plan):
    client.force_login(group_member)
    assert "Verksamhetsplanen" not in _text(client.get(reverse("collaboration:dashboard"), {"year": 2026}))


# --- Who may keep it -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["group_member", "convener_without_mfa", "officer_x"])
def test_only_the_convener_with_the_second_factor_keeps_the_plan(client, request, who, plan_2026):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("activity_create", kwargs={"year": 2026}), _activity_data())
    assert response.status_code == 403
    assert Activity.objects.count() == 4


# --- The demo -------------------------------------------------------------------------------------------


def test_blekinges_demo_has_an_adopted_plan_of_its_year_with_activities_in_every_status(settings):
    settings.DEBUG = True
    for _ in range(2):  # idempotent
        call_command("load_demo", agreement="blekinge", stdout=io.StringIO())
    plan = OperationalPlan.objects.get(year=demo_year())
    assert plan.adopted_on is not None
    statuses = set(plan.activities.values_list("status", flat=True))
    assert statuses == {"planned", "ongoing", "done", "cancelled"}
    assert 4 <= plan.activities.count() <= 6
