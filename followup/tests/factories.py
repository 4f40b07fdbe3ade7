"""Made-up rows of the follow-up's tests: rounds in each state, commitments of the cast's
förvaltningar, connected organisations and survey answers."""

import datetime

from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Representation
from accounts.roles import forget_roles
from followup.models import FollowUpRound, Question, SurveyAnswer, SurveyResponse
from followup.services.rounds import round_create
from initiatives.models import CollaborationForm, Contribution, Partnership

YEAR = 2026


def make_round(convener, *, year: int = YEAR, opened: bool = True, closed: bool = False, **fields) -> FollowUpRound:
    """A round with the default questions, opened (without sending anything) unless told not to."""
    followup_round = round_create(
        year=year, deadline=fields.pop("deadline", datetime.date(year, 12, 15)), introduction="", by=convener
    )
    now = timezone.now()
    if opened:
        followup_round.opened_at = fields.pop("opened_at", now - datetime.timedelta(days=30))
        followup_round.opened_by = convener
    if closed:
        followup_round.closed_at = now
    for name, value in fields.items():
        setattr(followup_round, name, value)
    followup_round.save()
    return followup_round


def make_partnership(administration, title, *, starts_on, ends_on=None, form=CollaborationForm.IOP, amounts=(), parties=()):
    partnership = Partnership.objects.create(
        administration=administration,
        title=title,
        form=form,
        description="Ett samarbete.",
        starts_on=starts_on,
        ends_on=ends_on,
    )
    partnership.organisations.set(parties)
    for kind, amount in amounts:
        Contribution.objects.create(
            partnership=partnership, organisation=administration, kind=kind, amount_sek_per_year=amount
        )
    return partnership


def connected_organisations(count: int, *, prefix: str = "Förening") -> list[Organisation]:
    return [
        Organisation.objects.create(
            name=f"{prefix} {number}",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            connected_since=datetime.date(2020, 1, 1),
        )
        for number in range(1, count + 1)
    ]


def survey_answers(followup_round: FollowUpRound, organisations, scores, texts=None) -> None:
    """One survey answer per organisation: ``scores[i]`` for each scale question (None = don't
    know), ``texts[i]`` (if given) on the first question."""
    questions = list(followup_round.questions.filter(audience=Question.Audience.ASSOCIATION).order_by("position"))
    for index, organisation in enumerate(organisations):
        response = SurveyResponse.objects.create(followup_round=followup_round, organisation=organisation)
        for number, question in enumerate(questions):
            SurveyAnswer.objects.create(
                response=response,
                question=question,
                score=scores[index],
                text=(texts[index] if texts and number == 0 else ""),
            )


def represent(user, organisation) -> None:
    Representation.objects.create(user=user, organisation=organisation)
    forget_roles(user)
