"""The filter forms of the public lists written in Python (issue 16, point 2: a fast miss).

crispy-forms renders each field through half a dozen templates and was the largest part of a list
page rendered afresh (docs/performance.md, section 5). ``filter_fields`` writes the markup crispy's
bootstrap5 pack wrote for these forms — a row of columns, each field with its label tied to it
(``for``), the widget with crispy's classes, the errors and the help text after it and named by the
widget's ``aria-describedby`` (Django's) — for text and search inputs (``widgets.SearchInput``) and selects, the only fields a filter
form has. ``plumbing/tests/test_filter_form.py`` renders crispy and this side by side.

A form gives its layout as ``columns``: (field name, the column's classes), in order.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# The widgets written here; any other is refused rather than rendered differently from crispy.
_INPUTS = (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput, forms.DateInput)


def _widget_classes(bound: forms.BoundField, base: str) -> str:
    """The widget's ``class`` as crispy's ``crispy_field`` makes it: its own classes, the widget's
    class name in lower case, then ``base`` ("form-control", "form-select") and "is-invalid"."""
    widget = bound.field.widget
    classes = widget.attrs.get("class", "")
    name = type(widget).__name__.lower()
    if not classes:
        classes = name
    elif name not in classes:
        classes += f" {name}"
    words = classes.split()
    for word in (base, "is-invalid") if bound.errors else (base,):
        if word not in words:
            words.append(word)
            classes += f" {word}"
    return classes


def _attrs(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``: in order, ``True`` as a bare name, ``False``
    left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _widget(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, forms.Select):
        # Django's own rendering (LargeSelect writes its options in Python).
        return str(bound.as_widget(attrs={"class": _widget_classes(bound, "form-select")}))
    if not isinstance(widget, _INPUTS):
        raise TypeError(f"{bound.name}: {type(widget).__name__} is not a widget of a filter form")
    classes = _widget_classes(bound, "form-control")
    if bound.field.localize or widget.is_localized:
        return str(bound.as_widget(attrs={"class": classes}))
    # What ``as_widget`` and Django's ``input.html`` write, without the two templates.
    attrs = bound.build_widget_attrs({"class": classes}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    value = widget.format_value(bound.value())
    value_attr = "" if value is None else f' value="{conditional_escape(str(value))}"'
    final = widget.build_attrs(widget.attrs, attrs)
    return f'<input type="{widget.input_type}" name="{bound.html_name}"{value_attr}{_attrs(final)}>'


_ASTERISK = '<span class="asteriskField">*</span>'


def _label(bound: forms.BoundField) -> str:
    if not bound.label:
        return ""
    required = bound.field.required
    tied = f' for="{bound.id_for_label}"' if bound.id_for_label else ""
    return (
        f'<label{tied} class="form-label{" requiredField" if required else ""}">'
        f"{conditional_escape(bound.label)}{_ASTERISK if required else ''}</label>"
    )


def _errors(bound: forms.BoundField) -> str:
    if not bound.errors:
        return ""
    return (
        f'<div id="{bound.errors.field_id}_error" class="invalid-feedback">'
        + "".join(
            f'<span id="error_{number}_{bound.auto_id}"><strong>{conditional_escape(error)}</strong></span>'
            for number, error in enumerate(bound.errors, 1)
        )
        + "</div>"
    )


def _help(bound: forms.BoundField) -> str:
    if not bound.help_text:
        return ""
    help_id = f'id="{bound.auto_id}_helptext" ' if bound.auto_id else ""
    return f'<div {help_id}class="form-text">{bound.help_text}</div>'  # crispy's ``|safe``


def _field(bound: forms.BoundField, column: str) -> str:
    css = bound.css_classes()
    return (
        f'<div class="{column}"><div id="div_{bound.auto_id}" class="mb-3{f" {css}" if css else ""}">'
        f"{_label(bound)}{_widget(bound)}{_errors(bound)}{_help(bound)}</div></div>"
    )


def filter_fields(form: forms.Form, columns: Iterable[tuple[str, str]]) -> SafeString:
    """The fields of ``form`` in a Bootstrap row, one column each, as crispy wrote them."""
    return mark_safe(
        '<div class="row">' + "".join(_field(form[name], column) for name, column in columns) + "</div>"
    )
