"""Celery tasks of the portal as a whole."""

from celery import shared_task


@shared_task
def requeue_queued_tasks() -> int:
    """Periodic (beat): hand to the broker the background work recorded while it was down."""
    from .outbox import queued_tasks_requeue

    return queued_tasks_requeue()


@shared_task
def clean_kept_uploads() -> int:
    """Periodic (beat): delete the uploads kept for a next try that nobody used within a day."""
    from .uploads import kept_uploads_clean

    return kept_uploads_clean()
