"""Uploads kept between a form with errors and the next try (plumbing/uploads.py): they are
used by the next try, limited per account, and deleted after a day when nobody used them."""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Accession
from plumbing.models import KeptUpload
from plumbing.tasks import clean_kept_uploads
from plumbing.uploads import KEPT_UPLOADS_PER_USER

pytestmark = pytest.mark.django_db

START = "accounts:accession_start"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _pdf(name: str = "protokoll.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * 2000, content_type="application/pdf")


def _stored(media) -> list:
    folder = media / "accessions"
    return sorted(folder.iterdir()) if folder.exists() else []


def _failed_post(client, token: str = "") -> str:
    """A post whose name is missing (an error), with a PDF: the form keeps the file."""
    data = {"name": "", "minutes_extract": _pdf(), "action": "save"}
    if token:
        data["minutes_token"] = token
    response = client.post(reverse(START), data)
    assert response.status_code == 200
    return re.search(r'name="minutes_token" value="([^"]+)"', response.content.decode()).group(1)


def _a_day_later():
    return timezone.now() + datetime.timedelta(days=1, minutes=1)


def test_three_failed_posts_leave_no_file_a_day_later(client, ordinary_user, media, monkeypatch):
    client.force_login(ordinary_user)
    for _ in range(3):
        _failed_post(client)
    assert len(_stored(media)) == 3
    assert clean_kept_uploads() == 0  # not yet a day old
    later = _a_day_later()
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert clean_kept_uploads() == 3
    assert _stored(media) == []
    assert not KeptUpload.objects.exists()
    assert not Accession.objects.exists()


def test_an_account_holds_at_most_five_kept_uploads_and_the_newest_still_works(
    client, ordinary_user, media
):
    client.force_login(ordinary_user)
    tokens = [_failed_post(client) for _ in range(KEPT_UPLOADS_PER_USER + 3)]
    assert len(_stored(media)) == KEPT_UPLOADS_PER_USER
    # The form on the screen carries the newest: the next try still gets its file.
    client.post(reverse(START), {"name": "Föreningen X", "minutes_token": tokens[-1], "action": "save"})
    assert Accession.objects.get().minutes_extract


def test_the_oldest_kept_upload_is_dropped_and_its_token_gives_no_file(client, ordinary_user):
    client.force_login(ordinary_user)
    tokens = [_failed_post(client) for _ in range(KEPT_UPLOADS_PER_USER + 1)]
    client.post(reverse(START), {"name": "Föreningen X", "minutes_token": tokens[0], "action": "save"})
    assert not Accession.objects.get().minutes_extract


def test_choosing_a_new_file_on_the_next_try_replaces_the_kept_one(client, ordinary_user, media):
    client.force_login(ordinary_user)
    token = _failed_post(client)
    for _ in range(2):
        token = _failed_post(client, token=token)
    assert len(_stored(media)) == 1


def test_a_kept_upload_taken_by_an_application_stays_after_the_cleanup(
    client, ordinary_user, media, monkeypatch
):
    client.force_login(ordinary_user)
    token = _failed_post(client)
    client.post(reverse(START), {"name": "Föreningen X", "minutes_token": token, "action": "save"})
    later = _a_day_later()
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert clean_kept_uploads() == 0
    accession = Accession.objects.get()
    assert accession.minutes_extract.open("rb").read().startswith(b"%PDF-")


def test_a_cleaned_up_upload_cannot_be_used_by_a_late_try(client, ordinary_user, monkeypatch):
    client.force_login(ordinary_user)
    token = _failed_post(client)
    later = timezone.now() + datetime.timedelta(hours=23, minutes=59)
    KeptUpload.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    clean_kept_uploads()
    monkeypatch.setattr(timezone, "now", lambda: later)
    client.post(reverse(START), {"name": "Föreningen X", "minutes_token": token, "action": "save"})
    assert not Accession.objects.get().minutes_extract


def test_the_cleanup_runs_from_celery_beat():
    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "overenskommelse.tasks.clean_kept_uploads" in tasks
