"""Input that arrives from outside (issue 8, item 4): every upload is checked by its content and its
size, exported cells never run as spreadsheet formulas, and the public forms carry an accessible
honeypot that keeps bots' submissions out.

The upload inventory walks every form class of our apps, so a new file field that nobody checked
fails here until it is listed with its check.
"""

import functools
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Accession
from accounts.validators import validate_pdf
from initiatives.models import Interest
from initiatives.tests.factories import make_initiative
from plumbing.honeypot import HONEYPOT_FIELD, HoneypotMixin
from plumbing.opendata import csv_cell

FORM_PACKAGES = ["accounts.forms", "initiatives.forms", "conferences.forms", "followup.forms", "collaboration.forms"]
MB = 1024 * 1024

# Every file field of our forms, with the most it may hold; each must check that it is a PDF by
# content, except the register import, which reads CSV or Excel and checks that by content itself.
PDF_UPLOADS = {
    "accounts.forms.accession.AccessionForm.minutes_extract": 5 * MB,
    "initiatives.forms.partnership.PartnershipForm.signed_agreement": 10 * MB,
    "conferences.forms.attendance.DocumentForm.file": 20 * MB,
}
OTHER_UPLOADS = {"accounts.forms.register.RegisterImportForm.file"}


def _form_classes():
    for package_name in FORM_PACKAGES:
        package = importlib.import_module(package_name)
        modules = [package] + [
            importlib.import_module(f"{package_name}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
        ]
        for module in modules:
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def _file_fields() -> dict[str, forms.FileField]:
    return {
        f"{cls.__module__}.{cls.__name__}.{name}": field
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.FileField)
    }


def _pdf_limit(field) -> int | None:
    """The size limit of the field's PDF check, or None when it has none."""
    for validator in field.validators:
        if validator is validate_pdf:
            return settings.MAX_UPLOAD_BYTES
        if isinstance(validator, functools.partial) and validator.func is validate_pdf:
            return validator.keywords.get("max_bytes")
    return None


def test_every_upload_of_every_form_is_listed_with_its_check():
    assert set(_file_fields()) == set(PDF_UPLOADS) | OTHER_UPLOADS


@pytest.mark.parametrize(("path", "limit"), PDF_UPLOADS.items())
def test_each_pdf_upload_is_checked_by_content_and_size(path, limit):
    field = _file_fields()[path]
    assert _pdf_limit(field) == limit

    def run(upload):
        for validator in field.validators:
            validator(upload)

    run(SimpleUploadedFile("ok.pdf", b"%PDF-1.7\n" + b"0" * 100, content_type="application/pdf"))
    with pytest.raises(ValidationError) as not_pdf:
        run(SimpleUploadedFile("evil.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"))
    assert not_pdf.value.code == "not_pdf"
    with pytest.raises(ValidationError) as too_large:
        run(SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * limit, content_type="application/pdf"))
    assert too_large.value.code == "too_large"


def test_the_register_import_checks_content_not_only_the_name():
    from accounts.register_import import ImportFileError, read_table

    with pytest.raises(ImportFileError):
        read_table(b"%PDF-1.7 not a table", "register.csv")
    with pytest.raises(ImportFileError):
        read_table("Namn\nFöreningen".encode(), "register.xlsx")  # named .xlsx but text
    with pytest.raises(ImportFileError):
        read_table(b"Namn\n" + b"x" * (5 * MB), "register.csv")


# --- Exports --------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_is_made_text(start):
    assert csv_cell(f"{start}HYPERLINK(\"http://evil.example\")") == f"'{start}HYPERLINK(\"http://evil.example\")"


@pytest.mark.parametrize("value", ["Föreningen A", "a=b", "", None, 42, "1-2"])
def test_other_cells_are_kept_as_they_are(value):
    assert csv_cell(value) == ("" if value is None else str(value))


# --- The honeypot ---------------------------------------------------------------------------------


class _Form(HoneypotMixin, forms.Form):
    name = forms.CharField()


def test_a_form_with_the_honeypot_filled_in_is_refused_with_a_general_message():
    form = _Form(data={"name": "Bot", HONEYPOT_FIELD: "http://spam.example"})
    assert not form.is_valid()
    assert form.non_field_errors() == ["Formuläret kunde inte skickas. Försök igen."]
    assert form.caught_by_honeypot


def test_a_form_with_the_honeypot_empty_is_accepted():
    assert _Form(data={"name": "Människa", HONEYPOT_FIELD: ""}).is_valid()


def _honeypot_markup(html: str, name: str) -> str:
    start = html.index('<div class="hp-field">')
    block = html[start : html.index("</div>", start)]
    assert f'name="{name}"' in block
    return block


def _assert_accessible_honeypot(html: str, name: str) -> None:
    block = _honeypot_markup(html, name)
    assert 'tabindex="-1"' in block
    assert 'autocomplete="off"' in block
    assert "Lämna det här fältet tomt" in block  # the label asks people to leave it empty
    assert "<label" in block
    assert "aria-hidden" not in block  # never on a form field


@pytest.mark.django_db
def test_the_application_form_has_an_accessible_honeypot_and_a_filled_one_saves_nothing(
    client, ordinary_user, agreement
):
    client.force_login(ordinary_user)
    url = reverse("accounts:accession_start")
    _assert_accessible_honeypot(client.get(url).content.decode(), HONEYPOT_FIELD)
    response = client.post(url, {"name": "Spamföreningen", "action": "save", HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 200
    assert "Formuläret kunde inte skickas. Försök igen." in response.content.decode()
    assert not Accession.objects.exists()


@pytest.mark.django_db
def test_the_interest_form_has_an_accessible_honeypot_and_a_filled_one_saves_nothing(
    client, connected_a, officer_x, administration_x
):
    initiative = make_initiative(parties=[connected_a], looking_for_partners=True, partners_wanted="En lokal.")
    client.force_login(officer_x)
    html = client.get(initiative.get_absolute_url()).content.decode()
    _assert_accessible_honeypot(html, f"interest-{HONEYPOT_FIELD}")
    response = client.post(
        reverse("initiatives:interest_create", kwargs={"pk": initiative.pk}),
        {
            "interest-organisation": administration_x.pk,
            "interest-message": "Köp billiga klockor",
            f"interest-{HONEYPOT_FIELD}": "http://spam.example",
        },
    )
    assert response.status_code == 200
    assert "Formuläret kunde inte skickas. Försök igen." in response.content.decode()
    assert not Interest.objects.exists()


@pytest.mark.django_db
def test_the_conference_registration_has_an_accessible_honeypot(client):
    from conferences.tests.factories import make_conference

    conference = make_conference()
    html = client.get(reverse("conferences:registration_create", kwargs={"pk": conference.pk})).content.decode()
    _assert_accessible_honeypot(html, "website")


def test_the_honeypot_is_hidden_by_a_class_of_our_stylesheet():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text(encoding="utf-8")
    assert ".hp-field {" in css
    rule = css[css.index(".hp-field {") :]
    rule = rule[: rule.index("}")]
    assert "left: -10000px" in rule and "display: none" not in rule
