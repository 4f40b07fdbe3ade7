"""Swedish organisation numbers (organisationsnummer).

Accepted input: ``NNNNNN-NNNN``, ``NNNNNNNNNN`` and the 12-digit form with the prefix ``16``
(``16NNNNNNNNNN`` or ``16NNNNNN-NNNN``). The canonical stored form is ``NNNNNN-NNNN``, in the
ASCII digits 0-9 whatever digits and dashes were typed (fullwidth, Arabic-Indic, an en dash …), so
one number is never stored, nor compared, in two spellings.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plumbing.ids import ascii_digits

from .models import OrganisationKind

_PATTERN = re.compile(r"^(?:16)?([0-9]{6})-?([0-9]{4})$")

# What the first digit says about the legal form, and which kinds it fits.
FIRST_DIGIT_MEANING = {
    "1": "dödsbo",
    "2": "stat, region, kommun eller församling",
    "3": "utländskt företag",
    "5": "aktiebolag",
    "6": "enkelt bolag",
    "7": "ekonomisk förening",
    "8": "ideell förening eller stiftelse",
    "9": "handelsbolag eller kommanditbolag",
}
EXPECTED_FIRST_DIGITS: dict[str, set[str]] = {
    OrganisationKind.NON_PROFIT_ASSOCIATION: {"8"},
    OrganisationKind.FOUNDATION: {"8"},
    OrganisationKind.FAITH_COMMUNITY: {"2", "8"},
    OrganisationKind.STUDY_ASSOCIATION: {"8"},
    OrganisationKind.COOPERATIVE: {"7"},
    OrganisationKind.SOCIAL_ENTERPRISE: {"5", "7", "8"},
    OrganisationKind.UMBRELLA: {"8"},
    OrganisationKind.NETWORK: {"8"},
    OrganisationKind.COMMITTEE: {"2"},
    OrganisationKind.ADMINISTRATION: {"2"},
    OrganisationKind.MUNICIPAL_COMPANY: {"5"},
    OrganisationKind.MUNICIPALITY: {"2"},
    OrganisationKind.REGION: {"2"},
    OrganisationKind.AUTHORITY: {"2"},
    OrganisationKind.UNIVERSITY: {"2"},
}

# The numbers of public bodies, by kind: a rule (a refusal on the application to join), not a
# warning. Every municipality's number starts with 212000; every region's with 232100, except
# Gotland's, a municipality that is a region too (212000); every state authority's with 2021, and a
# state university (lärosäte) is a state authority. The check digit is checked as for any number.
PUBLIC_PARTY_PREFIXES: dict[str, tuple[str, ...]] = {
    OrganisationKind.MUNICIPALITY: ("212000",),
    OrganisationKind.REGION: ("232100", "212000"),
    OrganisationKind.AUTHORITY: ("2021",),
    OrganisationKind.UNIVERSITY: ("2021",),
}


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_org_number(raw: str) -> str:
    """Return the canonical ``NNNNNN-NNNN`` form, or raise ValidationError saying what is wrong."""
    value = re.sub(r"\s+", "", ascii_digits(raw or ""))
    match = _PATTERN.match(value)
    if not match:
        if re.fullmatch(r"[0-9]{12}", value.replace("-", "")) and not value.startswith("16"):
            raise ValidationError(
                _("A 12-digit organisation number must start with 16."), code="prefix"
            )
        raise ValidationError(
            _("Write the organisation number as NNNNNN-NNNN (ten digits, e.g. 802480-0008)."),
            code="format",
        )
    digits = match.group(1) + match.group(2)
    if int(digits[2:4]) < 20:
        raise ValidationError(
            _(
                "The third and fourth digits must be at least 20 in an organisation number. "
                "This looks like a personal identity number."
            ),
            code="personnummer",
        )
    if not luhn_is_valid(digits):
        raise ValidationError(
            _("The check digit (the last digit) is wrong. Check that the number is typed correctly."),
            code="checksum",
        )
    return f"{digits[:6]}-{digits[6:]}"


def public_party_number_problem(org_number: str, kind: str) -> str | None:
    """Why a (normalised) number cannot be a public party's of this kind, or None when it can."""
    prefixes = PUBLIC_PARTY_PREFIXES.get(kind)
    if not org_number or not prefixes:
        return None
    digits = org_number.replace("-", "")
    if digits.startswith(prefixes):
        return None
    if kind == OrganisationKind.MUNICIPALITY:
        return _("A municipality's organisation number starts with 212000-. Check the number.")
    if kind == OrganisationKind.REGION:
        return _("A region's organisation number starts with 232100- (212000- for Region Gotland). Check the number.")
    return _(
        "A state authority's organisation number, a state university's too, starts with 2021. "
        "Check the number, or choose another kind."
    )


def kind_mismatch_warning(org_number: str, kind: str) -> str | None:
    """A warning (never a refusal) when the number's first digit does not fit the chosen kind."""
    expected = EXPECTED_FIRST_DIGITS.get(kind)
    if not org_number or not expected:
        return None
    first = org_number[0]
    if first in expected:
        return None
    return _(
        "Note: organisation numbers starting with %(digit)s usually belong to: %(meaning)s. "
        "Check that the kind “%(kind)s” is right."
    ) % {
        "digit": first,
        "meaning": FIRST_DIGIT_MEANING.get(first, _("another legal form")),
        "kind": OrganisationKind(kind).label,
    }
