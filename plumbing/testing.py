"""The test client of the portal, for the tests and the benchmarks (bench_pages) alike."""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator
from django.test import Client

__all__ = ["PortalClient"]


class PortalClient(Client):
    """Django's test client whose ``force_login`` leaves the session the portal's login would: the
    password, and the second factor for an account that has two-step verification turned on
    (allauth asks everyone who has it for the code). ``second_factor=False`` leaves a session that
    came in with the password alone (the admin's old door), ``True`` one that passed it."""

    def force_login(self, user, backend=None, *, second_factor: bool | None = None):
        super().force_login(user, backend)
        if second_factor is None:
            second_factor = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        records = [{"method": "password", "at": time.time(), "email": user.email}]
        if second_factor:
            records.append({"method": "mfa", "at": time.time(), "type": Authenticator.Type.TOTP})
        session = self.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = records
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
        session.save()
