from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = _("Collaboration group")

    def ready(self) -> None:
        # The dashboard's cached figures are dropped when the data behind them changes (the
        # handlers only invalidate the cache; they carry no rule).
        from .cache import connect_signals
        from .services.figures import connect_signals as connect_figures_signals

        connect_signals()
        # The figures of a closed round's years are stored when it closes.
        connect_figures_signals()
