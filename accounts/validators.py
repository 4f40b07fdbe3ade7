"""Checks of uploaded files: by their content, never only by their name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_pdf(upload, *, max_bytes: int | None = None) -> None:
    """The file must really be a PDF (its first bytes say ``%PDF-``) and at most ``max_bytes``
    (default ``settings.MAX_UPLOAD_BYTES``). For another limit in a form field's validators, use
    ``functools.partial(validate_pdf, max_bytes=…)``."""
    if upload is None:
        return
    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; it may be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
            code="too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    if b"%PDF-" not in head:
        raise ValidationError(
            _("The file is not a PDF. Save the document as PDF and try again."), code="not_pdf"
        )
