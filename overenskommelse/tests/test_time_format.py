"""Issue 17: a time is written one way everywhere, 17.00 in Swedish (17:00 in English), through the
language's ``TIME_FORMAT`` (``overenskommelse/formats``), never a pattern of a template's own."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, timezone, translation

BASE = Path(settings.BASE_DIR)
FIVE_PM = timezone.make_aware(datetime.datetime(2026, 3, 4, 17, 0))  # Stockholm time

# Every area writes its times one way now (the follow-up's split took its templates along).
NOT_YET = ()

# Machine formats, not words for people: the browser's datetime-local field, the admin's one-line
# name of an audit entry, the check-in time in the participant list's spreadsheet (a value the
# spreadsheet reads as a date and time).
MACHINE = {
    "collaboration/forms/meeting.py": "%Y-%m-%dT%H:%M",
    "conferences/forms/conference.py": "%Y-%m-%dT%H:%M",
    "conferences/selectors/attendance.py": "%Y-%m-%d %H:%M",
    "plumbing/models.py": "%Y-%m-%d %H:%M",
}


@pytest.mark.parametrize(("language", "expected"), [("sv", "17.00"), ("en", "17:00")])
def test_a_time_is_written_the_languages_one_way(language, expected):
    with translation.override(language):
        assert formats.time_format(datetime.time(17, 0)) == expected
        assert Template("{{ at|time }}").render(Context({"at": datetime.time(17, 0)})) == expected
        assert formats.date_format(datetime.datetime(2026, 3, 4, 17, 0), "DATETIME_FORMAT").endswith(expected)


def test_a_meetings_day_and_time_in_swedish():
    with translation.override("sv"):
        rendered = Template("{% load portal_time %}{{ at|weekday_and_time }}").render(Context({"at": FIVE_PM}))
    assert rendered == "onsdag 4 mars 2026 17.00"


def _files(pattern: str):
    for path in sorted(BASE.glob(pattern)):
        relative = path.relative_to(BASE).as_posix()
        if relative.startswith((".venv/", *NOT_YET)) or "/tests/" in relative or "/migrations/" in relative:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_no_template_writes_a_time_pattern_of_its_own():
    own = re.compile(r"[|:]\s*(?:time|date)\s*:\s*[\"'][^\"']*[HG][.:]i")
    found = [
        f"{name}:{number}"
        for name, text in _files("templates/**/*.*")
        for number, line in enumerate(text.splitlines(), 1)
        if own.search(line)
    ]
    assert not found, 'write |time or |date:"DATETIME_FORMAT" (or |weekday_and_time):\n' + "\n".join(found)


def test_no_python_code_writes_a_time_pattern_of_its_own():
    pattern = re.compile(r"%H[.:]%M|[\"'][^\"']*\bH[.:]i\b[^\"']*[\"']")
    found = []
    for name, text in _files("**/*.py"):
        if name.startswith("overenskommelse/formats/"):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            match = pattern.search(line)
            if match and MACHINE.get(name, "\0") not in line:
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "use formats.time_format or DATETIME_FORMAT:\n" + "\n".join(found)
