"""PDFs made with WeasyPrint, safely: one helper for every app (badges, certificates, reports).

WeasyPrint fetches whatever the HTML points at (stylesheets, images, fonts, SVG references,
attachments). The HTML we render holds text from users (names, organisations, notes), so the fetcher
given to WeasyPrint serves only two things:

* our own static files, looked up on disk through ``django.contrib.staticfiles`` (never over the
  network, even when the address names the portal's own host), and
* ``data:`` URLs.

Everything else — ``file://``, ``http(s)://`` elsewhere, ``ftp:``, unknown schemes — is refused, and
WeasyPrint leaves the resource out (it logs a warning and goes on).
"""

import logging
import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

__all__ = ["StaticOnlyURLFetcher", "pdf_base_url", "render_document", "render_pdf"]


def pdf_base_url() -> str:
    """The base of relative addresses in the HTML: the portal's own address, so that links in the
    PDF lead to the portal and ``/static/…`` resolves to our static files."""
    return settings.PORTAL_BASE_URL.rstrip("/") + "/"


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _static_name(url: str) -> str | None:
    """The static file's name (``css/pdf.css``) an address points at, or None when it is not one of
    our static addresses. Query strings and fragments are ignored; ``..`` cannot climb out."""
    parts = urlsplit(url)
    static_url = settings.STATIC_URL
    if urlsplit(static_url).scheme:  # STATIC_URL on another host (a CDN): compare whole addresses
        if _origin(static_url) != (parts.scheme.lower(), parts.netloc.lower()):
            return None
        static_path = urlsplit(static_url).path
    else:
        if (parts.scheme.lower(), parts.netloc.lower()) != _origin(pdf_base_url()):
            return None
        static_path = static_url if static_url.startswith("/") else "/" + static_url
    path = posixpath.normpath(unquote(parts.path))
    prefix = static_path.rstrip("/") + "/"
    if not path.startswith(prefix):
        return None
    name = path[len(prefix) :]
    if not name or name.startswith("/") or "\x00" in name:
        return None
    return name


def _read_static(name: str) -> bytes | None:
    """A static file's content from the finders (development, tests) or from the collected files
    (production, where ``{% static %}`` gives hashed names that only the storage knows)."""
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name, "rb") as handle:
                return handle.read()
    except (SuspiciousFileOperation, NotImplementedError, OSError, ValueError):
        return None
    return None


def _weasyprint():
    # Imported when a PDF is made, not when Django starts: WeasyPrint loads Pango and fonts.
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    return weasyprint, URLFetcher, URLFetcherResponse


def _fetcher_class():
    _module, URLFetcher, URLFetcherResponse = _weasyprint()

    class _StaticOnlyURLFetcher(URLFetcher):
        """Serves our static files (from disk) and ``data:`` URLs; refuses everything else."""

        def __init__(self):
            # What reaches urllib at all is data: only; static files never go through urllib.
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=2)

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme in {"http", "https"}:
                name = _static_name(url)
                if name is not None:
                    content = _read_static(name)
                    if content is not None:
                        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
                        return URLFetcherResponse(url, content, {"Content-Type": content_type})
            logger.warning("PDF: refused to fetch %s", url[:200])
            raise ValueError(f"Refused to fetch {url[:200]!r}: only our static files and data: URLs.")

    return _StaticOnlyURLFetcher


def StaticOnlyURLFetcher():
    """A new fetcher (a ``weasyprint.urls.URLFetcher``) that serves only static files and data:."""
    return _fetcher_class()()


def render_document(template_name: str, context: dict | None = None):
    """The laid-out ``weasyprint.Document`` of a template (its ``pages`` can be counted), rendered
    with the safe fetcher."""
    weasyprint, _URLFetcher, _Response = _weasyprint()
    html = render_to_string(template_name, context or {})
    return weasyprint.HTML(string=html, base_url=pdf_base_url(), url_fetcher=StaticOnlyURLFetcher()).render()


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """Render a Django template to a PDF (bytes) with the safe fetcher.

    Stylesheets and images in the template are linked with ``{% static %}``; nothing outside our
    static files (and ``data:`` URLs) is ever read. Keep tables short: WeasyPrint lays long tables
    out slowly, so several small tables (or a CSS grid) are better than one long one."""
    return render_document(template_name, context).write_pdf()
