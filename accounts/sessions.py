"""How a login lasts, and what it proved.

The second factor: ``SecondFactorMiddleware`` tells the rules whether this session passed it
(accounts/second_factor.py), and turning TOTP on counts as passing it.

Sessions of the people who decide end sooner: those of the convener, the members of the
collaboration group and staff (the admin) end when the browser closes and after
``settings.STAFF_SESSION_HOURS`` at the latest.

Not a rule (who may do what lives in rules.py): only how long a login lasts. The receiver marks the
session at login; ``plumbing.middleware.SessionLimitMiddleware`` ends it when its time is up.
"""

import time

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject

from plumbing.middleware import SESSION_ENDS_AT_KEY

from .roles import COLLABORATION_GROUP, CONVENER_GROUP
from .second_factor import forget_totp, mark_second_factor

SECOND_FACTOR_METHOD = "mfa"  # allauth's name of the step in the session's records


def has_limited_session(user) -> bool:
    """Staff, the convener and the members of the group (read afresh, not from a cached role)."""
    return user.is_staff or user.groups.filter(name__in=[CONVENER_GROUP, COLLABORATION_GROUP]).exists()


@receiver(user_logged_in, dispatch_uid="accounts.sessions.limit_session")
def limit_session(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is None or not has_limited_session(user):
        return
    session.set_expiry(0)  # the cookie ends when the browser closes
    session[SESSION_ENDS_AT_KEY] = time.time() + settings.STAFF_SESSION_HOURS * 3600


def request_passed(request, user) -> bool:
    """The session of ``request`` recorded the second factor for ``user``."""
    return any(
        record.get("method") == SECOND_FACTOR_METHOD
        for record in get_authentication_records(request, user)
    )


class SecondFactorMiddleware:
    """Marks ``request.user`` with whether this session passed the second factor. Placed right
    after Django's AuthenticationMiddleware; the user is still loaded only when something asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(
            lambda: mark_second_factor(get_user(request), request_passed(request, get_user(request)))
        )
        return self.get_response(request)


@receiver(authenticator_added, dispatch_uid="accounts.sessions.totp_turned_on")
def totp_turned_on(sender, request, user, authenticator, **kwargs) -> None:
    """Turning TOTP on means typing a code from it: this session has used the second factor, so
    the convener who just turned it on can go on without logging in again."""
    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(request, user, SECOND_FACTOR_METHOD, id=authenticator.pk, type=authenticator.type)
    forget_totp(user)
    mark_second_factor(user)
