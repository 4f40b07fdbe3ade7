from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from plumbing import reference_cache

        from . import sessions  # noqa: F401  (connects the login receiver)
        from .models import Organisation

        # The public list's umbrella options: names and kinds of organisations.
        reference_cache.invalidate_on(reference_cache.ORGANISATIONS, Organisation)
