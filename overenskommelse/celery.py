"""The Celery application: `celery -A overenskommelse worker` / `celery -A overenskommelse beat`."""

import importlib
import os

from celery import Celery
from celery.exceptions import NotRegistered

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overenskommelse.settings.base")

app = Celery("overenskommelse")
# Every CELERY_* setting in Django's settings configures Celery.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="overenskommelse.ping")
def ping(value: str = "pong") -> str:
    """A trivial task, used to check that a worker answers (health checks, tests)."""
    return value


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
        try:
            return app.tasks[self.name]
        except NotRegistered:
            # Only a worker imports every app's tasks module at its start; a web process imports
            # one the first time one of its tasks is sent.
            importlib.import_module(self.module)
            return app.tasks[self.name]

    def __repr__(self) -> str:
        return f"<TaskNamed {self.name}>"
