from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverenskommelseConfig(AppConfig):
    name = "overenskommelse"
    verbose_name = _("The agreement")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import reference_cache, response_cache
        from .models import ActionPlan, Agreement, Direction, PriorityArea

        reference_cache.invalidate_on(reference_cache.AGREEMENT, Agreement, ActionPlan, PriorityArea, Direction)
        # Every write to the database bumps the version of the cached public pages.
        connection_created.connect(response_cache.watch_connection, dispatch_uid="response-cache-watch")
