"""``long_date`` and ``time_element`` (plumbing/templatetags/portal_time.py) write what Django's
``date`` and ``time`` filters wrote on the public pages: side by side, in both languages, for
dates, datetimes on either side of midnight in the portal's time zone, and no value."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

UTC = datetime.UTC

VALUES = [
    datetime.date(2024, 3, 14),
    datetime.date(2025, 12, 1),
    # 23.30 UTC on 31 May is 1 June in Stockholm: the date of the portal's time zone.
    datetime.datetime(2024, 5, 31, 23, 30, tzinfo=UTC),
    datetime.datetime(2024, 1, 1, 8, 5, 59, 123456, tzinfo=UTC),
    datetime.datetime(2026, 10, 25, 0, 59, tzinfo=UTC),  # the night summer time ends
    None,
    "",
]

DATE_BEFORE = Template('{{ value|date:"j F Y" }}|{{ value|date:"j F Y"|default:"–" }}')
DATE_AFTER = Template('{% load portal_time %}{{ value|long_date }}|{{ value|long_date|default:"–" }}')
IN_TRANSLATION_BEFORE = Template('{% load i18n %}{% blocktranslate with date=value|date:"j F Y" %}Sent on {{ date }}{% endblocktranslate %}')
IN_TRANSLATION_AFTER = Template('{% load i18n portal_time %}{% blocktranslate with date=value|long_date %}Sent on {{ date }}{% endblocktranslate %}')
TIME_BEFORE = Template("<time datetime=\"{{ value|date:'c' }}\">{{ value|time }}</time>")
TIME_AFTER = Template("{% load portal_time %}{{ value|time_element }}")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("value", VALUES)
def test_long_date_is_the_date_filter(language, value):
    with translation.override(language):
        context = {"value": value}
        assert DATE_AFTER.render(Context(context)) == DATE_BEFORE.render(Context(context))
        assert IN_TRANSLATION_AFTER.render(Context(context)) == IN_TRANSLATION_BEFORE.render(Context(context))


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("value", [v for v in VALUES if isinstance(v, datetime.datetime)] + [None])
def test_time_element_is_the_date_and_time_filters(language, value):
    with translation.override(language):
        assert TIME_AFTER.render(Context({"value": value})) == TIME_BEFORE.render(Context({"value": value}))


def test_the_date_and_time_are_the_portals_time_zone():
    value = datetime.datetime(2024, 5, 31, 23, 30, tzinfo=UTC)
    with translation.override("sv"), timezone.override("Europe/Stockholm"):
        assert Template("{% load portal_time %}{{ value|long_date }}").render(Context({"value": value})) == "1 juni 2024"
        assert (
            TIME_AFTER.render(Context({"value": value}))
            == '<time datetime="2024-06-01T01:30:00+02:00">01.30</time>'
        )
    with translation.override("en"), timezone.override("Europe/Stockholm"):
        assert TIME_AFTER.render(Context({"value": value})).endswith(">01:30</time>")
