"""A form's crispy ``Layout`` written in Python, as crispy-forms' bootstrap5 pack wrote it (issue 16,
the logged-in mix: an organisation's own page).

``{% crispy form %}`` renders every field through half a dozen templates (``field.html``, its
label, the widget's own template, the help text and the errors) and every ``Fieldset``, ``Row`` and
``Column`` through one more: most of the time of a page with a long form. ``layout_html(form)``
writes the same markup — the form's non-field errors, then its ``helper.layout`` (or, without a
layout, every field in order) — with the helpers of ``filter_form`` and ``checkboxes``:

* ``Fieldset`` (its legend as crispy writes it, not escaped), ``Row``, ``Column`` and ``Div``, with
  their ``css_class``, ``css_id`` and other attributes; ``CheckboxesField``;
* the fields: text, email, URL, number and date inputs, selects, text areas, a single checkbox and
  a field of checkboxes, each with its label tied to it, crispy's classes, the errors and the help
  text after it (named by the widget's ``aria-describedby``).

Anything else (another layout object, another widget, a template of one's own) is refused rather
than written differently from crispy. ``plumbing/tests/test_form_layout.py`` renders crispy and
this side by side.
"""

from __future__ import annotations

from crispy_forms.layout import Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .checkboxes import CheckboxesField, checkboxes
from .filter_form import (
    _ASTERISK,
    _attrs,
    _errors,
    _help,
    _label,
    _widget,
    _widget_classes,
)

_TEMPLATES = {
    Fieldset: "%s/layout/fieldset.html",
    Row: "%s/layout/row.html",
    Column: "%s/layout/column.html",
    Div: "%s/layout/div.html",
}


def _textarea(bound: forms.BoundField) -> str:
    """What ``as_widget`` and Django's ``textarea.html`` write."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs(
        {"class": _widget_classes(bound, "form-control")}, widget
    )
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    value = widget.format_value(bound.value())
    final = widget.build_attrs(widget.attrs, attrs)
    text = conditional_escape(value) if value else ""
    return f'<textarea name="{bound.html_name}"{_attrs(final)}>\n{text}</textarea>'


def _checkbox_input(bound: forms.BoundField) -> str:
    """What ``as_widget`` and Django's ``checkbox.html`` (``input.html``) write."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs(
        {"class": _widget_classes(bound, "form-check-input")}, widget
    )
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    value = bound.value()
    if widget.check_test(value):
        attrs["checked"] = True
    value = widget.format_value(value)
    value_attr = "" if value is None else f' value="{conditional_escape(str(value))}"'
    final = widget.build_attrs(widget.attrs, attrs)
    return f'<input type="{widget.input_type}" name="{bound.html_name}"{value_attr}{_attrs(final)}>'


def _checkbox(bound: forms.BoundField) -> str:
    """``field.html`` for a single checkbox: the box, then its label."""
    css = bound.css_classes()
    required = bound.field.required
    label = (
        f'<label for="{bound.id_for_label}" class="form-check-label{" requiredField" if required else ""}">'
        f"{conditional_escape(bound.label)}{_ASTERISK if required else ''}</label>"
    )
    return (
        f'<div class="mb-3"><div id="div_{bound.auto_id}" class="form-check{f" {css}" if css else ""}">'
        f"{_checkbox_input(bound)}{label}{_errors(bound)}{_help(bound)}</div></div>"
    )


def field_html(bound: forms.BoundField) -> str:
    """One field as crispy's bootstrap5 ``field.html`` wrote it (labels shown, not horizontal)."""
    if bound.is_hidden:
        return str(bound)
    widget = bound.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return checkboxes(bound)
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox(bound)
    if isinstance(widget, forms.Textarea):
        control = _textarea(bound)
    else:
        control = _widget(bound)  # inputs and selects; anything else is refused
    css = bound.css_classes()
    return (
        f'<div id="div_{bound.auto_id}" class="mb-3{f" {css}" if css else ""}">'
        f"{_label(bound)}{control}{_errors(bound)}{_help(bound)}</div>"
    )


def _own_template(item) -> bool:
    return item.template != _TEMPLATES[type(item)]


def _item(form: forms.Form, item) -> str:
    if isinstance(item, str):
        return field_html(form[item])
    if isinstance(item, CheckboxesField):
        return checkboxes(form[item.name])
    kind = type(item)
    if kind not in _TEMPLATES or _own_template(item):
        raise TypeError(f"{kind.__name__} is not written by layout_html")
    inner = "".join(_item(form, child) for child in item.fields)
    css_id = f' id="{conditional_escape(item.css_id)}"' if item.css_id else ""
    if kind is Fieldset:
        css_class = (
            f' class="{conditional_escape(item.css_class)}"' if item.css_class else ""
        )
        legend = (
            f"<legend>{item.legend}</legend>" if item.legend else ""
        )  # crispy's ``|safe``
        return (
            f"<fieldset{css_id}{css_class}{item.flat_attrs}>{legend}{inner}</fieldset>"
        )
    css_class = item.css_class or ""
    if kind is Row:
        css_class = f"row {css_class}"
    elif kind is Column and "col" not in css_class:
        css_class = f"col-md {css_class}"
    classes = (
        f' class="{conditional_escape(css_class)}"'
        if css_class or kind is not Div
        else ""
    )
    return f"<div{css_id}{classes}{item.flat_attrs}>{inner}</div>"


def _non_field_errors(form: forms.Form) -> str:
    """crispy's ``errors.html`` (no title)."""
    errors = form.non_field_errors()
    if not errors:
        return ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
    return f'<div class="alert alert-block alert-danger"><ul class="m-0">{items}</ul></div>'


def layout_html(form: forms.Form) -> SafeString:
    """``{% crispy form %}`` for a form whose helper has ``form_tag`` off and crispy's defaults
    otherwise (errors and labels shown, the errors inline)."""
    helper = form.helper
    if helper.form_tag or not helper.form_show_errors or not helper.form_show_labels:
        raise ValueError(
            "layout_html writes a form without its <form> tag, with labels and errors"
        )
    if (
        not helper.error_text_inline
        or helper.render_unmentioned_fields
        or helper.render_hidden_fields
    ):
        raise ValueError(
            "layout_html writes the errors inline and only the fields of the layout"
        )
    layout = helper.layout or Layout(*form.fields)
    return mark_safe(
        _non_field_errors(form) + "".join(_item(form, item) for item in layout.fields)
    )
