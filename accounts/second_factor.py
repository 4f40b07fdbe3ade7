"""Whether this session passed the second factor (issue 13), for the rules to ask.

Having a TOTP authenticator is not two-step verification: the session must have used it. allauth
records every authentication step of a session (password, the code, a recovery code); the
convener's and the group's rights need a session with the second factor among them, whichever door
the person came in through (the portal's login, the admin's, an email link).

``accounts.sessions.SecondFactorMiddleware`` marks the request's user with that answer (read from
the session, no query); ``accounts.rules.has_mfa`` reads the mark. A user object without a mark
(one read in a task, a management command, a test) has not passed it. Imported by the models (a
superuser's shortcut needs it too), so nothing here imports a model module.
"""

from django.apps import apps

_PASSED_ATTR = "_portal_second_factor_passed"
_TOTP_ATTR = "_portal_has_totp"


def mark_second_factor(user, passed: bool = True):
    """Say on this user object whether its session passed the second factor; returns the user."""
    if user is not None and user.is_authenticated:
        setattr(user, _PASSED_ATTR, passed)
    return user


def session_passed(user) -> bool:
    return user is not None and user.is_authenticated and getattr(user, _PASSED_ATTR, False) is True


def account_has_totp(user) -> bool:
    """The account has an active TOTP authenticator (recovery codes alone are none). One query per
    user object, none when its roles were read (they read this too)."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, _TOTP_ATTR, None)
    if cached is None:
        authenticators = apps.get_model("mfa", "Authenticator").objects
        cached = authenticators.filter(user=user, type="totp").exists()
        setattr(user, _TOTP_ATTR, cached)
    return cached


def remember_totp(user, has_totp: bool) -> None:
    """Keep the answer of ``account_has_totp`` read together with the roles (accounts/roles.py), unless
    this user object has one already."""
    if not hasattr(user, _TOTP_ATTR):
        setattr(user, _TOTP_ATTR, has_totp)


def passed_with_authenticator(user) -> bool:
    """This session passed the second factor, and the account still has the authenticator."""
    return session_passed(user) and account_has_totp(user)


def forget_totp(user) -> None:
    """Drop the cached answer of ``account_has_totp`` after turning two-step verification on or off."""
    if hasattr(user, _TOTP_ATTR):
        delattr(user, _TOTP_ATTR)
