"""Background work that must not be lost when Redis is down (CONVENTIONS.md §6; issue 8, "Redis down").

``enqueue_on_commit(task, *args)`` records the task in ``QueuedTask`` inside the caller's
transaction and hands it to the broker after the commit. When the broker cannot be reached the
request still succeeds: the row stays waiting, the person is told that what is done in the
background comes a little later (``DelayedWorkMiddleware``), and ``queued_tasks_requeue`` (Celery
beat, every few minutes) sends it once Redis answers again. The tasks are idempotent, so a task sent
twice (a process that died between handing it over and marking the row) does no harm.

``publish_on_commit(task, *args)`` is for work that already has its own record and periodic
requeue (a job of ``plumbing.jobs``: a certificate, a PDF): it only hands the task over after the
commit, never failing the request.

When Celery runs eagerly (no Redis: the embedded default and the unit tests) there is no broker that
could be down: the task runs after the commit, as before, and nothing is recorded.

Two things keep a page fast while Redis is down or hangs: the web process never subscribes to the
task's result (``ignore_result``: nobody reads the results; with a result subscription Celery retries
the result store for ~20 s and then refuses every task until restarted), and a broker that failed is
not asked again by this process for ``BROKER_PAUSE_SECONDS`` (a Redis that hangs costs its socket
timeout, see ``CELERY_BROKER_TRANSPORT_OPTIONS``, once, not on every request).
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Sequence

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .jobs import QUEUED_TASK_STALE_AFTER
from .models import QueuedTask

logger = logging.getLogger(__name__)

__all__ = [
    "BROKER_PAUSE_SECONDS",
    "DelayedWorkMiddleware",
    "broker_pause_reset",
    "enqueue_on_commit",
    "publish",
    "publish_on_commit",
    "queued_tasks_requeue",
]

# After the broker failed, this process leaves it alone for so long (the work stays recorded).
BROKER_PAUSE_SECONDS = 30.0
# Sent tasks are kept this long for the record, then removed by the periodic task.
KEEP_SENT = datetime.timedelta(days=14)
REQUEUE_BATCH = 500

_broker_down_until = 0.0
_request_state = threading.local()


def _broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError

    errors: list[type[BaseException]] = [OperationalError, OSError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover - redis comes with celery[redis]
        pass
    return tuple(errors)


def _eager() -> bool:
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


def broker_pause_reset() -> None:
    """Forget that the broker failed (tests; a process that knows Redis is back)."""
    global _broker_down_until
    _broker_down_until = 0.0


def note_delayed() -> None:
    """This request asked for background work that could not be handed over now."""
    _request_state.delayed = True


def publish(task, args: Sequence = (), *, force: bool = False) -> bool:
    """Hand ``task`` to the broker now, in one attempt; False (logged) when the broker cannot be
    reached, or failed less than ``BROKER_PAUSE_SECONDS`` ago (unless ``force``)."""
    global _broker_down_until
    eager = _eager()  # no broker, nothing to pause (a test may still make the call fail)
    if not force and not eager and time.monotonic() < _broker_down_until:
        return False
    try:
        task.apply_async(args=list(args), ignore_result=True, retry=False)
    except _broker_errors() as error:
        if not eager:
            _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning("%s%s not handed to the broker (%s): sent again later", task.name, tuple(args), error)
        return False
    _broker_down_until = 0.0
    return True


def publish_on_commit(task, *args) -> None:
    """After the commit, hand ``task`` to the broker (or run it, when eager); a broker that is down
    never fails the request. For work with its own record and periodic requeue."""

    def send() -> None:
        if _eager():
            task.delay(*args)
        elif not publish(task, args):
            note_delayed()

    transaction.on_commit(send)


def _send_recorded(queued_id: int, task, args: Sequence) -> bool:
    if publish(task, args):
        QueuedTask.objects.filter(pk=queued_id, sent_at__isnull=True).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
        )
        return True
    QueuedTask.objects.filter(pk=queued_id).update(
        attempts=F("attempts") + 1, last_error="The broker could not be reached."
    )
    return False


def enqueue_on_commit(task, *args) -> None:
    """Record ``task(*args)`` with the caller's change and hand it to the broker after the commit;
    if the broker is down, the request still succeeds and the task is sent later (see the module).
    ``args`` must be JSON (ids, short strings, lists of ids)."""
    if _eager():
        transaction.on_commit(lambda: task.delay(*args))
        return
    queued = QueuedTask.objects.create(task=task.name, args=list(args))

    def send() -> None:
        if not _send_recorded(queued.pk, task, args):
            note_delayed()

    transaction.on_commit(send)


def queued_tasks_requeue(*, older_than: datetime.timedelta = QUEUED_TASK_STALE_AFTER) -> int:
    """Periodic (beat): hand to the broker every recorded task that has waited longer than
    ``older_than`` (the broker was down at its commit; the window and why it is so long are in
    ``plumbing.jobs`` with the others), oldest first; stops at the first failure.
    Removes the record of tasks sent long ago. Returns the number sent."""
    from celery import current_app

    now = timezone.now()
    QueuedTask.objects.filter(sent_at__lt=now - KEEP_SENT).delete()
    waiting = QueuedTask.objects.filter(sent_at__isnull=True, created_at__lte=now - older_than).order_by("pk")
    sent = 0
    for queued in waiting[:REQUEUE_BATCH]:
        task = current_app.tasks.get(queued.task)
        if task is None:
            logger.error("Queued task %s: no such task; left waiting", queued.pk)
            continue
        if not publish(task, queued.args, force=True):
            QueuedTask.objects.filter(pk=queued.pk).update(attempts=F("attempts") + 1)
            break
        QueuedTask.objects.filter(pk=queued.pk, sent_at__isnull=True).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
        )
        sent += 1
    if sent:
        logger.info("Queued tasks: %s sent again", sent)
    return sent


class DelayedWorkMiddleware:
    """Tells the person, with a message on the next page, when something they did asked for
    background work (an email, a report) that could not be handed over now: it is saved and will be
    sent automatically. Place it after ``MessageMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request_state.delayed = False
        response = self.get_response(request)
        if getattr(_request_state, "delayed", False):
            _request_state.delayed = False
            if hasattr(request, "_messages"):
                messages.warning(
                    request,
                    _(
                        "Emails and other work done in the background are delayed at the moment. "
                        "What you did is saved, and they will be sent automatically as soon as possible."
                    ),
                )
        return response
