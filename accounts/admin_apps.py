"""Django's admin with the portal's site (accounts/admin_site.py); apart from accounts/apps.py so
that module keeps one app config, and importable before the models are."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.PortalAdminSite"
