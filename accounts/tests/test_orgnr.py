"""Organisation numbers: what is accepted, the one form that is stored, and what is said when a
number is wrong (never a personal identity number, always the right check digit)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import OrganisationKind
from accounts.orgnr import kind_mismatch_warning, luhn_is_valid, normalise_org_number


@pytest.mark.parametrize(
    "raw",
    ["212000-1173", "2120001173", "162120001173", "16212000-1173", " 212000-1173 ", "212000 1173"],
)
def test_every_accepted_form_gives_the_canonical_number(raw):
    assert normalise_org_number(raw) == "212000-1173"


def test_an_association_number_is_accepted():
    assert normalise_org_number("8024800008") == "802480-0008"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("212000-1174", "checksum"),  # the check digit is wrong
        ("2120001172", "checksum"),
        ("850101-1234", "personnummer"),  # digits 3–4 are 01: a date of birth, not a number
        ("19850101-1234", "prefix"),  # a personnummer with the century: 12 digits without 16
        ("21200-1173", "format"),  # too short
        ("212000117", "format"),
        ("2120001173 5", "format"),  # too long
        ("ABCDEF-GHIJ", "format"),  # letters
        ("21200A-1173", "format"),
        ("552120001173", "prefix"),  # 12 digits without 16
        ("", "format"),
    ],
)
def test_a_wrong_number_is_refused_with_the_reason(raw, code):
    with pytest.raises(ValidationError) as caught:
        normalise_org_number(raw)
    assert caught.value.code == code
    assert caught.value.messages[0]  # a sentence the user can act on


def test_the_message_for_a_personal_identity_number_says_so():
    # In Swedish, the portal's language (an earlier request with the English cookie leaves
    # English active in this thread).
    with translation.override("sv"), pytest.raises(ValidationError) as caught:
        normalise_org_number("850101-1234")
    assert "Det här ser ut som ett personnummer." in caught.value.messages[0]


def test_luhn_check_over_all_ten_digits():
    assert luhn_is_valid("2120001173")
    assert not luhn_is_valid("2120001174")


def test_an_association_number_fits_a_non_profit_association():
    assert kind_mismatch_warning("802480-0008", OrganisationKind.NON_PROFIT_ASSOCIATION) is None


def test_a_municipal_number_for_an_association_gives_a_warning_that_names_the_digit():
    warning = kind_mismatch_warning("212000-1173", OrganisationKind.NON_PROFIT_ASSOCIATION)
    assert warning
    assert "2" in warning


@pytest.mark.parametrize("number", ["212000-1173", "802480-0008"])
def test_a_faith_community_may_have_a_number_starting_with_2_or_8(number):
    assert kind_mismatch_warning(number, OrganisationKind.FAITH_COMMUNITY) is None


def test_a_cooperative_with_an_association_number_gives_a_warning():
    assert kind_mismatch_warning("802480-0008", OrganisationKind.COOPERATIVE)


def test_no_warning_without_a_number_or_for_a_kind_without_a_rule():
    assert kind_mismatch_warning("", OrganisationKind.NON_PROFIT_ASSOCIATION) is None
    assert kind_mismatch_warning("212000-1173", OrganisationKind.OTHER) is None
