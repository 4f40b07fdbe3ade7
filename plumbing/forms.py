"""What every app's forms and form views share: the summary of errors above a form, and tying what
a service refused to the field it is about."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ErrorSummaryMixin:
    """``error_summary()``: each field with an error, in the order of the form, as (the id of its
    input, its label), for the summary above the form.

    Each link goes to the field's own input (its first option for radio buttons and check boxes,
    which have no single input), whatever the form's prefix: a screen reader lands on the field and
    reads its label, on every form alike. ``SHORT_LABELS`` names a field whose label is a whole
    sentence (a check box) in a few words; ``plain_labels`` holds a label as it reads without the
    marks a form adds to it (a "*" for what sending needs), set by such a form's ``__init__``."""

    SHORT_LABELS: Mapping[str, str] = {}
    plain_labels: Mapping[str, str] = {}

    def error_summary(self) -> list[tuple[str, str]]:
        summary = []
        for name in self.fields:
            if name not in self.errors or name == NON_FIELD_ERRORS:
                continue
            bound = self[name]
            anchor = bound.id_for_label or (f"{bound.auto_id}_0" if bound.auto_id else "")
            summary.append((anchor, self.SHORT_LABELS.get(name, self.plain_labels.get(name, bound.label))))
        return summary


def apply_service_errors(
    error: ValidationError, form, *, rows: Mapping[str, Callable[[int], object]] | None = None
) -> None:
    """Tie what a service refused to the field it is about (or to the form as a whole).

    A service refusing one row of a formset names it ``"<rows>.<index>.<field>"``
    (``contributions.0.amount``); ``rows`` maps ``<rows>`` to a function giving that row's form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    rows = rows or {}
    for key, errors in error.error_dict.items():
        kind, _dot, rest = key.partition(".")
        if kind in rows and rest:
            index, _dot, field = rest.partition(".")
            rows[kind](int(index)).add_error(field, errors)
        elif key in form.fields:
            form.add_error(key, errors)
        else:
            form.add_error(None, errors)
