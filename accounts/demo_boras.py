"""Demo register of Borås Stad's agreement (``load_demo --agreement boras``): two nämnder with their
förvaltningar, a municipal housing company, idea-driven organisations (some joined, some only in a
recurring network), and the accounts of the people who work for them.

Loaded with the accounts, before the other apps' demo data: the initiatives, the conference's
invitation list and the follow-up (whose networks and round are ``followup.demo_boras``'s) all
build on it. Every name of a person, association and company is invented. Rows are found again by
name, so running load_demo twice leaves the same rows.
"""

import datetime

from overenskommelse.demo_agreements import OTHER_AGREEMENTS
from overenskommelse.demo_year import demo_year

# The module, not its names: ``accounts.demo`` loads this register and is imported first.
from . import demo
from .models import Organisation, OrganisationKind, Representation, User

AGREEMENT = "boras"

# The public units: two nämnder, their förvaltningar, and a housing company under the city.
COMMITTEES = ["Fritids- och folkhälsonämnden", "Sociala omsorgsnämnden"]
ADMINISTRATIONS = {
    "Fritids- och folkhälsoförvaltningen": "Fritids- och folkhälsonämnden",
    "Sociala omsorgsförvaltningen": "Sociala omsorgsnämnden",
}
COMPANY = "Stadsdelarnas Bostäder AB"

# Idea-driven organisations: name, joined to the agreement.
ASSOCIATIONS = [
    ("Föreningen Vävkretsen", True),
    ("Idrottsklubben Viskan", True),
    ("Studiecirkelförbundet Sjuhärad", True),
    ("Kvinnojouren Trygghetshuset", True),
    ("Ortsföreningen i Fristad", False),
    ("Hyresgästernas aktivitetsgrupp Norrby", False),
]

# Each organisation's people have addresses of its own (<organisation>.demo.boras.se), as the
# public parties' in Blekinge: the role accounts alone are in the agreement's demo domain.
# local part, name, organisation, the organisation's address label.
PEOPLE = {
    "handlaggare": ("Hanna Handläggare", "Fritids- och folkhälsoförvaltningen", "fritid"),
    "bolaget": ("Bo Bostadsbolag", COMPANY, "bostader"),
    "forening": ("Fia Förening", "Föreningen Vävkretsen", "vavkretsen"),
    "ortsforening": ("Olle Ortsförening", "Ortsföreningen i Fristad", "fristad"),
}


def person_email(local: str) -> str:
    """The address of one of the register's people (``PEOPLE``)."""
    label = PEOPLE[local][2]
    return f"{local}@{label}.{OTHER_AGREEMENTS[AGREEMENT]['email_domain']}"


def _number(serial: int, first: str) -> str:
    """A made-up organisation number with a right check digit (accounts.orgnr's rule)."""
    return demo.org_number(f"{first}12{serial:06d}")


def _register() -> dict[str, Organisation]:
    units = {}
    for serial, name in enumerate(COMMITTEES, start=1):
        units[name] = demo._organisation(name, kind=OrganisationKind.COMMITTEE, org_number=_number(serial, "2"))
    for serial, (name, committee) in enumerate(ADMINISTRATIONS.items(), start=11):
        units[name] = demo._organisation(
            name,
            kind=OrganisationKind.ADMINISTRATION,
            parent=units[committee],
            org_number=_number(serial, "2"),
        )
    units[COMPANY] = demo._organisation(COMPANY, kind=OrganisationKind.MUNICIPAL_COMPANY, org_number=_number(21, "5"))
    joined_since = datetime.date(demo_year() - 3, 9, 1)
    for serial, (name, joined) in enumerate(ASSOCIATIONS, start=31):
        units[name] = demo._organisation(
            name,
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            org_number=_number(serial, "8"),
            connected_since=joined_since if joined else None,
        )
    return units


def _people(units: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    for local, (name, organisation, _label) in PEOPLE.items():
        user = demo._account(person_email(local), name, password=demo.OTHER_DEMO_PASSWORD)
        Representation.objects.get_or_create(user=user, organisation=units[organisation])
        users[local] = user
    return users


def load_register(*, stdout) -> None:
    units = _register()
    _people(units)
    stdout.write(f"  register: {len(units)} organisations, {len(PEOPLE)} people")
