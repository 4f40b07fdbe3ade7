"""The admin site behind the portal's own login and the second factor (issue 13).

Django's admin has a login form of its own, outside allauth: no rate limit on wrong passwords and no
two-step step. Here it has none: its login address sends to the portal's login (allauth, with its
rate limits and the code), and only staff in a session that passed the second factor get in.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .rules import has_mfa


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        """Active staff, in a session that passed the second factor."""
        return super().has_permission(request) and has_mfa(request.user)

    def login(self, request, extra_context=None):
        """No login form here: the portal's login, then back. Someone logged in who may not use the
        admin gets the 403 page, which says what is missing (the second factor, or the right)."""
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")
