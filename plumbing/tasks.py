"""The plumbing's periodic tasks (Celery beat), and ``TaskNamed``: a task sent by its registered name.

The two tasks keep the names they were registered under before the plumbing left ``overenskommelse``
(issue 15, item 7): the beat schedule names them so, and a message already in the broker at the
deploy carries that name and still finds its task.
"""

import importlib

from celery import current_app, shared_task
from celery.exceptions import NotRegistered

from .outbox import queued_tasks_requeue
from .uploads import kept_uploads_clean


@shared_task(name="overenskommelse.tasks.requeue_queued_tasks")
def requeue_queued_tasks() -> int:
    """Periodic (beat): hand to the broker the background work recorded while it was down."""
    return queued_tasks_requeue()


@shared_task(name="overenskommelse.tasks.clean_kept_uploads")
def clean_kept_uploads() -> int:
    """Periodic (beat): delete the uploads kept for a next try that nobody used within a day."""
    return kept_uploads_clean()


class TaskNamed:
    """A task named by the name it is registered under (``"conferences.tasks.send_invitations"``),
    looked up in the Celery app when it is sent.

    For a service that enqueues a task of its own app: the tasks module imports the services at its
    top, so the services cannot import it back. ``enqueue_on_commit`` and ``publish_on_commit``
    take it like the task itself (``name``, ``delay``, ``apply_async``). ``module`` is where the
    task is defined, when its name says otherwise (a task that kept the name of an older module)."""

    def __init__(self, name: str, *, module: str = ""):
        self.name = name
        self.module = module or name.rpartition(".")[0]

    def __getattr__(self, attribute: str):
        return getattr(self._task(), attribute)

    def _task(self):
        # The project's Celery app (``overenskommelse.celery``) is the current one: it is made when
        # Django loads the project package, and this module does not import the project.
        try:
            return current_app.tasks[self.name]
        except NotRegistered:
            # Only a worker imports every app's tasks module at its start; a web process imports
            # one the first time one of its tasks is sent.
            importlib.import_module(self.module)
            return current_app.tasks[self.name]

    def __repr__(self) -> str:
        return f"<TaskNamed {self.name}>"
