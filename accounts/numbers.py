"""Postal codes and phone numbers as the register stores them: in the ASCII digits 0-9 whatever
digits were typed (fullwidth, Arabic-Indic …), so the same number is never stored in two spellings.
Organisation numbers have their own rules in ``orgnr.py``."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plumbing.ids import ascii_digits

# A leading +, then digits with the separators people write between them.
_PHONE = re.compile(r"\+?[0-9][0-9 ()/-]*")


def normalise_postal_code(raw: str) -> str:
    """``NNN NN``, "" when empty, or a ValidationError."""
    digits = re.sub(r"\s+", "", ascii_digits(raw or ""))
    if not digits:
        return ""
    if not re.fullmatch(r"[0-9]{5}", digits):
        raise ValidationError(_("Write the postal code as five digits, e.g. 222 21."), code="postal_code")
    return f"{digits[:3]} {digits[3:]}"


def normalise_phone(raw: str) -> str:
    """The number as typed, with its digits 0-9 and single spaces; "" when empty, or a ValidationError."""
    value = " ".join(ascii_digits(raw or "").split())
    if not value:
        return ""
    if not _PHONE.fullmatch(value) or sum(char.isdigit() for char in value) < 5:
        raise ValidationError(
            _("Write the phone number with the digits 0–9, e.g. 046-35 50 00."), code="phone"
        )
    return value


class ContactNumbersMixin:
    """For the forms of an organisation's or application's address: the postal code and the phone
    numbers normalised (or refused) before they are stored."""

    def clean_postal_code(self) -> str:
        return normalise_postal_code(self.cleaned_data.get("postal_code", ""))

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_contact_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("contact_phone", ""))
