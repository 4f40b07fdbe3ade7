"""Settings of the Celery worker that the fault tests start: the production settings (REDIS_URL,
DATABASE_URL and the rest from the environment), with an email backend whose messages the test
can count from its own process (``faults_support.FileMailBackend``)."""

from overenskommelse.settings.base import *

EMAIL_BACKEND = "overenskommelse.tests.faults_support.FileMailBackend"
