"""The public list of IOPs and other commitments, its filters, each commitment's page, and the open
data (CSV and JSON) with the same filters."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from initiatives.models import (
    CollaborationForm,
    Contribution,
    Initiative,
    InitiativeParty,
)

from .test_partnership_views import (
    CONNECTED_ON,
    ROLES,
    assert_portal_page,
    client_as,
    html_of,
    make_area,
    make_partnership,
    media,  # noqa: F401 - autouse: uploads go to a temporary folder
    user_for,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("initiatives:partnership_list")
CSV_URL = reverse("initiatives:partnership_list_csv")
JSON_URL = reverse("initiatives:partnership_list_json")


@pytest.fixture
def party(db) -> Organisation:
    return Organisation.objects.create(
        name="Lunds Schackklubb",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        org_number="802470-0375",
        connected_since=CONNECTED_ON,
    )


@pytest.fixture
def committee(db) -> Organisation:
    return Organisation.objects.create(
        name="Kultur- och fritidsnämnden", kind=OrganisationKind.COMMITTEE
    )


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "a BOM so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _json(response) -> dict:
    return json.loads(response.content.decode("utf-8"))


# --- The list ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_the_same_public_list_and_open_data(
    client, request, administration_x, party, role
):
    make_partnership(administration_x, [party], title="Schack på fritidsgårdarna")
    client_as(client, user_for(request, role))
    for url in (LIST_URL, CSV_URL, JSON_URL):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Schack på fritidsgårdarna" in response.content.decode(), url


def test_the_list_shows_title_förvaltning_nämnd_parties_form_area_period_and_kronor(
    client, administration_x, committee, party
):
    area = make_area()
    administration_x.parent = committee
    administration_x.save()
    make_partnership(
        administration_x,
        [party],
        title="Schack på fritidsgårdarna",
        money=(100_000, 50_000),
        priority_area=area,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    html = assert_portal_page(client.get(LIST_URL))
    for text in (
        "Schack på fritidsgårdarna",
        "Kultur- och fritidsförvaltningen",
        "Kultur- och fritidsnämnden",
        "Lunds Schackklubb",
        str(CollaborationForm.IOP.label),
        "Inkludering",
        "2025",
        "2026",
    ):
        assert text in html, text
    assert "150\xa0000 kr" in html or "150 000 kr" in html or "150,000 kr" in html


def test_the_kronor_per_year_count_money_only(client, administration_x, party):
    partnership = make_partnership(administration_x, [party], money=(40_000,))
    Contribution.objects.create(
        partnership=partnership,
        organisation=party,
        kind=Contribution.Kind.PREMISES,
        amount_sek_per_year=900_000,
    )
    Contribution.objects.create(
        partnership=partnership,
        organisation=party,
        kind=Contribution.Kind.MONEY,
        amount_sek_per_year=10_000,
    )
    response = client.get(LIST_URL)
    assert [p.money_per_year for p in response.context["partnerships"]] == [50_000]


def test_filter_by_form(client, administration_x, party):
    make_partnership(administration_x, [party], title="Ett IOP")
    make_partnership(
        administration_x,
        [party],
        title="Ett projekt",
        form=CollaborationForm.JOINT_PROJECT,
    )
    html = html_of(client.get(LIST_URL, {"form": "joint_project"}))
    assert "Ett projekt" in html and "Ett IOP" not in html


def test_filter_by_förvaltning(client, administration_x, administration_y, party):
    make_partnership(administration_x, [party], title="Kulturens")
    make_partnership(administration_y, [party], title="Socialens")
    html = html_of(client.get(LIST_URL, {"administration": administration_y.pk}))
    assert "Socialens" in html and "Kulturens" not in html


def test_filter_by_priority_area(client, administration_x, party):
    area = make_area()
    make_partnership(
        administration_x, [party], title="Inkluderande", priority_area=area
    )
    make_partnership(administration_x, [party], title="Utan område")
    html = html_of(client.get(LIST_URL, {"area": "inkludering"}))
    assert "Inkluderande" in html and "Utan område" not in html


def test_filter_active_or_ended(client, administration_x, party):
    today = timezone.localdate()
    make_partnership(administration_x, [party], title="Läxhjälp i Rosengård", ends_on=today)
    make_partnership(
        administration_x,
        [party],
        title="Sommarkollo i Pildammsparken",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=today - datetime.timedelta(days=1),
    )
    active = html_of(client.get(LIST_URL, {"status": "active"}))
    ended = html_of(client.get(LIST_URL, {"status": "ended"}))
    assert "Läxhjälp i Rosengård" in active and "Sommarkollo i Pildammsparken" not in active
    assert "Sommarkollo i Pildammsparken" in ended and "Läxhjälp i Rosengård" not in ended


def test_filter_by_year_shows_what_ran_that_year(client, administration_x, party):
    make_partnership(
        administration_x,
        [party],
        title="Tidigt",
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2023, 6, 30),
    )
    make_partnership(
        administration_x, [party], title="Sent", starts_on=datetime.date(2024, 1, 1)
    )
    html = html_of(client.get(LIST_URL, {"year": "2023"}))
    assert "Tidigt" in html and "Sent" not in html


def test_an_unknown_filter_value_is_ignored(client, administration_x, party):
    make_partnership(administration_x, [party], title="Schack")
    response = client.get(LIST_URL, {"form": "nonsense", "year": "abc"})
    assert response.status_code == 200
    assert "Schack" in html_of(response)


def test_the_list_pages_by_25_and_keeps_the_filters_in_the_page_links(
    client, administration_x, party
):
    for index in range(30):
        make_partnership(
            administration_x,
            [party],
            title=f"Åtagande {index:02}",
            form=CollaborationForm.JOINT_PROJECT,
        )
    response = client.get(LIST_URL, {"form": "joint_project"})
    assert len(response.context["partnerships"]) == 25
    assert "form=joint_project&amp;page=2" in html_of(response)


def test_the_list_needs_the_same_number_of_queries_for_many_commitments(
    client, administration_x, administration_y, party, django_assert_max_num_queries
):
    other = Organisation.objects.create(
        name="Föreningen Annan",
        kind=OrganisationKind.FOUNDATION,
        connected_since=CONNECTED_ON,
    )
    area = make_area()

    def make(count, start):
        for index in range(start, start + count):
            administration = administration_x if index % 2 else administration_y
            make_partnership(
                administration,
                [party, other],
                title=f"Åtagande {index}",
                money=(1000, 2000),
                priority_area=area,
            )

    make(2, 0)
    with django_assert_max_num_queries(20) as few:
        client.get(LIST_URL)
    make(40, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert response.context["paginator"].count == 42
    assert len(response.context["partnerships"]) == 25


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_the_open_data_needs_the_same_number_of_queries_for_many_commitments(
    client, administration_x, party, url, django_assert_max_num_queries
):
    def make(count, start):
        for index in range(start, start + count):
            make_partnership(
                administration_x, [party], title=f"Åtagande {index}", money=(1000, 2000)
            )

    make(2, 0)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    make(40, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Åtagande 41" in response.content.decode()


# --- One commitment ------------------------------------------------------------------------------


def test_a_commitment_page_shows_parties_contributions_and_the_decision(
    client, administration_x, party
):
    partnership = make_partnership(
        administration_x,
        [party],
        title="Schack på fritidsgårdarna",
        money=(60_000,),
        decision_on=datetime.date(2024, 6, 10),
        decision_reference="KU 2024/0208",
    )
    Contribution.objects.create(
        partnership=partnership,
        organisation=party,
        kind=Contribution.Kind.STAFF,
        description="Fyra instruktörer",
    )
    html = assert_portal_page(client.get(partnership.get_absolute_url()))
    assert "Lunds Schackklubb" in html
    assert "Fyra instruktörer" in html
    assert "KU 2024/0208" in html
    assert party.get_absolute_url() in html  # a connected party links to its profile


def test_the_agreement_link_is_shown_only_to_those_who_may_read_it(
    client, administration_x, party, officer_x, officer_y
):
    from django.core.files.base import ContentFile

    partnership = make_partnership(administration_x, [party])
    partnership.signed_agreement.save(
        "x.pdf", ContentFile(b"%PDF-1.4 avtal"), save=True
    )
    link = reverse("initiatives:partnership_attachment", kwargs={"pk": partnership.pk})
    assert link not in html_of(client.get(partnership.get_absolute_url()))
    client.force_login(officer_y)
    assert link not in html_of(client.get(partnership.get_absolute_url()))
    client.force_login(officer_x)
    assert link in html_of(client.get(partnership.get_absolute_url()))


def test_the_initiative_it_came_from_is_linked_only_when_it_is_public(
    client, administration_x, party
):
    public = Initiative.objects.create(
        title="Öppet initiativ", need="Behov", goal="Mål", is_public=True
    )
    hidden = Initiative.objects.create(
        title="Dolt initiativ", need="Behov", goal="Mål", is_public=False
    )
    for initiative in (public, hidden):
        InitiativeParty.objects.create(
            initiative=initiative, organisation=administration_x
        )
    first = make_partnership(
        administration_x, [party], title="Från öppet", initiative=public
    )
    second = make_partnership(
        administration_x, [party], title="Från dolt", initiative=hidden
    )
    assert "Öppet initiativ" in html_of(client.get(first.get_absolute_url()))
    assert "Dolt initiativ" not in html_of(client.get(second.get_absolute_url()))


# --- Open data -----------------------------------------------------------------------------------


def test_the_csv_is_utf8_with_bom_semicolons_and_one_row_per_commitment(
    client, administration_x, committee, party
):
    administration_x.parent = committee
    administration_x.save()
    partnership = make_partnership(
        administration_x,
        [party],
        title="Schack på fritidsgårdarna",
        money=(60_000,),
        starts_on=datetime.date(2024, 8, 15),
        ends_on=datetime.date(2025, 6, 15),
        decision_reference="KU 2024/0208",
    )
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert len(rows) == 2
    header, row = rows
    record = dict(zip(header, row, strict=True))
    values = list(record.values())
    assert str(partnership.pk) in values
    assert "Schack på fritidsgårdarna" in values
    assert "Kultur- och fritidsförvaltningen" in values
    assert "Kultur- och fritidsnämnden" in values
    assert "Lunds Schackklubb" in values
    assert "2024-08-15" in values and "2025-06-15" in values
    assert "60000" in values
    assert record["Status"] == "Avslutat"
    assert record["Status (kod)"] == "ended"
    assert "KU 2024/0208" in values
    assert f"http://testserver{partnership.get_absolute_url()}" in values


def test_every_value_of_the_csv_a_person_reads_is_swedish_the_codes_only_in_a_code_column(
    client, administration_x, party
):
    """Issue 17: the status said "active" and "ended"; the form and contributions were labels."""
    make_partnership(administration_x, [party], title="Pågående", money=(10_000,), ends_on=None)
    make_partnership(
        administration_x,
        [party],
        title="Avslutat samarbete",
        money=(10_000,),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    header, *rows = _csv_rows(client.get(CSV_URL))
    records = {row[header.index("Titel")]: dict(zip(header, row, strict=True)) for row in rows}
    assert records["Pågående"]["Status"] == "Aktivt"
    assert records["Avslutat samarbete"]["Status"] == "Avslutat"
    assert header[-1] == "Status (kod)"
    assert {record["Status (kod)"] for record in records.values()} == {"active", "ended"}
    codes = {"active", "ended", "iop", "money", "premises", "staff", "volunteers", "other"}
    for record in records.values():
        people_read = [value for column, value in record.items() if not column.endswith("(kod)")]
        assert not codes & set(people_read), record
    data = client.get(JSON_URL).json()
    assert {item["status_label"] for item in data["partnerships"]} == {"Aktivt", "Avslutat"}


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(
    client, administration_x, party
):
    partnership = make_partnership(
        administration_x,
        [party],
        title='=HYPERLINK("http://evil")',
        decision_reference="+46 000",
    )
    Contribution.objects.create(
        partnership=partnership,
        organisation=party,
        kind=Contribution.Kind.OTHER,
        description="-1+1",
    )
    party.name = "@Förening"
    party.save()
    cells = [cell for row in _csv_rows(client.get(CSV_URL))[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+46 000" in cells
    assert "'@Förening" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_the_json_describes_each_commitment_with_its_contributions(
    client, administration_x, party
):
    partnership = make_partnership(
        administration_x, [party], title="Schack", money=(60_000,)
    )
    Contribution.objects.create(
        partnership=partnership,
        organisation=party,
        kind=Contribution.Kind.STAFF,
        description="Instruktörer",
    )
    response = client.get(JSON_URL)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = _json(response)
    assert data["licence"] == "CC0-1.0"
    assert data["count"] == 1
    (item,) = data["partnerships"]
    assert item["title"] == "Schack"
    assert item["form"] == "iop"
    assert item["administration"] == "Kultur- och fritidsförvaltningen"
    assert item["parties"] == [
        {"name": "Lunds Schackklubb", "org_number": "802470-0375"}
    ]
    assert item["status"] == "active"
    assert item["money_sek_per_year"] == 60_000
    assert item["ends_on"] == ""
    assert [
        (c["party"], c["kind"], c["amount_sek_per_year"]) for c in item["contributions"]
    ] == [
        ("Kultur- och fritidsförvaltningen", "money", 60_000),
        ("Lunds Schackklubb", "staff", None),
    ]


def test_the_open_data_follows_the_filters_of_the_list(
    client, administration_x, administration_y, party
):
    make_partnership(administration_x, [party], title="Kulturens")
    make_partnership(administration_y, [party], title="Socialens")
    query = {"administration": administration_x.pk}
    data = _json(client.get(JSON_URL, query))
    assert [item["title"] for item in data["partnerships"]] == ["Kulturens"]
    assert data["filters"] == {"administration": str(administration_x.pk)}
    assert "Socialens" not in client.get(CSV_URL, query).content.decode()
    html = html_of(client.get(LIST_URL, query))
    assert f"{CSV_URL}?administration={administration_x.pk}" in html
    assert f"{JSON_URL}?administration={administration_x.pk}" in html
