"""``bench_pages`` measures every page it names on the demo alone (a growth table starts there) as on
the large set: each page answers 200 (the command stops on any other answer) and is printed with
its query count. The times themselves are a benchmark's, never asserted here."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PAGES = [
    "floor (base template, no query)",
    "start page",
    "organisations, filtered",
    "organisation profile",
    "initiative catalogue",
    "initiative page",
    "IOP list",
    "conference programme",
    "floor, logged in (group member)",
    "dashboard, uncached (group member)",
    "dashboard, cached (group member)",
    "officer's commitments",
    "representative's organisation page",
]


def test_every_page_is_measured_on_the_demo_alone(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench_pages", "--requests", "2", "--warmup", "0", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    for page in PAGES:
        assert any(line.startswith(page + " ") for line in lines), page
