"""``python manage.py load_demo``: fill the portal with Lund's agreement and one account per role.

Each app keeps its own demo data in ``<app>/demo.py`` with a ``load_demo(*, stdout)`` function;
this command runs them in the order of INSTALLED_APPS, so an app adds demo data without the
agreement app knowing about it. Idempotent: a second run leaves the same rows.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Fill the portal with demo data (Lund's agreement, demo organisations and accounts)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates accounts with published passwords and refuses to run when "
                "DEBUG is off (production mode)."
            )
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                try:
                    module = import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo":
                        raise
                    continue
                module.load_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
