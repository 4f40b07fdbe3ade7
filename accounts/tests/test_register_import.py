"""The import of the local association register: reading the file, the preview, importing."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts import register_import
from accounts.demo import org_number
from accounts.models import (
    Organisation,
    OrganisationEvent,
    OrganisationKind,
    RegisterImport,
)
from accounts.services import register_import_apply, register_import_preview

pytestmark = pytest.mark.django_db

HEADER = "Namn;Organisationsnummer;Organisationsform;Adress;Postnummer;Ort;E-post;Telefon;Webbplats"
CHESS = org_number("802470037")
CHOIR = org_number("802470177")


def _csv(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\n".join([header, *lines]).encode(encoding)


def _upload(data: bytes, name: str = "foreningsregister.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _preview(user, data: bytes, name: str = "foreningsregister.csv") -> RegisterImport:
    return register_import_preview(file=_upload(data, name), by=user)


def _by_row(preview: RegisterImport) -> dict[int, dict]:
    return {row["row"]: row for row in preview.rows}


def _in_english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


GOOD_FILE = _csv(
    f"Lunds Schackklubb;{CHESS};Ideell förening;Stora Södergatan 1;222 23;Lund;info@schack.example.org;046-12 34 56;schack.example.org",
    f"Lunds Körsällskap Cantus;{CHOIR.replace('-', '')};Ideell förening;;;Lund;;;",
    "Stångby Boulesällskap;;;;;Stångby;;;",
)


# Reading the file --------------------------------------------------------------------------------


def test_semicolon_and_comma_separated_files_are_both_read():
    semicolon, _ignored = register_import.parse(_csv("Förening A;;;;;Lund;;;"), "a.csv")
    comma, _ignored = register_import.parse(
        _csv("Förening A,,,,,Lund,,,", header=HEADER.replace(";", ",")), "a.csv"
    )
    assert semicolon[0]["values"] == comma[0]["values"]
    assert comma[0]["values"]["city"] == "Lund"


def test_utf8_with_byte_order_mark_and_windows_encoded_files_are_read():
    bom, _ = register_import.parse(
        b"\xef\xbb\xbf" + _csv("Åkarps Fältrittklubb;;;;;;;;"), "a.csv"
    )
    windows, _ = register_import.parse(
        _csv("Åkarps Fältrittklubb;;;;;;;;", encoding="cp1252"), "a.csv"
    )
    assert (
        bom[0]["values"]["name"]
        == windows[0]["values"]["name"]
        == "Åkarps Fältrittklubb"
    )


def test_header_variants_are_recognised_whatever_their_case():
    header = (
        "FÖRENINGSNAMN;Org.nr;Typ;Gatuadress;Postnr;Postort;Epost;Tel;Hemsida;Kommentar"
    )
    rows, ignored = register_import.parse(
        _csv(
            f"Lunds Schackklubb;{CHESS};Stiftelse;Gatan 1;22223;Lund;a@b.se;046;www.x.se;hej",
            header=header,
        ),
        "a.csv",
    )
    values = rows[0]["values"]
    assert values["org_number"] == CHESS
    assert values["kind"] == OrganisationKind.FOUNDATION
    assert values["website"] == "https://www.x.se"
    assert ignored == ["Kommentar"]


@pytest.mark.parametrize(
    "label, kind",
    [
        ("Ideell förening", OrganisationKind.NON_PROFIT_ASSOCIATION),
        ("ideell forening", OrganisationKind.NON_PROFIT_ASSOCIATION),
        ("Stiftelse", OrganisationKind.FOUNDATION),
        ("Trossamfund", OrganisationKind.FAITH_COMMUNITY),
        ("Studieförbund", OrganisationKind.STUDY_ASSOCIATION),
        ("Ekonomisk förening", OrganisationKind.COOPERATIVE),
        ("Kooperativ", OrganisationKind.COOPERATIVE),
        ("Socialt företag", OrganisationKind.SOCIAL_ENTERPRISE),
        ("Paraplyorganisation", OrganisationKind.UMBRELLA),
        ("Nätverk", OrganisationKind.NETWORK),
    ],
)
def test_swedish_kinds_are_understood(label, kind):
    assert register_import.kind_from_text(label) == kind


def test_file_without_a_name_column_is_refused():
    with pytest.raises(register_import.ImportFileError):
        register_import.parse(b"Organisationsnummer;Ort\n802470-0377;Lund\n", "a.csv")


# The preview -------------------------------------------------------------------------------------


def test_preview_reports_errors_row_by_row(convener):
    data = _csv(
        f"Lunds Schackklubb;{CHESS};;;;;;;",  # row 2: fine
        "Felnummer IF;802470-0378;;;;;;;",  # row 3: wrong check digit
        f";{org_number('802470110')};;;;Lund;;;",  # row 4: no name
        f"Dubbel A;{CHOIR};;;;;;;",  # row 5: same number as row 6
        f"Dubbel B;{CHOIR};;;;;;;",  # row 6
        "Personnummer IF;800101-1234;;;;;;;",  # row 7: a personal identity number
        "Fel e-post;;;;;;inte-en-adress;;",  # row 8: invalid email
    )
    # The preview is made in the convener's language: Swedish (an earlier request with the
    # English cookie leaves English active in this thread).
    with translation.override("sv"):
        rows = _by_row(_preview(convener, data))
    assert rows[2]["errors"] == [] and rows[2]["action"] == "create"
    assert rows[3]["errors"] == [
        (
            "Organisationsnummer 802470-0378: Kontrollsiffran (den sista siffran) stämmer inte. "
            "Kontrollera att du har skrivit numret rätt."
        )
    ]
    assert rows[4]["errors"] == ["Namnet saknas."]
    assert "finns på flera rader (5, 6)" in rows[5]["errors"][0]
    assert "finns på flera rader (5, 6)" in rows[6]["errors"][0]
    assert "Det här ser ut som ett personnummer." in rows[7]["errors"][0]
    assert rows[8]["errors"] == ["E-postadressen inte-en-adress är inte giltig."]
    assert all(rows[n]["action"] == "skip" for n in (3, 4, 5, 6, 7, 8))


def test_number_that_does_not_fit_the_kind_is_a_warning_only(convener):
    rows = _by_row(
        _preview(convener, _csv(f"Lunds Schackklubb;{CHESS};Ekonomisk förening;;;;;;"))
    )
    assert rows[2]["errors"] == []
    assert rows[2]["warnings"] and rows[2]["action"] == "create"


def test_preview_does_not_touch_the_register(convener):
    _preview(convener, GOOD_FILE)
    assert not Organisation.objects.exists()


def test_preview_matches_on_number_and_on_name_for_rows_without_number(convener):
    chess = Organisation.objects.create(
        name="Schackklubben",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        org_number=CHESS,
    )
    boule = Organisation.objects.create(
        name="STÅNGBY BOULESÄLLSKAP",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        city="Stångby",
    )
    rows = _by_row(_preview(convener, GOOD_FILE))
    assert (rows[2]["action"], rows[2]["organisation"]) == ("update", chess.pk)
    assert "name" in rows[2]["changes"]
    assert rows[3]["action"] == "create"
    assert (rows[4]["action"], rows[4]["organisation"]) == ("update", boule.pk)


# Importing ---------------------------------------------------------------------------------------


def test_import_creates_organisations_from_the_local_register(convener):
    result = register_import_apply(
        register_import=_preview(convener, GOOD_FILE), by=convener
    )
    assert result.status == RegisterImport.Status.IMPORTED
    assert (result.result["created"], result.result["updated"]) == (3, 0)
    chess = Organisation.objects.get(org_number=CHESS)
    assert chess.in_local_register
    assert chess.connected_since is None
    assert chess.kind == OrganisationKind.NON_PROFIT_ASSOCIATION
    assert (chess.postal_code, chess.email, chess.website) == (
        "222 23",
        "info@schack.example.org",
        "https://schack.example.org",
    )
    assert (
        Organisation.objects.get(name="Stångby Boulesällskap").kind
        == OrganisationKind.NON_PROFIT_ASSOCIATION
    )
    event = chess.events.get()
    assert (event.kind, event.by) == (OrganisationEvent.Kind.IMPORTED, convener)


def test_importing_the_same_file_twice_creates_no_duplicates(convener):
    register_import_apply(register_import=_preview(convener, GOOD_FILE), by=convener)
    second = _preview(convener, GOOD_FILE)
    assert {row["action"] for row in second.rows} == {"skip"}
    assert register_import.summarise(second.rows)["unchanged"] == 3
    register_import_apply(register_import=second, by=convener)
    assert Organisation.objects.count() == 3
    assert OrganisationEvent.objects.count() == 3


def test_second_file_updates_fields_but_never_empties_them(convener):
    register_import_apply(register_import=_preview(convener, GOOD_FILE), by=convener)
    changed = _csv(f"Lunds Schackklubb;{CHESS};;;;;ny@schack.example.org;;")
    result = register_import_apply(
        register_import=_preview(convener, changed), by=convener
    )
    assert result.result["updated"] == 1
    chess = Organisation.objects.get(org_number=CHESS)
    assert chess.email == "ny@schack.example.org"
    assert (
        chess.street_address == "Stora Södergatan 1"
    )  # the empty cell did not empty it
    assert chess.events.filter(kind=OrganisationEvent.Kind.DETAILS_CHANGED).count() == 1


def test_import_never_changes_the_connection_to_the_agreement(convener):
    connected = Organisation.objects.create(
        name="Lunds Schackklubb",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        org_number=CHESS,
        connected_since=datetime.date(2024, 4, 18),
    )
    register_import_apply(register_import=_preview(convener, GOOD_FILE), by=convener)
    connected.refresh_from_db()
    assert connected.connected_since == datetime.date(2024, 4, 18)
    assert connected.in_local_register


def test_connected_organisation_keeps_its_own_details_and_gets_only_empty_ones_filled(convener):
    Organisation.objects.create(
        name="Lunds Schackklubb (egen stavning)",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        org_number=CHESS,
        email="egen@schack.example.org",
        connected_since=datetime.date(2024, 4, 18),
    )
    register_import_apply(register_import=_preview(convener, GOOD_FILE), by=convener)
    chess = Organisation.objects.get(org_number=CHESS)
    assert chess.name == "Lunds Schackklubb (egen stavning)"
    assert chess.email == "egen@schack.example.org"
    assert chess.street_address == "Stora Södergatan 1"


def test_rows_with_errors_are_skipped(convener):
    data = _csv(f"Lunds Schackklubb;{CHESS};;;;;;;", "Felnummer IF;802470-0378;;;;;;;")
    result = register_import_apply(
        register_import=_preview(convener, data), by=convener
    )
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "Lunds Schackklubb"
    ]
    assert result.result["errors"] == 1


def test_an_import_is_applied_only_once(convener):
    preview = _preview(convener, GOOD_FILE)
    register_import_apply(register_import=preview, by=convener)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        register_import_apply(register_import=preview, by=convener)
    assert Organisation.objects.count() == 3


def test_excel_workbook_is_imported(convener):
    data = _xlsx(
        [
            [
                "Namn",
                "Organisationsnummer",
                "Organisationsform",
                "Postnummer",
                "Ort",
                "E-post",
            ],
            [
                "Lunds Schackklubb",
                int(CHESS.replace("-", "")),
                "Ideell förening",
                22223,
                "Lund",
                "a@b.se",
            ],
            ["Linero Församlingsgemenskap", None, "Trossamfund", None, "Lund", None],
            [None, None, None, None, None, None],
        ]
    )
    preview = _preview(convener, data, "register.xlsx")
    assert [row["action"] for row in preview.rows] == ["create", "create"]
    register_import_apply(register_import=preview, by=convener)
    chess = Organisation.objects.get(org_number=CHESS)
    assert chess.postal_code == "22223"
    faith = Organisation.objects.get(name="Linero Församlingsgemenskap")
    assert faith.kind == OrganisationKind.FAITH_COMMUNITY


def _big_file(count: int) -> bytes:
    lines = []
    for number in range(count):
        nine = f"8024{number:05d}"
        lines.append(
            f"Förening {number:04d};{org_number(nine)};Ideell förening;Gatan {number};;Lund;f{number}@example.org;;"
        )
    return _csv(*lines)


def test_700_rows_are_previewed_and_imported_in_a_bounded_number_of_queries(
    convener, django_assert_max_num_queries
):
    data = _big_file(700)
    with django_assert_max_num_queries(5):
        preview = _preview(convener, data)
    # SQLite takes at most 999 parameters per query, so the inserts come in batches of ~30 rows.
    with django_assert_max_num_queries(45):
        register_import_apply(register_import=preview, by=convener)
    assert Organisation.objects.filter(in_local_register=True).count() == 700
    with django_assert_max_num_queries(5):
        again = _preview(convener, data)
    assert register_import.summarise(again.rows)["unchanged"] == 700


def test_700_row_update_is_bounded_too(convener, django_assert_max_num_queries):
    register_import_apply(
        register_import=_preview(convener, _big_file(700)), by=convener
    )
    changed = _big_file(700).replace(b";Lund;", b";Dalby;")
    preview = _preview(convener, changed)
    with django_assert_max_num_queries(45):
        register_import_apply(register_import=preview, by=convener)
    assert Organisation.objects.filter(city="Dalby").count() == 700


# The pages ---------------------------------------------------------------------------------------


def test_convener_uploads_previews_and_imports(client, convener):
    client.force_login(convener)
    _in_english(client)
    data = _csv(f"Lunds Schackklubb;{CHESS};;;;;;;", "Felnummer IF;802470-0378;;;;;;;")
    response = client.post(reverse("accounts:register_import"), {"file": _upload(data)})
    preview = RegisterImport.objects.get()
    assert response["Location"] == reverse(
        "accounts:register_import_preview", kwargs={"pk": preview.pk}
    )
    page = client.get(response["Location"])
    content = page.content.decode()
    assert (
        page.context["summary"]["create"] == 1
        and page.context["summary"]["errors"] == 1
    )
    assert content.index("Felnummer IF") < content.index(
        "Lunds Schackklubb</"
    )  # errors first
    assert "<caption>" in content and 'scope="col"' in content
    assert not Organisation.objects.exists()
    client.post(response["Location"])
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "Lunds Schackklubb"
    ]
    # A second press of the button imports nothing more.
    followed = client.post(response["Location"], follow=True)
    assert Organisation.objects.count() == 1
    assert any(message.level_tag == "error" for message in followed.context["messages"])


@pytest.mark.parametrize(
    "name, data",
    [
        ("register.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("register.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        ("register.xlsx", b"Namn;Ort\nA;Lund\n"),
        ("register.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        ("register.docx", b"PK\x03\x04word"),
        ("register.csv", b"Namn;Ort\nA\x00B;Lund\n"),
    ],
)
def test_file_that_is_not_csv_or_excel_is_refused_with_a_clear_message(
    client, convener, name, data
):
    client.force_login(convener)
    _in_english(client)
    response = client.post(
        reverse("accounts:register_import"), {"file": _upload(data, name)}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "CSV" in errors or "Excel" in errors
    assert not RegisterImport.objects.exists()


def test_old_excel_format_is_explained(convener):
    with pytest.raises(register_import.ImportFileError, match=r"\.xls"):
        register_import.read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "register.csv")


def test_broken_excel_workbook_is_refused(client, convener):
    client.force_login(convener)
    _in_english(client)
    response = client.post(
        reverse("accounts:register_import"),
        {"file": _upload(b"PK\x03\x04 not really a zip", "r.xlsx")},
    )
    assert "could not be read" in " ".join(response.context["form"].errors["file"])


def test_file_over_5_mb_is_refused(client, convener):
    client.force_login(convener)
    _in_english(client)
    big = HEADER.encode() + b"\n" + b"A;;;;;;;;\n" * (600 * 1024)
    response = client.post(reverse("accounts:register_import"), {"file": _upload(big)})
    assert "5 MB" in " ".join(response.context["form"].errors["file"])


@pytest.mark.parametrize(
    "role", ["ordinary_user", "representative_a", "officer_x", "group_member"]
)
def test_only_the_convener_can_press_import(client, request, role, convener):
    preview = _preview(convener, GOOD_FILE)
    client.force_login(request.getfixturevalue(role))
    url = reverse("accounts:register_import_preview", kwargs={"pk": preview.pk})
    assert client.post(url).status_code == 403
    assert (
        client.post(
            reverse("accounts:register_import"), {"file": _upload(GOOD_FILE)}
        ).status_code
        == 403
    )
    assert not Organisation.objects.filter(org_number=CHESS).exists()
    assert RegisterImport.objects.get().status == RegisterImport.Status.PREVIEW
