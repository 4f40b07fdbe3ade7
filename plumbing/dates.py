"""The range of the dates people type (issue 13): a board decision in year 1 or a commitment running
until 9999 is a typing mistake, not a fact.

Two rules, both given to the model fields as validators (so the forms built on them, the admin and
the services that call ``full_clean`` all apply them) and to the plain forms' date fields:

* ``validate_past_date`` – something that has happened (a board's decision, a meeting that decided):
  from 1900 until today;
* ``validate_plan_date`` – something planned (a commitment, a term, a conference): from 1900 until
  ``PLAN_YEARS`` years ahead.

Both take a date or a datetime (a datetime counts by its local date).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = datetime.date(1900, 1, 1)
PLAN_YEARS = 50


# The month names (``MONTHS``, lazy) as text, per language: the catalogues do not change while a
# process runs, and a lazy name costs a catalogue look-up each time it is written.
_MONTH_NAMES: dict[str | None, dict[int, str]] = {}


def long_date(day: datetime.date | None) -> str:
    """A date as people write it, in the active language: "23 november 2026" ("" for no date). The
    text of ``date_format(day, "j F Y")``, without building a formatter for each date (issue 16: the
    public lists write many)."""
    if not day:
        return ""
    language = get_language()
    months = _MONTH_NAMES.get(language)
    if months is None:
        months = _MONTH_NAMES[language] = {number: str(name) for number, name in MONTHS.items()}
    return f"{day.day} {months[day.month]} {day.year}"


def same_day_years_later(day: datetime.date, years: int) -> datetime.date:
    """The same date ``years`` later (28 February for a 29 February in a year without one)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The last day of a period of ``years`` whole years starting on ``day``: the day before the
    same date ``years`` later (a term from 1 March 2026 for two years ends on 28 February 2028)."""
    return same_day_years_later(day, years) - datetime.timedelta(days=1)


def latest_plan_date(today: datetime.date | None = None) -> datetime.date:
    return same_day_years_later(today or timezone.localdate(), PLAN_YEARS)


@deconstructible
class DateRangeValidator:
    """From ``EARLIEST_DATE`` until today (``past=True``) or until ``PLAN_YEARS`` years ahead."""

    def __init__(self, *, past: bool = False):
        self.past = past

    def __call__(self, value) -> None:
        if value is None:
            return
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if value < EARLIEST_DATE:
            raise ValidationError(
                _("Give a date from the year %(year)s onwards.") % {"year": EARLIEST_DATE.year},
                code="date_too_early",
            )
        if self.past and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="date_in_future")
        if not self.past and value > latest_plan_date():
            raise ValidationError(
                _("Give a date at most %(years)s years ahead.") % {"years": PLAN_YEARS},
                code="date_too_late",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRangeValidator) and other.past == self.past

    def __hash__(self) -> int:
        return hash(("DateRangeValidator", self.past))


validate_past_date = DateRangeValidator(past=True)
validate_plan_date = DateRangeValidator()


def apply_model_date_rules(form) -> None:
    """For a ModelForm that skips the model's ``full_clean`` (its service validates the row as a
    whole): give each date field the range rule of its model field, so the form still refuses it."""
    model = form._meta.model
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            model_field = None
        for validator in getattr(model_field, "validators", []):
            if isinstance(validator, DateRangeValidator) and validator not in field.validators:
                field.validators.append(validator)
