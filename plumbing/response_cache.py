"""Whole public pages from the cache, always right (issue 16, point 1).

What: the answers of the pages named in ``CACHED_PAGES`` (public lists, profiles, the programme,
the agreement's pages, the open-data files), per address (scheme, host, path and query), language,
local date and release, under a *data version* that every write to the database bumps.

Who gets them: only an anonymous GET or HEAD that carries no session cookie and no messages cookie
(so nothing session-bound, no message to show, never a logged-in person). A logged-in person's page
is never stored and never served from here.

Always right: the version is bumped by a hook on the database connection (``_WriteWatcher``) after
every INSERT, UPDATE or DELETE of a table a page may show — so ``QuerySet.update()``,
``bulk_create`` and cascades count as much as ``save()`` — at once, and again when the transaction
commits (a request that read the old rows in between stored them under a version nobody asks for
any more): the reference cache's pattern (plumbing/reference_cache.py), with the database as
the trigger instead of model signals, since the services change rows with conditional ``update()``.
Only tables that no cached page reads are left out (``IGNORED_TABLES``, checked by a test).

The CSRF token of the language switch (and of any form) is per visitor: it is stored as a
placeholder and each answer from the cache gets the visitor's own token (and cookie) from
``get_token``. ``ETag`` (weak: the same page, another visitor's token) and ``Last-Modified`` are
sent, and a conditional request that matches gets 304.

The cache down (Redis stopped or hanging: ``plumbing.cache.ResilientRedisCache`` answers
"not cached") only means the page is rendered afresh. A bump that cannot reach the cache is owed
and paid at this process's next request; until then this process serves nothing from the cache.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import os
import re
import time
import zlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection as default_connection
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from . import reference_cache
from .ratelimit import hit, too_many_requests

logger = logging.getLogger(__name__)

# The pages served from the cache, by URL name. None of them shows anything of the visitor's own
# (the anonymous visitor) and none has a form but the language switch, whose token is replaced.
CACHED_PAGES = frozenset(
    {
        # The agreement's pages.
        "home",
        "agreement",
        "principles",
        "action_plan",
        "priority_area",
        "process",
        "join",
        "contact",
        "accessibility",
        # Organisations: the public list, its open data, the profiles.
        "accounts:organisation_list",
        "accounts:organisation_list_csv",
        "accounts:organisation_list_json",
        "accounts:organisation_profile",
        # Initiatives: the catalogue and an initiative's page.
        "initiatives:initiative_list",
        "initiatives:initiative_detail",
        # The commitments register (IOPs and other commitments), its open data, a commitment.
        "initiatives:partnership_list",
        "initiatives:partnership_list_csv",
        "initiatives:partnership_list_json",
        "initiatives:partnership_detail",
        # The conference programme.
        "conferences:programme",
    }
)

# Tables that no cached page reads and that change often for other reasons (a login, a session, the
# audit log): writes to them do not bump the version. test_response_cache.py checks that no cached
# page reads any of them.
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "account_emailaddress",
        "account_emailconfirmation",
        "mfa_authenticator",
        "overenskommelse_auditentry",
        "overenskommelse_queuedtask",
        "overenskommelse_keptupload",
        # the ledger of emails sent, and the group's stored figures of closed years (read only by
        # the dashboard, which is never cached here)
        "plumbing_delivery",
        "collaboration_storedyearfigures",
    }
)

# A safety net for what is not in the database (the clock within a day; a change made outside
# Django): an entry lives at most this long.
TIMEOUT_SECONDS = 300

VERSION_KEY = "response:version"
CSRF_PLACEHOLDER = b"\x00response-cache-csrf-token\x00"
_TOKEN_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_WRITE_TARGET = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_.]+)"?', re.IGNORECASE
)
_READ_ONLY_VERBS = (
    "SELECT",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "COMMIT",
    "BEGIN",
    "SET",
    "SHOW",
    "PRAGMA",
    "EXPLAIN",
)
# Headers of the view's answer that are kept with the entry (the middleware around it adds the rest,
# afresh on every answer: security headers, CSP, cookies).
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Access-Control-Allow-Origin",
)
# Attributes of a response that other middleware reads (django-csp's decorators, X-Frame-Options'
# exemption): a rebuilt response would lose them, so such an answer is not stored.
_RESPONSE_FLAGS = (
    "_csp_exempt",
    "_csp_update",
    "_csp_replace",
    "_csp_config",
    "xframe_options_exempt",
)

__all__ = [
    "CACHED_PAGES",
    "IGNORED_TABLES",
    "ResponseCacheMiddleware",
    "data_changed",
    "data_version",
]


# --- The data version ---------------------------------------------------------------------------------

_owed_bump = False  # a bump that could not reach the cache (per process)


def _fresh_version() -> int:
    # Never reuse a number an evicted version key may have had: start from the clock.
    return time.time_ns() // 1000


def data_version() -> int | None:
    """The current data version, or None when the cache cannot be used (down, or a bump is owed)."""
    if _owed_bump and not _pay_owed_bump():
        return None
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), None)
            version = cache.get(VERSION_KEY)
    except Exception:
        logger.warning("Response cache: the data version cannot be read", exc_info=True)
        return None
    return int(version) if version is not None else None


def _bump() -> bool:
    global _owed_bump
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or evicted): any new number will do
            cache.set(VERSION_KEY, _fresh_version(), None)
        # ResilientRedisCache answers as an empty cache when Redis is down: check it is there.
        if cache.get(VERSION_KEY) is None:
            raise ConnectionError("the version is not in the cache")
    except Exception:
        _owed_bump = True
        logger.warning(
            "Response cache: the data version could not be bumped (owed)", exc_info=True
        )
        return False
    _owed_bump = False
    return True


def _pay_owed_bump() -> bool:
    return _bump()


def _bump_on_commit() -> None:
    _bump()


def data_changed(connection=None) -> None:
    """What a page shows has changed: bump the version now, and again when the transaction commits."""
    connection = connection or default_connection
    _bump()
    if connection.in_atomic_block and not any(
        entry[1] is _bump_on_commit for entry in connection.run_on_commit
    ):
        connection.on_commit(_bump_on_commit)


def _written_table(sql: str) -> str | None:
    """The table a statement writes to, "" when it writes to one we cannot name, None for a read."""
    # A compound query (Django's ``union()`` on PostgreSQL) starts with "(SELECT": a read.
    verb = sql.lstrip(" \t\r\n(")[:9].upper()
    if verb.startswith(_READ_ONLY_VERBS):
        return None
    match = _WRITE_TARGET.match(sql)
    return match.group(1).lower() if match else ""


class _WriteWatcher:
    """An execute wrapper on every database connection: a write to a shown table bumps the version."""

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        table = _written_table(sql)
        if table is not None and table not in IGNORED_TABLES:
            data_changed(context["connection"])
            for group in reference_cache.groups_of_table(table):
                reference_cache.invalidate(group)
        return result


_WATCHER = _WriteWatcher()


def watch_connection(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: put the watcher on the connection (once)."""
    if not any(
        isinstance(wrapper, _WriteWatcher) for wrapper in connection.execute_wrappers
    ):
        connection.execute_wrappers.append(_WATCHER)


# --- What the key holds ---------------------------------------------------------------------------------


@functools.cache
def _release() -> str:
    """What the code and its words are: a new release must never get the old release's pages."""
    configured = getattr(settings, "RESPONSE_CACHE_RELEASE", "") or os.environ.get(
        "PORTAL_RELEASE", ""
    )
    if configured:
        return configured
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    skipped = {".venv", "media", "staticfiles", "node_modules", ".git", "__pycache__"}
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in skipped and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".py", ".html", ".txt", ".mo", ".svg")):
                stat = os.stat(os.path.join(folder, name))
                digest.update(
                    f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode()
                )
    for distribution in sorted(
        importlib.metadata.distributions(), key=lambda d: d.metadata["Name"] or ""
    ):
        digest.update(
            f"{distribution.metadata['Name']}=={distribution.version}\n".encode()
        )
    return digest.hexdigest()[:16]


def _entry_key(request, version: int, release: str) -> str:
    address = "|".join(
        (
            release,
            request.scheme,
            request.get_host(),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            request.get_full_path(),
        )
    )
    return f"response:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


# --- The middleware -----------------------------------------------------------------------------------


class _Entry:
    __slots__ = ("body", "etag", "has_token", "headers", "status", "stored_at")

    def __init__(self, status, headers, body, stored_at, etag, has_token):
        self.status, self.headers, self.body = status, headers, body
        self.stored_at, self.etag, self.has_token = stored_at, etag, has_token

    def pack(self) -> tuple:
        return (
            self.status,
            self.headers,
            zlib.compress(self.body, 1),
            self.stored_at,
            self.etag,
            self.has_token,
        )

    @classmethod
    def unpack(cls, packed: tuple) -> _Entry:
        status, headers, body, stored_at, etag, has_token = packed
        return cls(status, headers, zlib.decompress(body), stored_at, etag, has_token)


class ResponseCacheMiddleware:
    """Serves ``CACHED_PAGES`` to anonymous visitors from the cache and stores what it renders.

    The last middleware (innermost): every other middleware treats an answer from the cache as it
    treats a rendered one (security headers, CSP, the CSRF cookie, X-Frame-Options afresh), and
    what is stored is the view's answer alone."""

    def __init__(self, get_response):
        self.get_response = get_response
        if getattr(settings, "RESPONSE_CACHE_ENABLED", True):
            _release()  # once per process, when it starts, not in a visitor's request

    # A request is served from here or stored only when this says so.
    @staticmethod
    def _eligible(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name not in CACHED_PAGES:
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
        if getattr(settings, "CSRF_USE_SESSIONS", False):
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "RESPONSE_CACHE_ENABLED", True) or not self._eligible(
            request
        ):
            return None
        request._response_cache = {"key": None, "hit": False}
        version = data_version()
        if version is None:
            return None
        key = _entry_key(request, version, _release())
        request._response_cache["key"] = key
        try:
            packed = cache.get(key)
        except Exception:  # noqa: BLE001 - the cache is down: render afresh
            packed = None
        if packed is None:
            return None
        try:
            entry = _Entry.unpack(packed)
        except Exception:  # noqa: BLE001 - an entry of another release's shape: render afresh
            return None
        scope = getattr(view_func, "rate_limit_scope", None)
        if scope and request.method in getattr(view_func, "rate_limit_methods", ()):
            # The limit counts answers from the cache too (a miss is counted by the view itself).
            retry_after = hit(request, scope)
            if retry_after is not None:
                request._response_cache = None
                return too_many_requests(request, retry_after)
        request._response_cache["hit"] = True
        body = entry.body
        if entry.has_token:
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        return self._finish(request, response, entry)

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "_response_cache", None)
        if not state or state["hit"]:
            return response
        entry = self._entry_of(request, response)
        if entry is None:
            return response
        if state["key"] is not None and request.method == "GET":
            try:
                cache.set(state["key"], entry.pack(), TIMEOUT_SECONDS)
            except Exception:
                logger.warning("Response cache: a page cannot be stored", exc_info=True)
        return self._finish(request, response, entry)

    @staticmethod
    def _entry_of(request, response) -> _Entry | None:
        """The view's answer as an entry, or None when it must not be stored (nor get our headers)."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        if any(hasattr(response, flag) for flag in _RESPONSE_FLAGS):
            return None
        if (
            response.has_header("Cache-Control")
            or response.has_header("Vary")
            or response.has_header("ETag")
        ):
            return None  # the view said something of its own about caching
        if bool(getattr(request, "csp_nonce", False)):
            return None  # a per-answer nonce in the page would be wrong in every later answer
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return None
        storage = getattr(request, "_messages", None)
        if storage is not None and getattr(storage, "added_new", False):
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        body = response.content
        has_token = False
        if (
            request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "CSRF_COOKIE" in request.META
        ):
            if CSRF_PLACEHOLDER in body:
                return None
            secret = request.META["CSRF_COOKIE"]

            def placeholder(match):
                nonlocal has_token
                if _unmask_cipher_token(match.group(0).decode()) == secret:
                    has_token = True
                    return CSRF_PLACEHOLDER
                return match.group(0)

            body = _TOKEN_CANDIDATE.sub(placeholder, body)
        headers = [
            (name, response[name])
            for name in _KEPT_HEADERS
            if response.has_header(name)
        ]
        etag = hashlib.sha256(repr(headers).encode() + body).hexdigest()[:24]
        return _Entry(
            response.status_code, headers, body, int(time.time()), etag, has_token
        )

    @staticmethod
    def _finish(request, response, entry: _Entry):
        """The caching headers, and 304 to a conditional request that matches."""
        etag = entry.etag
        if entry.has_token:
            # The page holds the visitor's token: a browser's copy is good only with the same cookie.
            secret = request.META.get("CSRF_COOKIE", "")
            etag += "-" + hashlib.sha256(secret.encode()).hexdigest()[:8]
        response["ETag"] = f'W/"{etag}"'
        response["Last-Modified"] = http_date(entry.stored_at)
        # A page with a visitor's token is for that browser only; open data may be kept by anyone.
        scope = "private" if entry.has_token else "public"
        response["Cache-Control"] = f"{scope}, max-age=0, must-revalidate"
        patch_vary_headers(response, ("Cookie",))
        last_modified = entry.stored_at
        if entry.has_token and "HTTP_IF_NONE_MATCH" not in request.META:
            last_modified = (
                None  # a date says nothing of whose token the browser's copy holds
            )
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=last_modified,
            response=response,
        )
