"""Form widgets for large choice lists.

Django renders every ``<option>`` of a ``Select`` through its own template, which costs about
0.05 ms an option: a filter with the 2,000 organisations of a region's initiatives spends most of
its page time there (docs/performance.md). ``LargeSelect`` writes the same markup in Python.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


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
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")
