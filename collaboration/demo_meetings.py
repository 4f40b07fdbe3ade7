"""Demo data: the collaboration group's meetings (load_demo), two a year. The meetings of last year
and this spring are held, with attendance, decisions (applications decided at the meeting among
them) and published minutes; the one in early December is still to come, with an agenda and its
invitation sent, while one application is still waiting to be put on it.

Dates are fixed relative to the demo's year (``demo_year()``, never today's date) and rows are found again by their
natural keys, so running load_demo twice leaves the same rows. Every person below is invented.
"""

import datetime

from django.utils import timezone

from accounts.models import Accession, User
from conferences.demo import conference_title
from conferences.models import Conference
from initiatives.models import Initiative
from overenskommelse.demo_year import demo_year

from .models import AgendaItem, Decision, Meeting, MeetingAttendance, SeatTerm
from .selectors.meetings import agenda_items, invitation_digest

PLACE = "Kommunkontoret, Kyrkogatan 17, Lund – sammanträdesrummet Lundagård"
VIDEO = "https://video.demo.lund.se/samverkansgruppen"


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def meetings(year: int) -> list[dict]:
    """Lund's meetings in the demo's year (``demo_year()``). Each meeting: when, the agenda (title,
    kind, minutes, what it is about), who was absent (emails), the decisions (text, agenda item
    number or None, application name or None), the minutes."""
    upcoming = conference_title(year + 1)
    return [
        {
            "starts_at": _at(year - 1, 4, 23, 17),
            "ends_at": _at(year - 1, 4, 23, 19),
            "description": "",
            "agenda": [
                ("Mötets öppnande, val av justerare och godkännande av dagordningen", AgendaItem.Kind.OTHER, 5, None),
                (f"Uppföljningen av handlingsplanen {year - 2}", AgendaItem.Kind.FOLLOWUP, 35, None),
                ("Information från förvaltningarna och paraplyorganisationerna", AgendaItem.Kind.OTHER, 25, None),
                ("Övriga frågor och nästa möte", AgendaItem.Kind.OTHER, 10, None),
            ],
            "absent": ["eva.bergstrom@demo.lund.se"],
            "decisions": [
                (f"Samverkansgruppen godkänner uppföljningen av handlingsplanen för {year - 2}.", 2, None),
                ("Nästa möte hålls den 14 oktober.", 4, None),
            ],
            "minutes": (
                "1. Ordföranden Karin Sjöberg öppnade mötet. Amina Yusuf valdes att justera protokollet. "
                "Dagordningen godkändes.\n\n"
                f"2. Sammankallande redogjorde för uppföljningen av {year - 2}: elva förvaltningsrapporter och "
                "sextiotre svar på föreningsenkäten. Gruppen diskuterade att fler föreningar vill veta hur "
                "man tar initiativ till en IOP.\n\n"
                "3. Kultur- och fritidsförvaltningen berättade om det nya föreningsbidraget. PIL och LIPS "
                "lyfte behovet av fler lokaler på kvällstid.\n\n"
                "4. Inga övriga frågor."
            ),
            "published_at": _at(year - 1, 5, 6, 9),
        },
        {
            "starts_at": _at(year - 1, 10, 14, 17),
            "ends_at": _at(year - 1, 10, 14, 19),
            "description": "",
            "agenda": [
                ("Mötets öppnande, val av justerare och godkännande av dagordningen", AgendaItem.Kind.OTHER, 5, None),
                ("Ansökan om anslutning: Fritidsföreningen Norra Fäladen", AgendaItem.Kind.APPLICATION, 10, None),
                ("Resultat av initiativet: Tillsammans mot ofrivillig ensamhet", AgendaItem.Kind.INITIATIVE, 20, ("initiative", "Tillsammans mot ofrivillig ensamhet")),
                (f"Planering av uppföljningen av {year - 1}", AgendaItem.Kind.FOLLOWUP, 25, None),
                ("Övriga frågor och nästa möte", AgendaItem.Kind.OTHER, 10, None),
            ],
            "absent": ["johan.persson@demo.lund.se", "fatima.alsayed@demo.lund.se"],
            "decisions": [
                ("Ansökan om anslutning från Fritidsföreningen Norra Fäladen beviljas.", 2, None),
                ("Gruppen tackar för redovisningen. Erfarenheterna tas med i uppföljningen och på konferensen.", 3, None),
                (f"Uppföljningen av {year - 1} öppnas i februari med sista dag för rapporter i mars.", 4, None),
            ],
            "minutes": (
                "1. Ordföranden öppnade mötet. Linnea Holmgren valdes att justera protokollet.\n\n"
                "2. Fritidsföreningen Norra Fäladen har sökt anslutning. Föreningen uppfyller villkoren.\n\n"
                "3. Föreningen Medmänniskor i Lund och vård- och omsorgsförvaltningen redovisade "
                "initiativet mot ofrivillig ensamhet: 210 äldre fick en besöksvän.\n\n"
                "4. Sammankallande föreslog tidplanen för uppföljningen.\n\n"
                "5. Inga övriga frågor."
            ),
            "published_at": _at(year - 1, 10, 28, 9),
        },
        {
            "starts_at": _at(year, 4, 21, 17),
            "ends_at": _at(year, 4, 21, 19),
            "description": "",
            "agenda": [
                ("Mötets öppnande, val av justerare och godkännande av dagordningen", AgendaItem.Kind.OTHER, 5, None),
                ("Ansökan om anslutning: Lunds Seniorer i Rörelse", AgendaItem.Kind.APPLICATION, 10, None),
                ("Ansökan om anslutning: Festfixarna i Lund", AgendaItem.Kind.APPLICATION, 10, ("accession", "Festfixarna i Lund")),
                ("Resultat av initiativet: Odla tillsammans på Gröna Gården", AgendaItem.Kind.INITIATIVE, 20, ("initiative", "Odla tillsammans på Gröna Gården")),
                (f"Uppföljningen av handlingsplanen {year - 1}", AgendaItem.Kind.FOLLOWUP, 30, None),
                ("Övriga frågor och nästa möte", AgendaItem.Kind.OTHER, 10, None),
            ],
            "absent": ["linnea.holmgren@demo.lund.se"],
            "decisions": [
                ("Ansökan om anslutning från Lunds Seniorer i Rörelse beviljas.", 2, None),
                (None, 3, "Festfixarna i Lund"),  # the application's own decision
                ("Gruppen tackar för redovisningen och ser fram emot utvärderingen.", 4, None),
                (f"Samverkansgruppen godkänner uppföljningen av handlingsplanen för {year - 1}.", 5, None),
            ],
            "minutes": (
                "1. Ordföranden öppnade mötet. Johan Persson valdes att justera protokollet.\n\n"
                "2. Lunds Seniorer i Rörelse har sökt anslutning och uppfyller villkoren.\n\n"
                "3. Festfixarna i Lund har sökt anslutning. Verksamheten drivs i vinstsyfte och är inte "
                "idéburen.\n\n"
                "4. Stiftelsen Gröna Gården och socialförvaltningen redovisade odlingsprojektet.\n\n"
                f"5. Sammankallande redogjorde för uppföljningen av {year - 1}.\n\n"
                "6. Nästa möte hålls i början av december."
            ),
            "published_at": _at(year, 5, 4, 9),
        },
        {
            "starts_at": _at(year, 12, 3, 17),
            "ends_at": _at(year, 12, 3, 19),
            "description": "Kaffe och smörgås från kl. 16.45. Anslut via videolänken om du inte kan komma på plats.",
            "agenda": [
                ("Mötets öppnande, val av justerare och godkännande av dagordningen", AgendaItem.Kind.OTHER, 5, None),
                ("Ansökan om anslutning: Klätterföreningen Kalkbrottet", AgendaItem.Kind.APPLICATION, 10, ("accession", "Klätterföreningen Kalkbrottet")),
                ("Resultat av initiativet: Simundervisning för nyanlända vuxna", AgendaItem.Kind.INITIATIVE, 20, ("initiative", "Simundervisning för nyanlända vuxna")),
                (f"{upcoming}: program och inbjudan", AgendaItem.Kind.CONFERENCE, 20, ("conference", upcoming)),
                (f"Mötesplan för {year + 1}", AgendaItem.Kind.OTHER, 10, None),
                ("Övriga frågor", AgendaItem.Kind.OTHER, 10, None),
            ],
            "absent": None,  # still to come
            "decisions": [],
            "minutes": "",
            "published_at": None,
            "invitation_sent_at": _at(year, 11, 19, 10),
        },
    ]


_TARGETS = {
    "accession": lambda name: Accession.objects.filter(name=name).order_by("pk").first(),
    "initiative": lambda title: Initiative.objects.filter(title=title).order_by("pk").first(),
    "conference": lambda title: Conference.objects.filter(title=title).order_by("pk").first(),
}


def load_demo(*, stdout) -> None:
    lund = meetings(demo_year())
    meetings_load(lund, convener_email="sammankallande@demo.lund.se", place=PLACE, video=VIDEO)
    stdout.write(f"  collaboration group: {len(lund)} meetings")


def _still_to_come(data: dict, now: datetime.datetime, place: str) -> tuple:
    """When a demo meeting still to come is held once its fixed day has passed: the same weekday
    and hour, whole weeks later, one to two weeks after today, so the demo always has a meeting
    to come (its invitation, agenda and waiting application). A later load finds it again by its
    fixed day onwards and keeps its day while that is still ahead. Returns (starts, ends, lookup)."""
    fixed = data["starts_at"]
    earlier = (
        Meeting.objects.filter(starts_at__gt=fixed, minutes="", place=place, description=data["description"])
        .order_by("starts_at")
        .first()
    )
    if earlier is not None and earlier.starts_at > now:
        starts_at = earlier.starts_at
    else:
        weeks = (now - fixed).days // 7 + 2
        starts_at = fixed + datetime.timedelta(weeks=weeks)
    ends_at = starts_at + (data["ends_at"] - fixed)
    lookup = {"pk": earlier.pk} if earlier is not None else {"starts_at": starts_at}
    return starts_at, ends_at, lookup


def meetings_load(meetings: list[dict], *, convener_email: str, place: str, video: str) -> None:
    """The group's demo meetings (``meetings(year)`` are Lund's), each found again by when it starts:
    the agenda, who came (the seats' holders on the day, but the absent), the decisions, the
    minutes and, for a meeting to come, its invitation when sent."""
    convener = User.objects.filter(email=convener_email).first()
    now = timezone.now()
    for data in meetings:
        starts_at, ends_at = data["starts_at"], data["ends_at"]
        lookup = {"starts_at": starts_at}
        if not data["minutes"] and starts_at <= now:
            starts_at, ends_at, lookup = _still_to_come(data, now, place)
        meeting, _created = Meeting.objects.update_or_create(
            **lookup,
            defaults={
                "starts_at": starts_at,
                "ends_at": ends_at,
                "place": place,
                "video_link": video,
                "description": data["description"],
                "minutes": data["minutes"],
                "minutes_published_at": data["published_at"],
                "created_by": convener,
            },
        )
        items = []
        for position, (title, kind, minutes, target) in enumerate(data["agenda"], start=1):
            related = {"accession": None, "initiative": None, "conference": None}
            if target:
                field, key = target
                related[field] = _TARGETS[field](key)
            item, _created = AgendaItem.objects.update_or_create(
                meeting=meeting,
                position=position,
                defaults={"title": title, "kind": kind, "duration_minutes": minutes, **related},
            )
            items.append(item)
        meeting.agenda_items.filter(position__gt=len(items)).delete()

        if data["absent"] is not None:
            day = timezone.localtime(meeting.starts_at).date()
            for term in SeatTerm.objects.current(day).select_related("holder"):
                MeetingAttendance.objects.update_or_create(
                    meeting=meeting,
                    person=term.holder,
                    defaults={"seat": term.seat, "present": term.holder.email not in data["absent"]},
                )

        for number, (text, item_number, accession_name) in enumerate(data["decisions"]):
            recorded_at = ends_at - datetime.timedelta(minutes=30) + datetime.timedelta(minutes=number)
            item = items[item_number - 1] if item_number else None
            if accession_name:
                accession = Accession.objects.get(name=accession_name)
                decided = "beviljas" if accession.status == Accession.Status.APPROVED else "avslås"
                text = f"Ansökan om anslutning från {accession.name} {decided}. Motivering: {accession.decision_reason}"
                Decision.objects.update_or_create(
                    accession=accession,
                    defaults={
                        "meeting": meeting,
                        "agenda_item": item,
                        "text": text,
                        "recorded_at": recorded_at,
                        "recorded_by": convener,
                    },
                )
            else:
                Decision.objects.update_or_create(
                    meeting=meeting,
                    text=text,
                    defaults={"agenda_item": item, "recorded_at": recorded_at, "recorded_by": convener},
                )

        if data.get("invitation_sent_at"):
            meeting.refresh_from_db()
            meeting.invitation_digest = invitation_digest(meeting, agenda_items(meeting).items)
            meeting.invitation_sent_at = data["invitation_sent_at"]
            meeting.invitation_sent_sequence = meeting.sequence
            meeting.save(update_fields=["invitation_digest", "invitation_sent_at", "invitation_sent_sequence"])
