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
