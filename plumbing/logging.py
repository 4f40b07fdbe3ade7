"""Structured logs: one JSON object per line in production, a plain line in development.

* ``JsonFormatter`` writes each record as one JSON object (time in UTC, level, logger, message, the
  request id, any ``extra=`` fields, and the traceback as a string), so a log shipper can index it
  without parsing free text.
* ``RequestIdMiddleware`` gives every request an id (the load balancer's ``X-Request-ID`` when it
  sends a sane one, else a new one), returns it in the response header, keeps it in a context
  variable for the request's log lines, and writes one access line per request when
  ``settings.ACCESS_LOG`` is on.
* ``RequestIdFilter`` copies that id onto every record (``-`` outside a request).

Chosen by ``DJANGO_LOG_FORMAT`` (``json`` or ``plain``; default ``json`` when DEBUG is off) in the
Logging section of the settings. No third-party package: the standard ``logging`` module and
``json`` are enough.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import traceback
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# What a LogRecord carries by itself; anything else on a record came from ``extra=``.
_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
) | {"message", "asctime", "request_id", "request", "taskName"}

# An incoming id is only trusted if it is short and plain (it ends up in every log line).
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

access_logger = logging.getLogger("overenskommelse.access")


def current_request_id() -> str:
    """The id of the request being handled in this thread/context, or ``-``."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` so both formatters can show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``time``, ``level``, ``logger``, ``message``, ``request_id``,
    the ``extra`` fields, and ``exception`` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    """Gives each request an id for its log lines and writes one access line per request."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.access_log = getattr(settings, "ACCESS_LOG", False)

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response.headers.setdefault("X-Request-ID", request_id)
            if self.access_log:
                access_logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            _request_id.reset(token)
