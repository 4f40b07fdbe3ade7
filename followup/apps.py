from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Collaboration group and follow-up")

    def ready(self) -> None:
        # The dashboard's cached figures are dropped when the data behind them changes (the
        # handlers only invalidate the cache; they carry no rule).
        from .cache import connect_signals

        connect_signals()
