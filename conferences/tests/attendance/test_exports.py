"""The participant list as CSV and Excel and the name badges as PDF: what they hold, that formulas
typed into a name never run in a spreadsheet, and that only the convener downloads them."""

import csv
import io

import pytest
from django.urls import reverse

from conferences.models import Registration
from conferences.selectors import badge_pages
from conferences.tests.factories import check_in, make_registration, make_training
from overenskommelse.tests.cast import assert_status, login

pytestmark = pytest.mark.django_db

EXPORTS = ["participants_csv", "participants_xlsx", "badges_pdf"]


def _url(name, conference):
    return reverse(f"conferences:{name}", kwargs={"pk": conference.pk})


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _xlsx_rows(response) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    return [[cell.value or "" for cell in row] for row in workbook.active.iter_rows()]


@pytest.fixture
def participants(conference, organisation_a):
    dialogue = make_training(conference, title="Dialog om bidrag", kind="dialogue", hour=13)
    training = make_training(conference, title="Utbildning i IOP", hour=10)
    anna = make_registration(
        conference,
        "Anna Andersson",
        organisation=organisation_a,
        dietary_needs="Vegetarisk",
        accessibility_needs="Hörslinga",
        on_participant_list=True,
    )
    anna.sessions.set([dialogue, training])
    check_in(anna)
    make_registration(conference, "Bertil Berg", organisation_name="Syjuntan", status=Registration.Status.WAITING)
    make_registration(conference, "Doris Avbokad", status=Registration.Status.CANCELLED)
    return anna


# --- Who may download -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 200),
    ],
)
def test_only_the_convener_downloads_the_participant_list_and_badges(client, request, conference, name, who, expected):
    login(client, request, who)
    assert_status(client.get(_url(name, conference)), expected)


@pytest.mark.parametrize("name", EXPORTS)
def test_the_exports_of_an_unknown_conference_are_not_found(client, convener, name):
    client.force_login(convener)
    assert client.get(reverse(f"conferences:{name}", kwargs={"pk": 999})).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_the_exports_are_not_kept_in_caches(client, convener, conference, name):
    client.force_login(convener)
    response = client.get(_url(name, conference))
    assert response["Cache-Control"] == "private, no-store"
    assert "Access-Control-Allow-Origin" not in response


# --- CSV -----------------------------------------------------------------------------------------


def test_the_csv_lists_confirmed_and_waiting_participants_with_sessions_and_check_in(
    client, convener, conference, participants, english
):
    client.force_login(convener)
    header, *rows = _csv_rows(client.get(_url("participants_csv", conference)))
    assert header == [
        "Name",
        "Organisation",
        "Email address",
        "Status",
        "Walk-in",
        "Sessions",
        "Checked in",
        "May appear on the participant list",
        "Dietary needs",
        "Accessibility needs",
    ]
    anna, bertil = rows
    assert anna[:6] == ["Anna Andersson", "Föreningen A", "anna.andersson@example.org", "Confirmed", "no", "Utbildning i IOP; Dialog om bidrag"]
    assert anna[6] != "" and anna[7:] == ["yes", "Vegetarisk", "Hörslinga"]
    assert bertil[:4] == ["Bertil Berg", "Syjuntan", "bertil.berg@example.org", "On the waiting list"]
    assert bertil[6] == ""


@pytest.mark.parametrize("formula", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)"])
def test_formulas_typed_into_the_registration_are_neutralised_in_the_csv(client, convener, conference, formula):
    make_registration(conference, formula, email="f@example.org", organisation_name=formula, dietary_needs=formula)
    client.force_login(convener)
    _header, row = _csv_rows(client.get(_url("participants_csv", conference)))
    assert row[0] == row[1] == row[8] == f"'{formula}"


def test_the_csv_has_a_file_name_with_the_date_of_the_conference(client, convener, conference):
    client.force_login(convener)
    response = client.get(_url("participants_csv", conference))
    assert f"deltagare-{conference.starts_on.isoformat()}-{conference.pk}.csv" in response["Content-Disposition"]


# --- Excel ---------------------------------------------------------------------------------------


def test_the_excel_file_opens_and_holds_the_same_rows_as_the_csv(client, convener, conference, participants):
    client.force_login(convener)
    csv_rows = _csv_rows(client.get(_url("participants_csv", conference)))
    response = client.get(_url("participants_xlsx", conference))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert _xlsx_rows(response) == csv_rows


def test_formulas_are_neutralised_in_the_excel_file_too(client, convener, conference):
    from openpyxl import load_workbook

    make_registration(conference, "=1+1", email="f@example.org", organisation_name="@SUM(A1:A9)")
    client.force_login(convener)
    workbook = load_workbook(io.BytesIO(client.get(_url("participants_xlsx", conference)).content))
    name, organisation = workbook.active["A2"], workbook.active["B2"]
    assert (name.value, name.data_type) == ("'=1+1", "s")
    assert (organisation.value, organisation.data_type) == ("'@SUM(A1:A9)", "s")


def test_control_characters_do_not_break_the_excel_file(client, convener, conference):
    make_registration(conference, "Anna\x07 Andersson", email="a@example.org")
    client.force_login(convener)
    assert _xlsx_rows(client.get(_url("participants_xlsx", conference)))[1][0] == "Anna Andersson"


def test_the_exports_take_a_constant_number_of_queries(client, convener, conference, django_assert_max_num_queries):
    session = make_training(conference)
    registrations = Registration.objects.bulk_create(
        [
            Registration(conference=conference, name=f"D {n}", email=f"d{n}@example.org", status="confirmed")
            for n in range(40)
        ]
    )
    for registration in registrations:
        registration.sessions.add(session)
    client.force_login(convener)
    for name in ("participants_csv", "participants_xlsx"):
        with django_assert_max_num_queries(8):
            client.get(_url(name, conference))


# --- Name badges -----------------------------------------------------------------------------------


def test_the_badges_are_a_pdf(client, convener, conference, participants):
    client.force_login(convener)
    response = client.get(_url("badges_pdf", conference))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_badges_are_eight_to_a_page_in_two_columns(conference, organisation_a):
    for number in range(11):
        make_registration(conference, f"Deltagare {number:02}", organisation=organisation_a)
    make_registration(conference, "Väntar", status=Registration.Status.WAITING)
    pages = badge_pages(conference)
    assert [len(page) for page in pages] == [4, 2]
    assert [len(row) for row in pages[1]] == [2, 2]
    assert pages[1][1][1] is None
    assert pages[0][0][0].badge_organisation == "Föreningen A"


@pytest.mark.parametrize(("participants", "pages"), [(8, 1), (9, 2), (16, 2)])
def test_the_badges_pdf_has_one_page_per_eight_participants(conference, organisation_a, participants, pages):
    from plumbing.pdf import render_document

    for number in range(participants):
        make_registration(conference, f"Deltagare med ett ganska långt namn {number}", organisation=organisation_a)
    document = render_document("pdf/badges.html", {"conference": conference, "pages": badge_pages(conference)})
    assert len(document.pages) == pages
