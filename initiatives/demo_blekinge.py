"""Demo commitments of a regional agreement (``load_demo --agreement blekinge``): a few IOPs and
other commitments of the förvaltningar of each public party (the region and two municipalities)
with the connected idea-driven organisations of ``accounts/demo.py``.

Every title, amount and diarienummer is invented. Rows are found again by förvaltning and title, so
running load_demo twice leaves the same rows.
"""

import datetime

from accounts.models import Organisation
from overenskommelse.models import PriorityArea

from .models import CollaborationForm, Contribution, Partnership

IOP = CollaborationForm.IOP
PROJECT = CollaborationForm.JOINT_PROJECT

# förvaltning, title, form, area slug, idea-driven parties, starts, ends, kronor per year, reference
PARTNERSHIPS = [
    (
        "Regional utveckling, Region Blekinge",
        "Länsgemensamt stöd till idéburna entreprenörer",
        IOP,
        "ideburet-entreprenorskap",
        ["Nätverket idéburet Blekinge"],
        datetime.date(2026, 2, 1),
        datetime.date(2028, 12, 31),
        600_000,
        "RB 2026/0113",
    ),
    (
        "Kulturförvaltningen, Region Blekinge",
        "Kulturarv i skärgården med unga guider",
        PROJECT,
        "ideburet-engagemang",
        ["Stiftelsen Skärgårdens framtid", "Kustbygdens ungdomsförening"],
        datetime.date(2026, 4, 1),
        datetime.date(2027, 9, 30),
        180_000,
        "RB 2026/0287",
    ),
    (
        "Socialförvaltningen i Karlskrona",
        "Kvällsöppen mötesplats vid kusten",
        IOP,
        "ideburet-engagemang",
        ["Kustbygdens ungdomsförening"],
        datetime.date(2026, 3, 1),
        datetime.date(2029, 2, 28),
        350_000,
        "SN 2026/0045",
    ),
    (
        "Kultur- och fritidsförvaltningen i Karlskrona",
        "Studiecirklar om föreningsdemokrati",
        PROJECT,
        "samverkan-dialog-larande",
        ["Studieförbundet Blekingeleden"],
        datetime.date(2026, 5, 1),
        None,
        90_000,
        "KFN 2026/0102",
    ),
    (
        "Socialförvaltningen i Ronneby",
        "Stöd och gemenskap för nyanlända familjer",
        IOP,
        "samhallsutveckling-innovation",
        ["Mötesplats Brunnsskogen"],
        datetime.date(2026, 1, 15),
        datetime.date(2028, 12, 31),
        420_000,
        "SN 2025/0391",
    ),
    (
        "Fritids- och kulturförvaltningen i Ronneby",
        "Ledarutbildning för unga i föreningslivet",
        PROJECT,
        "ideburet-engagemang",
        ["Studieförbundet Blekingeleden", "Mötesplats Brunnsskogen"],
        datetime.date(2026, 8, 15),
        datetime.date(2027, 6, 30),
        75_000,
        "FKN 2026/0077",
    ),
]


def load_partnerships(*, stdout) -> None:
    names = {name for row in PARTNERSHIPS for name in (row[0], *row[4])}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    areas = {area.slug: area for area in PriorityArea.objects.order_by("action_plan__starts_on")}
    count = 0
    for administration_name, title, form, area, parties, starts_on, ends_on, amount, reference in PARTNERSHIPS:
        administration = organisations.get(administration_name)
        party_list = [organisations.get(name) for name in parties]
        if administration is None or None in party_list:
            continue  # the register of accounts/demo.py was not loaded
        partnership, _created = Partnership.objects.update_or_create(
            administration=administration,
            title=title,
            defaults={
                "form": form,
                "priority_area": areas.get(area),
                "description": (
                    f"{administration_name} och {' och '.join(parties)} arbetar tillsammans inom "
                    "överenskommelsen. Parterna följer upp arbetet i styrgruppens verksamhetsplan."
                ),
                "starts_on": starts_on,
                "ends_on": ends_on,
                "decision_on": starts_on - datetime.timedelta(days=30),
                "decision_reference": reference,
            },
        )
        partnership.organisations.set(party_list)
        contribution, _created = Contribution.objects.update_or_create(
            partnership=partnership,
            organisation=administration,
            kind=Contribution.Kind.MONEY,
            defaults={"amount_sek_per_year": amount, "description": "Verksamhetsbidrag"},
        )
        partnership.contributions.exclude(pk=contribution.pk).delete()
        count += 1
    stdout.write(f"  commitments of the public parties' förvaltningar: {count}")
