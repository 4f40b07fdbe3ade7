from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlumbingConfig(AppConfig):
    """What every app uses and no app is about: the outbox, the audit log, the caches, rate limits,
    PDF rendering, files, forms, dates, emails. Imports no other app of the project."""

    name = "plumbing"
    verbose_name = _("Shared plumbing")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import response_cache

        # Every write to the database bumps the version of the cached public pages.
        connection_created.connect(response_cache.watch_connection, dispatch_uid="response-cache-watch")
