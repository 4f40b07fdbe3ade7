import time
from urllib.parse import unquote_to_bytes, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, render, resolve_url
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


# What the ``Server`` header says: no software and no version (gunicorn.conf.py gives gunicorn
# the same; runserver's "WSGIServer/0.2 CPython/3.11" is replaced by this one).
SERVER_HEADER = "web"


class SecurityHeadersMiddleware:
    """The security headers Django does not send itself: ``Permissions-Policy`` (from the
    ``PERMISSIONS_POLICY`` setting, ``{feature: [allowed origins]}``; an empty list turns a
    feature off for every page and every frame), and a ``Server`` header that names no software."""

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
        response.headers["Server"] = SERVER_HEADER
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


def _is_utf8(urlencoded: bytes) -> bool:
    try:
        unquote_to_bytes(urlencoded.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class RefuseInvalidUtf8Middleware:
    """Answers 400, with a page saying what happened, a request whose query string or form data is
    not valid UTF-8. Django would decode it with ``errors="replace"`` and the view would store
    "\ufffd" where the person's text was; refused, nothing is stored and they can try again.

    The query string and a urlencoded body are checked byte for byte. A multipart body (a form with
    a file) is not read twice: its fields are checked after Django decoded them, for the
    replacement character that only a broken byte sequence produces there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._valid(request):
            return render(request, "400_encoding.html", status=400)
        return self.get_response(request)

    def _valid(self, request) -> bool:
        query = request.META.get("QUERY_STRING", "")
        try:
            raw_query = query.encode("iso-8859-1")  # WSGI passes the bytes as Latin-1
        except UnicodeEncodeError:
            raw_query = query.encode("utf-8")
        if not _is_utf8(raw_query):
            return False
        if request.method not in ("POST", "PUT", "PATCH"):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            try:
                return _is_utf8(request.body)
            except RequestDataTooBig:
                return True  # Django refuses it itself, with its own 400
        if content_type.startswith("multipart/form-data"):
            try:
                values = request.POST.lists()
            except RequestDataTooBig:
                return True
            return not any("\ufffd" in value for _key, items in values for value in items)
        return True


# URL keyword arguments that make an address a personal link (a registration's, an invitation's, a
# certificate's secret token): what it answers is one person's, whoever opens it.
PERSONAL_LINK_KWARGS = frozenset({"token"})


class PrivateResponseMiddleware:
    """``Cache-Control: private, no-store`` on every answer that can hold personal data, so that no
    browser, proxy or shared computer keeps a copy: every answer to a logged-in person (their
    pages, exports, PDFs, even a public page with their name in the menu) and every answer to a
    personal link (``PERSONAL_LINK_KWARGS``).

    By construction, not by view: a new view needs nothing to be covered. Public pages for
    visitors who are not logged in keep the headers their views give them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._private(request):
            response.headers["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _private(request) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        match = getattr(request, "resolver_match", None)
        return match is not None and not PERSONAL_LINK_KWARGS.isdisjoint(match.kwargs)
