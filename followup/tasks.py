"""Celery tasks of the follow-up app. Autodiscovery imports this module only, so the tasks of each
area (meetings, rounds, PDFs) are imported here from their own modules."""

from .tasks_meetings import *  # noqa: F401,F403
from .tasks_reports import *  # noqa: F401,F403
from .tasks_rounds import *  # noqa: F401,F403
