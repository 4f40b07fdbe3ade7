"""Demo data of the other agreements the portal runs: Borås Stad's and the proposed one for
Blekinge län (``manage.py load_demo --agreement boras|blekinge``). Lund's is in ``demo.py``.

Facts (names, parties, cadences, the group, the principles, the areas) come from the source
documents; every sentence is our own. Each agreement is meant for a portal (a database) of its own.
"""

import datetime


class SeatSide:
    """The two sides a seat belongs to (the values of ``accounts.models.Sector``, which this module
    does not import: the agreement stands below the accounts)."""

    PUBLIC = "offentlig"
    IDEA_DRIVEN = "ideburen"

BORAS = {
    "agreement": {
        "name": "Överenskommelsen om samverkan mellan idéburna organisationer och Borås Stad",
        "municipality": "Borås Stad",
        "sector_party": "Idéburna organisationer i Borås",
        "summary": (
            "Överenskommelsen säger hur Borås Stad och de idéburna organisationerna i Borås ska "
            "samverka som jämbördiga parter för ett hållbart Borås med lika rättigheter och "
            "möjligheter för alla."
        ),
        "purpose": (
            "Samhällets utmaningar går inte längre att lösa av en aktör i taget. En hållbar "
            "struktur för samverkan gör att behov upptäcks tidigare och att parternas resurser "
            "används där de gör mest nytta: för bättre välfärd, rikare fritid, starkare demokrati "
            "och mindre utanförskap."
        ),
        "adopted_on": datetime.date(2022, 6, 16),
        "valid_from": datetime.date(2022, 7, 1),
        "valid_until": None,
        "revision_cycle_years": 4,
        "contact_email": "samradet@demo.boras.se",
        "contact_phone": "",
        "contact_office": "Stadsledningskansliet, Borås Stad",
        # Its words and rules: a samråd with equally many from both sides; evaluated every other year.
        "group_name": "samrådet",
        "convener_title": "sammankallande",
        "area_name": "utvecklingsområde",
        "area_name_plural": "utvecklingsområden",
        "meetings_per_year": 2,
        "conference_every_years": 2,
        "followup_every_years": 2,
        "chair_mandate_years": None,
        "public_actors_may_join": False,
    },
    # The approaches both sides hold to, named as principles.
    "principles": [
        (
            "Självständighet och oberoende",
            "De idéburna organisationerna behåller sin identitet och kan granska staden kritiskt, "
            "också när de samarbetar med den.",
        ),
        (
            "Kvalitet",
            "Parterna tar vara på varandras kunskap och bestämmer tillsammans vad kvalitet är och "
            "hur den följs upp.",
        ),
        (
            "Öppenhet och insyn",
            "Parterna förklarar hur de är organiserade och vad de har i uppdrag, så att tilliten "
            "mellan dem växer.",
        ),
        (
            "Långsiktighet och dialog",
            "Samverkan bygger på förutsägbara villkor och på att parterna möts regelbundet och "
            "talar med varandra.",
        ),
    ],
    "action_plan": {
        "title": "Gemensamma utvecklingsområden",
        "introduction": (
            "Områdena visar var parterna vill utveckla samverkan under perioden. Överenskommelsen "
            "utvärderas vartannat år."
        ),
    },
    "areas": [
        (
            "tidig-involvering",
            "Involvera varandra tidigt i planeringen",
            "Idéburna organisationer kommer in så tidigt som möjligt när staden planerar och "
            "utvecklar verksamhet.",
            [
                "Nämnder och förvaltningar utvecklar arbetssätt som tar in de idéburna när fler "
                "aktörer behövs för att beskriva och lösa ett problem.",
            ],
        ),
        (
            "aterkommande-forum",
            "Forum där parterna möts och lär av varandra",
            "Återkommande mötesplatser kring gemensamma intressen, med dialoger och utbildningar.",
            [
                "Samrådet bjuder in till utbildningar och dialoger och visar goda exempel.",
                "Samarbetet i de lokala nätverken i bostadsområdena och i ortsråden fortsätter.",
            ],
        ),
        (
            "rostbarande-funktion",
            "Forum för den idéburna sektorns röst",
            "De idéburna organisationerna får komma till tals i referensgrupper och andra forum.",
            [
                "Idéburna organisationer bjuds in till referensgrupper när stadens arbete berör "
                "de grupper de företräder.",
            ],
        ),
    ],
    # position, sector, appointed by (in words), note: as many from each side.
    "seats": [
        (1, SeatSide.PUBLIC, "Kommunstyrelsen", ""),
        (2, SeatSide.PUBLIC, "Fritids- och folkhälsonämnden", ""),
        (3, SeatSide.PUBLIC, "Sociala omsorgsnämnden", ""),
        (4, SeatSide.PUBLIC, "Kulturnämnden", ""),
        (5, SeatSide.IDEA_DRIVEN, "De idéburna organisationernas nominering", ""),
        (6, SeatSide.IDEA_DRIVEN, "De idéburna organisationernas nominering", ""),
        (7, SeatSide.IDEA_DRIVEN, "De idéburna organisationernas nominering", ""),
        (8, SeatSide.IDEA_DRIVEN, "De idéburna organisationernas nominering", ""),
    ],
    "email_domain": "demo.boras.se",
}

BLEKINGE = {
    "agreement": {
        "name": "Överenskommelsen mellan idéburen sektor och offentliga aktörer i Blekinge län",
        "municipality": "Region Blekinge",
        "sector_party": "Idéburen sektor i Blekinge, företrädd av Nätverket idéburet Blekinge",
        "summary": (
            "Överenskommelsen samlar regionen, länets kommuner och den idéburna sektorn kring en "
            "socialt, ekologiskt och ekonomiskt hållbar utveckling av Blekinge län."
        ),
        "purpose": (
            "Parterna vill skapa samsyn och engagemang för länets gemensamma utveckling: "
            "demokrati, folkhälsa, mänskliga rättigheter, miljö och delaktighet, och en bättre "
            "förmåga att möta behov, utmaningar och kriser."
        ),
        "revision_cycle_years": 4,
        "contact_email": "processledare@demo.blekinge.se",
        "contact_phone": "",
        "contact_office": "Region Blekinge",
        # A steering group in balance, led by a process leader; a yearly conference; chair and
        # vice chair on two-year mandates; public actors join too.
        "group_name": "styrgruppen",
        "convener_title": "processledare",
        "area_name": "utvecklingsområde",
        "area_name_plural": "utvecklingsområden",
        "public_side": "offentlig",  # the region and the county's municipalities: not only kommunal
        "meetings_per_year": 4,
        "conference_every_years": 1,
        "followup_every_years": 1,
        "chair_mandate_years": 2,
        "public_actors_may_join": True,
    },
    # The six principles the local agreements share (``demo.PRINCIPLES``), and a seventh.
    "shared_principles": True,
    "principles": [
        (
            "Innovation",
            "När de idéburna får växa med sin egen kraft uppstår nya lösningar; parterna vågar "
            "tänka nytt och ta tillvara samhällsinnovation.",
        ),
    ],
    "action_plan": {
        "introduction": (
            "Handlingsplanen bygger på överenskommelsens vision och mål. Styrgruppen planerar "
            "arbetet inom utvecklingsområdena i en verksamhetsplan varje år; barnets rättigheter "
            "och de mänskliga rättigheterna genomsyrar alla områden."
        ),
    },
    "areas": [
        (
            "samverkan-dialog-larande",
            "Samverkan, dialog och lärande",
            "Strukturer för att samarbeta, föra dialog och lära av varandra.",
            [
                "Bygga en struktur för nya arbetssätt och modeller för samverkan och dialog.",
                "Planera, sprida och följa upp hur överenskommelsen genomförs.",
                "Ta fram och sprida kunskap och forskning om den idéburna sektorn och om samverkan "
                "mellan sektorer.",
            ],
        ),
        (
            "ideburet-engagemang",
            "Idéburet engagemang",
            "Den idéburna sektorns röst och engagemang i samhällets utveckling.",
            [
                "Stärka sektorns röst i demokratifrågor och beslutsprocesser.",
                "Skapa förutsättningar för barns och ungas delaktighet i samhället och i "
                "föreningslivet.",
                "Kartlägga och utveckla former för stöd.",
            ],
        ),
        (
            "ideburet-entreprenorskap",
            "Idéburet entreprenörskap",
            "Sektorns möjlighet att bidra med tjänster och lösningar.",
            [
                "Öka kunskapen om upphandling, idéburet offentligt partnerskap (IOP) och andra "
                "former av samverkan.",
                "Göra det lättare att samarbeta över sektorsgränserna.",
            ],
        ),
        (
            "samhallsutveckling-innovation",
            "Samhällsutveckling och innovation",
            "Sektorns roll i den regionala utvecklingen och som samhällsinnovatör.",
            [
                "Stärka sektorns roll när den regionala utvecklingsstrategin genomförs.",
                "Utveckla insatser som tar vara på engagemang och sektorns förmåga att förnya.",
            ],
        ),
    ],
    # Ordinary seats in balance between the sectors.
    "seats": [
        (1, SeatSide.PUBLIC, "Region Blekinge (politisk representant)", ""),
        (2, SeatSide.PUBLIC, "Region Blekinge (tjänsteperson)", ""),
        (3, SeatSide.PUBLIC, "Karlskrona kommun", ""),
        (4, SeatSide.PUBLIC, "Ronneby kommun", ""),
        (5, SeatSide.IDEA_DRIVEN, "Nätverket idéburet Blekinge", ""),
        (6, SeatSide.IDEA_DRIVEN, "Nätverket idéburet Blekinge", ""),
        (7, SeatSide.IDEA_DRIVEN, "Nätverket idéburet Blekinge", ""),
        (8, SeatSide.IDEA_DRIVEN, "Nätverket idéburet Blekinge", ""),
    ],
    # Adjunct seats: they attend and speak, outside the balance and the decisions.
    "adjunct_seats": [
        (9, "Länsstyrelsen i Blekinge län", ""),
        (10, "Akademin", ""),
        (11, "Aktörer i innovationssystemet", ""),
    ],
    "email_domain": "demo.blekinge.se",
}

OTHER_AGREEMENTS = {"boras": BORAS, "blekinge": BLEKINGE}


def _boras_dates(year: int) -> dict:
    """Borås's dated facts for the demo's year (``demo_year()``): the agreement (2022) is history;
    its areas run four years up to the demo's year."""
    return {
        "action_plan": {
            "starts_on": datetime.date(year - 3, 1, 1),
            "ends_on": datetime.date(year, 12, 31),
            "adopted_on": datetime.date(year - 4, 6, 16),
        },
    }


def _blekinge_dates(year: int) -> dict:
    """Blekinge's dated facts for the demo's year: the agreement is new, valid from the demo's
    year for four years; its action plan runs as long; this year's operational plan; the chair and
    the vice chair from the agreement's first day."""
    first_day = datetime.date(year, 1, 1)
    return {
        "agreement": {
            "adopted_on": datetime.date(year - 1, 12, 1),
            "valid_from": first_day,
            "valid_until": datetime.date(year + 3, 12, 31),
        },
        "action_plan": {
            "title": f"Handlingsplan {year}–{year + 3}",
            "starts_on": first_day,
            "ends_on": datetime.date(year + 3, 12, 31),
            "adopted_on": datetime.date(year - 1, 12, 1),
        },
        "operational_plan": _blekinge_operational_plan(year),
        # kind, seat position, first day of the mandate (its length is the agreement's): the chair
        # from the idea-driven sector, the vice chair from the public side.
        "offices": [("chair", 5, first_day), ("vice_chair", 1, first_day)],
    }


def _blekinge_operational_plan(year: int) -> dict:
    """The demo year's operational plan under the action plan, adopted by the steering group:
    activities (title, area slug, responsible, planned from, planned until, status, follow-up note)."""
    return {
        "year": year,
        "adopted_on": datetime.date(year, 2, 10),
        "introduction": (
            "Verksamhetsplanen visar vad styrgruppen gör under året inom handlingsplanens "
            "utvecklingsområden, vem som ansvarar och när. Styrgruppen följer upp den på varje möte."
        ),
        "activities": [
            (
                "Årlig konferens om överenskommelsen",
                "samverkan-dialog-larande",
                "Processledaren med styrgruppen",
                datetime.date(year, 3, 1),
                datetime.date(year, 10, 15),
                "done",
                "Konferensen hölls i oktober med deltagare från alla parter.",
            ),
            (
                "Utbildning om IOP för förvaltningar och föreningar",
                "ideburet-entreprenorskap",
                "Region Blekinge",
                datetime.date(year, 4, 1),
                datetime.date(year, 11, 30),
                "ongoing",
                "Två av tre utbildningstillfällen är genomförda.",
            ),
            (
                "Dialogmöten om barns och ungas delaktighet",
                "ideburet-engagemang",
                "Nätverket idéburet Blekinge",
                datetime.date(year, 5, 1),
                datetime.date(year, 12, 15),
                "ongoing",
                "",
            ),
            (
                "Kartläggning av stödformer i länets kommuner",
                "ideburet-engagemang",
                "Karlskrona kommun och Ronneby kommun",
                datetime.date(year, 9, 1),
                datetime.date(year + 1, 3, 31),
                "planned",
                "",
            ),
            (
                "Gemensam kommunikationsplan för överenskommelsen",
                "samhallsutveckling-innovation",
                "Processledaren",
                datetime.date(year, 2, 1),
                datetime.date(year, 6, 30),
                "cancelled",
                "Ersätts av nyhetsbrevet som parterna redan har.",
            ),
        ],
    }

_DATES = {"boras": _boras_dates, "blekinge": _blekinge_dates}


def other_agreement(agreement: str, year: int) -> dict:
    """The agreement's demo facts with its dates for the demo's year (``demo_year()``): the dated
    parts (the agreement's, its action plan's, the operational plan, the offices) added to the
    fixed ones of ``OTHER_AGREEMENTS``."""
    facts = dict(OTHER_AGREEMENTS[agreement])
    for key, value in _DATES[agreement](year).items():
        facts[key] = {**facts[key], **value} if isinstance(value, dict) and key in facts else value
    return facts
