"""Dates with their time, written one way (issue 17): the time as the language's ``TIME_FORMAT``
(``overenskommelse/formats``), so 17.00 in Swedish wherever a date carries a time."""

from django import template
from django.utils import formats
from django.utils.timezone import template_localtime

register = template.Library()


@register.filter
def weekday_and_time(value) -> str:
    """``onsdag 5 mars 2026 17.00`` (``Wednesday 5 March 2026 17:00``); empty for no value."""
    if not value:
        return ""
    value = template_localtime(value)
    return f"{formats.date_format(value, 'l j F Y')} {formats.time_format(value)}"
