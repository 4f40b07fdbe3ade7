import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class AccountAdapter(DefaultAccountAdapter):
    """Our allauth adapter: emails are rendered from ``templates/account/email/`` in the user's
    language, and the login redirect honours ``?next=`` (allauth does that already)."""


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
