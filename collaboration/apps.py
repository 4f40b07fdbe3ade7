from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = _("Collaboration group")

    def ready(self) -> None:
        # The dashboard's cached figures are dropped when the data behind them changes (the
        # handlers only invalidate the cache; they carry no rule).
        from .cache import connect_signals

        connect_signals()
