import base64
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext


@dataclass(frozen=True)
class PortalSite:
    """What allauth's emails call ``current_site``: the portal's name and address, never the host
    a request happened to come in by (without ``django.contrib.sites`` allauth would use that)."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name=gettext("The Agreement Portal"), domain=urlsplit(settings.PORTAL_BASE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    """Our allauth adapter: emails are rendered from ``templates/account/email/`` in the user's
    language, signed with the portal's name and linking to ``PORTAL_BASE_URL``; the login redirect
    honours ``?next=`` (allauth does that already)."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        context = {
            **context,
            "current_site": portal_site(),
            "portal_url": settings.PORTAL_BASE_URL,
        }
        if request is not None:
            # allauth builds its links (confirm, reset, sign up) from the request's host.
            host = request.build_absolute_uri("/").rstrip("/")
            context = {
                key: settings.PORTAL_BASE_URL + value[len(host) :]
                if isinstance(value, str) and value.startswith(host + "/")
                else value
                for key, value in context.items()
            }
        super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    """Two-step verification's secrets (the TOTP seed, the recovery codes' seed) are stored
    encrypted (Fernet: AES with an HMAC) with ``settings.MFA_ENCRYPTION_KEYS``: the first key
    encrypts, any of them decrypts, so keys can be changed without locking anyone out."""

    def encrypt(self, text: str) -> str:
        return mfa_fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return mfa_fernet().decrypt(encrypted_text.encode()).decode()
        except InvalidToken as error:
            raise ImproperlyConfigured(
                "A two-step verification secret could not be decrypted with DJANGO_MFA_ENCRYPTION_KEY."
            ) from error


def _fernet_key(key: str) -> bytes:
    """Any string (a long random one in production) as a Fernet key: its SHA-256, base64."""
    return base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest())


def mfa_fernet() -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in settings.MFA_ENCRYPTION_KEYS])
