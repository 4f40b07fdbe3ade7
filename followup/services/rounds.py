"""Every change of the yearly follow-up round: making, preparing, opening and closing a round; a
förvaltning's report (started from the register, saved as a draft, submitted, reopened by the
convener); an organisation's survey answer. The round's emails are Celery tasks enqueued with
``transaction.on_commit``; each is sent once per address (``plumbing.ledger.send_once``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from overenskommelse.selectors import agreement_current, worded
from plumbing.outbox import enqueue_on_commit
from plumbing.tasks import TaskNamed

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
from ..questions import SURVEY_ANSWER_REQUIRED, questions_of_area
from ..selectors.rounds import (
    organisations_for_survey,
    registered_commitments,
    survey_questions,
)
from ..selectors.table import followup_table, responsible_label
from ..signals import round_closed

__all__ = [
    "department_report_refresh",
    "department_report_reopen",
    "department_report_save",
    "department_report_start",
    "department_report_submit",
    "round_close",
    "round_create",
    "round_open",
    "round_questions_update",
    "round_update",
    "survey_response_create",
]

# The round's tasks (``followup.tasks`` imports the services, not the other way; the tasks are sent
# by their registered names).
SEND_ROUND_INVITATIONS = TaskNamed("followup.tasks.send_round_invitations")
SEND_REPORT_REOPENED = TaskNamed("followup.tasks.send_report_reopened")


# --- Rounds --------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *, year: int, deadline: datetime.date, introduction: str = "", by: User
) -> FollowUpRound:
    """A new round being prepared (not yet open, seen by the convener only), with its own copy of
    the agreement's follow-up table as its questions (the portal's default table, in the current
    language, when the agreement has none), ready to be edited. The round follows up as many years
    as the agreement's cadence (two, ending with ``year``, when it is followed up every other
    year)."""
    if FollowUpRound.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already a follow-up of %(year)s.") % {"year": year}})
    agreement = agreement_current()
    followup_round = FollowUpRound.objects.create(
        year=year,
        deadline=deadline,
        introduction=introduction,
        years_covered=(agreement.followup_every_years if agreement is not None else 1) or 1,
    )
    positions: dict[str, int] = {}
    questions = []
    for area in followup_table(agreement):
        for values in questions_of_area(area, responsible_label(area, agreement)):
            positions[values["audience"]] = positions.get(values["audience"], 0) + 1
            questions.append(
                Question(followup_round=followup_round, position=positions[values["audience"]], **values)
            )
    Question.objects.bulk_create(questions)
    return followup_round


@transaction.atomic
def round_update(*, followup_round: FollowUpRound, deadline: datetime.date, introduction: str, by: User) -> FollowUpRound:
    """Change the deadline and the message (until the round is closed; a deadline moved later
    lets the reminders go again on the new dates)."""
    followup_round = FollowUpRound.objects.select_for_update().get(pk=followup_round.pk)
    if followup_round.is_closed:
        raise ValidationError(_("The follow-up is closed and can no longer be changed."))
    if deadline != followup_round.deadline:
        followup_round.reminders_sent = []
    followup_round.deadline = deadline
    followup_round.introduction = introduction
    followup_round.save(update_fields=["deadline", "introduction", "reminders_sent"])
    return followup_round


@transaction.atomic
def round_questions_update(*, followup_round: FollowUpRound, questions: Iterable[dict], by: User) -> None:
    """Replace the round's questions with ``questions`` (in order; each a dict with ``id`` (None for
    a new one), ``audience``, ``text``, ``help_text``, ``has_scale``, ``delete`` and, for the survey,
    whom it asks: ``to_joined`` (the joined organisations; by default) and ``to_networks`` (the
    organisations in recurring networks)). Only while the round is being prepared: once open, the
    answers depend on them. Questions to the förvaltningar never have a scale; a survey question
    asks someone."""
    followup_round = FollowUpRound.objects.select_for_update().get(pk=followup_round.pk)
    if followup_round.opened_at is not None:
        raise ValidationError(_("The questions cannot be changed once the follow-up is open."))
    existing = {question.pk: question for question in followup_round.questions.all()}
    positions: dict[str, int] = {}
    to_update, to_create, to_delete = [], [], []
    for data in questions:
        question = existing.get(data.get("id")) if data.get("id") else None
        if data.get("delete"):
            if question is not None:
                to_delete.append(question.pk)
            continue
        if not (data.get("text") or "").strip():
            continue
        audience = data["audience"]
        survey = audience == Question.Audience.ASSOCIATION
        to_joined = survey and bool(data.get("to_joined", True))
        to_networks = survey and bool(data.get("to_networks", False))
        if survey and not (to_joined or to_networks):
            raise ValidationError(_("A question of the survey must ask the joined organisations, those in recurring networks or both."))
        positions[audience] = positions.get(audience, 0) + 1
        values = {
            "audience": audience,
            "position": positions[audience],
            "text": data["text"].strip(),
            "help_text": (data.get("help_text") or "").strip(),
            "has_scale": bool(data.get("has_scale")) and survey,
            "to_joined": to_joined,
            "to_networks": to_networks,
        }
        if question is None:
            to_create.append(Question(followup_round=followup_round, **values))
        else:
            for name, value in values.items():
                setattr(question, name, value)
            to_update.append(question)
    Question.objects.filter(pk__in=to_delete).delete()
    Question.objects.bulk_update(
        to_update, ["audience", "position", "text", "help_text", "has_scale", "to_joined", "to_networks"]
    )
    Question.objects.bulk_create(to_create)


@transaction.atomic
def round_open(*, followup_round: FollowUpRound, by: User) -> FollowUpRound:
    """Open the round: the förvaltningar can report and the organisations answer the survey. The
    invitations are emailed in the background once the change is committed (each address once,
    however often the task runs)."""
    followup_round = FollowUpRound.objects.select_for_update().get(pk=followup_round.pk)
    if followup_round.opened_at is not None:
        raise ValidationError(_("The follow-up is already open."))
    if not followup_round.questions.exists():
        raise ValidationError(_("Add at least one question before opening the follow-up."))
    followup_round.opened_at = timezone.now()
    followup_round.opened_by = by
    followup_round.save(update_fields=["opened_at", "opened_by"])
    round_id = followup_round.pk
    enqueue_on_commit(SEND_ROUND_INVITATIONS, round_id)
    return followup_round


@transaction.atomic
def round_close(*, followup_round: FollowUpRound, by: User) -> FollowUpRound:
    """Close the round: no report can be changed and no survey answered any more. Reports still in
    draft stay drafts (they are not in the figures)."""
    followup_round = FollowUpRound.objects.select_for_update().get(pk=followup_round.pk)
    if not followup_round.is_open:
        raise ValidationError(_("Only an open follow-up can be closed."))
    followup_round.closed_at = timezone.now()
    followup_round.closed_by = by
    followup_round.save(update_fields=["closed_at", "closed_by"])
    # The figures of the round's years are made once now, for the dashboard and the report.
    transaction.on_commit(lambda: round_closed.send(sender=FollowUpRound, followup_round=followup_round))
    return followup_round


# --- A förvaltning's report ----------------------------------------------------------------------


@transaction.atomic
def department_report_start(
    *, followup_round: FollowUpRound, administration: Organisation, by: User
) -> DepartmentReport:
    """The förvaltning's report of the round, made on the first visit and filled in from the
    register (see ``department_report_refresh``). Only in an open round; safe when two officers
    start it at the same moment."""
    report = DepartmentReport.objects.filter(followup_round=followup_round, administration=administration).first()
    if report is None:
        if not followup_round.is_open:
            raise ValidationError(_("The follow-up is not open."))
        if administration.kind not in REPORTING_KINDS:
            raise ValidationError(_("Only a förvaltning or a municipal company reports in the follow-up."))
        try:
            with transaction.atomic():
                report = DepartmentReport.objects.create(followup_round=followup_round, administration=administration)
        except IntegrityError:
            report = DepartmentReport.objects.get(followup_round=followup_round, administration=administration)
    department_report_refresh(report=report)
    return report


@transaction.atomic
def department_report_refresh(*, report: DepartmentReport) -> int:
    """Bring a draft up to date with the register: every commitment of the förvaltning active
    during the round's period (its year, or its years) gets a line (one added to the register later appears), and the register's
    amount of each line follows the register. What the officer has confirmed or corrected is kept;
    a submitted report, or one in a closed round, is never changed. Returns the lines added."""
    if report.status != DepartmentReport.Status.DRAFT or not report.followup_round.is_open:
        return 0
    registered = {
        partnership.pk: partnership
        for partnership in registered_commitments(
            report.administration, report.followup_round.year, from_year=report.followup_round.first_year
        )
    }
    lines = {line.partnership_id: line for line in report.commitments.all()}
    changed = []
    for partnership_id, line in lines.items():
        partnership = registered.get(partnership_id)
        if partnership is not None and line.registered_amount_sek != partnership.registered_amount:
            line.registered_amount_sek = partnership.registered_amount
            changed.append(line)
    ReportedCommitment.objects.bulk_update(changed, ["registered_amount_sek"])
    new = [
        ReportedCommitment(
            report=report, partnership=partnership, registered_amount_sek=partnership.registered_amount
        )
        for partnership_id, partnership in registered.items()
        if partnership_id not in lines
    ]
    ReportedCommitment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _locked_editable(report: DepartmentReport) -> DepartmentReport:
    report = DepartmentReport.objects.select_for_update().select_related("followup_round").get(pk=report.pk)
    if report.status != DepartmentReport.Status.DRAFT:
        raise ValidationError(worded(_("The report has been submitted. Ask %(convener)s to reopen it to change it.")))
    if not report.followup_round.is_open:
        raise ValidationError(_("The follow-up is closed; the report can no longer be changed."))
    return report


@transaction.atomic
def department_report_save(
    *,
    report: DepartmentReport,
    by: User,
    lines: dict[int, dict],
    answers: dict[int, str],
    comment: str,
) -> DepartmentReport:
    """Save the draft: for each line (by id) whether the commitment was active during the year,
    its kronor during the year (``None``, or the register's amount, means "as in the register")
    and a comment; the answer to each question to the förvaltningar (by question id); and the
    report's other comments. Only a draft in an open round."""
    report = _locked_editable(report)
    changed = []
    for line in report.commitments.filter(pk__in=list(lines)):
        data = lines[line.pk]
        amount = data.get("amount_sek")
        line.was_active = bool(data.get("was_active"))
        line.amount_sek = None if amount is None or amount == line.registered_amount_sek else amount
        line.comment = (data.get("comment") or "").strip()
        changed.append(line)
    ReportedCommitment.objects.bulk_update(changed, ["was_active", "amount_sek", "comment"])
    questions = set(
        report.followup_round.questions.filter(
            audience=Question.Audience.ADMINISTRATION, pk__in=list(answers)
        ).values_list("pk", flat=True)
    )
    existing = {answer.question_id: answer for answer in report.answers.filter(question__in=questions)}
    to_update, to_create = [], []
    for question_id in questions:
        text = (answers[question_id] or "").strip()
        answer = existing.get(question_id)
        if answer is None:
            to_create.append(DepartmentAnswer(report=report, question_id=question_id, text=text))
        elif answer.text != text:
            answer.text = text
            to_update.append(answer)
    DepartmentAnswer.objects.bulk_update(to_update, ["text"])
    DepartmentAnswer.objects.bulk_create(to_create)
    report.comment = (comment or "").strip()
    report.save(update_fields=["comment", "updated_at"])
    return report


@transaction.atomic
def department_report_submit(*, report: DepartmentReport, by: User) -> DepartmentReport:
    """Submit the report: from now on it is read-only, and counts in the round's figures. Every
    question to the förvaltningar must have an answer."""
    report = _locked_editable(report)
    questions = report.followup_round.questions.filter(audience=Question.Audience.ADMINISTRATION)
    unanswered = questions.exclude(pk__in=report.answers.exclude(text="").values("question"))
    if unanswered.exists():
        raise ValidationError(_("Answer every question before submitting the report."))
    report.status = DepartmentReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return report


@transaction.atomic
def department_report_reopen(*, report: DepartmentReport, by: User, reason: str) -> DepartmentReport:
    """The convener reopens a submitted report so the förvaltning can change it (with the reason,
    which the officers are emailed once the change is committed). Only in an open round."""
    report = DepartmentReport.objects.select_for_update().select_related("followup_round").get(pk=report.pk)
    if report.status != DepartmentReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reopened."))
    if not report.followup_round.is_open:
        raise ValidationError(_("The follow-up is closed; the report can no longer be reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is reopened.")})
    report.status = DepartmentReport.Status.DRAFT
    report.reopened_at = timezone.now()
    report.reopened_by = by
    report.reopen_reason = reason
    report.save(update_fields=["status", "reopened_at", "reopened_by", "reopen_reason", "updated_at"])
    report_id = report.pk
    enqueue_on_commit(SEND_REPORT_REOPENED, report_id)
    return report


# --- The survey ----------------------------------------------------------------------------------


@transaction.atomic
def survey_response_create(
    *,
    followup_round: FollowUpRound,
    organisation: Organisation,
    by: User,
    answers: dict[int, dict],
) -> SurveyResponse:
    """The organisation's one answer to the round's survey: per question (by id) a score from 1 to
    5 or ``None`` (don't know, or not wanting to say) and a text, for the questions the
    organisation is asked (``survey_questions``). Only for an open round, an organisation the
    person represents that the survey asks (joined, or in a recurring network when the round asks
    the networks), and once per organisation.

    The answer is whole or not at all: every scale question has a score or "don't know" (the
    answer is given once, so half an answer could never be completed)."""
    if not followup_round.is_open:
        raise ValidationError(_("The survey is closed."))
    allowed = {o.pk: o for o in organisations_for_survey(by, followup_round)}
    if organisation.pk not in allowed:
        raise ValidationError(_("You cannot answer the survey for this organisation."))
    if allowed[organisation.pk].answered_at is not None:
        raise ValidationError(_("%(name)s has already answered the survey.") % {"name": organisation.name})
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                followup_round=followup_round, organisation=organisation, submitted_by=by
            )
    except IntegrityError:
        raise ValidationError(
            _("%(name)s has already answered the survey.") % {"name": organisation.name}
        ) from None
    questions = {question.pk: question for question in survey_questions(followup_round, allowed[organisation.pk])}
    unanswered = [
        question
        for question in questions.values()
        if question.has_scale
        and answers.get(question.pk, {}).get("score") is None
        and not answers.get(question.pk, {}).get("dont_know")
    ]
    if unanswered:
        raise ValidationError(
            {
                f"score_{question.pk}": ValidationError(SURVEY_ANSWER_REQUIRED, code="required")
                for question in unanswered
            }
        )
    rows = []
    for question_id, data in answers.items():
        question = questions.get(question_id)
        if question is None:
            continue
        score = data.get("score") if question.has_scale else None
        if score is not None and not 1 <= score <= 5:
            raise ValidationError(_("Answer on the scale from 1 to 5."))
        text = (data.get("text") or "").strip()
        if score is None and not text and not data.get("dont_know"):
            continue  # not answered at all
        rows.append(SurveyAnswer(response=response, question=question, score=score, text=text))
    SurveyAnswer.objects.bulk_create(rows)
    return response
