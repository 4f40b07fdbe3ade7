from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverenskommelseConfig(AppConfig):
    name = "overenskommelse"
    verbose_name = _("The agreement")
