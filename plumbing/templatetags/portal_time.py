"""Dates with their time, written one way (issue 17): the time as the language's ``TIME_FORMAT``
(``overenskommelse/formats``), so 17.00 in Swedish wherever a date carries a time."""

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.utils import formats
from django.utils.html import format_html
from django.utils.timezone import template_localtime

from plumbing.dates import long_date as long_date_text

register = template.Library()


@register.filter
def weekday_and_time(value) -> str:
    """``onsdag 5 mars 2026 17.00`` (``Wednesday 5 March 2026 17:00``); empty for no value."""
    if not value:
        return ""
    value = template_localtime(value)
    return f"{formats.date_format(value, 'l j F Y')} {formats.time_format(value)}"


# Issue 16 (a fast miss): Django's ``date`` and ``time`` filters build a formatter for each value
# (30–50 µs a date); these write the same text for the patterns the public pages use.


@register.filter(expects_localtime=True)
def long_date(value) -> str:
    """``{{ value|date:"j F Y" }}`` ("14 mars 2024"): a date, or a datetime in the current time
    zone; empty for no value."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.date):
        return date_filter(value, "j F Y")
    return long_date_text(value)


def _clock(value: datetime.datetime) -> str:
    """``{{ value|time }}``: the language's ``TIME_FORMAT``, "17.00" in Swedish, "17:00" in English."""
    pattern = formats.get_format("TIME_FORMAT")
    hour, separator, minute = (pattern + "  ")[:3]
    if len(pattern) == 3 and (hour, minute) == ("H", "i") and separator in ".:":
        # hours, a separator, minutes: written directly, the same text as the formatter's
        return f"{value.hour:02d}{separator}{value.minute:02d}"
    return formats.time_format(value)


@register.filter(expects_localtime=True)
def time_element(value):
    """``<time datetime="{{ value|date:'c' }}">{{ value|time }}</time>`` of a datetime in the
    current time zone."""
    if not isinstance(value, datetime.datetime):
        return format_html('<time datetime="{}">{}</time>', date_filter(value, "c"), time_filter(value))
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), _clock(value))
