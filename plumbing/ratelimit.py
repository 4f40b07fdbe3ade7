"""Rate limits of the open data and the public forms, counted in the cache.

The cache is Redis in production (shared by every web process) and local memory otherwise. A limit
is ``"N/period"`` (period ``s``, ``m``, ``h``, ``d``, optionally with a number: ``"5/10m"``) per
scope, from ``settings.PORTAL_RATE_LIMITS``, counted per account when logged in and else per client
address (the one allauth's rate limits use too, so ``ALLAUTH_TRUSTED_PROXY_COUNT`` applies).

Over the limit, the answer is 429 with the page ``429.html`` and a ``Retry-After`` header. When the
cache cannot be reached the request goes through: a limit must never take the portal down.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """``"30/h"`` → (30, 3600); ``"5/10m"`` → (5, 600)."""
    match = _RATE.match(rate or "")
    if not match:
        raise ImproperlyConfigured(f"Not a rate limit: {rate!r} (write e.g. 30/h or 5/10m)")
    amount, count, unit = match.groups()
    return int(amount), int(count or 1) * _UNITS[unit]


def client_key(request) -> str:
    """Whom the limit counts: the account when logged in, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    from allauth.account.adapter import get_adapter

    try:
        address = get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - no address known (e.g. a misconfigured proxy count)
        address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return f"ip:{address}"


def hit(request, scope: str) -> int | None:
    """Count one request of ``scope``. Returns None when allowed, else the seconds to wait."""
    rate = getattr(settings, "PORTAL_RATE_LIMITS", {}).get(scope)
    if not rate:
        return None
    amount, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    ident = hashlib.sha256(client_key(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{ident}:{window}"
    try:
        cache.add(key, 0, timeout=period + 1)
        count = cache.incr(key)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: let the request through
        logger.warning("rate limit %s not counted: the cache cannot be reached", scope, exc_info=True)
        return None
    if count <= amount:
        return None
    return max(1, int((window + 1) * period - now))


def too_many_requests(request, retry_after: int):
    """The 429 answer: a page in the visitor's language saying how long to wait."""
    response = render(request, "429.html", {"retry_after_minutes": max(1, round(retry_after / 60))}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(scope: str, methods: tuple[str, ...] = ("POST",)):
    """Decorator of a function view: requests with one of ``methods`` count against ``scope``."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                retry_after = hit(request, scope)
                if retry_after is not None:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        # Read by the response cache (plumbing/response_cache.py): its answers count too.
        wrapped.rate_limit_scope = scope
        wrapped.rate_limit_methods = methods
        return wrapped

    return decorator


class RateLimitMixin:
    """For class-based views: ``rate_limit_scope`` and ``rate_limit_methods`` (default POST).
    Put it first among the bases so the limit is checked before the view does any work (the
    permission and login mixins still come first when listed before it)."""

    rate_limit_scope: str = ""
    rate_limit_methods: tuple[str, ...] = ("POST",)

    def dispatch(self, request, *args, **kwargs):
        if self.rate_limit_scope and request.method in self.rate_limit_methods:
            retry_after = hit(request, self.rate_limit_scope)
            if retry_after is not None:
                return too_many_requests(request, retry_after)
        return super().dispatch(request, *args, **kwargs)
