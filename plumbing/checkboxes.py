"""A field of checkboxes (``CheckboxSelectMultiple``) written in Python, as crispy-forms wrote it
(issue 16, the logged-in mix).

crispy's bootstrap5 pack renders every option through a template of its own (the option's
``form-check`` div, its attributes, its label): with a hundred umbrella organisations that was
most of the time of an organisation's own page. ``CheckboxesField`` is a crispy layout object that
writes the same markup — the ``fieldset`` with its ``legend`` (named by ``aria-describedby``), a
``form-check`` div an option with the input and its label tied by id, the ticked ones ``checked``,
"is-invalid" and the errors after the last option, the help text after the options — so the rest of
the form keeps crispy's rendering. ``plumbing/tests/test_checkboxes.py`` renders both side by side.
"""

from __future__ import annotations

import html

from crispy_forms.layout import LayoutObject
from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .filter_form import _ASTERISK, _attrs


def _unlocalized(value) -> str:
    """The template filter ``unlocalize``, escaped as a template does."""
    return conditional_escape(str(localize(value, use_l10n=False)))


def _errors(bound: forms.BoundField) -> str:
    """crispy's ``field_errors_block.html``."""
    return (
        f'<div id="{bound.errors.field_id}_error" class="invalid-feedback">'
        + "".join(
            f'<p id="error_{number}_{bound.auto_id}"><strong>{conditional_escape(error)}</strong></p>'
            for number, error in enumerate(bound.errors, 1)
        )
        + "</div>"
    )


def _escaped(value) -> str:
    """``_unlocalized``, quicker for a plain string (the labels and values of most options)."""
    return html.escape(value) if type(value) is str else _unlocalized(value)


def _flat_options(bound: forms.BoundField, attrs: dict, ticked: list, input_class: str, name: str) -> str | None:
    """The options as ``_options`` writes them, for a plain ``CheckboxSelectMultiple`` whose choices
    have no groups, without a dict an option (``ChoiceWidget.create_option``): the attributes every
    box shares are written once, the box's id and ``checked`` put in their places. None for any
    other widget or choices (``_options`` writes them)."""
    widget = bound.field.widget
    if type(widget) is not forms.CheckboxSelectMultiple:
        return None
    shared = widget.build_attrs(widget.attrs, attrs)
    if "id" not in shared or "checked" in shared:
        return None
    choices = list(widget.choices)
    if any(isinstance(label, (list, tuple)) for _value, label in choices):
        return None
    names = list(shared)
    place = names.index("id")
    before = _attrs({key: shared[key] for key in names[:place]})
    after = _attrs({key: shared[key] for key in names[place + 1 :]})
    id_ = conditional_escape(str(shared["id"]))
    ticked = set(ticked)
    last = len(choices) - 1 if bound.errors else -1
    parts = ["<div>"]
    for index, (value, label) in enumerate(choices):
        if value is None:
            value = ""
        checked = " checked" if str(value) in ticked else ""
        parts.append(
            f'<div class="form-check"><input type="checkbox" class="{input_class}" '
            f'name="{name}" value="{_escaped(value)}"{before} id="{id_}_{index}"{after}{checked}>'
            f'<label for="{id_}_{index}" class="form-check-label">'
            f'{_escaped(label)}</label>{_errors(bound) if index == last else ""}</div>'
        )
    parts.append("</div>")
    return "".join(parts)


def _options(bound: forms.BoundField) -> str:
    """crispy's ``radio_checkbox_select.html`` without the template an option: the options as
    crispy's ``optgroups`` filter finds them (the widget's own ``optgroups``)."""
    widget = bound.field.widget
    id_ = widget.attrs.get("id") or bound.auto_id
    attrs = bound.build_widget_attrs({"id": id_} if id_ else {})
    ticked = widget.format_value(bound.value())
    errors = bool(bound.errors)
    input_class = "form-check-input is-invalid" if errors else "form-check-input"
    name = conditional_escape(bound.html_name)
    flat = _flat_options(bound, attrs, ticked, input_class, name)
    if flat is not None:
        return flat
    groups = widget.optgroups(bound.html_name, ticked, attrs)
    parts = ["<div>"]
    for group_number, (group, options, _index) in enumerate(groups, 1):
        if group:
            parts.append(f"<strong>{conditional_escape(group)}</strong>")
        for number, option in enumerate(options, 1):
            last = errors and number == len(options) and group_number == len(groups)
            parts.append(
                f'<div class="form-check"><input type="{option["type"]}" class="{input_class}" '
                f'name="{name}" value="{_unlocalized(option["value"])}"{_attrs(option["attrs"])}>'
                f'<label for="{conditional_escape(option["attrs"].get("id", ""))}" class="form-check-label">'
                f'{_unlocalized(option["label"])}</label>{_errors(bound) if last else ""}</div>'
            )
    parts.append("</div>")
    return "".join(parts)


def checkboxes(bound: forms.BoundField) -> SafeString:
    """The field as crispy's bootstrap5 ``field.html`` wrote it (labels shown, not horizontal)."""
    widget = bound.field.widget
    if not isinstance(widget, forms.CheckboxSelectMultiple):
        raise TypeError(f"{bound.name}: {type(widget).__name__} is not a CheckboxSelectMultiple")
    if bound.is_hidden:
        return mark_safe(str(bound))
    css = bound.css_classes()
    opening = closing = ""
    if bound.label:
        required = bound.field.required
        described = bound.aria_describedby
        described = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        tied = f' for="{bound.id_for_label}"' if bound.id_for_label else ""
        opening = (
            f"<fieldset{described}><legend{tied} "
            f'class="form-label{" requiredField" if required else ""} fs-6">'
            f"{conditional_escape(bound.label)}{_ASTERISK if required else ''}</legend>"
        )
        closing = "</fieldset>"
    help_text = ""
    if bound.help_text:
        help_id = f'id="{bound.auto_id}_helptext" ' if bound.auto_id else ""
        help_text = f'<div {help_id}class="form-text">{bound.help_text}</div>'  # crispy's ``|safe``
    return mark_safe(
        f'<div id="div_{bound.auto_id}" class="mb-3{f" {css}" if css else ""}">'
        f"{opening}{_options(bound)}{help_text}{closing}</div>"
    )


class CheckboxesField(LayoutObject):
    """In a crispy ``Layout``, in place of the field's name: the field written by ``checkboxes``."""

    def __init__(self, name: str):
        self.fields = [name]
        self.name = name

    def render(self, form, context, template_pack=None, **kwargs) -> SafeString:
        rendered = getattr(form, "rendered_fields", None)
        if rendered is not None:
            rendered.add(self.name)
        return checkboxes(form[self.name])
