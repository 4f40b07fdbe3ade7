"""Celery tasks of the yearly follow-up round: the invitations when a round opens, the reminders
a week before the deadline and on the day (daily, by beat), and the email to the officers when the
convener reopens their report.

Each task takes ids, reads the rows again, and sends through the ledger of emails sent once
(``plumbing.ledger.send_once``), which claims every address before its email goes: a task run
twice, or retried after a crash, never sends the same email to the same address twice. The emails'
purposes (``PURPOSE_*``) are stored in the ledger: keep them as they are.
"""

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrganisationKind, Representation
from plumbing.emails import RETRY, absolute_url, send_templated_email
from plumbing.ledger import object_key, send_once

from .models import DepartmentReport, FollowUpRound
from .selectors.rounds import officers_not_reported, reminder_due, round_recipients

__all__ = [
    "PURPOSE_INVITATION",
    "PURPOSE_REOPENED",
    "reminder_purpose",
    "send_report_reopened",
    "send_round_invitations",
    "send_round_reminders",
]

# What each email is, in the ledger (``plumbing.models.Delivery.purpose``): the invitation and the
# reminders are about the round, the reopened report's email about the report and its reopening.
PURPOSE_INVITATION = "followup.invitation"
PURPOSE_REOPENED = "followup.reopened"


def reminder_purpose(kind: str) -> str:
    """The purpose of the reminder ``kind`` (``selectors.rounds.REMINDER_*``)."""
    return f"followup.reminder_{kind}"


LONG = {"acks_late": True, "reject_on_worker_lost": True, "soft_time_limit": 60 * 30, "time_limit": 60 * 30 + 60}


def _round_context(followup_round) -> dict:
    return {
        "followup_round": followup_round,
        "round_list_url": absolute_url(reverse("followup:round_list")),
        "survey_url": absolute_url(reverse("followup:survey", kwargs={"year": followup_round.year})),
    }


def _reports_as(units) -> str:
    """What the units a person reports for are: "administration" (förvaltningar only), "company"
    (municipal companies only) or "both": the email names them so."""
    companies = sum(1 for unit in units if unit.kind == OrganisationKind.MUNICIPAL_COMPANY)
    if not companies:
        return "administration"
    return "company" if companies == len(units) else "both"


def _recipient_context(followup_round, entry: dict) -> dict:
    """What one person's email says: the förvaltningar and companies they report for (each with
    its link) and the organisations they answer the survey for."""
    return {
        **_round_context(followup_round),
        "person": entry["user"],
        "reports_as": _reports_as(entry.get("administrations", [])),
        "administrations": [
            {
                "name": administration.name,
                "url": absolute_url(
                    reverse(
                        "followup:department_report_start",
                        kwargs={"year": followup_round.year, "administration": administration.pk},
                    )
                ),
            }
            for administration in entry.get("administrations", [])
        ],
        "organisations": [organisation.name for organisation in entry.get("organisations", [])],
    }


def _sender(name: str, followup_round, extra: dict | None = None):
    def send(address: str, entry: dict, connection) -> int:
        context = {**_recipient_context(followup_round, entry), **(extra or {})}
        return send_templated_email(name, [address], context, connection=connection)

    return send


@shared_task(**LONG, **RETRY)
def send_round_invitations(round_id: int) -> int:
    """Email every officer of a förvaltning or a municipal company and every representative of an
    organisation the survey asks that the round is open, with their links. Returns the number sent by this run."""
    followup_round = FollowUpRound.objects.filter(pk=round_id, opened_at__isnull=False).first()
    if followup_round is None or followup_round.is_closed:
        return 0
    return send_once(
        PURPOSE_INVITATION,
        followup_round,
        round_recipients(followup_round),
        _sender("followup-round-invitation", followup_round),
    )


@shared_task(**LONG)
def send_round_reminders() -> int:
    """Daily (beat): in every open round, the reminder due today (a week before the deadline, or
    on the day) to the officers of the förvaltningar that have not submitted their report. Each
    reminder goes once per address; once all are sent it is recorded on the round."""
    today = timezone.localdate()
    sent = 0
    for followup_round in FollowUpRound.objects.open().order_by("year"):
        kind = reminder_due(followup_round, today)
        if kind is None or kind in followup_round.reminders_sent:
            continue
        sent += send_once(
            reminder_purpose(kind),
            followup_round,
            officers_not_reported(followup_round),
            _sender("followup-round-reminder", followup_round, {"is_deadline": kind == "deadline"}),
        )
        with transaction.atomic():
            locked = FollowUpRound.objects.select_for_update().get(pk=followup_round.pk)
            if kind not in locked.reminders_sent:
                locked.reminders_sent = [*locked.reminders_sent, kind]
                locked.save(update_fields=["reminders_sent"])
    return sent


@shared_task(**RETRY)
def send_report_reopened(report_id: int) -> int:
    """Tell the förvaltning's officers that the convener has reopened their report, and why (once
    per reopening). Not sent if the report has been submitted again meanwhile."""
    report = DepartmentReport.objects.select_related("followup_round", "administration").filter(pk=report_id).first()
    if report is None or report.status != DepartmentReport.Status.DRAFT or report.reopened_at is None:
        return 0
    recipients = {
        representation.user.email.lower(): {"user": representation.user, "administrations": [report.administration]}
        for representation in Representation.objects.filter(
            organisation=report.administration, user__is_active=True
        ).select_related("user")
    }
    return send_once(
        PURPOSE_REOPENED,
        object_key(report, int(report.reopened_at.timestamp())),  # once per reopening
        recipients,
        _sender(
            "followup-round-reopened",
            report.followup_round,
            {
                "report": report,
                "report_url": absolute_url(report.get_absolute_url()),
                "reason": report.reopen_reason,
            },
        ),
    )


# --- Names from before the split of followup (issue 15) ------------------------------------------
# A task already handed to the broker before the deploy carries its old name (the outbox's waiting
# rows, ``QueuedTask.task``, are renamed by migration ``documents.0002``): the same function is
# registered under it, so it still runs. Remove once no message can carry one.
for _old_name, (_task, _options) in {
    "followup.tasks_rounds.send_round_invitations": (send_round_invitations, {**LONG, **RETRY}),
    "followup.tasks_rounds.send_round_reminders": (send_round_reminders, LONG),
    "followup.tasks_rounds.send_report_reopened": (send_report_reopened, RETRY),
}.items():
    # ``__wrapped__`` is the function as written (``run`` may be wrapped by the retry options).
    shared_task(name=_old_name, **_options)(_task.__wrapped__)
