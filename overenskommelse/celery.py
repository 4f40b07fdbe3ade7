"""The Celery application: `celery -A overenskommelse worker` / `celery -A overenskommelse beat`."""

import os

from celery import Celery

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
    """A task named by the name it is registered under (``"conferences.tasks.make_certificate"``),
    looked up in the Celery app when it is sent.

    For a service that enqueues a task of its own app: the tasks module imports the services at its
    top, so the services cannot import it back. ``enqueue_on_commit`` and ``publish_on_commit``
    take it like the task itself (``name``, ``delay``, ``apply_async``)."""

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attribute: str):
        return getattr(app.tasks[self.name], attribute)

    def __repr__(self) -> str:
        return f"<TaskNamed {self.name}>"
