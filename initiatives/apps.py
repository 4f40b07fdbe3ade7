from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Collaboration initiatives and commitments")

    def ready(self) -> None:
        from accounts.models import Organisation
        from plumbing import reference_cache

        from .models import Partnership

        # The register's filter options: the förvaltningar with commitments (and their names).
        reference_cache.invalidate_on(reference_cache.PARTNERSHIPS, Partnership, Organisation)
