"""Sessions of the people who decide end sooner: those of the convener, the members of the
collaboration group and staff (the admin) end when the browser closes and after
``settings.STAFF_SESSION_HOURS`` at the latest.

Not a rule (who may do what lives in rules.py): only how long a login lasts. The receiver marks the
session at login; ``overenskommelse.middleware.SessionLimitMiddleware`` ends it when its time is up.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from overenskommelse.middleware import SESSION_ENDS_AT_KEY

from .roles import COLLABORATION_GROUP, CONVENER_GROUP


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
