"""Sessions for the logged-in mix of scripts/loadtest.sh: prints one line "PATH SESSIONID" for each
of an officer's commitments, a group member's dashboard (with the second factor passed) and a
representative's organisation page, as the demo accounts. Run with the web process's settings
(the same DJANGO_SECRET_KEY): ``python manage.py shell < scripts/loadtest_sessions.py``."""

from django.urls import reverse

from accounts.models import User
from plumbing.testing import PortalClient

PAGES = [
    ("handlaggare@demo.lund.se", reverse("initiatives:partnership_mine")),
    ("ledamot@demo.lund.se", reverse("collaboration:dashboard")),
    ("forening@demo.lund.se", None),  # the organisation the representative keeps
]

for email, path in PAGES:
    user = User.objects.get(email=email)
    if path is None:
        organisation = (
            user.representations.select_related("organisation").first().organisation
        )
        path = reverse("accounts:organisation_manage", kwargs={"pk": organisation.pk})
    client = PortalClient()
    client.force_login(user)
    print(f"SESSION {path} {client.cookies['sessionid'].value}")
