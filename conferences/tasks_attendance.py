"""Certificates of attendance, made in the background.

Registered with Celery by ``ConferencesConfig.ready()`` (autodiscovery imports only ``tasks``
modules). Each task takes ids, reads the rows again and is safe to run twice.
"""

from celery import shared_task

# Rendering one certificate takes about a second; these limits only catch a stuck WeasyPrint.
PDF_LIMITS = {"soft_time_limit": 120, "time_limit": 180}


@shared_task(**PDF_LIMITS)
def make_certificate(certificate_id: int) -> str:
    """Make and store one certificate's PDF (see ``services.certificate_make``)."""
    from .services.attendance import certificate_make

    return certificate_make(certificate_id=certificate_id)


@shared_task
def requeue_waiting_certificates() -> int:
    """Periodic: enqueue again the certificates that have waited too long."""
    from .services.attendance import certificates_requeue_waiting

    return certificates_requeue_waiting()
