"""The convener's register: organisations added by hand, and the import of the local register."""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plumbing.audit import (
    audit_record,
)

from .. import register_import as register_file
from ..models import (
    OWNING_PARTY_KINDS,
    PUBLIC_BODY_KINDS,
    Organisation,
    OrganisationEvent,
    OrganisationKind,
    RegisterImport,
    User,
)
from ..orgnr import normalise_org_number
from .accession import DETAIL_FIELDS
from .history import organisation_event_add
from .organisation import umbrellas_ask

# What the convener may set by hand in the register. The connection dates are not here: they come
# only from decisions on applications and from withdrawals.
REGISTER_FIELDS = DETAIL_FIELDS + (
    "parent",
    "public_party",
    "chair_name",
    "chair_email",
    "vice_chair_name",
    "vice_chair_email",
    "in_local_register",
)


def organisation_parent_problem(
    *, kind: str, parent: Organisation | None, organisation: Organisation | None = None
) -> str | None:
    """Why ``parent`` cannot be what an organisation of this kind belongs to, or None if it can.

    A förvaltning always works under a nämnd; a municipal company may; nothing else has a parent.
    """

    if parent is None:
        if kind == OrganisationKind.ADMINISTRATION:
            return _(
                "An administration (förvaltning) must belong to a committee (nämnd)."
            )
        return None
    if organisation is not None and organisation.pk and parent.pk == organisation.pk:
        return _("An organisation cannot belong to itself.")
    if parent.kind != OrganisationKind.COMMITTEE:
        return _("Only a committee (nämnd) can be chosen here.")
    if kind not in (
        OrganisationKind.ADMINISTRATION,
        OrganisationKind.MUNICIPAL_COMPANY,
    ):
        return _(
            "Only an administration (förvaltning) or a municipal company belongs to a committee."
        )
    return None


def organisation_public_party_problem(*, kind: str, public_party: Organisation | None) -> str | None:
    """Why ``public_party`` cannot be the public party an organisation of this kind belongs to, or
    None if it can: only a förvaltning, a nämnd or a municipal company belongs to one, and the party
    is a municipality or a region."""

    if public_party is None:
        return None
    if public_party.kind not in OWNING_PARTY_KINDS:
        return _("Only a municipality or a region can be chosen here.")
    if kind not in PUBLIC_BODY_KINDS:
        return _("Only a förvaltning, a nämnd or a municipal company belongs to a public party.")
    return None


@transaction.atomic
def organisation_create(
    *,
    by: User,
    details: dict,
    priority_areas=(),
    umbrella_organisations=(),
) -> Organisation:
    """Add an organisation of any kind to the register by hand (the convener).

    ``details`` holds fields of ``REGISTER_FIELDS`` only. The number is stored in its canonical
    form and must be free; a förvaltning must have its nämnd as parent. The new organisation is not
    connected to the agreement. Raises ValidationError (with field names) when something is wrong.
    """

    unknown = set(details) - set(REGISTER_FIELDS)
    if unknown:
        raise TypeError(f"Not a register field: {', '.join(sorted(unknown))}")
    organisation = Organisation(**details)
    if organisation.org_number:
        try:
            organisation.org_number = normalise_org_number(organisation.org_number)
        except ValidationError as error:
            raise ValidationError({"org_number": error.messages}) from error
        if Organisation.objects.filter(org_number=organisation.org_number).exists():
            raise ValidationError(
                {
                    "org_number": _(
                        "Another organisation in the register already has this number."
                    )
                }
            )
    problem = organisation_parent_problem(
        kind=organisation.kind, parent=organisation.parent
    )
    if problem:
        raise ValidationError({"parent": problem})
    problem = organisation_public_party_problem(kind=organisation.kind, public_party=organisation.public_party)
    if problem:
        raise ValidationError({"public_party": problem})
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:  # somebody registered the number at the same moment
        raise ValidationError(
            {
                "org_number": _(
                    "Another organisation in the register already has this number."
                )
            }
        ) from error
    organisation.priority_areas.set(priority_areas)
    umbrellas_ask(member=organisation, umbrellas=umbrella_organisations, by=by)
    with _portal_language():
        note = _("Added to the register.")
    organisation_event_add(organisation, OrganisationEvent.Kind.DETAILS_CHANGED, by, note)
    audit_record(actor=by, action="organisation.created", target=organisation)
    return organisation


def _portal_language():
    """History notes are written in the portal's language, whoever's language is active."""

    return translation.override(settings.LANGUAGE_CODE)


def _register_import_plan(rows: list[dict]) -> list[dict]:
    """Match checked rows against the register, in one query, and say what importing would do.

    Each row gets ``action`` ("create", "update" or "skip"), ``changes`` (the fields an update
    sets) and ``organisation`` (the pk of the match). A row is matched on its organisation number;
    a row without number on its exact name (ignoring case) among organisations without number.
    Organisations connected to the agreement keep their own details: only empty fields are filled.
    """

    numbers = set()
    for row in rows:
        row["errors"] = list(row.get("file_errors", row.get("errors", [])))
        row["file_errors"] = list(row["errors"])
        if not row["errors"] and row["values"]["org_number"]:
            numbers.add(row["values"]["org_number"])
    existing = Organisation.objects.filter(Q(org_number__in=numbers) | Q(org_number=""))
    by_number: dict[str, Organisation] = {}
    by_name: dict[str, list[Organisation]] = {}
    for organisation in existing:
        if organisation.org_number:
            by_number[organisation.org_number] = organisation
        else:
            by_name.setdefault(organisation.name.casefold(), []).append(organisation)

    for row in rows:
        row["action"], row["changes"], row["organisation"] = "skip", [], None
        if row["errors"]:
            continue
        values = row["values"]
        if values["org_number"]:
            match = by_number.get(values["org_number"])
        else:
            same_name = by_name.get(values["name"].casefold(), [])
            if len(same_name) > 1:
                row["errors"].append(
                    _(
                        "Several organisations in the register have this name and no "
                        "organisation number. Add the number to the row."
                    )
                )
                continue
            match = same_name[0] if same_name else None
        if match is None:
            row["action"] = "create"
            continue
        row["organisation"] = match.pk
        # Only what the file says is set: an empty cell never empties a field. An organisation
        # that has joined keeps its details itself, so for it the file only fills in what is empty.
        keeps_own = match.connected_since is not None
        row["changes"] = [
            field
            for field, value in values.items()
            if value
            and value != getattr(match, field)
            and not (keeps_own and getattr(match, field))
        ]
        if not match.in_local_register:
            row["changes"].append("in_local_register")
        row["action"] = "update" if row["changes"] else "skip"
    return rows


@transaction.atomic
def register_import_preview(*, file, by: User):
    """Read an uploaded register (CSV or .xlsx) and keep a preview of what importing would do.

    Nothing in the register changes. Each row carries its errors (missing name, invalid number or
    email or website, a number twice in the file), warnings (a number that does not fit the kind)
    and action. Raises ValidationError when the file itself cannot be read.
    """

    if file.size is not None and file.size > register_file.MAX_FILE_SIZE:
        raise ValidationError(_("The file is larger than 5 MB."))
    data = file.read(register_file.MAX_FILE_SIZE + 1)
    try:
        rows, ignored = register_file.parse(data, file.name)
    except register_file.ImportFileError as error:
        raise ValidationError(str(error)) from error
    rows = _register_import_plan(rows)
    return RegisterImport.objects.create(
        created_by=by,
        file_name=(file.name or "")[-255:],
        rows=rows,
        result={"ignored_columns": ignored, **register_file.summarise(rows)},
    )


@transaction.atomic
def register_import_apply(*, register_import, by: User):
    """Import the valid rows of a previewed file into the register, all or nothing.

    The rows are matched again against the register as it is now, so importing the same file
    twice creates no duplicates: the second time the rows are unchanged (or updated). New
    organisations come from the local register (``in_local_register``) and are not connected;
    an update sets only the fields the file fills in (for a connected organisation, which keeps
    its own details, only those still empty), never the connection dates. Rows with errors are
    skipped. Works in a fixed number of queries whatever the number of rows.
    """

    register_import = RegisterImport.objects.select_for_update().get(
        pk=register_import.pk
    )
    if register_import.status != RegisterImport.Status.PREVIEW:
        raise ValidationError(
            _(
                "This file has already been imported. Upload it again to import it once more."
            )
        )
    rows = _register_import_plan(register_import.rows)
    now = timezone.now()
    with _portal_language():
        note = _("File: %(file)s") % {"file": register_import.file_name}

    new = []
    for row in rows:
        if row["action"] == "create":
            values = {field: value for field, value in row["values"].items() if value}
            values.setdefault("kind", register_file.DEFAULT_KIND)
            new.append(Organisation(**values, in_local_register=True))
    matched_ids = [row["organisation"] for row in rows if row["action"] == "update"]
    matched = Organisation.objects.in_bulk(matched_ids)
    changed: list[Organisation] = []
    changed_fields: set[str] = set()
    update_notes: dict[int, str] = {}
    for row in rows:
        if row["action"] != "update":
            continue
        organisation = matched[row["organisation"]]
        for field in row["changes"]:
            setattr(
                organisation,
                field,
                True if field == "in_local_register" else row["values"][field],
            )
            changed_fields.add(field)
        organisation.updated_at = now
        changed.append(organisation)
        with _portal_language():
            update_notes[organisation.pk] = _(
                "Updated from the local register (%(fields)s). %(file)s"
            ) % {
                "fields": ", ".join(
                    str(Organisation._meta.get_field(field).verbose_name)
                    for field in row["changes"]
                ),
                "file": note,
            }
    try:
        with transaction.atomic():
            created = Organisation.objects.bulk_create(new)
    except IntegrityError as error:  # somebody registered one of the numbers meanwhile
        raise ValidationError(
            _(
                "The register changed while the file was imported. Upload the file again."
            )
        ) from error
    if changed:
        Organisation.objects.bulk_update(
            changed, sorted(changed_fields | {"updated_at"})
        )
    OrganisationEvent.objects.bulk_create(
        [
            OrganisationEvent(
                organisation=organisation,
                kind=OrganisationEvent.Kind.IMPORTED,
                by=by,
                at=now,
                note=note,
            )
            for organisation in created
        ]
        + [
            OrganisationEvent(
                organisation=organisation,
                kind=OrganisationEvent.Kind.DETAILS_CHANGED,
                by=by,
                at=now,
                note=update_notes[organisation.pk],
            )
            for organisation in changed
        ]
    )
    # Keep, for each row, the organisation it became, so the result page can link to it.
    created_iter = iter(created)
    for row in rows:
        if row["action"] == "create":
            row["organisation"] = next(created_iter).pk
    summary = register_file.summarise(rows)
    register_import.rows = rows
    register_import.result = {
        **register_import.result,
        **summary,
        "created": summary["create"],
        "updated": summary["update"],
    }
    register_import.status = RegisterImport.Status.IMPORTED
    register_import.imported_at = now
    register_import.save(update_fields=["rows", "result", "status", "imported_at"])
    return register_import
