"""Reads of the yearly follow-up round: who has reported, the survey's results (totals only, and
only where enough organisations answered), a report's commitments, what an officer or a
representative has to do, and everything the yearly follow-up PDF needs about a round.

Every function runs a fixed number of queries, whatever the number of förvaltningar, commitments
or answers; sums and counts happen in the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Representation, Sector, User, kinds_of_sector
from accounts.selectors import several_public_parties
from initiatives.models import CollaborationForm, Contribution, Partnership
from overenskommelse.selectors import followup_every_years

from ..models import (
    REPORTING_KINDS,
    DepartmentAnswer,
    DepartmentReport,
    FollowUpRound,
    Question,
    ReportedCommitment,
    SurveyAnswer,
    SurveyResponse,
)

__all__ = [
    "REMINDER_DEADLINE",
    "REMINDER_WEEK_BEFORE",
    "SCALE_STEPS",
    "SURVEY_MINIMUM",
    "AdministrationProgress",
    "OfficerRound",
    "QuestionResult",
    "ReportSummary",
    "RoundProgress",
    "RoundReportData",
    "SurveyResults",
    "administrations_of_officer",
    "department_report_lines",
    "department_report_queryset",
    "officers_not_reported",
    "organisations_for_survey",
    "registered_commitments",
    "reminder_due",
    "round_current",
    "round_list",
    "round_progress",
    "round_questions",
    "round_recipients",
    "round_report_data",
    "round_year_proposed",
    "rounds_for_officer",
    "survey_questions",
    "survey_results",
]

REMINDER_WEEK_BEFORE = "week_before"
REMINDER_DEADLINE = "deadline"

# No figure of a survey question is shown unless at least this many organisations answered it:
# so that no single organisation's answer can be singled out.
SURVEY_MINIMUM = 5

# The five steps of the scale, with the words of its two ends.
SCALE_STEPS: tuple[tuple[int, object], ...] = (
    (1, _("1 – not at all")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – to a very high degree")),
)


# --- Rounds --------------------------------------------------------------------------------------


def round_current() -> FollowUpRound | None:
    """The round people work on now: the open round (the latest year if several are open), else
    the round most recently opened (closed by now). Rounds still being prepared do not count."""
    opened = FollowUpRound.objects.filter(opened_at__isnull=False)
    return opened.filter(closed_at__isnull=True).order_by("-year").first() or opened.order_by("-year").first()


def round_year_proposed(today: datetime.date | None = None) -> int:
    """The year a new round should follow up: the agreement's cadence (``followup_every_years``:
    every year by default, every other year in Borås) counted from the latest round, and never a
    year already past; this year when there is no round yet."""
    today = today or timezone.localdate()
    latest = FollowUpRound.objects.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return today.year
    return max(latest + followup_every_years(), today.year)


def round_list(user: User) -> QuerySet[FollowUpRound]:
    """The rounds the group and the convener see (the convener also the ones being prepared),
    latest year first, with the number of submitted reports and survey answers."""
    rounds = FollowUpRound.objects.all()
    if not user.has_perm("followup.manage_round"):
        rounds = rounds.filter(opened_at__isnull=False)
    submitted = (
        DepartmentReport.objects.filter(
            followup_round=OuterRef("pk"), status=DepartmentReport.Status.SUBMITTED
        )
        .order_by()
        .values("followup_round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    answers = (
        SurveyResponse.objects.filter(followup_round=OuterRef("pk"))
        .order_by()
        .values("followup_round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return rounds.annotate(
        submitted_count=Coalesce(Subquery(submitted, output_field=IntegerField()), Value(0)),
        survey_count=Coalesce(Subquery(answers, output_field=IntegerField()), Value(0)),
    ).order_by("-year")


def round_questions(followup_round: FollowUpRound, audience: str | None = None) -> list[Question]:
    questions = followup_round.questions.all()
    if audience:
        questions = questions.filter(audience=audience)
    return list(questions.order_by("audience", "position", "pk"))


def round_recipients(followup_round: FollowUpRound | None = None) -> dict[str, dict]:
    """Who is asked when a round opens: every officer of a förvaltning or a municipal company and
    every representative of an idea-driven organisation the survey asks (a joined one; and one in
    a recurring network when the round asks the networks), one entry per email address (lower
    case) with the units they report for and the organisations they answer the survey for.

    Two queries; the same person in several roles gets one email."""
    surveyed = Q(organisation__in=Organisation.objects.connected())
    if followup_round is not None and followup_round.questions.filter(
        audience=Question.Audience.ASSOCIATION, to_networks=True
    ).exists():
        surveyed |= Q(organisation__followup_networks__isnull=False)
    rows = (
        Representation.objects.filter(user__is_active=True)
        .filter(
            Q(organisation__kind__in=REPORTING_KINDS)
            | (Q(organisation__kind__in=_idea_driven_kinds()) & surveyed)
        )
        .select_related("user", "organisation")
        .distinct()
        .order_by("organisation__name", "pk")
    )
    recipients: dict[str, dict] = {}
    for representation in rows:
        email = representation.user.email.lower()
        entry = recipients.setdefault(
            email, {"user": representation.user, "administrations": [], "organisations": []}
        )
        organisation = representation.organisation
        key = "administrations" if organisation.kind in REPORTING_KINDS else "organisations"
        entry[key].append(organisation)
    return recipients


def _idea_driven_kinds() -> list[str]:
    return kinds_of_sector(Sector.IDEA_DRIVEN)


# --- Who has reported ----------------------------------------------------------------------------


@dataclass
class AdministrationProgress:
    administration: Organisation
    report_id: int | None
    status: str | None
    submitted_at: datetime.datetime | None
    officer_count: int

    @property
    def has_reported(self) -> bool:
        return self.status == DepartmentReport.Status.SUBMITTED

    @property
    def is_draft(self) -> bool:
        return self.status == DepartmentReport.Status.DRAFT


@dataclass
class RoundProgress:
    reported: list[AdministrationProgress]
    not_reported: list[AdministrationProgress]
    survey_count: int
    # The förvaltningar belong to several public parties (a regional agreement): each row says which.
    by_party: bool = False

    @property
    def reported_count(self) -> int:
        return len(self.reported)

    @property
    def not_reported_count(self) -> int:
        return len(self.not_reported)

    @property
    def total_count(self) -> int:
        return len(self.reported) + len(self.not_reported)

    @property
    def draft_count(self) -> int:
        return sum(1 for row in self.not_reported if row.is_draft)


def round_progress(followup_round: FollowUpRound) -> RoundProgress:
    """Every förvaltning of the register (and any other organisation that has a report in the
    round): which have submitted their report, which not (a draft, or nothing yet), how many
    officers each has (a förvaltning without one cannot report), and the number of survey answers.
    Where the förvaltningar belong to several public parties, the rows come party by party.

    Two queries."""
    reports = DepartmentReport.objects.filter(followup_round=followup_round, administration=OuterRef("pk"))
    officers = (
        Representation.objects.filter(organisation=OuterRef("pk"), user__is_active=True)
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    administrations = (
        Organisation.objects.filter(
            Q(kind__in=REPORTING_KINDS)
            | Q(pk__in=DepartmentReport.objects.filter(followup_round=followup_round).values("administration"))
        )
        .annotate(
            report_id=Subquery(reports.values("pk")[:1]),
            report_status=Subquery(reports.values("status")[:1]),
            report_submitted_at=Subquery(reports.values("submitted_at")[:1]),
            officer_count=Coalesce(Subquery(officers, output_field=IntegerField()), Value(0)),
        )
        .select_related("public_party")
        .order_by("public_party__name", "name", "pk")
    )
    reported, not_reported = [], []
    for administration in administrations:
        row = AdministrationProgress(
            administration=administration,
            report_id=administration.report_id,
            status=administration.report_status,
            submitted_at=administration.report_submitted_at,
            officer_count=administration.officer_count,
        )
        (reported if row.has_reported else not_reported).append(row)
    return RoundProgress(
        reported=reported,
        not_reported=not_reported,
        survey_count=followup_round.survey_responses.count(),
        by_party=several_public_parties(
            row.administration.public_party.name
            for row in reported + not_reported
            if row.administration.public_party
        ),
    )


# --- A förvaltning's report ----------------------------------------------------------------------


def registered_amount_subquery(partnership_ref: str = "pk") -> Coalesce:
    """Kronor per year of a commitment as the register has it: the sum of its money contributions
    (0 when none is given) — the same amount the public register and the dashboard show; premises,
    staff and volunteers are described, not priced. A subquery, so it never multiplies with joins."""
    amounts = (
        Contribution.objects.filter(partnership=OuterRef(partnership_ref), kind=Contribution.Kind.MONEY)
        .order_by()
        .values("partnership")
        .annotate(total=Sum("amount_sek_per_year"))
        .values("total")
    )
    return Coalesce(Subquery(amounts, output_field=IntegerField()), Value(0))


def registered_commitments(
    administration: Organisation, year: int, *, from_year: int | None = None
) -> QuerySet[Partnership]:
    """The förvaltning's commitments in the register that were active at some time during the
    year (or the period ``from_year``–``year`` of a round of several years), each with
    ``registered_amount`` (kronor per year). One query."""
    return (
        Partnership.objects.active_during(year, from_year=from_year)
        .filter(administration=administration)
        .annotate(registered_amount=registered_amount_subquery())
        .order_by("title", "pk")
    )


def department_report_queryset() -> QuerySet[DepartmentReport]:
    return DepartmentReport.objects.select_related("followup_round", "administration", "administration__parent")


def department_report_lines(report: DepartmentReport) -> list[ReportedCommitment]:
    """The report's commitments (title order) with their commitment, its priority area and its
    idea-driven parties. Two queries."""
    return list(
        report.commitments.select_related("partnership", "partnership__priority_area")
        .prefetch_related(Prefetch("partnership__organisations", Organisation.objects.order_by("name")))
        .order_by("partnership__title", "pk")
    )


def administrations_of_officer(user: User) -> QuerySet[Organisation]:
    """The förvaltningar and municipal companies the user is an officer of (those that report in
    a round)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(kind__in=REPORTING_KINDS, representations__user=user).order_by("name", "pk")


@dataclass
class OfficerRound:
    """An open round, or a round where the officer's förvaltning has a report, with each of the
    officer's förvaltningar and its report (None when not started)."""

    followup_round: FollowUpRound
    rows: list[tuple[Organisation, DepartmentReport | None]] = field(default_factory=list)


def rounds_for_officer(user: User) -> list[OfficerRound]:
    """What an officer has to do, or has done: three queries."""
    administrations = list(administrations_of_officer(user))
    if not administrations:
        return []
    reports = {
        (report.followup_round_id, report.administration_id): report
        for report in DepartmentReport.objects.filter(administration__in=administrations)
    }
    round_ids = {round_id for round_id, _administration in reports}
    rounds = FollowUpRound.objects.filter(opened_at__isnull=False).filter(
        Q(closed_at__isnull=True) | Q(pk__in=round_ids)
    )
    result = []
    for followup_round in rounds.order_by("-year"):
        rows = [
            (administration, reports.get((followup_round.pk, administration.pk)))
            for administration in administrations
        ]
        if followup_round.is_open or any(report for _administration, report in rows):
            result.append(OfficerRound(followup_round, rows))
    return result


# --- The survey ----------------------------------------------------------------------------------


def organisations_for_survey(user: User, followup_round: FollowUpRound) -> list[Organisation]:
    """The idea-driven organisations the user represents that the round's survey asks: the joined
    ones, and (when the round asks the recurring networks) those in a network; each with
    ``answered_at`` (the time of its answer in this round, or None), ``is_joined`` and
    ``in_network``. Two queries."""
    if not user.is_authenticated:
        return []
    asks_networks = followup_round.questions.filter(
        audience=Question.Audience.ASSOCIATION, to_networks=True
    ).exists()
    connected = Organisation.objects.connected()
    asked = Q(pk__in=connected.values("pk"))
    if asks_networks:
        asked |= Q(followup_networks__isnull=False)
    answered = SurveyResponse.objects.filter(followup_round=followup_round, organisation=OuterRef("pk"))
    organisations = list(
        Organisation.objects.filter(asked, kind__in=_idea_driven_kinds(), representations__user=user)
        .annotate(
            answered_at=Subquery(answered.values("submitted_at")[:1]),
            is_joined=Exists(connected.filter(pk=OuterRef("pk"))),
            in_network=Exists(Organisation.followup_networks.through.objects.filter(organisation=OuterRef("pk"))),
        )
        .distinct()
        .order_by("name", "pk")
    )
    return organisations


def survey_questions(followup_round: FollowUpRound, organisation: Organisation | None = None) -> list[Question]:
    """The survey's questions an organisation is asked (from ``organisations_for_survey``, with
    ``is_joined`` and ``in_network``): those to the joined organisations if it has joined, those
    to the networks if it is in one. Without an organisation: every survey question."""
    questions = followup_round.questions.filter(audience=Question.Audience.ASSOCIATION)
    if organisation is not None:
        asked = Q(pk__in=[])
        if getattr(organisation, "is_joined", False):
            asked |= Q(to_joined=True)
        if getattr(organisation, "in_network", False):
            asked |= Q(to_networks=True)
        questions = questions.filter(asked)
    return list(questions.order_by("position", "pk"))


@dataclass
class ScaleCount:
    value: int
    label: object
    count: int
    percent: int


@dataclass
class QuestionResult:
    """One survey question's totals. The figures (distribution and average) are filled in only
    when at least ``SURVEY_MINIMUM`` organisations gave a score; the free-text answers only when at
    least ``SURVEY_MINIMUM`` wrote one; otherwise they are empty, so a page or the PDF cannot show
    them by mistake."""

    question: Question
    answered: int
    scored: int | None = None
    no_score: int | None = None
    steps: list[ScaleCount] = field(default_factory=list)
    average: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    shows_figures: bool = False
    shows_texts: bool = False

    @property
    def has_scale(self) -> bool:
        return self.question.has_scale


@dataclass
class SurveyResults:
    response_count: int
    questions: list[QuestionResult]
    minimum: int = SURVEY_MINIMUM


def survey_results(followup_round: FollowUpRound) -> SurveyResults:
    """The survey's totals per question: how many organisations answered, the distribution over
    the five steps, the average, and the free-text answers in a fixed order that says nothing of
    who answered when (alphabetical) — each only where at least five organisations answered.

    Three queries at most."""
    per_step = {
        f"step_{value}": Count("survey_answers", filter=Q(survey_answers__score=value)) for value, _label in SCALE_STEPS
    }
    questions = list(
        followup_round.questions.filter(audience=Question.Audience.ASSOCIATION)
        .annotate(
            answered=Count("survey_answers"),
            scored=Count("survey_answers", filter=Q(survey_answers__score__isnull=False)),
            text_count=Count("survey_answers", filter=~Q(survey_answers__text="")),
            average_score=Avg("survey_answers__score"),
            **per_step,
        )
        .order_by("position", "pk")
    )
    with_texts = [question.pk for question in questions if question.text_count >= SURVEY_MINIMUM]
    texts: dict[int, list[str]] = {}
    if with_texts:
        for question_id, text in (
            SurveyAnswer.objects.filter(question__in=with_texts)
            .exclude(text="")
            .order_by("question", Lower("text"), "text", "pk")
            .values_list("question", "text")
        ):
            texts.setdefault(question_id, []).append(text)
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=question.answered)
        if question.has_scale and question.scored >= SURVEY_MINIMUM:
            result.shows_figures = True
            result.scored = question.scored
            result.no_score = question.answered - question.scored
            result.average = Decimal(str(question.average_score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            result.steps = [
                ScaleCount(
                    value=value,
                    label=label,
                    count=getattr(question, f"step_{value}"),
                    percent=round(100 * getattr(question, f"step_{value}") / question.scored),
                )
                for value, label in SCALE_STEPS
            ]
        if question.pk in texts:
            result.shows_texts = True
            result.texts = texts[question.pk]
        results.append(result)
    return SurveyResults(response_count=followup_round.survey_responses.count(), questions=results)


# --- Everything the yearly PDF needs about a round -----------------------------------------------


@dataclass
class ReportSummary:
    """A submitted report: the förvaltning, its active commitments with the year's amounts, its
    totals (annotated on ``report``: ``commitment_count``, ``iop_count``, ``amount_total``) and its
    answers in question order."""

    report: DepartmentReport
    lines: list[ReportedCommitment]
    answers: list[DepartmentAnswer]

    @property
    def administration(self) -> Organisation:
        return self.report.administration

    @property
    def active_lines(self) -> list[ReportedCommitment]:
        return [line for line in self.lines if line.was_active]


@dataclass
class RoundReportData:
    followup_round: FollowUpRound
    progress: RoundProgress
    reports: list[ReportSummary]
    commitment_count: int
    iop_count: int
    amount_total: int
    administration_questions: list[Question]
    survey: SurveyResults


def _reported_amount() -> Case:
    """What a line counts for in the year's figures: nothing when it was not active; else the
    officer's correction, or the register's amount."""
    return Case(
        When(
            commitments__was_active=True,
            then=Coalesce("commitments__amount_sek", "commitments__registered_amount_sek"),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def round_report_data(followup_round: FollowUpRound) -> RoundReportData:
    """Everything the yearly follow-up report needs about the round: each submitted report
    (förvaltning order) with its commitments and answers, the commitments, IOPs and kronor per
    förvaltning and in total (active commitments only, with the amounts as reported), who has
    not reported, and the survey's results. A fixed number of queries (about a dozen)."""
    active = Q(commitments__was_active=True)
    submitted = DepartmentReport.objects.filter(
        followup_round=followup_round, status=DepartmentReport.Status.SUBMITTED
    )
    reports = list(
        submitted.select_related("administration", "administration__parent", "administration__public_party", "submitted_by")
        .annotate(
            commitment_count=Count("commitments", filter=active),
            iop_count=Count(
                "commitments", filter=active & Q(commitments__partnership__form=CollaborationForm.IOP)
            ),
            amount_total=Coalesce(Sum(_reported_amount()), Value(0)),
        )
        .prefetch_related(
            Prefetch(
                "commitments",
                ReportedCommitment.objects.select_related("partnership", "partnership__priority_area")
                .prefetch_related(Prefetch("partnership__organisations", Organisation.objects.order_by("name")))
                .order_by("partnership__title", "pk"),
                to_attr="line_list",
            ),
            Prefetch(
                "answers",
                DepartmentAnswer.objects.select_related("question").order_by("question__position", "question__pk"),
                to_attr="answer_list",
            ),
        )
        .order_by("administration__name", "pk")
    )
    totals = submitted.aggregate(
        commitment_count=Count("commitments", filter=active),
        iop_count=Count("commitments", filter=active & Q(commitments__partnership__form=CollaborationForm.IOP)),
        amount_total=Coalesce(Sum(_reported_amount()), Value(0)),
    )
    return RoundReportData(
        followup_round=followup_round,
        progress=round_progress(followup_round),
        reports=[ReportSummary(report, report.line_list, report.answer_list) for report in reports],
        commitment_count=totals["commitment_count"],
        iop_count=totals["iop_count"],
        amount_total=totals["amount_total"],
        administration_questions=round_questions(followup_round, Question.Audience.ADMINISTRATION),
        survey=survey_results(followup_round),
    )


# --- Who the round's reminders go to, and when ---------------------------------------------------


def reminder_due(followup_round: FollowUpRound, today: datetime.date) -> str | None:
    """Which reminder is due today, if any: a week before the deadline (if the round was open by
    then: a round opened later has just sent its invitation) and on the deadline day."""
    if not followup_round.is_open:
        return None
    if today == followup_round.deadline:
        return REMINDER_DEADLINE
    week_before = followup_round.deadline - datetime.timedelta(days=7)
    opened_on = timezone.localdate(followup_round.opened_at)
    if week_before <= today < followup_round.deadline and opened_on < week_before:
        return REMINDER_WEEK_BEFORE
    return None


def officers_not_reported(followup_round: FollowUpRound) -> dict[str, dict]:
    """The officers of every förvaltning and municipal company that has not submitted its report
    (one entry per address, with only the units still to report)."""
    submitted = DepartmentReport.objects.filter(
        followup_round=followup_round, status=DepartmentReport.Status.SUBMITTED
    ).values("administration")
    rows = (
        Representation.objects.filter(user__is_active=True, organisation__kind__in=REPORTING_KINDS)
        .exclude(organisation__in=submitted)
        .select_related("user", "organisation")
        .order_by("organisation__name", "pk")
    )
    recipients: dict[str, dict] = {}
    for representation in rows:
        entry = recipients.setdefault(
            representation.user.email.lower(), {"user": representation.user, "administrations": []}
        )
        entry["administrations"].append(representation.organisation)
    return recipients
