"""The portal's own error pages that Django's settings name (``CSRF_FAILURE_VIEW``)."""

from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """``CSRF_FAILURE_VIEW``: a form whose security check failed (it was open too long, the person
    logged in or out in another tab, or the browser keeps no cookies) gets the portal's own page in
    the visitor's language, saying what happened and what to do, instead of Django's English one."""
    return render(
        request,
        "403_csrf.html",
        {"no_cookie": reason == REASON_NO_CSRF_COOKIE},
        status=403,
    )
