"""The public list of connected organisations, its open data (CSV and JSON) and the public profile."""

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from overenskommelse.models import ActionPlan, Agreement, PriorityArea
from overenskommelse.tests.cast import login as _login

pytestmark = pytest.mark.django_db

LIST_URL = reverse("accounts:organisation_list")
CSV_URL = reverse("accounts:organisation_list_csv")
JSON_URL = reverse("accounts:organisation_list_json")

CAST = ["ordinary_user", "representative_a", "representative_b", "officer_x", "group_member", "convener"]


@pytest.fixture
def areas(db) -> dict[str, PriorityArea]:
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testby",
        municipality="Testby kommun",
        sector_party="idéburen sektor i Testby",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2024, 1, 1),
        valid_from=datetime.date(2024, 1, 1),
        contact_email="overenskommelsen@testby.se",
    )
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    return {
        "inkludering": PriorityArea.objects.create(
            action_plan=plan, name="Inkludering", slug="inkludering", position=1
        ),
        "demokrati": PriorityArea.objects.create(
            action_plan=plan, name="Demokrati, delaktighet och trygghet", slug="demokrati", position=2
        ),
    }


def connected(name: str, *, since: datetime.date | None = None, **fields) -> Organisation:
    fields.setdefault("kind", OrganisationKind.NON_PROFIT_ASSOCIATION)
    return Organisation.objects.create(
        name=name, connected_since=since or datetime.date(2025, 3, 14), **fields
    )


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "a BOM so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# --- The list ------------------------------------------------------------------------------------


def test_list_shows_connected_organisations_only(client, organisation_a):
    connected("Lunds Schackklubb")
    Organisation.objects.create(
        name="Lämnade föreningen",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        connected_since=datetime.date(2020, 1, 1),
        withdrawn_on=datetime.date(2024, 1, 1),
    )
    html = client.get(LIST_URL).content.decode()
    assert "Lunds Schackklubb" in html
    assert "Föreningen A" not in html  # in the register, never connected
    assert "Lämnade föreningen" not in html


@pytest.mark.parametrize("who", ["anonymous", *CAST])
def test_everyone_sees_the_same_public_list(client, request, who):
    connected("Lunds Schackklubb")
    _login(client, request, who)
    for url in (LIST_URL, CSV_URL, JSON_URL):
        response = client.get(url)
        assert response.status_code == 200
        assert "Lunds Schackklubb" in response.content.decode()


def test_search_by_name_finds_part_of_the_name(client):
    connected("Lunds Schackklubb")
    connected("Dalby Gospelkör")
    html = client.get(LIST_URL, {"q": "schack"}).content.decode()
    assert "Lunds Schackklubb" in html
    assert "Dalby Gospelkör" not in html


def test_filter_by_kind(client):
    connected("Lunds Schackklubb")
    connected("Stiftelsen Lundagård", kind=OrganisationKind.FOUNDATION)
    html = client.get(LIST_URL, {"kind": OrganisationKind.FOUNDATION}).content.decode()
    assert "Stiftelsen Lundagård" in html
    assert "Lunds Schackklubb" not in html


def test_filter_by_priority_area(client, areas):
    chess = connected("Lunds Schackklubb")
    chess.priority_areas.add(areas["inkludering"])
    choir = connected("Dalby Gospelkör")
    choir.priority_areas.add(areas["demokrati"])
    html = client.get(LIST_URL, {"area": "inkludering"}).content.decode()
    assert "Lunds Schackklubb" in html
    assert "Dalby Gospelkör" not in html


def test_filter_by_umbrella_organisation(client):
    umbrella = connected("Paraplyet PIL", kind=OrganisationKind.UMBRELLA)
    member = connected("Lunds Schackklubb")
    member.umbrella_organisations.add(umbrella)
    connected("Dalby Gospelkör")
    html = client.get(LIST_URL, {"umbrella": umbrella.pk}).content.decode()
    assert "Lunds Schackklubb" in html
    assert "Dalby Gospelkör" not in html


def test_filter_form_has_a_label_for_every_field(client, areas):
    html = client.get(LIST_URL).content.decode()
    for field in ("q", "kind", "area", "umbrella"):
        assert re.search(rf'<label[^>]*for="id_{field}"', html), field
    assert 'role="search"' in html


def test_unknown_filter_value_is_ignored_with_a_message_not_an_error_page(client):
    connected("Lunds Schackklubb")
    response = client.get(LIST_URL, {"kind": "drakklubb"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lunds Schackklubb" in html
    assert "is-invalid" in html


def test_no_results_says_so(client):
    connected("Lunds Schackklubb")
    client.cookies["django_language"] = "en"
    html = client.get(LIST_URL, {"q": "finns inte"}).content.decode()
    assert "No connected organisation matches the search" in html
    assert "<table" not in html


def test_result_count_is_shown(client):
    for number in range(3):
        connected(f"Förening {number}")
    client.cookies["django_language"] = "en"
    html = client.get(LIST_URL).content.decode()
    assert "3 organisations" in html


def test_list_is_paginated_by_25_with_accessible_page_links(client):
    for number in range(30):
        connected(f"Förening {number:02d}")
    html = client.get(LIST_URL).content.decode()
    assert html.count('<th scope="row">') == 25
    assert re.search(r'<nav aria-label="[^"]+">\s*<ul class="pagination', html)
    assert 'aria-current="page"' in html
    second = client.get(LIST_URL, {"page": 2}).content.decode()
    assert second.count('<th scope="row">') == 5


def test_pagination_keeps_the_filters(client):
    for number in range(30):
        connected(f"Schackklubb {number:02d}")
    html = client.get(LIST_URL, {"q": "schack"}).content.decode()
    assert "?q=schack&amp;page=2" in html


def test_download_links_carry_the_same_filters(client):
    connected("Lunds Schackklubb")
    html = client.get(LIST_URL, {"q": "schack", "kind": OrganisationKind.NON_PROFIT_ASSOCIATION}).content.decode()
    assert f"{CSV_URL}?q=schack&amp;kind=ideell_forening" in html
    assert f"{JSON_URL}?q=schack&amp;kind=ideell_forening" in html


def _many_connected(areas, count=35):
    umbrellas = [connected(f"Paraply {n}", kind=OrganisationKind.UMBRELLA) for n in range(3)]
    for number in range(count):
        organisation = connected(f"Förening {number:02d}", contact_name="Kim", contact_email=f"k{number}@example.org")
        organisation.priority_areas.set(areas.values())
        organisation.umbrella_organisations.set(umbrellas)


def test_list_needs_the_same_few_queries_however_many_organisations(client, areas, django_assert_max_num_queries):
    _many_connected(areas)
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)
    assert response.status_code == 200


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_open_data_needs_the_same_few_queries_however_many_organisations(
    client, areas, url, django_assert_max_num_queries
):
    _many_connected(areas)
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    assert "Förening 34" in response.content.decode()


# --- Open data -----------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_semicolons_for_swedish_excel(client, areas):
    organisation = connected("Lunds Schackklubb", city="Lund", org_number="802480-0008")
    organisation.priority_areas.add(areas["inkludering"])
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, row = _csv_rows(response)
    assert len(header) == len(row) > 10
    assert "Lunds Schackklubb" in row
    assert "802480-0008" in row
    assert "Lund" in row
    assert "Inkludering" in row
    assert "2025-03-14" in row
    assert any(cell.endswith(reverse("accounts:organisation_profile", args=[organisation.pk])) for cell in row)


def test_csv_neutralises_cells_that_a_spreadsheet_would_run_as_formulas(client):
    connected("=HYPERLINK(\"http://evil.example\",\"klicka\")", city="+46 lund", website="")
    connected("@SUM(1+1)", city="-2+3")
    rows = _csv_rows(client.get(CSV_URL))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\",\"klicka\")" in cells
    assert "'@SUM(1+1)" in cells
    assert "'+46 lund" in cells
    assert "'-2+3" in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)


def test_json_has_the_documented_structure(client, areas):
    umbrella = connected("Paraplyet PIL", kind=OrganisationKind.UMBRELLA)
    organisation = connected("Lunds Schackklubb", city="Lund")
    organisation.priority_areas.add(areas["demokrati"])
    organisation.umbrella_organisations.add(umbrella)
    response = client.get(JSON_URL)
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["licence"] == "CC0-1.0"
    assert data["count"] == 2 == len(data["organisations"])
    assert datetime.datetime.fromisoformat(data["generated"])
    entry = next(o for o in data["organisations"] if o["name"] == "Lunds Schackklubb")
    assert entry["kind"] == "ideell_forening"
    assert entry["town"] == "Lund"
    assert entry["priority_areas"] == ["Demokrati, delaktighet och trygghet"]
    assert entry["umbrella_organisations"] == ["Paraplyet PIL"]
    assert entry["connected_since"] == "2025-03-14"
    assert entry["profile_url"].startswith("http")


def test_json_applies_the_same_filters_as_the_list(client):
    connected("Lunds Schackklubb")
    connected("Dalby Gospelkör")
    data = json.loads(client.get(JSON_URL, {"q": "gospel"}).content)
    assert [o["name"] for o in data["organisations"]] == ["Dalby Gospelkör"]


def test_open_data_holds_only_what_the_organisation_chose_to_publish(client):
    connected(
        "Lunds Schackklubb",
        street_address="Storgatan 1",
        postal_code="222 22",
        email="info@schack.example",
        phone="046-12 34 56",
        publish_address=False,
        publish_email=False,
        publish_phone=False,
    )
    csv_text = client.get(CSV_URL).content.decode()
    json_text = client.get(JSON_URL).content.decode()
    for text in (csv_text, json_text):
        assert "Storgatan 1" not in text
        assert "info@schack.example" not in text
        assert "046-12 34 56" not in text


def test_open_data_holds_published_address_email_and_phone(client):
    connected(
        "Lunds Schackklubb",
        street_address="Storgatan 1",
        email="info@schack.example",
        phone="046-12 34 56",
        publish_address=True,
        publish_email=True,
        publish_phone=True,
    )
    entry = json.loads(client.get(JSON_URL).content)["organisations"][0]
    assert entry["street_address"] == "Storgatan 1"
    assert entry["email"] == "info@schack.example"
    assert entry["phone"] == "046-12 34 56"


def test_contact_person_is_never_in_open_data_without_consent(client):
    connected(
        "Lunds Schackklubb",
        contact_name="Karin Kontakt",
        contact_email="karin@example.org",
        contact_phone="070-111 22 33",
    )
    for url in (CSV_URL, JSON_URL, LIST_URL):
        text = client.get(url).content.decode()
        assert "Karin Kontakt" not in text
        assert "karin@example.org" not in text
        assert "070-111 22 33" not in text


def test_contact_person_is_in_open_data_after_consent(client):
    connected(
        "Lunds Schackklubb",
        contact_name="Karin Kontakt",
        contact_email="karin@example.org",
        contact_publish_consent_at=timezone.now(),
    )
    entry = json.loads(client.get(JSON_URL).content)["organisations"][0]
    assert entry["contact_name"] == "Karin Kontakt"
    assert entry["contact_email"] == "karin@example.org"
    assert "Karin Kontakt" in client.get(CSV_URL).content.decode()


def test_organisation_leaves_the_list_and_the_files_on_its_withdrawal_date(client, monkeypatch):
    organisation = connected("Lunds Schackklubb")
    organisation.withdrawn_on = timezone.localdate() + datetime.timedelta(days=10)
    organisation.save()
    assert "Lunds Schackklubb" in client.get(LIST_URL).content.decode()
    later = timezone.localdate() + datetime.timedelta(days=10)
    monkeypatch.setattr(timezone, "localdate", lambda *args: later)
    for url in (LIST_URL, CSV_URL, JSON_URL):
        assert "Lunds Schackklubb" not in client.get(url).content.decode()


# --- The profile ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", *CAST])
def test_profile_of_a_connected_organisation_is_public(client, request, who):
    organisation = connected("Lunds Schackklubb")
    _login(client, request, who)
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert "Lunds Schackklubb" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("ordinary_user", 404),
        ("representative_a", 200),
        ("representative_b", 404),
        ("officer_x", 404),
        ("group_member", 404),
        ("convener", 200),
    ],
)
def test_profile_of_an_unconnected_organisation_is_only_a_preview_for_its_own_people(
    client, request, organisation_a, who, status
):
    _login(client, request, who)
    response = client.get(organisation_a.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert "alert-warning" in response.content.decode()  # the preview notice


def test_profile_of_unknown_organisation_is_404(client):
    assert client.get(reverse("accounts:organisation_profile", args=[999999])).status_code == 404


def test_profile_shows_only_what_the_organisation_chose_to_publish(client):
    organisation = connected(
        "Lunds Schackklubb",
        description="Vi spelar schack varje tisdag.",
        website="https://schack.example",
        street_address="Storgatan 1",
        city="Lund",
        email="info@schack.example",
        phone="046-12 34 56",
        publish_address=False,
        publish_email=True,
        publish_phone=False,
        contact_name="Karin Kontakt",
        contact_email="karin@example.org",
    )
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Vi spelar schack varje tisdag." in html
    assert "https://schack.example" in html
    assert "info@schack.example" in html
    assert "Lund" in html
    assert "Storgatan 1" not in html
    assert "046-12 34 56" not in html
    assert "Karin Kontakt" not in html
    assert "karin@example.org" not in html


def test_profile_shows_the_contact_person_who_agreed(client):
    organisation = connected(
        "Lunds Schackklubb",
        contact_name="Karin Kontakt",
        contact_email="karin@example.org",
        contact_publish_consent_at=timezone.now(),
    )
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Karin Kontakt" in html
    assert "karin@example.org" in html


def test_profile_links_its_priority_areas_and_umbrella_organisations(client, areas):
    umbrella = connected("Paraplyet PIL", kind=OrganisationKind.UMBRELLA)
    organisation = connected("Lunds Schackklubb")
    organisation.priority_areas.add(areas["inkludering"])
    organisation.umbrella_organisations.add(umbrella)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert reverse("priority_area", kwargs={"slug": "inkludering"}) in html
    assert umbrella.get_absolute_url() in html
    # And the umbrella's profile lists its connected members.
    assert organisation.get_absolute_url() in client.get(umbrella.get_absolute_url()).content.decode()


def test_public_pages_have_one_h1_and_nothing_the_csp_would_block(client, areas):
    organisation = connected("Lunds Schackklubb")
    for url in (LIST_URL, organisation.get_absolute_url()):
        html = client.get(url).content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1
        assert not re.search(r"\sstyle=\"", html)
        assert not re.search(r"\son[a-z]+=", html, re.IGNORECASE)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
