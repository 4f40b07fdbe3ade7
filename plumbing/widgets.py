"""Form widgets for large choice lists.

Django renders every ``<option>`` of a ``Select`` through its own template, which costs about
0.05 ms an option: a filter with the 2,000 organisations of a region's initiatives spends most of
its page time there (docs/performance.md). ``LargeSelect`` writes the same markup in Python.
"""

from html import escape

from django import forms
from django.db import models
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# (choices class, language) → its (value, translated label) pairs.
_TRANSLATED: dict[tuple[type[models.Choices], str | None], list[tuple[str, str]]] = {}


def translated_choices(choices: type[models.Choices]) -> list[tuple[str, str]]:
    """``choices.choices`` with the labels translated into the active language, each label once
    per language and process (the catalogues do not change while a process runs), not each time a
    list's filter writes its options: a lazy label costs a catalogue look-up every time it is
    turned into text."""
    key = (choices, get_language())
    try:
        return list(_TRANSLATED[key])
    except KeyError:
        pairs = _TRANSLATED[key] = [(value, str(label)) for value, label in choices.choices]
        return list(pairs)


class SearchInput(forms.TextInput):
    """A search box: ``<input type="search">`` (a clear button, the keyboard's search key). The type
    is the widget's own; a ``type`` in its ``attrs`` would be written after Django's (a repeated
    attribute, which browsers read as the first one, "text")."""

    input_type = "search"


class LargeSelect(forms.Select):
    """A ``Select`` that writes its options directly (flat choices); the markup is Django's own,
    so labels, ids, ``aria-*`` and the classes crispy-forms adds are kept."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's way
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = set(self.format_value(value))
        options = "".join(
            '<option value="{}"{}>{}</option>'.format(
                escape(option_value),
                " selected" if option_value in selected else "",
                escape(str(label)),
            )
            for option_value, label in ((("" if v is None else str(v)), l) for v, l in choices)
        )
        return mark_safe(f"<select{_flat_attrs(final_attrs)}>{options}</select>")


def _flat_attrs(attrs: dict) -> str:
    """``django.forms.utils.flatatt`` (sorted ``name="value"``, then the sorted names of ``True``
    attributes, ``False`` and ``None`` left out) without ``format_html`` for each attribute."""
    pairs = sorted((name, value) for name, value in attrs.items() if not isinstance(value, bool) and value is not None)
    names = sorted(name for name, value in attrs.items() if value is True)
    return "".join(f' {name}="{conditional_escape(value)}"' for name, value in pairs) + "".join(
        f" {name}" for name in names
    )
