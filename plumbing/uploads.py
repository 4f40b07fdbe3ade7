"""Uploads kept between a form with errors and the next try.

A volunteer who attaches a PDF to a form that has an error elsewhere should not have to choose the
file again: the form stores it here and carries a signed token to the next try. Each stored file has
a ``KeptUpload`` row, so that

* one account holds at most ``KEPT_UPLOADS_PER_USER`` of them: storing one more drops the oldest
  (the newest is the one the form on the screen carries; an error about files the person cannot
  see would only stop them finishing the form);
* a record that takes the file removes the row (``kept_upload_take``), and only then is the file
  the record's;
* what no record took is deleted after ``KEPT_UPLOAD_MAX_AGE`` by a periodic task
  (``kept_uploads_clean``), the stored file with its row.

The row's conditional delete is the claim: a form taking the file and the cleanup deleting it
cannot both succeed.
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .models import KeptUpload

logger = logging.getLogger(__name__)

KEPT_UPLOADS_PER_USER = 5
KEPT_UPLOAD_MAX_AGE = datetime.timedelta(days=1)


def _delete_file(path: str) -> None:
    try:
        default_storage.delete(path)
    except OSError:  # already gone, or the storage refuses: the row is gone either way
        logger.warning("kept upload %s could not be deleted", path, exc_info=True)


def kept_upload_store(*, user, upload, folder: str, extension: str = "pdf") -> str:
    """Store ``upload`` for ``user``'s next try and return its storage path. Drops the user's
    oldest kept uploads beyond ``KEPT_UPLOADS_PER_USER`` (row and file)."""
    upload.seek(0)
    path = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{extension}", upload)
    with transaction.atomic():
        KeptUpload.objects.create(path=path, user=user)
        dropped = list(
            KeptUpload.objects.filter(user=user)
            .order_by("-created_at", "-pk")
            .values_list("pk", "path")[KEPT_UPLOADS_PER_USER:]
        )
        for pk, old_path in dropped:
            if KeptUpload.objects.filter(pk=pk).delete()[0]:
                _delete_file(old_path)
    return path


def kept_upload_held(*, user, path: str) -> bool:
    """Whether ``path`` is a kept upload of ``user`` that no record has taken and that is still stored."""
    if not KeptUpload.objects.filter(user=user, path=path).exists():
        return False
    return default_storage.exists(path)


def kept_upload_take(*, user, path: str) -> bool:
    """A record takes the kept file: its row goes (so the cleanup leaves the file alone). False when
    it is no longer kept (taken already, dropped or cleaned up): then the record must not use it.
    Call inside the transaction that saves the record."""
    return bool(KeptUpload.objects.filter(user=user, path=path).delete()[0])


def kept_upload_discard(*, user, path: str) -> None:
    """The form no longer needs this kept file (a new one replaced it): delete it now."""
    if KeptUpload.objects.filter(user=user, path=path).delete()[0]:
        _delete_file(path)


def kept_uploads_clean(*, now: datetime.datetime | None = None) -> int:
    """Delete the kept uploads no record took within ``KEPT_UPLOAD_MAX_AGE`` (rows and files).
    Idempotent. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - KEPT_UPLOAD_MAX_AGE
    deleted = 0
    for pk, path in KeptUpload.objects.filter(created_at__lt=cutoff).values_list("pk", "path"):
        # The row first, conditionally: a form that took the file a moment ago keeps it.
        if KeptUpload.objects.filter(pk=pk).delete()[0]:
            _delete_file(path)
            deleted += 1
    return deleted
