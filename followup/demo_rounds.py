"""Demo data of the yearly follow-up: last year's round, closed, with the reports of the demo
förvaltningar (their commitments from the register, one amount corrected, their answers) and the
survey answered by eight connected organisations; and this year's round, open until 15 December,
where Kultur- och fritidsförvaltningen's report is still a draft (for handlaggare@demo.lund.se to
fill in) and Socialförvaltningen has submitted, and three organisations have answered the survey
(too few for results; Lunds Schackklubb, forening@demo.lund.se's organisation, has not answered).

Every text is invented. Dates are fixed relative to the demo's year (``demo_year()``); rows are found
again by year, förvaltning, commitment and organisation, so running load_demo twice in a year leaves
the same rows.
No email is sent: the rounds are written directly, not opened through the service.
"""

import datetime

from django.utils import timezone, translation

from accounts.models import Organisation, User
from initiatives.demo_partnerships import BSF, KFF, SOF, VOF
from overenskommelse.demo_year import demo_year

from .models import (
    DepartmentAnswer,
    DepartmentReport,
    FollowUpRound,
    Question,
    ReportedCommitment,
    SurveyAnswer,
    SurveyResponse,
)
from .questions import DEFAULT_QUESTIONS
from .selectors.rounds import registered_commitments

CONVENER = "sammankallande@demo.lund.se"
OFFICER = "handlaggare@demo.lund.se"
REPRESENTATIVE = "forening@demo.lund.se"


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


# The answers of each förvaltning, in the order of the default questions to the förvaltningar:
# involving early, forums for the associations' voice, contact routes, own routines.
ANSWERS = {
    KFF: [
        (
            "Föreningarna bjuds in till dialogmöten innan förvaltningen tar fram förslag till "
            "föreningsbidragen och fritidsgårdarnas verksamhetsplan. Förslagen skickas på remiss till "
            "PIL och LIPS."
        ),
        (
            "Föreningsrådet med representanter för PIL och LIPS träffas fyra gånger om året, och två "
            "öppna föreningsträffar hölls under hösten."
        ),
        (
            "Föreningsservice svarar på telefon och e-post varje vardag, och varje stadsdel har en "
            "namngiven kontaktperson som visas på kommunens webbplats."
        ),
        (
            "Förvaltningen har en rutin för IOP med mall för avtal och uppföljning, och alla nya "
            "handläggare går en introduktion om överenskommelsen."
        ),
    ],
    SOF: [
        (
            "Idéburna organisationer deltar i arbetsgrupper när förvaltningen planerar insatser för "
            "barn och familjer, till exempel inför IOP:n på Linero."
        ),
        (
            "Ett samverkansforum om social hållbarhet med LIPS och de föreningar som är anslutna "
            "träffas två gånger per termin."
        ),
        (
            "Förvaltningen har en funktionsbrevlåda för idéburen samverkan och en samordnare som "
            "svarar inom en vecka."
        ),
        (
            "Samverkan följs upp i verksamhetsberättelsen; en checklista för partnerskap används när "
            "nya samarbeten startar."
        ),
    ],
    VOF: [
        (
            "Föreningarna bjöds in tidigt i arbetet med handlingsplanen mot ofrivillig ensamhet och "
            "var med och formade besöksvänsverksamheten."
        ),
        "Pensionärsrådet och ett nätverk för frivilligorganisationer inom äldreomsorgen.",
        (
            "Träffpunkternas personal är första kontakt; samordnaren för frivilligverksamhet är "
            "kontaktperson för samarbetena."
        ),
        (
            "Förvaltningen tar fram en rutin för IOP under nästa år; i dag följs varje avtal upp två "
            "gånger om året."
        ),
    ],
    BSF: [
        (
            "Skolorna involverar föreningar i planeringen av temaveckor; förvaltningen vill bli bättre "
            "på att göra det redan när budgeten läggs."
        ),
        (
            "Inget eget forum; förvaltningen deltar i kultur- och fritidsförvaltningens föreningsråd "
            "när frågor om skolan tas upp."
        ),
        "Föreningar kontaktar rektorerna direkt eller förvaltningens kommunikationsenhet.",
        "Inga egna rutiner ännu; förvaltningen följer kommunens gemensamma riktlinjer.",
    ],
}

# Corrections an officer made to what the register said: (förvaltning, title) → (amount, comment).
CORRECTIONS = {
    (VOF, "Besöksvänner mot ofrivillig ensamhet"): (
        390_000,
        "Avtalet började den 1 april, så bidraget gällde nio månader av året.",
    ),
}

# Reports of last year's round: förvaltning → submitted on (month, day) in the round's year.
SUBMITTED_LAST_YEAR = {KFF: (11, 28), SOF: (12, 2), VOF: (12, 10), BSF: (12, 15)}

# The survey of last year: organisation → scores for the four scale questions (None: don't know)
# and texts (by question number).
SURVEY_LAST_YEAR = {
    "Lunds Schackklubb": (
        [4, 5, 4, 3],
        {
            1: "Vi fick vara med från början när schackprojektet planerades.",
            2: "Vi bestämde själva hur träningen skulle läggas upp.",
        },
    ),
    "Föreningen Medmänniskor i Lund": (
        [3, 4, 4, 4],
        {
            1: "Tidigare än förut, men ibland först när besluten redan var fattade.",
            4: "Bra insyn i hur bidragen fördelas.",
        },
    ),
    "Lunds Simsällskap Delfinen": (
        [2, 4, 3, 3],
        {1: "Vi kom in sent i planeringen av simhallstiderna."},
    ),
    "Stiftelsen Gröna Gården i Lund": (
        [4, 4, 5, 4],
        {1: "Skolorna hörde av sig redan på våren inför nästa läsår."},
    ),
    "Studieförbundet Kunskapsvägen Lund": (
        [3, 3, None, 4],
        {
            1: "Dialogmötena i oktober var ett bra sätt att komma in tidigt.",
            3: "Svårt att säga; samarbetet har just börjat.",
        },
    ),
    "Linero Församlingsgemenskap": (
        [4, 5, 4, 4],
        {2: "Vi kunde vara oss själva och ändå samarbeta nära förvaltningen."},
    ),
    "PIL – Idrottsföreningar i Lund": (
        [3, 4, 3, 3],
        {4: "Kommunen kan bli tydligare med hur föreningarnas synpunkter används."},
    ),
    "LIPS – Lunds ideella föreningars paraplyorganisation med socialt arbete": (
        [2, 3, 3, 2],
        {},
    ),
}

# This year's survey so far: three organisations (too few to show results).
SURVEY_THIS_YEAR = {
    "Föreningen Medmänniskor i Lund": ([4, 4, 4, 4], {}),
    "Lunds Simsällskap Delfinen": ([3, 4, 3, 4], {1: "Bättre i år: vi var med i planeringen."}),
    "Stiftelsen Gröna Gården i Lund": ([4, 5, 4, 4], {}),
}


def _round(year: int, *, deadline, introduction, opened_at, closed_at, reminders_sent) -> FollowUpRound:
    convener = User.objects.filter(email=CONVENER).first()
    followup_round, _created = FollowUpRound.objects.update_or_create(
        year=year,
        defaults={
            "deadline": deadline,
            "introduction": introduction,
            "opened_at": opened_at,
            "opened_by": convener,
            "closed_at": closed_at,
            "closed_by": convener if closed_at else None,
            "reminders_sent": reminders_sent,
        },
    )
    if not followup_round.questions.exists():
        positions: dict[str, int] = {}
        with translation.override("sv"):
            for default in DEFAULT_QUESTIONS:
                positions[default.audience] = positions.get(default.audience, 0) + 1
                Question.objects.create(
                    followup_round=followup_round,
                    audience=default.audience,
                    position=positions[default.audience],
                    text=str(default.text),
                    help_text=str(default.help_text),
                    has_scale=default.has_scale,
                )
    return followup_round


def _report(
    followup_round: FollowUpRound,
    administration: Organisation,
    *,
    answers: list[str] | None,
    submitted_at: datetime.datetime | None,
    submitted_by: User | None = None,
    keep_if_exists: bool = False,
) -> DepartmentReport:
    report, created = DepartmentReport.objects.get_or_create(
        followup_round=followup_round, administration=administration
    )
    if keep_if_exists and not created:
        return report  # a draft someone may be working on in the demo
    for partnership in registered_commitments(administration, followup_round.year, from_year=followup_round.first_year):
        amount, comment = CORRECTIONS.get((administration.name, partnership.title), (None, ""))
        ReportedCommitment.objects.update_or_create(
            report=report,
            partnership=partnership,
            defaults={
                "registered_amount_sek": partnership.registered_amount,
                "was_active": True,
                "amount_sek": amount,
                "comment": comment,
            },
        )
    questions = list(
        followup_round.questions.filter(audience=Question.Audience.ADMINISTRATION).order_by("position", "pk")
    )
    for question, text in zip(questions, answers or [], strict=False):
        DepartmentAnswer.objects.update_or_create(report=report, question=question, defaults={"text": text})
    DepartmentReport.objects.filter(pk=report.pk).update(
        status=DepartmentReport.Status.SUBMITTED if submitted_at else DepartmentReport.Status.DRAFT,
        submitted_at=submitted_at,
        submitted_by=submitted_by,
    )
    return report


def _survey(followup_round: FollowUpRound, answers: dict, organisations: dict, *, answered_at) -> int:
    representative = User.objects.filter(email=REPRESENTATIVE).first()
    questions = list(
        followup_round.questions.filter(audience=Question.Audience.ASSOCIATION).order_by("position", "pk")
    )
    count = 0
    for offset, (name, (scores, texts)) in enumerate(answers.items()):
        organisation = organisations.get(name)
        if organisation is None:
            continue
        response, _created = SurveyResponse.objects.update_or_create(
            followup_round=followup_round,
            organisation=organisation,
            defaults={
                "submitted_at": answered_at + datetime.timedelta(days=offset, hours=offset % 3),
                "submitted_by": representative if name == "Lunds Schackklubb" else None,
            },
        )
        for number, question in enumerate(questions, start=1):
            score = scores[number - 1] if number <= len(scores) else None
            SurveyAnswer.objects.update_or_create(
                response=response,
                question=question,
                defaults={"score": score if question.has_scale else None, "text": texts.get(number, "")},
            )
        count += 1
    return count


def load_demo(*, stdout) -> None:
    year = demo_year()
    administrations = {o.name: o for o in Organisation.objects.filter(name__in=[KFF, SOF, VOF, BSF])}
    if len(administrations) < 4:
        return  # the register of accounts/demo.py was not loaded
    names = set(SURVEY_LAST_YEAR) | set(SURVEY_THIS_YEAR)
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    officer = User.objects.filter(email=OFFICER).first()

    last_year = year - 1
    closed = _round(
        last_year,
        deadline=datetime.date(last_year, 12, 15),
        introduction=(
            "Välkomna till årets uppföljning av överenskommelsen! Förvaltningarna redovisar sina "
            "samverkansåtaganden, och de anslutna organisationerna berättar hur samverkan har fungerat."
        ),
        opened_at=_at(last_year, 10, 15, 9),
        closed_at=_at(year, 1, 20, 15),
        reminders_sent=["week_before", "deadline"],
    )
    for name, (month, day) in SUBMITTED_LAST_YEAR.items():
        _report(
            closed,
            administrations[name],
            answers=ANSWERS[name],
            submitted_at=_at(last_year, month, day, 14),
            submitted_by=officer if name == KFF else None,
        )
    answered = _survey(closed, SURVEY_LAST_YEAR, organisations, answered_at=_at(last_year, 10, 20, 11))

    current = _round(
        year,
        deadline=datetime.date(year, 12, 15),
        introduction=(
            "Nu är det dags för uppföljningen av året. Rapporten är ifylld från registret över "
            "samverkansåtaganden: kontrollera den, rätta det som inte stämmer och svara på frågorna."
        ),
        opened_at=_at(year, 10, 1, 9),
        closed_at=None,
        reminders_sent=[],
    )
    _report(current, administrations[KFF], answers=None, submitted_at=None, keep_if_exists=True)
    _report(current, administrations[SOF], answers=ANSWERS[SOF], submitted_at=_at(year, 11, 10, 14))
    answered_now = _survey(current, SURVEY_THIS_YEAR, organisations, answered_at=_at(year, 10, 6, 10))
    stdout.write(
        f"  follow-up rounds: {last_year} closed ({len(SUBMITTED_LAST_YEAR)} reports, {answered} survey "
        f"answers), {year} open ({answered_now} survey answers)"
    )
