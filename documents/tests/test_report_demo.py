"""The demo data gains last year's closed round with its report made and published."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from documents.models import FollowUpReport
from overenskommelse.demo_year import demo_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    settings.DEBUG = False
    return out.getvalue()


def test_last_years_report_is_made_published_and_public(demo, client):
    last_year = demo_year() - 1
    report = FollowUpReport.objects.get(followup_round__year=last_year)
    assert report.status == "done" and report.version == 1
    assert report.published_at is not None
    assert default_storage.exists(report.file.name)
    assert report.pages and report.pages > 8
    assert f"follow-up report {last_year}: version 1 published" in demo
    page = client.get(reverse("documents:published_reports")).content.decode()
    assert f"Uppföljningen av {last_year}" in page
    response = client.get(reverse("documents:report_download", args=[report.pk]))
    assert response.status_code == 200


def test_loading_the_demo_again_makes_no_new_version(demo, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert FollowUpReport.objects.filter(followup_round__year=demo_year() - 1).count() == 1
