"""Numbers stored before the input rules of issue 13 are rewritten in the digits 0-9.

Forms accepted any decimal digit (fullwidth ０, Arabic-Indic ٠ …) until then, so an organisation
number, a postal code or a phone number could be stored in another spelling than the one a search
or the unique constraint compares. Each such value is rewritten with ASCII digits, ordinary dashes
and spaces. An organisation number whose ASCII spelling another row already holds is left as it is
and named on the migration's output: two rows of one organisation are for the convener to merge in
the register, not for a migration to guess.
"""

import unicodedata

from django.db import migrations

_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\uff0d\ufe63"), "-"
)
FIELDS = ("org_number", "postal_code", "phone", "contact_phone")


def ascii_digits(text):
    # A copy of overenskommelse.ids.ascii_digits as it is today: a migration keeps its own rule.
    out = []
    for char in (text or "").translate(_DASHES):
        if char.isspace():
            out.append(" ")
            continue
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None and not char.isascii() else char)
    return "".join(out)


def _rewrite(model, clash, label):
    """Rewrite the non-ASCII numbers of ``model``'s rows; ``clash(row, number)`` says whether
    another row already holds the rewritten organisation number."""
    left = []
    for row in model.objects.only("pk", *FIELDS).iterator():
        changed = {}
        for field in FIELDS:
            value = getattr(row, field)
            if value and not value.isascii():
                new = ascii_digits(value)
                if field != "org_number":
                    new = " ".join(new.split())
                if new != value:
                    changed[field] = new
        if "org_number" in changed and clash(row, changed["org_number"]):
            left.append(f"{label} {row.pk}: {row.org_number!r}")
            del changed["org_number"]
        if changed:
            model.objects.filter(pk=row.pk).update(**changed)
    return left


def forwards(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Accession = apps.get_model("accounts", "Accession")
    open_statuses = ["submitted", "under_review"]

    def organisation_clash(row, number):
        return (
            Organisation.objects.filter(org_number=number).exclude(pk=row.pk).exists()
        )

    def accession_clash(row, number):
        status = (
            Accession.objects.filter(pk=row.pk).values_list("status", flat=True).first()
        )
        return (
            status in open_statuses
            and Accession.objects.filter(org_number=number, status__in=open_statuses)
            .exclude(pk=row.pk)
            .exists()
        )

    left = _rewrite(Organisation, organisation_clash, "organisation")
    left += _rewrite(Accession, accession_clash, "application")
    if left:
        print(
            "\n  Numbers left in their old spelling because another row holds the same number "
            "(merge them in the register): " + "; ".join(left)
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_umbrella_links_to_requests")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
