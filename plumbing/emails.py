"""Sending the portal's emails from templates (``templates/emails/<name>-subject.txt``,
``-body.txt`` and ``-body.html``), in the language the recipient used.

Called from Celery tasks only (never from a request), which are enqueued after the transaction commits.
"""

import contextlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

# The options of every task that sends email: a mail server that does not answer (an ``OSError``)
# is tried again, 30 seconds later and then longer each time, five times.
RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "max_retries": 5}


@contextlib.contextmanager
def mail_connection():
    """One open connection to the mail server for a batch of messages."""
    connection = get_connection()
    connection.open()
    try:
        yield connection
    finally:
        connection.close()


def absolute_url(path: str) -> str:
    """A full address for a link in an email (PORTAL_BASE_URL has no trailing slash)."""
    return f"{settings.PORTAL_BASE_URL}{path}"


def send_templated_email(
    name: str,
    recipients: list[str],
    context: dict,
    *,
    language: str | None = None,
    attachments=(),
    connection=None,
) -> int:
    """Render and send one email to each recipient separately (no one sees the others' addresses).

    ``attachments`` are (filename, content, mimetype) tuples; ``connection`` an open mail
    connection to reuse for a batch."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    context = {"portal_url": settings.PORTAL_BASE_URL, **context}
    sent = 0
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}-subject.txt", context).strip()
        subject = " ".join(subject.split())
        body = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
        for address in recipients:
            message = EmailMultiAlternatives(
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
                body=body,
                to=[address],
                connection=connection,
            )
            message.attach_alternative(html, "text/html")
            for attachment in attachments:
                message.attach(*attachment)
            sent += message.send()
    return sent
