from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverenskommelseConfig(AppConfig):
    name = "overenskommelse"
    verbose_name = _("The agreement")

    def ready(self) -> None:
        from plumbing import reference_cache

        from .models import ActionPlan, Agreement, Direction, PriorityArea

        reference_cache.invalidate_on(reference_cache.AGREEMENT, Agreement, ActionPlan, PriorityArea, Direction)
