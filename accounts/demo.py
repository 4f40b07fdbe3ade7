"""Demo accounts, one per role, and the organisations they act for.

The password is published in the README: demo data only (load_demo refuses to run in production).
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import Organisation, OrganisationKind, Representation, User
from .roles import COLLABORATION_GROUP, CONVENER_GROUP

DEMO_PASSWORD = "demo-lund-2026"

# email, name, role group (or None), organisation (name, kind) or None, staff
DEMO_ACCOUNTS = [
    ("admin@demo.lund.se", "Alma Administratör", None, None, True),
    ("sammankallande@demo.lund.se", "Sara Sammankallande", CONVENER_GROUP, None, False),
    ("ledamot@demo.lund.se", "Gustav Gruppledamot", COLLABORATION_GROUP, None, False),
    (
        "handlaggare@demo.lund.se",
        "Olle Tjänsteperson",
        None,
        ("Kultur- och fritidsförvaltningen", OrganisationKind.ADMINISTRATION),
        False,
    ),
    (
        "forening@demo.lund.se",
        "Rut Föreningsaktiv",
        None,
        ("Lunds Schackklubb", OrganisationKind.NON_PROFIT_ASSOCIATION),
        False,
    ),
]


def load_demo(*, stdout) -> None:
    for email, name, group_name, organisation, staff in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        user.full_name = name
        user.is_staff = staff
        user.is_superuser = staff
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        if organisation:
            org_name, kind = organisation
            org, _ = Organisation.objects.get_or_create(name=org_name, defaults={"kind": kind})
            Representation.objects.get_or_create(user=user, organisation=org)
    stdout.write(f"  demo accounts: {len(DEMO_ACCOUNTS)} (password {DEMO_PASSWORD})")
