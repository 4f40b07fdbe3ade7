"""``{% filter_fields form %}``: a public list's filter form, written in Python (plumbing/filter_form.py)."""

from django import template

from plumbing.filter_form import filter_fields as write_filter_fields

register = template.Library()


@register.simple_tag
def filter_fields(form):
    """The fields of ``form`` in the columns it names (``form.columns``)."""
    return write_filter_fields(form, form.columns)
