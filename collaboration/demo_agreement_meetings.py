"""Demo meetings of the other agreements' groups (``load_demo --agreement boras|blekinge``): two
held, with attendance, decisions and published minutes, and one to come, with its agenda.

Borås's samråd meets twice a year; Blekinge's steering group four times. The agendas bring up the
agreement's own initiatives, follow-up, conference and (in Blekinge) a public actor's application
to join. Dates are fixed relative to the demo's year (``demo_year()``) and rows are found again by
when they start, so running load_demo twice in a year leaves the same rows. Every person is one of the demo group's invented holders.
"""

import datetime

from django.utils import timezone

from accounts.demo import other_demo_email
from overenskommelse.demo_year import demo_year

from .demo_meetings import meetings_load
from .models import AgendaItem

OPENING = ("Mötets öppnande, val av justerare och godkännande av dagordningen", AgendaItem.Kind.OTHER, 5, None)
OTHER = ("Övriga frågor", AgendaItem.Kind.OTHER, 10, None)


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _boras(year: int) -> list[dict]:
    """Borås's samråd: twice a year; held in the demo's year (``year``), the next in the year after."""
    return [
        {
            "starts_at": _at(year, 5, 19, 17),
            "ends_at": _at(year, 5, 19, 19),
            "description": "",
            "agenda": [
                OPENING,
                ("Resultat av initiativet: Utbildningsdagar om samverkan och IOP", AgendaItem.Kind.INITIATIVE, 20, ("initiative", "Utbildningsdagar om samverkan och IOP")),
                (f"Uppföljningen av {year - 1}–{year}: tidplan", AgendaItem.Kind.FOLLOWUP, 25, None),
                (f"Samverkansdagen {year + 1}", AgendaItem.Kind.CONFERENCE, 20, ("conference", f"Samverkansdagen {year + 1}")),
                OTHER,
            ],
            "absent": ["ledamot8@grupp.demo.boras.se"],
            "decisions": [
                ("Samrådet tackar för redovisningen och ser fram emot utvärderingen.", 2, None),
                (
                    f"Uppföljningen av {year - 1}–{year} öppnar den 1 oktober; nämnderna och bolagen "
                    "redovisar senast den 15 december.",
                    3,
                    None,
                ),
                (f"Samverkansdagen {year + 1} planeras av två ledamöter från varje sida.", 4, None),
            ],
            "minutes": (
                "1. Sammankallande öppnade mötet. Cecilia Nyberg valdes att justera protokollet. "
                "Dagordningen godkändes.\n\n"
                "2. Studiecirkelförbundet Sjuhärad och fritids- och folkhälsoförvaltningen redovisade "
                "utbildningsdagarna: nittio deltagare, hälften från föreningar.\n\n"
                "3. Samrådet gick igenom tidplanen för uppföljningen av de två senaste åren.\n\n"
                f"4. Samrådet diskuterade programmet för samverkansdagen {year + 1}.\n\n"
                "5. Inga övriga frågor."
            ),
            "published_at": _at(year, 6, 2, 9),
        },
        {
            "starts_at": _at(year, 10, 13, 17),
            "ends_at": _at(year, 10, 13, 19),
            "description": "",
            "agenda": [
                OPENING,
                ("Resultat av initiativet: Referensgrupp om stöd till våldsutsatta", AgendaItem.Kind.INITIATIVE, 20, ("initiative", "Referensgrupp om stöd till våldsutsatta")),
                (f"Uppföljningen av {year - 1}–{year} är öppen", AgendaItem.Kind.FOLLOWUP, 15, None),
                OTHER,
            ],
            "absent": ["ledamot2@grupp.demo.boras.se", "ledamot6@grupp.demo.boras.se"],
            "decisions": [
                ("Samrådet föreslår att fler förvaltningar bjuder in idéburna till sina referensgrupper.", 2, None),
            ],
            "minutes": (
                "1. Sammankallande öppnade mötet. Greta Lindgren valdes att justera protokollet.\n\n"
                "2. Kvinnojouren Trygghetshuset och sociala omsorgsförvaltningen redovisade "
                "referensgruppen: tre av jourens förslag finns i stadens nya riktlinjer.\n\n"
                "3. Sammankallande berättade att uppföljningen öppnade den 1 oktober.\n\n"
                "4. Inga övriga frågor."
            ),
            "published_at": _at(year, 10, 27, 9),
        },
        {
            "starts_at": _at(year + 1, 3, 16, 17),
            "ends_at": _at(year + 1, 3, 16, 19),
            "description": "Mötet hålls sent på eftermiddagen, så att ideellt aktiva hinner komma.",
            "agenda": [
                OPENING,
                (f"Utvärderingen av {year - 1}–{year}: sammanställningen", AgendaItem.Kind.FOLLOWUP, 40, None),
                (f"Samverkansdagen {year + 1}: program och inbjudan", AgendaItem.Kind.CONFERENCE, 20, ("conference", f"Samverkansdagen {year + 1}")),
                OTHER,
            ],
            "absent": None,  # still to come
            "decisions": [],
            "minutes": "",
            "published_at": None,
        },
    ]


def _blekinge(year: int) -> list[dict]:
    """Blekinge's steering group: four times a year; held in the demo's year, the next in the year after."""
    return [
        {
            "starts_at": _at(year, 9, 15, 13),
            "ends_at": _at(year, 9, 15, 16),
            "description": "",
            "agenda": [
                OPENING,
                ("Resultat av initiativen som avslutats under sommaren", AgendaItem.Kind.INITIATIVE, 40, ("initiative", "Sommarlov i Brunnsskogen")),
                (f"Samverkanskonferensen {year}: programmet", AgendaItem.Kind.CONFERENCE, 30, ("conference", f"Samverkanskonferensen {year}")),
                ("Verksamhetsplanen: läget", AgendaItem.Kind.FOLLOWUP, 20, None),
                OTHER,
            ],
            "absent": ["ledamot10@grupp.demo.blekinge.se"],
            "decisions": [
                ("Styrgruppen tackar för redovisningarna; de tre initiativen presenteras på konferensen.", 2, None),
                (f"Programmet för samverkanskonferensen {year} fastställs.", 3, None),
            ],
            "minutes": (
                "1. Ordföranden Gustav Gruppledamot öppnade mötet. Agnes Lindqvist valdes att justera "
                "protokollet. Dagordningen godkändes.\n\n"
                "2. Parterna redovisade sommarlovet i Brunnsskogen, kunskapsöversikten och "
                "beredskapsnätverken i kustbyarna.\n\n"
                "3. Processledaren presenterade förslaget till program för konferensen.\n\n"
                "4. Två av verksamhetsplanens aktiviteter pågår, en är inställd.\n\n"
                "5. Inga övriga frågor."
            ),
            "published_at": _at(year, 9, 29, 9),
        },
        {
            "starts_at": _at(year, 11, 17, 13),
            "ends_at": _at(year, 11, 17, 16),
            "description": "",
            "agenda": [
                OPENING,
                (f"Samverkanskonferensen {year}: vad deltagarna föreslog", AgendaItem.Kind.CONFERENCE, 30, ("conference", f"Samverkanskonferensen {year}")),
                (f"Uppföljningen av {year}", AgendaItem.Kind.FOLLOWUP, 30, None),
                OTHER,
            ],
            "absent": ["ledamot3@grupp.demo.blekinge.se"],
            "decisions": [
                ("Förslagen från konferensen tas med när verksamhetsplanen för nästa år skrivs.", 2, None),
                (f"Uppföljningen av {year} redovisas på nästa års samverkanskonferens.", 3, None),
            ],
            "minutes": (
                "1. Ordföranden öppnade mötet. Hampus Ek valdes att justera protokollet.\n\n"
                "2. Processledaren sammanfattade konferensens dialog: deltagarna vill ha fler "
                "mötesplatser ute i kommunerna.\n\n"
                "3. Styrgruppen gick igenom hur årets uppföljning ska göras.\n\n"
                "4. Inga övriga frågor."
            ),
            "published_at": _at(year, 12, 1, 9),
        },
        {
            "starts_at": _at(year + 1, 2, 16, 13),
            "ends_at": _at(year + 1, 2, 16, 16),
            "description": "",
            "agenda": [
                OPENING,
                ("Ansökan om anslutning: Karlshamns kommun", AgendaItem.Kind.APPLICATION, 10, ("accession", "Karlshamns kommun")),
                (f"Verksamhetsplanen för {year + 1}", AgendaItem.Kind.OTHER, 40, None),
                (f"Samverkanskonferensen {year + 1}: datum och plats", AgendaItem.Kind.OTHER, 20, None),
                OTHER,
            ],
            "absent": None,  # still to come
            "decisions": [],
            "minutes": "",
            "published_at": None,
        },
    ]

MEETINGS = {
    "boras": (_boras, "Stadshuset i Borås, sammanträdesrum 3", "https://video.demo.boras.se/samradet"),
    "blekinge": (_blekinge, "Regionhuset i Karlskrona, sammanträdesrum Hästö", "https://video.demo.blekinge.se/styrgruppen"),
}


def load_meetings(agreement: str, *, stdout) -> None:
    meetings_of, place, video = MEETINGS[agreement]
    meetings = meetings_of(demo_year())
    meetings_load(meetings, convener_email=other_demo_email("sammankallande", agreement), place=place, video=video)
    stdout.write(f"  the group's meetings: {len(meetings)}")
