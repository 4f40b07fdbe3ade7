"""Demo data of the follow-up under Borås Stad's agreement (``load_demo --agreement boras``): its
follow-up table (what is followed up, who is responsible, whom it asks, after the agreement's own
table; our own words), two recurring networks of the organisations of the register (the nämnder,
förvaltningar, housing company and idea-driven organisations of ``accounts.demo_boras``), and the
round of the two years up to this one, open, where the housing company and one förvaltning have
reported and the other förvaltning's report is a draft.

Every name of a person, association and company is invented. Rows are found again by name and
year, so running load_demo twice leaves the same rows. No email is sent: the round is written
directly, not opened through the service.
"""

import datetime

from django.utils import timezone

from accounts.demo import other_demo_email
from accounts.demo_boras import (
    ADMINISTRATIONS,
    ASSOCIATIONS,
    COMMITTEES,
    COMPANY,
    person_email,
)
from accounts.models import Organisation, User
from overenskommelse.demo_year import demo_year
from overenskommelse.selectors import agreement_current

from .models import (
    DepartmentAnswer,
    DepartmentReport,
    FollowUpArea,
    FollowUpRound,
    Network,
    Question,
    SurveyAnswer,
    SurveyResponse,
)
from .questions import questions_of_area
from .selectors.table import responsible_label

AGREEMENT = "boras"
NAMND = "Fritids- och folkhälsonämnden"
SAMRADETS_IDEBURNA = "De idéburna ledamöterna i samrådet"

R = FollowUpArea.Responsible

# text, help text, responsible, responsible (someone else), public units, joined, networks, scale
TABLE = [
    (
        "Hur ser nämnden eller bolaget till att idéburna organisationer kommer in tidigt i planeringen?",
        "Beskriv arbetssätten: behovsanalyser, dialoger, remisser innan beslut.",
        R.OTHER,
        NAMND,
        True,
        False,
        False,
        False,
    ),
    (
        "Har er organisation fått vara med tidigt i stadens processer?",
        "",
        R.GROUP,
        "",
        False,
        True,
        True,
        True,
    ),
    (
        "Har er organisation kunnat behålla sin identitet och sitt oberoende i mötet med staden?",
        "",
        R.GROUP,
        "",
        False,
        True,
        True,
        True,
    ),
    (
        "Har staden tagit vara på er organisations kvalitet och kunskap i samarbetet?",
        "",
        R.GROUP,
        "",
        False,
        True,
        True,
        True,
    ),
    (
        "Har staden varit öppen och gett er insyn i sin verksamhet?",
        "",
        R.GROUP,
        "",
        False,
        True,
        True,
        True,
    ),
    (
        "Hur många samverkansavtal och IOP:er har nämnden eller bolaget?",
        "Räkna avtal som gällde någon gång under perioden, och skriv vilka organisationer de gäller.",
        R.OTHER,
        NAMND,
        True,
        False,
        False,
        False,
    ),
    (
        "Vilka forum har funnits där de idéburna kunnat föra fram sina gruppers röster?",
        "Referensgrupper, råd, remisser: hur ofta och vilka som deltog.",
        R.OTHER,
        NAMND,
        True,
        False,
        False,
        False,
    ),
    (
        "Vilka återkommande forum finns där staden och de idéburna möts och utvecklar samarbetet?",
        "",
        R.GROUP,
        "",
        True,
        True,
        False,
        False,
    ),
    (
        "Hur samverkar de idéburna organisationerna med varandra?",
        "",
        R.OTHER,
        SAMRADETS_IDEBURNA,
        False,
        True,
        False,
        False,
    ),
    (
        "Hur stödjer nämnden eller bolaget de idéburnas gemensamma organisering?",
        "Lokaler, samordning, bidrag eller annat stöd till gemensamma nätverk och paraplyer.",
        R.OTHER,
        NAMND,
        True,
        False,
        False,
        False,
    ),
    (
        "Vilka gemensamma kunskapshöjande insatser har genomförts?",
        "Utbildningar, dialoger och goda exempel som samrådet eller andra bjudit in till.",
        R.GROUP,
        "",
        True,
        False,
        False,
        False,
    ),
]

NETWORKS = {
    "Ortsrådet i Fristad": (
        "Ortsrådet där staden och föreningarna i Fristad med omnejd möts några gånger om året.",
        ["Ortsföreningen i Fristad", "Idrottsklubben Viskan"],
    ),
    "Bostadsområdesnätverket Norrby": (
        "Det lokala nätverket i bostadsområdet, med bostadsbolaget, skolan och föreningarna.",
        ["Hyresgästernas aktivitetsgrupp Norrby", "Föreningen Vävkretsen"],
    ),
}

# The answers of the units that have reported, in the order of their questions.
ANSWERS = {
    COMPANY: [
        "Bolaget bjuder in hyresgästföreningar och föreningar i området innan en upprustning planeras.",
        "Bolaget har två IOP:er om läxhjälp och sommaraktiviteter i Norrby.",
        "Bolaget deltar i bostadsområdesnätverket, där föreningarna lyfter de boendes frågor.",
        "Bostadsområdesnätverket i Norrby träffas varannan månad.",
        "Föreningar i området får låna samlingslokaler utan kostnad.",
        "Personalen i området gick samrådets utbildning om överenskommelsen.",
    ],
    "Fritids- och folkhälsoförvaltningen": [
        "Förvaltningen har dialogmöten med föreningarna innan bidragsreglerna ändras.",
        "Fyra IOP:er och elva andra samverkansavtal.",
        "Föreningsrådet och ortsråden i de fyra serviceorterna.",
        "Ortsråden och det övergripande samrådet.",
        "Förvaltningen finansierar en samordnare för föreningarnas gemensamma nätverk.",
        "Två utbildningsdagar om idéburet offentligt partnerskap.",
    ],
}

# Survey answers: organisation → scores of the four scale questions (None: don't know).
SURVEY = {
    "Föreningen Vävkretsen": [4, 5, 3, 4],
    "Idrottsklubben Viskan": [3, 4, 4, None],
    "Ortsföreningen i Fristad": [2, 4, 3, 3],
}


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _table(agreement) -> int:
    if FollowUpArea.objects.filter(agreement=agreement).exists():
        return 0
    FollowUpArea.objects.bulk_create(
        FollowUpArea(
            agreement=agreement,
            position=position,
            text=text,
            help_text=help_text,
            responsible=responsible,
            responsible_other=other,
            asks_public_units=public,
            asks_joined=joined,
            asks_networks=networks,
            has_scale=scale,
        )
        for position, (
            text,
            help_text,
            responsible,
            other,
            public,
            joined,
            networks,
            scale,
        ) in enumerate(TABLE, start=1)
    )
    return len(TABLE)


def _units() -> dict[str, Organisation]:
    """The register of ``accounts.demo_boras`` (loaded with the accounts), found by name."""
    names = [*COMMITTEES, *ADMINISTRATIONS, COMPANY, *(name for name, _joined in ASSOCIATIONS)]
    return {organisation.name: organisation for organisation in Organisation.objects.filter(name__in=names)}


def _networks(units: dict[str, Organisation]) -> None:
    for name, (description, members) in NETWORKS.items():
        network, _created = Network.objects.update_or_create(name=name, defaults={"description": description})
        network.members.set([units[member] for member in members])


def _round(agreement, convener, year: int) -> FollowUpRound:
    followup_round, created = FollowUpRound.objects.get_or_create(
        year=year,
        defaults={
            "deadline": datetime.date(year, 12, 15),
            "introduction": (
                "Samrådet följer upp överenskommelsen vartannat år. Nämnderna och bolagen redovisar "
                "sitt arbete, och de idéburna organisationerna berättar hur samverkan har fungerat."
            ),
            "years_covered": agreement.followup_every_years or 1,
            "opened_at": _at(year, 10, 1, 9),
            "opened_by": convener,
        },
    )
    if created:
        positions: dict[str, int] = {}
        for area in FollowUpArea.objects.filter(agreement=agreement).order_by(
            "position", "pk"
        ):
            for values in questions_of_area(area, responsible_label(area, agreement)):
                positions[values["audience"]] = positions.get(values["audience"], 0) + 1
                Question.objects.create(
                    followup_round=followup_round,
                    position=positions[values["audience"]],
                    **values,
                )
    return followup_round


def _report(followup_round, unit, answers, *, submitted_at=None, by=None) -> None:
    report, created = DepartmentReport.objects.get_or_create(
        followup_round=followup_round, administration=unit
    )
    if not created:
        return  # a report someone may be working on in the demo
    questions = followup_round.questions.filter(
        audience=Question.Audience.ADMINISTRATION
    ).order_by("position", "pk")
    for question, text in zip(questions, answers, strict=False):
        DepartmentAnswer.objects.create(report=report, question=question, text=text)
    if submitted_at:
        DepartmentReport.objects.filter(pk=report.pk).update(
            status=DepartmentReport.Status.SUBMITTED,
            submitted_at=submitted_at,
            submitted_by=by,
        )


def _survey(followup_round, units) -> int:
    questions = list(
        followup_round.questions.filter(
            audience=Question.Audience.ASSOCIATION, has_scale=True
        ).order_by("position", "pk")
    )
    for offset, (name, scores) in enumerate(SURVEY.items()):
        response, _created = SurveyResponse.objects.get_or_create(
            followup_round=followup_round,
            organisation=units[name],
            defaults={"submitted_at": _at(followup_round.year, 10, 5 + offset, 11)},
        )
        for question, score in zip(questions, scores, strict=False):
            SurveyAnswer.objects.update_or_create(
                response=response, question=question, defaults={"score": score}
            )
    return len(SURVEY)


def load_demo(*, stdout) -> None:
    agreement = agreement_current()
    if agreement is None:
        return
    added = _table(agreement)
    units = _units()
    _networks(units)
    users = {user.email: user for user in User.objects.filter(email__in=[person_email("bolaget"), person_email("handlaggare")])}
    convener = User.objects.filter(
        email=other_demo_email("sammankallande", AGREEMENT)
    ).first()
    year = demo_year()
    followup_round = _round(agreement, convener, year)
    _report(
        followup_round,
        units[COMPANY],
        ANSWERS[COMPANY],
        submitted_at=_at(year, 11, 2, 14),
        by=users[person_email("bolaget")],
    )
    _report(
        followup_round,
        units["Fritids- och folkhälsoförvaltningen"],
        ANSWERS["Fritids- och folkhälsoförvaltningen"],
        submitted_at=_at(year, 11, 9, 14),
        by=users[person_email("handlaggare")],
    )
    _report(followup_round, units["Sociala omsorgsförvaltningen"], [])
    answered = _survey(followup_round, units)
    stdout.write(
        f"  follow-up: a table of {len(TABLE)} rows ({added} added), {len(NETWORKS)} networks, the round "
        f"{followup_round.period} open (2 reports submitted, 1 draft, {answered} survey answers)"
    )
