import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, resolve_url
from django.utils import translation
from django.utils.translation import gettext as _


class PortalLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language header; a Swedish public
    site should greet everyone in Swedish, so only the language cookie (set by ``set_language``)
    counts.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """The security headers Django does not send itself: ``Permissions-Policy`` (from the
    ``PERMISSIONS_POLICY`` setting, ``{feature: [allowed origins]}``; an empty list turns a
    feature off for every page and every frame)."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


# The session key holding when a limited session ends (a POSIX timestamp). Set at login by
# accounts/sessions.py for the convener, the group and staff; ordinary sessions do not have it.
SESSION_ENDS_AT_KEY = "portal_session_ends_at"


class SessionLimitMiddleware:
    """Ends a session whose time is up (``SESSION_ENDS_AT_KEY``), as if the person had logged
    out, and sends them to the login page with a message; keeps such a session ending when the
    browser closes.

    Reads only the session, which the request has loaded anyway: no query per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        ends_at = session.get(SESSION_ENDS_AT_KEY) if session is not None else None
        if ends_at is not None and time.time() >= ends_at:
            logout(request)
            messages.info(request, _("Your session has ended. Log in again to continue."))
            if request.method == "GET":
                login_url = resolve_url(settings.LOGIN_URL)
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            return redirect(settings.LOGIN_URL)
        response = self.get_response(request)
        if ends_at is not None and not request.session.get_expire_at_browser_close():
            # allauth's "remember me" sets a long expiry after the login receiver ran: undo it.
            request.session.set_expiry(0)
        return response
