"""Demo accounts, one per role, and the organisations of the register: Lund's nämnder and
förvaltningar, the umbrella organisations PIL and LIPS, connected associations, applications
waiting for a decision, a rejected application, a withdrawal and the local association register.

The password is published in the README: demo data only (load_demo refuses to run in production).
Every name, person and number below is invented; organisation numbers are valid (Luhn) but made up.
Dates are fixed relative to the demo's year (``demo_year()``: the year the demo is loaded in, never
today's date), so running load_demo twice in a year leaves the same rows.
"""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.utils import timezone
from django.utils.text import slugify

from overenskommelse.demo_agreements import OTHER_AGREEMENTS
from overenskommelse.demo_year import demo_year
from overenskommelse.models import Principle, PriorityArea
from overenskommelse.selectors import agreement_current

from . import demo_boras
from .models import (
    OWNING_PARTY_KINDS,
    Accession,
    Organisation,
    OrganisationEvent,
    OrganisationKind,
    Representation,
    UmbrellaRequest,
    User,
    Withdrawal,
)
from .orgnr import luhn_is_valid
from .roles import COLLABORATION_GROUP, CONVENER_GROUP, role_group

DEMO_PASSWORD = "demo-lund-2026"
# The two-step verification secret (TOTP, base32) of the demo convener, group members and admin,
# published in the README so anyone trying the demo can add it to an authenticator app. Demo only.
DEMO_TOTP_SECRET = "IRCU2T2MKVHEIMRQGI3EIRKNN5WHK3TE"

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

AREAS = {
    "inkl": "inkludering",
    "halsa": "halsosamma-levnadsvanor",
    "hallbar": "hallbar-utveckling-agenda-2030",
    "demokrati": "demokrati-delaktighet-trygghet",
}


def org_number(nine_digits: str) -> str:
    """A valid organisation number (NNNNNN-NNNN) from its first nine digits: the Luhn check digit
    is computed over all ten."""
    for check in "0123456789":
        digits = nine_digits + check
        if luhn_is_valid(digits):
            return f"{digits[:6]}-{digits[6:]}"
    raise ValueError(nine_digits)  # pragma: no cover - some digit always fits


# Every date below is fixed relative to the demo's year (``demo_year()``, pinned while it loads).
def _day(month: int, day: int, years_before: int = 0) -> datetime.date:
    return datetime.date(demo_year() - years_before, month, day)


def _at(
    month: int, day: int, years_before: int = 0, hour: int = 10
) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime(demo_year() - years_before, month, day, hour, 0)
    )


# Lund's nämnder, each with its förvaltning; chairs and vice chairs are invented.
COMMITTEES = [
    (
        "Kommunstyrelsen",
        ("Helena Lindgård", "ks.ordforande@demo.lund.se"),
        ("Per Åkesson", "ks.vice.ordforande@demo.lund.se"),
        "Kommunkontoret",
    ),
    (
        "Kultur- och fritidsnämnden",
        ("Maria Hedberg", "kfn.ordforande@demo.lund.se"),
        ("Jonas Ekdahl", "kfn.vice.ordforande@demo.lund.se"),
        "Kultur- och fritidsförvaltningen",
    ),
    (
        "Socialnämnden",
        ("Anders Nyqvist", "son.ordforande@demo.lund.se"),
        ("Leila Karimi", "son.vice.ordforande@demo.lund.se"),
        "Socialförvaltningen",
    ),
    (
        "Vård- och omsorgsnämnden",
        ("Birgitta Holm", "von.ordforande@demo.lund.se"),
        ("Tomas Wiberg", "von.vice.ordforande@demo.lund.se"),
        "Vård- och omsorgsförvaltningen",
    ),
    (
        "Barn- och skolnämnden",
        ("Sofia Mårtensson", "bsn.ordforande@demo.lund.se"),
        ("Erik Dahlberg", "bsn.vice.ordforande@demo.lund.se"),
        "Barn- och skolförvaltningen",
    ),
]

UMBRELLAS = {
    "PIL": {
        "name": "PIL – Idrottsföreningar i Lund",
        "number": "802470011",
        "description": (
            "PIL är paraplyorganisation för idrottsföreningarna i Lund. Vi samlar föreningarna, "
            "för deras talan mot kommunen och var med och tog initiativet till överenskommelsen."
        ),
        "email": "kansli@pil-lund.demo.lund.se",
        "website": "https://pil.demo.lund.se",
    },
    "LIPS": {
        "name": "LIPS – Lunds ideella föreningars paraplyorganisation med socialt arbete",
        "number": "802470029",
        "description": (
            "LIPS samlar de ideella föreningar i Lund som arbetar socialt, till exempel med stöd "
            "till utsatta, mötesplatser och läxhjälp. Vi var med och tog initiativet till "
            "överenskommelsen."
        ),
        "email": "kontakt@lips-lund.demo.lund.se",
        "website": "https://lips.demo.lund.se",
    },
}


def _connected() -> list[tuple]:
    """Connected associations: name, kind, first nine digits of the number, areas, umbrellas,
    description, email (or ""), publish the email?, connected on, details confirmed at."""
    return [
        (
            "Lunds Schackklubb",
            OrganisationKind.NON_PROFIT_ASSOCIATION,
            "802470037",
            ["inkl", "halsa"],
            ["PIL"],
            (
                "Schack för alla åldrar: klubbkvällar varje tisdag, nybörjarkurser och schack i skolor "
                "och på fritidsgårdar."
            ),
            "info@schack.demo.lund.se",
            True,
            _day(4, 18, 2),
            _at(5, 12),
        ),
        (
            "Föreningen Medmänniskor i Lund",
            OrganisationKind.NON_PROFIT_ASSOCIATION,
            "802470045",
            ["inkl", "halsa"],
            ["LIPS"],
            (
                "Frivilliga besöker äldre som bor ensamma och ordnar samtalsgrupper för att minska "
                "ofrivillig ensamhet."
            ),
            "hej@medmanniskor.demo.lund.se",
            True,
            _day(10, 3, 5),
            _at(5, 20),
        ),
        (
            "Lunds Simsällskap Delfinen",
            OrganisationKind.NON_PROFIT_ASSOCIATION,
            "802470052",
            ["halsa"],
            ["PIL"],
            (
                "Simskola för barn och vuxna, motionssim och tävlingssimning. Vi erbjuder simundervisning "
                "för nyanlända vuxna."
            ),
            "kansli@delfinen.demo.lund.se",
            True,
            _day(10, 3, 5),
            _at(4, 28, 2),  # not confirmed for over a year: flagged to the convener
        ),
        (
            "Stiftelsen Gröna Gården i Lund",
            OrganisationKind.FOUNDATION,
            "802470060",
            ["hallbar", "inkl"],
            [],
            (
                "Stadsodling och trädgårdsverksamhet där grannar, skolklasser och nyanlända odlar "
                "tillsammans."
            ),
            "odla@gronagarden.demo.lund.se",
            False,
            _day(4, 22, 3),
            _at(6, 2),
        ),
        (
            "Studieförbundet Kunskapsvägen Lund",
            OrganisationKind.STUDY_ASSOCIATION,
            "802470078",
            ["inkl", "demokrati"],
            [],
            "Studiecirklar, svenska för nyanlända och föreläsningar om demokrati och föreningsliv.",
            "lund@kunskapsvagen.demo.lund.se",
            True,
            _day(10, 12, 4),
            _at(5, 15),
        ),
        (
            "Linero Församlingsgemenskap",
            OrganisationKind.FAITH_COMMUNITY,
            "802470086",
            ["inkl", "demokrati"],
            ["LIPS"],
            "Öppet hus, läxhjälp och föräldragrupper på Linero, öppet för alla oavsett tro.",
            "",
            False,
            _day(4, 18, 2),
            _at(3, 30, 2),  # not confirmed for over a year: flagged to the convener
        ),
        (
            "Fritidsföreningen Norra Fäladen",
            OrganisationKind.NON_PROFIT_ASSOCIATION,
            "802470094",
            ["demokrati", "inkl"],
            ["LIPS"],
            (
                "Kvällsöppen mötesplats för unga på Norra Fäladen med trygga vuxna, idrott och "
                "ungdomsinflytande."
            ),
            "norrafaladen@fritid.demo.lund.se",
            True,
            _day(10, 14, 1),
            _at(5, 8),
        ),
        (
            "Lunds Seniorer i Rörelse",
            OrganisationKind.NON_PROFIT_ASSOCIATION,
            "802470102",
            ["halsa"],
            ["PIL"],
            "Promenadgrupper, seniordans och stolgympa för att fler äldre ska röra sig tillsammans.",
            "",
            False,
            _day(4, 21, 0),
            _at(4, 21),
        ),
    ]


# Associations from the municipality's register that have not joined: name, first nine digits
# of the number (or "" for none), kind, town.
LOCAL_REGISTER = [
    (
        "Genarps Bygdeförening",
        "802470110",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Genarp",
    ),
    (
        "Södra Sandby Hembygdsgille",
        "802470128",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Södra Sandby",
    ),
    (
        "Veberöds Musikkår",
        "802470136",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Veberöd",
    ),
    ("Stångby Boulesällskap", "", OrganisationKind.NON_PROFIT_ASSOCIATION, "Stångby"),
    (
        "Föreningen Språkcafé Lund",
        "802470144",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Lund",
    ),
    (
        "Lunds Fotoklubb Ljuset",
        "802470151",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Lund",
    ),
    (
        "Torns Idrottsförening",
        "802470169",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Lund",
    ),
    (
        "Nöbbelövs Trädgårdsförening",
        "",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Lund",
    ),
    (
        "Lunds Körsällskap Cantus",
        "802470177",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Lund",
    ),
    (
        "Klostergårdens Föräldraförening",
        "",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Lund",
    ),
    (
        "Dalby Kulturförening",
        "802470185",
        OrganisationKind.NON_PROFIT_ASSOCIATION,
        "Dalby",
    ),
]

# Demo applicants (no role: their applications are waiting or were rejected).
APPLICANTS = [
    ("sokande.klatter@demo.lund.se", "Maja Berglund"),
    ("sokande.sprakcafe@demo.lund.se", "Ali Haddad"),
    ("sokande.festfixarna@demo.lund.se", "Erik Sandberg"),
]


def _account(email: str, name: str, *, staff: bool = False, password: str = DEMO_PASSWORD) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, full_name=name
        )
    user.full_name = name
    user.is_staff = staff
    user.is_superuser = staff
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_totp_activate(user: User) -> None:
    """Turn on two-step verification for a demo account, with the published ``DEMO_TOTP_SECRET``:
    the convener and the group need it to decide (accounts.rules.has_mfa). Safe to run again."""

    Authenticator.objects.update_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
    )


def _organisation(name: str, **fields) -> Organisation:
    organisation, _created = Organisation.objects.update_or_create(
        name=name, defaults=fields
    )
    return organisation


def _event(organisation, kind, at, by=None, note="") -> None:
    OrganisationEvent.objects.get_or_create(
        organisation=organisation, kind=kind, at=at, defaults={"by": by, "note": note}
    )


def _areas(keys) -> list[PriorityArea]:
    return list(PriorityArea.objects.filter(slug__in=[AREAS[key] for key in keys]))


def _accession(
    applicant: User, name: str, *, created_at, areas=(), umbrellas=(), **fields
) -> Accession:
    accession, _created = Accession.objects.update_or_create(
        applicant=applicant, name=name, defaults=fields
    )
    Accession.objects.filter(pk=accession.pk).update(created_at=created_at)
    accession.priority_areas.set(_areas(areas))
    accession.umbrella_organisations.set(umbrellas)
    agreement = agreement_current()
    accession.principles_confirmed.set(Principle.objects.filter(agreement=agreement))
    return accession


# Under another agreement (load_demo --agreement boras|blekinge): the accounts of the roles that run
# the portal, in the agreement's own demo domain, with a password that names no municipality.
OTHER_DEMO_PASSWORD = "demo-portal-2026"
OTHER_DEMO_ACCOUNTS = [
    ("admin", "Alma Administratör", None, True),
    ("sammankallande", "Sara Sammankallande", CONVENER_GROUP, False),
    ("ledamot", "Gustav Gruppledamot", COLLABORATION_GROUP, False),
]


def other_demo_email(local: str, agreement: str) -> str:
    return f"{local}@{OTHER_AGREEMENTS[agreement]['email_domain']}"


# The public parties of an agreement that lets public actors join (Blekinge's: the region, the
# county's municipalities, a state university): joined ones, and one waiting for the group's
# decision. Contact persons and numbers are invented; each number has its kind's prefix and a valid
# check digit. Each party's people have addresses of its own (<party>.demo.<agreement>.se).
# name, kind, the number's first nine digits, town, party's address label, contact name,
# connected since (month, day) or None for the application waiting.
PUBLIC_PARTIES = {
    "blekinge": [
        ("Region Blekinge", OrganisationKind.REGION, "232100005", "Karlskrona", "region", "Maja Regionsson", (1, 15)),
        ("Karlskrona kommun", OrganisationKind.MUNICIPALITY, "212000081", "Karlskrona", "karlskrona", "Johan Kustberg", (2, 3)),
        ("Ronneby kommun", OrganisationKind.MUNICIPALITY, "212000082", "Ronneby", "ronneby", "Elin Brunnsdal", (3, 10)),
        ("Blekinge Tekniska Högskola", OrganisationKind.UNIVERSITY, "202100401", "Karlskrona", "bth", "Amir Forsk", (4, 22)),
        ("Karlshamns kommun", OrganisationKind.MUNICIPALITY, "212000083", "Karlshamn", "karlshamn", "Stina Hamnqvist", None),
    ],
}


def _load_public_parties(*, agreement: str, stdout) -> None:
    """The public parties of the demo agreement: joined, with a representative who is the contact
    person, and one application from a public actor waiting for the group's decision."""
    domain = OTHER_AGREEMENTS[agreement]["email_domain"]
    group = User.objects.get(email=other_demo_email("ledamot", agreement))
    for name, kind, digits, town, label, contact, joined in PUBLIC_PARTIES.get(agreement, []):
        email = f"kontakt@{label}.{domain}"
        person = _account(email, contact, password=OTHER_DEMO_PASSWORD)
        details = {
            "kind": kind,
            "org_number": org_number(digits),
            "city": town,
            "email": f"info@{label}.{domain}",
            "website": f"https://{label}.{domain}",
            "contact_name": contact,
            "contact_email": email,
        }
        if joined is None:
            _accession(
                person,
                name,
                created_at=_at(10, 20),
                status=Accession.Status.SUBMITTED,
                submitted_at=_at(10, 28),
                signatory_name=contact,
                signatory_role="Kommundirektör",
                board_decision_on=_day(10, 14),
                description=f"{name} vill ansluta sig till överenskommelsen som offentlig part.",
                **details,
            )
            continue
        month, day = joined
        organisation = _organisation(
            name,
            connected_since=_day(month, day),
            details_confirmed_at=_at(month, day),
            description=f"{name} är offentlig part i överenskommelsen.",
            **details,
        )
        Representation.objects.get_or_create(user=person, organisation=organisation)
        _event(organisation, OrganisationEvent.Kind.APPROVED, _at(month, day), by=group)
    stdout.write(f"  public parties: {len(PUBLIC_PARTIES.get(agreement, []))}")


# Where the agreement has several public parties (Blekinge's: the region and the municipalities):
# the nämnder and förvaltningar each party brings, and connected idea-driven organisations to work
# with. Every name is invented for the demo. party, nämnd, förvaltning.
PUBLIC_BODIES = {
    "blekinge": [
        ("Region Blekinge", "Regionala utvecklingsnämnden", "Regional utveckling, Region Blekinge"),
        ("Region Blekinge", "Kulturnämnden, Region Blekinge", "Kulturförvaltningen, Region Blekinge"),
        ("Karlskrona kommun", "Socialnämnden i Karlskrona", "Socialförvaltningen i Karlskrona"),
        ("Karlskrona kommun", "Kultur- och fritidsnämnden i Karlskrona", "Kultur- och fritidsförvaltningen i Karlskrona"),
        ("Ronneby kommun", "Socialnämnden i Ronneby", "Socialförvaltningen i Ronneby"),
        ("Ronneby kommun", "Fritids- och kulturnämnden i Ronneby", "Fritids- och kulturförvaltningen i Ronneby"),
    ],
}
# name, kind, town, connected since (month, day)
IDEA_DRIVEN_PARTIES = {
    "blekinge": [
        ("Nätverket idéburet Blekinge", OrganisationKind.NETWORK, "Karlskrona", (1, 15)),
        ("Kustbygdens ungdomsförening", OrganisationKind.NON_PROFIT_ASSOCIATION, "Karlskrona", (2, 3)),
        ("Mötesplats Brunnsskogen", OrganisationKind.NON_PROFIT_ASSOCIATION, "Ronneby", (3, 10)),
        ("Studieförbundet Blekingeleden", OrganisationKind.STUDY_ASSOCIATION, "Karlshamn", (3, 24)),
        ("Stiftelsen Skärgårdens framtid", OrganisationKind.FOUNDATION, "Karlskrona", (4, 2)),
    ],
}


def _load_public_bodies(*, agreement: str, stdout) -> None:
    """The nämnder and förvaltningar of each public party (``Organisation.public_party``), and the
    connected idea-driven organisations their commitments are made with."""
    domain = OTHER_AGREEMENTS[agreement]["email_domain"]
    parties = {o.name: o for o in Organisation.objects.filter(kind__in=OWNING_PARTY_KINDS)}
    bodies = PUBLIC_BODIES.get(agreement, [])
    for party_name, committee_name, administration_name in bodies:
        party = parties[party_name]
        committee = _organisation(
            committee_name, kind=OrganisationKind.COMMITTEE, public_party=party, city=party.city
        )
        _organisation(
            administration_name,
            kind=OrganisationKind.ADMINISTRATION,
            parent=committee,
            public_party=party,
            city=party.city,
        )
    group = User.objects.get(email=other_demo_email("ledamot", agreement))
    idea_driven = IDEA_DRIVEN_PARTIES.get(agreement, [])
    for name, kind, town, (month, day) in idea_driven:
        organisation = _organisation(
            name,
            kind=kind,
            city=town,
            email=f"info@{slugify(name)}.{domain}",
            connected_since=_day(month, day),
            details_confirmed_at=_at(month, day),
            description=f"{name} är ansluten till överenskommelsen.",
        )
        _event(organisation, OrganisationEvent.Kind.APPROVED, _at(month, day), by=group)
    stdout.write(f"  förvaltningar of the public parties: {len(bodies)}; idea-driven organisations: {len(idea_driven)}")


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement != "lund":
        for local, name, group_name, staff in OTHER_DEMO_ACCOUNTS:
            user = _account(other_demo_email(local, agreement), name, staff=staff, password=OTHER_DEMO_PASSWORD)
            if group_name:
                user.groups.add(role_group(group_name))
            demo_totp_activate(user)
        stdout.write(f"  demo accounts: {len(OTHER_DEMO_ACCOUNTS)} (password {OTHER_DEMO_PASSWORD})")
        _load_public_parties(agreement=agreement, stdout=stdout)
        _load_public_bodies(agreement=agreement, stdout=stdout)
        if agreement == "boras":
            demo_boras.load_register(stdout=stdout)
        return
    for email, name, group_name, organisation, staff in DEMO_ACCOUNTS:
        user = _account(email, name, staff=staff)
        if group_name:
            user.groups.add(role_group(group_name))
        if group_name or staff:
            # The group, the convener and staff (the admin site) need the second factor.
            demo_totp_activate(user)
        if organisation:
            org_name, kind = organisation
            org, _ = Organisation.objects.get_or_create(
                name=org_name, defaults={"kind": kind}
            )
            Representation.objects.get_or_create(user=user, organisation=org)
    stdout.write(f"  demo accounts: {len(DEMO_ACCOUNTS)} (password {DEMO_PASSWORD})")
    _load_register(stdout=stdout)


def _load_register(*, stdout) -> None:
    convener = User.objects.get(email="sammankallande@demo.lund.se")
    member = User.objects.get(email="ledamot@demo.lund.se")
    representative = User.objects.get(email="forening@demo.lund.se")

    # The municipality: each förvaltning under its nämnd.
    for committee_name, (chair, chair_email), (
        vice,
        vice_email,
    ), administration_name in COMMITTEES:
        committee = _organisation(
            committee_name,
            kind=OrganisationKind.COMMITTEE,
            city="Lund",
            website="https://www.lund.se",
            chair_name=chair,
            chair_email=chair_email,
            vice_chair_name=vice,
            vice_chair_email=vice_email,
        )
        _organisation(
            administration_name,
            kind=OrganisationKind.ADMINISTRATION,
            parent=committee,
            city="Lund",
            website="https://www.lund.se",
        )

    # The umbrella organisations that started the agreement, connected from the beginning.
    umbrellas = {}
    for key, data in UMBRELLAS.items():
        organisation = _organisation(
            data["name"],
            kind=OrganisationKind.UMBRELLA,
            org_number=org_number(data["number"]),
            description=data["description"],
            email=data["email"],
            website=data["website"],
            city="Lund",
            publish_email=True,
            connected_since=datetime.date(2019, 3, 14),
            withdrawn_on=None,
            details_confirmed_at=_at(5, 4),
            in_local_register=True,
        )
        organisation.priority_areas.set(_areas(["inkl", "halsa", "demokrati"]))
        _event(
            organisation,
            OrganisationEvent.Kind.APPROVED,
            timezone.make_aware(datetime.datetime(2019, 3, 14, 10, 0)),
            member,
        )
        _event(organisation, OrganisationEvent.Kind.DETAILS_CONFIRMED, _at(5, 4))
        umbrellas[key] = organisation

    # Connected associations, each approved by the collaboration group.
    for (
        name,
        kind,
        nine,
        areas,
        umbrella_keys,
        description,
        email,
        publish_email,
        connected_on,
        confirmed_at,
    ) in _connected():
        organisation = _organisation(
            name,
            kind=kind,
            org_number=org_number(nine),
            description=description,
            email=email,
            publish_email=publish_email,
            city="Lund",
            connected_since=connected_on,
            withdrawn_on=None,
            details_confirmed_at=confirmed_at,
            in_local_register=True,
        )
        organisation.priority_areas.set(_areas(areas))
        organisation.umbrella_organisations.set(
            [umbrellas[key] for key in umbrella_keys]
        )
        applied_at = timezone.make_aware(
            datetime.datetime.combine(
                connected_on - datetime.timedelta(days=45), datetime.time(9)
            )
        )
        approved_at = timezone.make_aware(
            datetime.datetime.combine(connected_on, datetime.time(18))
        )
        _event(organisation, OrganisationEvent.Kind.APPLIED, applied_at)
        _event(organisation, OrganisationEvent.Kind.APPROVED, approved_at, member)
        _event(organisation, OrganisationEvent.Kind.DETAILS_CONFIRMED, confirmed_at)

    # A membership asked and not yet confirmed: LIPS has nobody in the portal, so the convener
    # answers for it on its page. Until then Gröna Gården is no member on LIPS's public page.
    UmbrellaRequest.objects.update_or_create(
        member=Organisation.objects.get(name="Stiftelsen Gröna Gården i Lund"),
        umbrella=umbrellas["LIPS"],
        status=UmbrellaRequest.Status.PENDING,
        defaults={"asked_at": _at(10, 6)},
    )

    # The demo representative's own application, approved.
    chess = Organisation.objects.get(name="Lunds Schackklubb")
    chess.contact_name = "Rut Föreningsaktiv"
    chess.contact_email = "forening@demo.lund.se"
    chess.save()
    _accession(
        representative,
        chess.name,
        created_at=_at(2, 10, 2),
        areas=["inkl", "halsa"],
        umbrellas=[umbrellas["PIL"]],
        organisation=chess,
        kind=chess.kind,
        org_number=chess.org_number,
        description=chess.description,
        email=chess.email,
        city="Lund",
        contact_name="Rut Föreningsaktiv",
        contact_email="forening@demo.lund.se",
        signatory_name="Rut Föreningsaktiv",
        signatory_role="Ordförande",
        board_decision_on=_day(2, 5, 2),
        democratic_values_confirmed=True,
        status=Accession.Status.APPROVED,
        submitted_at=_at(3, 4, 2),
        decided_at=_at(4, 18, 2, hour=18),
        decided_by=member,
        decision_reason="Föreningen uppfyller villkoren för att ansluta sig till överenskommelsen.",
        decision_meeting_on=_day(4, 18, 2),
    )

    # The local association register: not connected.
    for name, nine, kind, city in LOCAL_REGISTER:
        organisation = _organisation(
            name,
            kind=kind,
            org_number=org_number(nine) if nine else "",
            city=city,
            in_local_register=True,
            connected_since=None,
            withdrawn_on=None,
        )
        _event(
            organisation,
            OrganisationEvent.Kind.IMPORTED,
            _at(2, 3),
            convener,
            "foreningsregister.xlsx",
        )

    # Two applications waiting for the group's decision, and one rejected.
    applicants = {email: _account(email, name) for email, name in APPLICANTS}
    principles_note = "Ansökan skickad via portalen."
    _accession(
        applicants["sokande.klatter@demo.lund.se"],
        "Klätterföreningen Kalkbrottet",
        created_at=_at(10, 10),
        areas=["halsa", "inkl"],
        umbrellas=[umbrellas["PIL"]],
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        org_number=org_number("802470193"),
        description="Klättring för barn, unga och vuxna, med prova-på-kvällar för nyanlända.",
        email="styrelsen@kalkbrottet.demo.lund.se",
        city="Lund",
        contact_name="Maja Berglund",
        contact_email="sokande.klatter@demo.lund.se",
        signatory_name="Maja Berglund",
        signatory_role="Ordförande",
        board_decision_on=_day(9, 28),
        democratic_values_confirmed=True,
        status=Accession.Status.SUBMITTED,
        submitted_at=_at(10, 14),
    )
    language_cafe = Organisation.objects.get(name="Föreningen Språkcafé Lund")
    _accession(
        applicants["sokande.sprakcafe@demo.lund.se"],
        language_cafe.name,
        created_at=_at(10, 28),
        areas=["inkl", "demokrati"],
        umbrellas=[umbrellas["LIPS"]],
        organisation=language_cafe,
        kind=language_cafe.kind,
        org_number=language_cafe.org_number,
        description="Språkcafé varje vecka där nyanlända och lundabor möts och pratar svenska.",
        email="sprakcafe@demo.lund.se",
        city="Lund",
        contact_name="Ali Haddad",
        contact_email="sokande.sprakcafe@demo.lund.se",
        signatory_name="Ali Haddad",
        signatory_role="Sekreterare",
        board_decision_on=_day(10, 20),
        democratic_values_confirmed=True,
        status=Accession.Status.SUBMITTED,
        submitted_at=_at(11, 2),
    )
    _event(
        language_cafe,
        OrganisationEvent.Kind.APPLIED,
        _at(11, 2),
        applicants["sokande.sprakcafe@demo.lund.se"],
        principles_note,
    )
    _accession(
        applicants["sokande.festfixarna@demo.lund.se"],
        "Festfixarna i Lund",
        created_at=_at(2, 25),
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        has_no_org_number=True,
        description="Vi ordnar fester och evenemang mot betalning.",
        city="Lund",
        contact_name="Erik Sandberg",
        contact_email="sokande.festfixarna@demo.lund.se",
        signatory_name="Erik Sandberg",
        signatory_role="Ägare",
        board_decision_on=_day(2, 20),
        democratic_values_confirmed=True,
        status=Accession.Status.REJECTED,
        submitted_at=_at(3, 2),
        decided_at=_at(4, 21, hour=18),
        decided_by=member,
        decision_reason=(
            "Verksamheten drivs i vinstsyfte och är inte idéburen. Den uppfyller därför inte "
            "villkoren för att ansluta sig till överenskommelsen."
        ),
        decision_meeting_on=_day(4, 21),
    )

    # An association that left the agreement, by written notice.
    withdrawn = _organisation(
        "Lunds Modellflygklubb Vingen",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        org_number=org_number("802470201"),
        description=f"Modellflyg för unga och vuxna. Föreningen upplöstes vid årsmötet {demo_year() - 1}.",
        city="Lund",
        connected_since=datetime.date(2021, 5, 10),
        withdrawn_on=_day(12, 31, 1),
        details_confirmed_at=_at(5, 6, 2),
        in_local_register=True,
    )
    withdrawal, _created = Withdrawal.objects.update_or_create(
        organisation=withdrawn,
        defaults={
            "filed_by": None,
            "effective_on": _day(12, 31, 1),
            "reason": f"Föreningen har beslutat att upplösas vid årsmötet {demo_year() - 1}.",
            "signatory_name": "Karl Lindström",
            "signatory_role": "Ordförande",
        },
    )
    Withdrawal.objects.filter(pk=withdrawal.pk).update(filed_at=_at(10, 15, 1))
    _event(
        withdrawn,
        OrganisationEvent.Kind.APPROVED,
        timezone.make_aware(datetime.datetime(2021, 5, 10, 18)),
        member,
    )
    _event(
        withdrawn,
        OrganisationEvent.Kind.WITHDRAWN,
        _at(10, 15, 1),
        note=f"Föreningen har beslutat att upplösas vid årsmötet {demo_year() - 1}.",
    )

    connected = Organisation.objects.connected().count()
    stdout.write(
        f"  register: {Organisation.objects.count()} organisations, {connected} connected, "
        f"{Accession.objects.open().count()} applications waiting"
    )
