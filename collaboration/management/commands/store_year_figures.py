"""``python manage.py store_year_figures``: store the dashboard's figures of the years that have
ended (``collaboration.cache``), so the dashboard and the report read them instead of making them
afresh. Run it after New Year (or daily from the beat): a year already stored and still to be
believed costs one query."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from followup.models import FollowUpRound

from ...services.figures import store_closed_years


class Command(BaseCommand):
    help = "Store the dashboard's figures of the years that have ended."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="only this year (may be repeated)")
        parser.add_argument(
            "--since",
            type=int,
            help="every year from this one (default: the first follow-up round's year, or last year)",
        )

    def handle(self, *args, **options):
        last = timezone.localdate().year - 1
        if options["year"]:
            years = options["year"]
        else:
            first_round = FollowUpRound.objects.order_by("year").values_list("year", flat=True).first()
            since = options["since"] or min(first_round or last, last)
            years = range(since, last + 1)
        stored = store_closed_years(years)
        self.stdout.write(f"Figures stored or checked for {len(stored)} year(s): {', '.join(map(str, stored)) or '–'}.")
