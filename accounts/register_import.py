"""Reading and checking the local association register (a CSV or Excel file) before it is imported.

Pure functions: bytes in, rows out; nothing here touches the database. The service
``register_import_preview`` matches the checked rows against the register and
``register_import_apply`` writes them (accounts/services/register.py).

A row is a dict ``{"row": n, "values": {...}, "errors": [...], "warnings": [...]}`` where ``n`` is
the line number in the file as the user sees it in their spreadsheet (the header is line 1), and
``values`` holds the text of each known column (see ``FIELDS``), cleaned: the organisation number in
its canonical form, the kind as an ``OrganisationKind`` value ("" when the file does not say).
"""

import csv
import io
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from plumbing.ids import ascii_digits

from .models import OrganisationKind
from .orgnr import kind_mismatch_warning, normalise_org_number

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 10_000
ALLOWED_EXTENSIONS = (".csv", ".txt", ".xlsx")
DEFAULT_KIND = OrganisationKind.NON_PROFIT_ASSOCIATION

# The columns the import knows, in the order they are shown.
FIELDS = (
    "name",
    "org_number",
    "kind",
    "street_address",
    "postal_code",
    "city",
    "email",
    "phone",
    "website",
)

# Longest text each field takes (the model's max_length).
MAX_LENGTHS = {
    "name": 200,
    "street_address": 200,
    "postal_code": 10,
    "city": 100,
    "email": 254,
    "phone": 40,
    "website": 200,
}

XLSX_MAGIC = b"PK\x03\x04"
_OTHER_MAGIC = {
    b"%PDF": "PDF",
    b"\xd0\xcf\x11\xe0": "XLS",  # the old Office format (Excel 97–2003)
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, for the user."""


def _fold(text: str) -> str:
    """Lower case, without diacritics and without spaces, dashes, dots or underscores:
    "E-post" → "epost", "Org.nr" → "orgnr", "Föreningens namn" → "foreningensnamn"."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\s\-_.:/()]+", "", text)


# Header variants seen in municipal association registers (after _fold).
_HEADER_ALIASES = {
    "name": [
        "namn",
        "foreningsnamn",
        "foreningensnamn",
        "organisationsnamn",
        "organisationensnamn",
        "forening",
        "organisation",
        "name",
    ],
    "org_number": [
        "organisationsnummer",
        "organisationsnr",
        "orgnummer",
        "orgnr",
        "orgno",
        "organisationnumber",
        "orgnumber",
    ],
    "kind": [
        "organisationsform",
        "typ",
        "foreningstyp",
        "foreningsform",
        "organisationstyp",
        "form",
        "juridiskform",
        "kind",
        "type",
    ],
    "street_address": [
        "adress",
        "gatuadress",
        "utdelningsadress",
        "besoksadress",
        "address",
        "streetaddress",
    ],
    "postal_code": ["postnummer", "postnr", "postalcode", "zip"],
    "city": ["ort", "postort", "stad", "city", "town"],
    "email": [
        "epost",
        "epostadress",
        "email",
        "emailadress",
        "mejl",
        "mejladress",
        "mail",
    ],
    "phone": [
        "telefon",
        "telefonnummer",
        "tel",
        "telnr",
        "mobil",
        "mobilnummer",
        "phone",
    ],
    "website": [
        "webbplats",
        "webbsida",
        "hemsida",
        "webb",
        "webbadress",
        "url",
        "website",
    ],
}
HEADER_ALIASES: dict[str, str] = {
    alias: field for field, aliases in _HEADER_ALIASES.items() for alias in aliases
}

# Swedish (and English) names of kinds of organisation, after _fold.
_KIND_ALIASES = {
    OrganisationKind.NON_PROFIT_ASSOCIATION: [
        "ideellforening",
        "ideelforening",
        "ideellaforeningar",
        "ideell",
        "forening",
        "idrottsforening",
        "intresseforening",
    ],
    OrganisationKind.FOUNDATION: ["stiftelse", "insamlingsstiftelse"],
    OrganisationKind.FAITH_COMMUNITY: [
        "trossamfund",
        "registrerattrossamfund",
        "forsamling",
    ],
    OrganisationKind.STUDY_ASSOCIATION: ["studieforbund"],
    OrganisationKind.COOPERATIVE: [
        "ekonomiskforening",
        "kooperativ",
        "kooperativforening",
        "kooperativekonomiskforening",
    ],
    OrganisationKind.SOCIAL_ENTERPRISE: [
        "socialtforetag",
        "arbetsintegrerandesocialtforetag",
        "socialaforetag",
    ],
    OrganisationKind.UMBRELLA: ["paraplyorganisation", "paraply", "paraplyforening"],
    OrganisationKind.NETWORK: ["natverk"],
    OrganisationKind.COMMITTEE: ["namnd"],
    OrganisationKind.ADMINISTRATION: ["forvaltning"],
    OrganisationKind.MUNICIPAL_COMPANY: ["kommunaltbolag"],
    OrganisationKind.UNIVERSITY: ["larosate", "hogskola", "universitet"],
    OrganisationKind.AUTHORITY: ["myndighet"],
    OrganisationKind.BUSINESS: ["naringsliv", "foretag", "aktiebolag"],
    OrganisationKind.OTHER: ["annan", "ovrigt", "ovrig"],
}


def _kind_aliases() -> dict[str, str]:
    aliases = {_fold(kind.value): kind.value for kind in OrganisationKind}
    for kind, names in _KIND_ALIASES.items():
        for name in names:
            aliases[name] = kind.value
    return aliases


KIND_ALIASES = _kind_aliases()


def kind_from_text(text: str) -> str | None:
    """The OrganisationKind value a Swedish (or English) label stands for, or None if unknown."""
    folded = _fold(text)
    if not folded:
        return None
    if folded in KIND_ALIASES:
        return KIND_ALIASES[folded]
    for kind in OrganisationKind:  # the English labels, as shown in the portal
        if _fold(str(kind.label)) == folded:
            return kind.value
    return None


# Reading the file -------------------------------------------------------------------------------


def _extension(file_name: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]+$", file_name or "")
    return match.group(0).lower() if match else ""


def _not_a_table() -> ImportFileError:
    return ImportFileError(
        _(
            "The file is neither a CSV file nor an Excel workbook (.xlsx). Save the register as "
            "CSV or as an Excel workbook and upload it again."
        )
    )


def read_table(data: bytes, file_name: str) -> list[tuple[int, list[str]]]:
    """The non-empty lines of the file as (line number, cells), whatever its format.

    The type is decided by the content, not only the name: an Excel workbook is a zip file
    (starting with ``PK\\x03\\x04``); anything else must be text. Raises ImportFileError.
    """
    extension = _extension(file_name)
    if extension not in ALLOWED_EXTENSIONS:
        raise ImportFileError(
            _("Upload a CSV file (.csv) or an Excel workbook (.xlsx).")
        )
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(_("The file is larger than 5 MB."))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    for magic, name in _OTHER_MAGIC.items():
        if data.startswith(magic):
            if name == "XLS":
                raise ImportFileError(
                    _(
                        "This is a workbook in the old Excel format (.xls). Open it in Excel and "
                        "save it as an Excel workbook (.xlsx) or as CSV."
                    )
                )
            raise _not_a_table()
    if data.startswith(XLSX_MAGIC):
        if extension != ".xlsx":
            raise ImportFileError(
                _(
                    "The file is an Excel workbook but its name does not end in .xlsx. Rename it and try again."
                )
            )
        return _read_xlsx(data)
    if extension == ".xlsx":
        raise ImportFileError(
            _(
                "The file is named .xlsx but is not an Excel workbook. Save it again from Excel."
            )
        )
    return _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without byte order mark), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    # A text file holds no control characters besides tab and line breaks: anything else is binary.
    if re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text):
        raise _not_a_table()
    return text


def _separator(text: str) -> str:
    """The separator of the header line: semicolon (Swedish Excel), comma or tab."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return best if counts[best] else ","


def _read_csv(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))
    lines = []
    try:
        for cells in reader:
            if len(lines) > MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}
                )
            if any(cell.strip() for cell in cells):
                lines.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file could not be read (line %(line)s): %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    return lines


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a broken zip, a missing part, openpyxl's own errors, …
        raise ImportFileError(
            _(
                "The Excel workbook could not be read. Save it again from Excel and upload it."
            )
        ) from error
    try:
        sheet = workbook.worksheets[0]
        lines = []
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=60), start=1
        ):
            if number > MAX_ROWS + 1:
                raise ImportFileError(
                    _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}
                )
            cells = [_cell_text(value) for value in values]
            if any(cells):
                lines.append((number, cells))
        return lines
    finally:
        workbook.close()


# Checking the rows ------------------------------------------------------------------------------


def map_headers(cells: list[str]) -> tuple[dict[int, str], list[str]]:
    """Which column holds which field, and the names of the columns that are not used."""
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for index, header in enumerate(cells):
        field = HEADER_ALIASES.get(_fold(header))
        if field and field not in columns.values():
            columns[index] = field
        elif header.strip():
            ignored.append(header.strip())
    return columns, ignored


def parse(data: bytes, file_name: str) -> tuple[list[dict], list[str]]:
    """Read and check the file: the checked rows, and the names of the columns that were ignored.

    Raises ImportFileError when the file cannot be read or has no name column.
    """
    lines = read_table(data, file_name)
    # The header is the first line (among the first ten, after any title) with a name column.
    for position, (_line, cells) in enumerate(lines[:10]):
        columns, ignored = map_headers(cells)
        if "name" in columns.values():
            break
    else:
        raise ImportFileError(
            _(
                "No column called “Namn” was found. The first row must hold the column names: "
                "Namn, Organisationsnummer, Organisationsform, Adress, Postnummer, Ort, E-post, "
                "Telefon, Webbplats."
            )
        )
    raw_rows = []
    for line, cells in lines[position + 1 :]:
        values = {field: "" for field in FIELDS}
        for index, field in columns.items():
            if index < len(cells):
                values[field] = re.sub(r"\s+", " ", cells[index]).strip()
        raw_rows.append((line, values))
    if not raw_rows:
        raise ImportFileError(
            _("The file has column names but no rows of organisations.")
        )
    return check_rows(raw_rows), ignored


def check_row(line: int, raw: dict[str, str]) -> dict:
    """Clean and check one row on its own (duplicates across rows are found by check_rows)."""
    values = {field: (raw.get(field) or "").strip() for field in FIELDS}
    for field in ("postal_code", "phone"):  # other spellings of the digits stored as 0-9
        values[field] = ascii_digits(values[field])
    errors: list[str] = []
    warnings: list[str] = []

    if not values["name"]:
        errors.append(_("The name is missing."))

    if values["org_number"]:
        try:
            values["org_number"] = normalise_org_number(values["org_number"])
        except ValidationError as error:
            errors.append(
                _("Organisation number %(number)s: %(problem)s")
                % {"number": values["org_number"], "problem": " ".join(error.messages)}
            )

    if values["kind"]:
        kind = kind_from_text(values["kind"])
        if kind is None:
            warnings.append(
                _(
                    "Unknown kind “%(kind)s”: a new organisation is registered as a non-profit association."
                )
                % {"kind": values["kind"]}
            )
            values["kind"] = ""
        else:
            values["kind"] = kind

    if values["email"]:
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            errors.append(
                _("The email address %(email)s is not valid.")
                % {"email": values["email"]}
            )

    if values["website"]:
        website = values["website"]
        if "://" not in website:
            website = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
            values["website"] = website
        except ValidationError:
            errors.append(
                _("The website %(url)s is not a valid address.")
                % {"url": values["website"]}
            )

    for field, limit in MAX_LENGTHS.items():
        if len(values[field]) > limit:
            errors.append(
                _("“%(value)s” is too long (at most %(max)s characters).")
                % {"value": values[field][:40], "max": limit}
            )

    if values["org_number"] and not errors:
        warning = kind_mismatch_warning(
            values["org_number"], values["kind"] or DEFAULT_KIND
        )
        if warning:
            warnings.append(warning)

    return {"row": line, "values": values, "errors": errors, "warnings": warnings}


def check_rows(raw_rows: list[tuple[int, dict[str, str]]]) -> list[dict]:
    """Check every row, then flag a number (or, for rows without number, a name) that appears on
    several rows: the import cannot know which of them is right."""
    rows = [check_row(line, raw) for line, raw in raw_rows]
    by_number: dict[str, list[dict]] = {}
    by_name: dict[str, list[dict]] = {}
    for row in rows:
        values = row["values"]
        if values["org_number"]:
            by_number.setdefault(values["org_number"], []).append(row)
        elif not values["org_number"] and values["name"]:
            by_name.setdefault(values["name"].casefold(), []).append(row)
    for number, same in by_number.items():
        if len(same) > 1:
            lines = ", ".join(str(row["row"]) for row in same)
            for row in same:
                row["errors"].append(
                    _(
                        "The organisation number %(number)s appears on several rows (%(rows)s)."
                    )
                    % {"number": number, "rows": lines}
                )
    for same in by_name.values():
        if len(same) > 1:
            lines = ", ".join(str(row["row"]) for row in same)
            for row in same:
                row["errors"].append(
                    _(
                        "The name appears on several rows without an organisation number (%(rows)s)."
                    )
                    % {"rows": lines}
                )
    return rows


def summarise(rows: list[dict]) -> dict[str, int]:
    """How many rows are new, updated, unchanged and have errors."""
    summary = {"create": 0, "update": 0, "unchanged": 0, "errors": 0, "warnings": 0}
    for row in rows:
        if row.get("errors"):
            summary["errors"] += 1
        elif row.get("action") == "create":
            summary["create"] += 1
        elif row.get("action") == "update":
            summary["update"] += 1
        else:
            summary["unchanged"] += 1
        if row.get("warnings"):
            summary["warnings"] += 1
    return summary
