"""The register's period filter (issue 14): the commitments running at some time from one year to
another ("2024–2025", a follow-up round of two years), for the list, its pages and its open data;
the one-year filter's addresses (``?year=2025``) still work; a period typed wrong says why in
Swedish, tied to its field, with both years kept as typed."""

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind

from .test_partnership_views import CONNECTED_ON, html_of, make_partnership

pytestmark = pytest.mark.django_db

LIST_URL = reverse("initiatives:partnership_list")
CSV_URL = reverse("initiatives:partnership_list_csv")
JSON_URL = reverse("initiatives:partnership_list_json")


@pytest.fixture
def party(db) -> Organisation:
    return Organisation.objects.create(
        name="Lunds Schackklubb", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, connected_since=CONNECTED_ON
    )


@pytest.fixture
def commitments(administration_x, party) -> None:
    """One commitment that ran only in 2024 (the first year of the period 2024–2025), one only in
    2025, one that ended in 2023 and one that begins in 2026."""
    make_partnership(
        administration_x,
        [party],
        title="Bara första året",
        starts_on=datetime.date(2023, 9, 1),
        ends_on=datetime.date(2024, 3, 31),
    )
    make_partnership(
        administration_x, [party], title="Bara andra året", starts_on=datetime.date(2025, 2, 1), ends_on=datetime.date(2025, 11, 30)
    )
    make_partnership(
        administration_x, [party], title="Slutade före", starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2023, 12, 31)
    )
    make_partnership(administration_x, [party], title="Börjar efter", starts_on=datetime.date(2026, 1, 1))


def _titles(html: str) -> set[str]:
    return {title for title in ("Bara första året", "Bara andra året", "Slutade före", "Börjar efter") if title in html}


def _invalid(html: str, name: str) -> bool:
    """The input is marked invalid and names its error (read by a screen reader with it)."""
    field = re.search(rf'<input type="number" name="{name}"[^>]*>', html).group(0)
    return 'aria-invalid="true"' in field and f'aria-describedby="id_{name}_error"' in field


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_register_under_a_period_shows_a_commitment_that_ran_only_in_its_first_year(client, commitments):
    html = html_of(client.get(LIST_URL, {"from_year": "2024", "to_year": "2025"}))
    assert _titles(html) == {"Bara första året", "Bara andra året"}
    assert "2 åtaganden stämmer med filtren" in _text(html)
    # The period stays in the form, in the download links and in the page links.
    assert 'name="from_year" value="2024"' in html and 'name="to_year" value="2025"' in html
    assert f"{CSV_URL}?from_year=2024&amp;to_year=2025" in html
    assert f"{JSON_URL}?from_year=2024&amp;to_year=2025" in html


def test_the_one_year_filters_address_still_works(client, commitments):
    html = html_of(client.get(LIST_URL, {"year": "2024"}))
    assert _titles(html) == {"Bara första året"}
    assert 'name="from_year" value="2024"' in html and 'name="to_year" value="2024"' in html
    assert f"{CSV_URL}?year=2024" in html


def test_a_period_open_at_one_end_counts_from_or_until_its_year(client, commitments):
    assert _titles(html_of(client.get(LIST_URL, {"from_year": "2025"}))) == {"Bara andra året", "Börjar efter"}
    assert _titles(html_of(client.get(LIST_URL, {"to_year": "2023"}))) == {"Bara första året", "Slutade före"}


def test_a_period_that_ends_before_it_begins_says_so_and_keeps_both_years(client, commitments):
    response = client.get(LIST_URL, {"from_year": "2025", "to_year": "2024"})
    assert response.status_code == 200
    html = html_of(response)
    assert 'name="from_year" value="2025"' in html and 'name="to_year" value="2024"' in html
    assert (
        '<div id="id_to_year_error" class="invalid-feedback"><span id="error_1_id_to_year"><strong>'
        "Perioden kan inte sluta innan den börjar: skriv ett år från och med 2025.</strong>"
    ) in html
    assert _invalid(html, "to_year") and not _invalid(html, "from_year")
    # Neither year filters the list.
    assert len(_titles(html)) == 4


def test_a_year_out_of_range_says_the_range(client, commitments):
    last = timezone.localdate().year + 50
    html = html_of(client.get(LIST_URL, {"from_year": "1850", "to_year": "2025"}))
    assert 'name="from_year" value="1850"' in html and 'name="to_year" value="2025"' in html
    assert f"Skriv ett år från 1900 till {last}." in html
    assert _invalid(html, "from_year") and not _invalid(html, "to_year")
    # The valid end still filters.
    assert _titles(html) == {"Bara första året", "Bara andra året", "Slutade före"}


def test_a_year_that_is_not_a_number_says_how_to_write_it(client, commitments):
    html = html_of(client.get(LIST_URL, {"from_year": "tjugo", "to_year": "2025"}))
    assert "Skriv året med fyra siffror, till exempel 2025." in html
    assert 'name="from_year" value="tjugo"' in html


def test_the_open_data_follows_the_period(client, commitments):
    query = {"from_year": "2024", "to_year": "2025"}
    data = json.loads(client.get(JSON_URL, query).content)
    assert {item["title"] for item in data["partnerships"]} == {"Bara första året", "Bara andra året"}
    assert data["filters"] == {"from_year": 2024, "to_year": 2025}
    text = client.get(CSV_URL, query).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert {row[1] for row in rows[1:]} == {"Bara första året", "Bara andra året"}


@pytest.mark.parametrize("url", [LIST_URL, CSV_URL, JSON_URL])
def test_the_period_needs_the_same_number_of_queries_for_many_commitments(
    client, administration_x, party, url, django_assert_max_num_queries
):
    def make(count, start):
        for index in range(start, start + count):
            make_partnership(
                administration_x, [party], title=f"Åtagande {index}", starts_on=datetime.date(2023, 1, 1)
            )

    query = {"from_year": "2024", "to_year": "2025"}
    make(2, 0)
    with django_assert_max_num_queries(20) as few:
        client.get(url, query)
    make(40, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, query)
    content = response.content.decode()
    assert "42 åtaganden" in content if url == LIST_URL else "Åtagande 41" in content
