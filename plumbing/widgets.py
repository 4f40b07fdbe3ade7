"""Form widgets for large choice lists.

Django renders every ``<option>`` of a ``Select`` through its own template, which costs about
0.05 ms an option: a filter with the 2,000 organisations of a region's initiatives spends most of
its page time there (docs/performance.md). ``LargeSelect`` writes the same markup in Python.
"""

from collections.abc import Callable, Hashable, Iterable
from html import escape

from django import forms
from django.db import models
from django.utils.choices import BaseChoiceIterator
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


class FrozenChoices(BaseChoiceIterator):
    """Flat choices made once: (value, text) pairs, every label already text. A ``ChoiceField``
    takes a ``BaseChoiceIterator`` as it is (no ``normalize_choices`` of each option at each
    form), and ``LargeSelect`` writes its options once per selection (``options``)."""

    def __init__(self, pairs: Iterable[tuple[object, object]]):
        self.pairs = tuple(("" if value is None else str(value), str(label)) for value, label in pairs)
        self.values = frozenset(value for value, _label in self.pairs)
        self._options: dict[frozenset[str], str] = {}

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __getitem__(self, index):
        return self.pairs[index]

    def options(self, selected: set[str]) -> str:
        """The ``<option>`` elements, those in ``selected`` selected (LargeSelect's markup)."""
        chosen = self.values.intersection(selected)
        try:
            return self._options[chosen]
        except KeyError:
            html = self._options[chosen] = _options(self.pairs, chosen)
            return html


# (language, the caller's key) → the choices made for it. The key holds the data the choices are
# made of (e.g. the reference cache's umbrella organisations), so new data is a new key: nothing
# stale is ever read, and the old entries are dropped when there are too many.
_FROZEN: dict[tuple, FrozenChoices] = {}
_FROZEN_MAX = 256


def frozen_choices(key: Hashable, make: Callable[[], Iterable[tuple[object, object]]]) -> FrozenChoices:
    """The choices ``make()`` returns (lazy labels turned into text in the active language), made
    once per language and ``key``. ``key`` must hold everything the choices depend on besides
    the language and the translation catalogues (which do not change while a process runs)."""
    full_key = (get_language(), key)
    try:
        return _FROZEN[full_key]
    except KeyError:
        if len(_FROZEN) >= _FROZEN_MAX:
            _FROZEN.clear()
        choices = _FROZEN[full_key] = FrozenChoices(make())
        return choices


def _options(pairs: Iterable[tuple[str, object]], selected) -> str:
    return "".join(
        '<option value="{}"{}>{}</option>'.format(
            escape(option_value),
            " selected" if option_value in selected else "",
            escape(str(label)),
        )
        for option_value, label in pairs
    )


class SearchInput(forms.TextInput):
    """A search box: ``<input type="search">`` (a clear button, the keyboard's search key). The type
    is the widget's own; a ``type`` in its ``attrs`` would be written after Django's (a repeated
    attribute, which browsers read as the first one, "text")."""

    input_type = "search"


class LargeSelect(forms.Select):
    """A ``Select`` that writes its options directly (flat choices); the markup is Django's own,
    so labels, ids, ``aria-*`` and the classes crispy-forms adds are kept."""

    def render(self, name, value, attrs=None, renderer=None):
        if isinstance(self.choices, FrozenChoices):
            options = self.choices.options(set(self.format_value(value)))
        else:
            choices = list(self.choices)
            if any(isinstance(label, (list, tuple)) for _value, label in choices):
                return super().render(name, value, attrs, renderer)  # option groups: Django's way
            options = _options(
                ((("" if v is None else str(v)), l) for v, l in choices), set(self.format_value(value))
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        return mark_safe(f"<select{_flat_attrs(final_attrs)}>{options}</select>")


def _flat_attrs(attrs: dict) -> str:
    """``django.forms.utils.flatatt`` (sorted ``name="value"``, then the sorted names of ``True``
    attributes, ``False`` and ``None`` left out) without ``format_html`` for each attribute."""
    pairs = sorted((name, value) for name, value in attrs.items() if not isinstance(value, bool) and value is not None)
    names = sorted(name for name, value in attrs.items() if value is True)
    return "".join(f' {name}="{conditional_escape(value)}"' for name, value in pairs) + "".join(
        f" {name}" for name in names
    )
