"""``python manage.py load_demo [--agreement lund|boras|blekinge]``: fill the portal with an
agreement (Lund's by default) and one account per role.

``--agreement`` chooses whose agreement: Lund's full demo, or Borås's or Blekinge's agreement with
its own words, rules, principles, areas, the group's seats (and the role accounts), its own
organisations, initiatives, meetings and conference, each meant for a portal of its own. Every app's
``load_demo`` is given the choice (``agreement=``) and loads that agreement's data (Lund's in
``demo.py``, the others' in ``demo_<agreement>.py`` or ``demo_agreement*.py``), so no Lund name
appears under another agreement.

Each app keeps its own demo data in ``<app>/demo.py`` with a ``load_demo(*, stdout)`` function;
this command runs them in the order of INSTALLED_APPS, so an app adds demo data without the
agreement app knowing about it. Idempotent: a second run leaves the same rows. The data are
anchored to the year the demo is loaded in (``overenskommelse.demo_year``).

``--scale large`` then adds the large data set of ``demo/demo_large.py`` (found the same way: the
app with a ``demo_large`` module, so this app imports none above it) (5,000
organisations, 2,000 initiatives, 3,000 commitments, ten years of follow-up, five conferences with
500 registrations each) with bulk inserts, to measure the portal at scale (docs/performance.md).
A second run notices the large set is there and stops.
"""

import time
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from overenskommelse.demo import AGREEMENTS
from overenskommelse.demo_year import demo_anchored


class Command(BaseCommand):
    help = "Fill the portal with demo data (an agreement, demo organisations and accounts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--agreement",
            choices=AGREEMENTS,
            default="lund",
            help="Whose agreement: lund (the default, the full demo), boras or blekinge.",
        )
        parser.add_argument(
            "--scale",
            choices=["normal", "large"],
            default="normal",
            help="large: add 5,000 organisations, 2,000 initiatives, 3,000 commitments, ten years "
            "of follow-up and five conferences (bulk inserts; to measure performance).",
        )
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="With --scale large: scale every count by this factor (the tests use a small one).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates accounts with published passwords and refuses to run when "
                "DEBUG is off (production mode)."
            )
        # One year for the whole load (the year it is loaded in), even across New Year's midnight.
        with demo_anchored() as year:
            self.stdout.write(f"Demo anchored to {year}.")
            self._load(options)

    def _load(self, options) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                try:
                    module = import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo":
                        raise
                    continue
                module.load_demo(stdout=self.stdout, agreement=options["agreement"])
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if options["scale"] == "large":
            if options["agreement"] != "lund":
                raise CommandError("--scale large builds on Lund's demo: use it without --agreement.")
            load_large = _large_data_set()
            self.stdout.write("Loading the large data set …")
            added = load_large(stdout=self.stdout, factor=options["factor"])
            if added:
                rows = ", ".join(f"{name} {count}" for name, count in added.items())
                self.stdout.write(f"  added: {rows}")
            self.stdout.write(
                self.style.SUCCESS(f"Large data set ready in {time.perf_counter() - started:.1f} s.")
            )


def _large_data_set():
    """``load_large`` of the app that holds the large data set (``<app>/demo_large.py``: the ``demo``
    app, above every other), found like the apps' ``demo`` modules."""
    for app_config in apps.get_app_configs():
        try:
            module = import_module(f"{app_config.name}.demo_large")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.demo_large":
                raise
            continue
        return module.load_large
    raise CommandError("No installed app holds a large data set (<app>/demo_large.py).")
