"""Ids and numbers that arrive from outside: the one place they are parsed.

An id from a query string, a form or a list of choices is a row's primary key only when it is
written in the ASCII digits 0-9 and lies within the database's range (1 … 2**63-1). ``str.isdigit``
also accepts "²" and "١٢٣", and an id of 23 digits reaches SQLite as an ``OverflowError``: both
were answered with a 500 before (issue 13).

* ``parse_id(value)``: the id, or None;
* ``IdField``: a form field for an id that is no choice among rows shown (a hidden field);
* ``ModelChoiceField`` and ``ModelMultipleChoiceField``: Django's own, with every value checked by
  ``parse_id`` before it reaches the database (an invalid one is the field's usual Swedish error);
* ``id_formfield``: the ``formfield_callback`` of a ModelForm, so that its generated fields for
  foreign keys and many-to-many fields are these fields too; ``IdFormSetMixin`` the same for the
  hidden id of a model formset's rows;
* ``ascii_digits(text)``: other spellings of digits (fullwidth, Arabic-Indic, …), dashes and spaces
  written the one way we store them, so one number is never stored in two spellings.

``overenskommelse/tests/test_hostile_forms.py`` checks that every choice field of every form of the
portal is one of these, and posts hostile values to every form.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

MAX_ID = 2**63 - 1  # the largest bigint (PostgreSQL) and SQLite INTEGER
_ASCII_ID = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """The id written in ``value`` (a string of ASCII digits, or an int) within 1 … 2**63-1, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    value = value.strip(" \t\r\n")
    if not _ASCII_ID.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


# Dashes people type or paste between groups of digits (hyphen, non-breaking hyphen, figure dash,
# en dash, em dash, minus sign, fullwidth hyphen-minus, small hyphen-minus).
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\uff0d\ufe63"), "-")


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script written as 0-9, every dash as "-" and every
    kind of space (no-break, thin, ideographic …) as an ordinary space. Other characters are kept,
    so a check after this still refuses "²" (a superscript is no decimal digit)."""
    out = []
    for char in (text or "").translate(_DASHES):
        if char.isspace():
            out.append(" ")
            continue
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None and not char.isascii() else char)
    return "".join(out)


def _key_is_integer(field) -> bool:
    """Whether the choices of a model choice field are keyed by an integer column (its pk, or the
    ``to_field_name`` it names)."""
    meta = field.queryset.model._meta
    key = meta.pk if not field.to_field_name else meta.get_field(field.to_field_name)
    return isinstance(key, models.IntegerField)  # AutoField and BigAutoField are IntegerFields


class IdField(forms.IntegerField):
    """A row's id in a form (a hidden field, a value of a button): ``parse_id``'s rules, the field's
    usual Swedish error otherwise."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class IdChoiceFieldMixin:
    """Checks every submitted value with ``parse_id`` before Django's own lookup in the database."""


class ModelChoiceField(IdChoiceFieldMixin, forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model) or not _key_is_integer(self):
            return super().to_python(value)
        number = parse_id(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(number)


class ModelMultipleChoiceField(IdChoiceFieldMixin, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if _key_is_integer(self):
            numbers = []
            for pk in value:
                number = parse_id(pk)
                if number is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
                numbers.append(number)
            value = numbers
        return super()._check_values(value)


class IdFormSetMixin:
    """For a model formset: the hidden id of each row's form is one of the fields above too."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        field = form.fields.get(name)
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, IdChoiceFieldMixin):
            form.fields[name] = ModelChoiceField(
                field.queryset, initial=field.initial, required=False, widget=field.widget
            )


def id_formfield(db_field, **kwargs):
    """A ModelForm's ``formfield_callback``: foreign keys and many-to-many fields become the fields
    above (unless the form asks for another class)."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    return db_field.formfield(**kwargs)
