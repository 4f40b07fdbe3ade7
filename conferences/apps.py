from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Conferences")

    def ready(self) -> None:
        # Celery's autodiscovery imports only each app's ``tasks`` module; the certificate tasks
        # live in their own module, registered here.
        from . import tasks_attendance  # noqa: F401
