"""Every change of state of initiatives and commitments. Keyword-only, atomic, recorded.

The conditions to move on are defined once, in ``STEP_CONDITIONS``: the initiative page lists what
is missing from them, and ``initiative_advance`` refuses with the same messages.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, Sector, User
from overenskommelse.models import Principle
from overenskommelse.process import Step
from overenskommelse.selectors import agreement_current

from . import tasks
from .models import (
    Initiative,
    InitiativeParty,
    Interest,
    Introduction,
    Partnership,
    PrincipleAssessment,
    StepTransition,
)

STEP_ORDER: list[str] = list(Step.values)


class StaleStep(Exception):
    """Somebody else moved the initiative first."""


@dataclass(frozen=True)
class Missing:
    """One unmet condition: what is missing, and the form field where it is filled in."""

    field: str
    message: str | Promise


def _on_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.delay(*args))


def next_step(step: str) -> str | None:
    index = STEP_ORDER.index(step)
    return STEP_ORDER[index + 1] if index + 1 < len(STEP_ORDER) else None


def previous_step(step: str) -> str | None:
    index = STEP_ORDER.index(step)
    return STEP_ORDER[index - 1] if index > 0 else None


def _parties(initiative: Initiative) -> list[Organisation]:
    return [party.organisation for party in initiative.parties.select_related("organisation")]


def _to_implementation(initiative: Initiative) -> list[Missing]:
    missing = []
    parties = _parties(initiative)
    if not any(o.sector == Sector.PUBLIC for o in parties):
        missing.append(Missing("parties", gettext_lazy("At least one municipal party (a förvaltning).")))
    idea_driven = [o for o in parties if o.sector == Sector.IDEA_DRIVEN]
    if not idea_driven:
        missing.append(Missing("parties", gettext_lazy("At least one idea-driven party.")))
    for organisation in idea_driven:
        if not organisation.is_connected:
            missing.append(
                Missing(
                    "parties",
                    _("%(name)s must be connected to the agreement to take part.")
                    % {"name": organisation.name},
                )
            )
    if not initiative.form:
        missing.append(Missing("form", gettext_lazy("The form of collaboration (IOP, joint project or other).")))
    if not initiative.starts_on:
        missing.append(Missing("starts_on", gettext_lazy("A start date.")))
    return missing


def _to_result(initiative: Initiative) -> list[Missing]:
    missing = []
    if not initiative.ends_on and not initiative.report_on:
        missing.append(Missing("ends_on", gettext_lazy("An end date or a report date.")))
    if not initiative.results_summary.strip():
        missing.append(Missing("results_summary", gettext_lazy("A summary of the results.")))
    if not initiative.dissemination.strip():
        missing.append(Missing("dissemination", gettext_lazy("How the results were spread.")))
    if not initiative.reported_to_group_on:
        missing.append(
            Missing("reported_to_group_on", gettext_lazy("The date the results were reported to the collaboration group."))
        )
    return missing


def _to_evaluation(initiative: Initiative) -> list[Missing]:
    if initiative.has_ended:
        return []
    if initiative.ends_on:
        return [
            Missing(
                "ends_on",
                _("The initiative ends on %(date)s; it is evaluated after it has ended.")
                % {"date": initiative.ends_on.isoformat()},
            )
        ]
    return [Missing("ends_on", gettext_lazy("An end date that has passed: the initiative must have ended."))]


def _to_follow_up(initiative: Initiative) -> list[Missing]:
    missing = []
    for field, message in (
        ("evaluation_worked", gettext_lazy("What worked.")),
        ("evaluation_did_not_work", gettext_lazy("What did not work.")),
        ("evaluation_lessons", gettext_lazy("The lessons for the next initiative.")),
    ):
        if not getattr(initiative, field).strip():
            missing.append(Missing(field, message))
    agreement = agreement_current()
    principles = Principle.objects.filter(agreement=agreement) if agreement else Principle.objects.none()
    assessed = set(
        initiative.principle_assessments.exclude(text="").values_list("principle_id", flat=True)
    )
    for principle in principles:
        if principle.pk not in assessed:
            missing.append(
                Missing(
                    f"principle_{principle.pk}",
                    _("How the collaboration lived up to the principle “%(name)s”.")
                    % {"name": principle.name},
                )
            )
    return missing


# The condition to enter each step (the first step has none: it is where initiatives start).
STEP_CONDITIONS: dict[str, Callable[[Initiative], list[Missing]]] = {
    Step.IMPLEMENTATION: _to_implementation,
    Step.RESULT: _to_result,
    Step.EVALUATION: _to_evaluation,
    Step.FOLLOW_UP: _to_follow_up,
}


def initiative_missing_for_next_step(initiative: Initiative) -> list[Missing]:
    """What stops the initiative from moving on (empty when it may)."""
    target = next_step(initiative.step)
    if target is None:
        return []
    return STEP_CONDITIONS[target](initiative)


def _record(initiative: Initiative, kind: str, by: User | None, comment: str, from_step: str = "") -> StepTransition:
    return StepTransition.objects.create(
        initiative=initiative,
        kind=kind,
        from_step=from_step,
        to_step=initiative.step,
        by=by,
        comment=comment,
    )


def may_propose_for(user: User, organisation: Organisation) -> bool:
    """A representative of a connected idea-driven organisation, or an officer of a förvaltning."""
    if not organisation.representations.filter(user=user).exists():
        return False
    if organisation.sector == Sector.PUBLIC:
        return True
    return organisation.sector == Sector.IDEA_DRIVEN and organisation.is_connected


@transaction.atomic
def initiative_propose(
    *,
    by: User,
    organisation: Organisation,
    title: str,
    need: str,
    goal: str,
    priority_areas,
    directions=(),
    horizon: str,
    looking_for_partners: bool,
    partners_wanted: str = "",
    is_public: bool = True,
    other_parties=(),
) -> Initiative:
    """Propose an initiative for ``organisation``; it starts in step 1 with that organisation (and
    any other parties named) as its parties."""
    if not may_propose_for(by, organisation):
        raise PermissionDenied(
            _("Only representatives of a connected organisation or officers of a förvaltning can propose initiatives.")
        )
    initiative = Initiative.objects.create(
        title=title,
        need=need,
        goal=goal,
        horizon=horizon,
        looking_for_partners=looking_for_partners,
        partners_wanted=partners_wanted,
        is_public=is_public,
        created_by=by,
    )
    initiative.priority_areas.set(priority_areas)
    initiative.directions.set(directions)
    for party in {organisation, *other_parties}:
        InitiativeParty.objects.create(initiative=initiative, organisation=party, added_by=by)
    _record(initiative, StepTransition.Kind.CREATED, by, "")
    return initiative


@transaction.atomic
def initiative_advance(*, initiative: Initiative, by: User, comment: str = "") -> Initiative:
    """Move the initiative to the next step when every condition is met.

    Raises ValidationError listing what is missing, or StaleStep when someone else moved it first
    (a conditional UPDATE on the step it was seen in).
    """
    initiative = Initiative.objects.get(pk=initiative.pk)
    if initiative.state != Initiative.State.ACTIVE:
        raise ValidationError(_("A paused or closed initiative cannot move on. Resume it first."))
    target = next_step(initiative.step)
    if target is None:
        raise ValidationError(_("The initiative is already in the last step."))
    missing = STEP_CONDITIONS[target](initiative)
    if missing:
        raise ValidationError([str(m.message) for m in missing])
    changes = {"step": target}
    if target == Step.FOLLOW_UP:
        changes["followup_year"] = (initiative.ends_on or timezone.localdate()).year
    if target == Step.EVALUATION:
        changes["looking_for_partners"] = False
    updated = Initiative.objects.filter(
        pk=initiative.pk, step=initiative.step, state=Initiative.State.ACTIVE
    ).update(**changes, updated_at=timezone.now())
    if not updated:
        raise StaleStep
    from_step = initiative.step
    initiative.refresh_from_db()
    _record(initiative, StepTransition.Kind.FORWARD, by, comment, from_step)
    _on_commit(tasks.send_step_changed, initiative.pk)
    return initiative


@transaction.atomic
def initiative_move_back(*, initiative: Initiative, by: User, reason: str) -> Initiative:
    """The convener moves an initiative back one step, with a reason."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for moving the initiative back."))
    initiative = Initiative.objects.get(pk=initiative.pk)
    target = previous_step(initiative.step)
    if target is None:
        raise ValidationError(_("The initiative is already in the first step."))
    changes = {"step": target}
    if initiative.step == Step.FOLLOW_UP:
        changes["followup_year"] = None
    updated = Initiative.objects.filter(pk=initiative.pk, step=initiative.step).update(
        **changes, updated_at=timezone.now()
    )
    if not updated:
        raise StaleStep
    from_step = initiative.step
    initiative.refresh_from_db()
    _record(initiative, StepTransition.Kind.BACK, by, reason, from_step)
    _on_commit(tasks.send_step_changed, initiative.pk)
    return initiative


@transaction.atomic
def initiative_set_state(*, initiative: Initiative, by: User, state: str, reason: str) -> Initiative:
    """Pause, resume or close an initiative early. Pausing and closing need a reason."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if state == initiative.state:
        raise ValidationError(_("The initiative is already in that state."))
    if initiative.state == Initiative.State.CLOSED:
        raise ValidationError(_("A closed initiative cannot be changed."))
    if state != Initiative.State.ACTIVE and not reason.strip():
        raise ValidationError(_("Give a reason."))
    kind = {
        Initiative.State.ACTIVE: StepTransition.Kind.RESUMED,
        Initiative.State.PAUSED: StepTransition.Kind.PAUSED,
        Initiative.State.CLOSED: StepTransition.Kind.CLOSED,
    }[state]
    initiative.state = state
    initiative.state_reason = reason if state != Initiative.State.ACTIVE else ""
    if state != Initiative.State.ACTIVE:
        initiative.looking_for_partners = False
    initiative.save(update_fields=["state", "state_reason", "looking_for_partners", "updated_at"])
    _record(initiative, kind, by, reason, initiative.step)
    _on_commit(tasks.send_step_changed, initiative.pk)
    return initiative


@transaction.atomic
def initiative_assess_principles(*, initiative: Initiative, texts: dict[int, str]) -> None:
    """Store the evaluation's text per principle (principle id → text)."""
    for principle_id, text in texts.items():
        PrincipleAssessment.objects.update_or_create(
            initiative=initiative, principle_id=principle_id, defaults={"text": text.strip()}
        )


@transaction.atomic
def interest_express(*, initiative: Initiative, organisation: Organisation, by: User, message: str) -> Interest:
    """A connected organisation (or a förvaltning) asks to join an initiative looking for partners."""
    if not organisation.representations.filter(user=by).exists():
        raise PermissionDenied
    if organisation.sector == Sector.IDEA_DRIVEN and not organisation.is_connected:
        raise ValidationError(
            _("Only organisations connected to the agreement can take part in initiatives. Apply to join first.")
        )
    if not initiative.looking_for_partners or initiative.state != Initiative.State.ACTIVE:
        raise ValidationError(_("This initiative is not looking for partners."))
    if initiative.parties.filter(organisation=organisation).exists():
        raise ValidationError(_("%(name)s already takes part.") % {"name": organisation.name})
    if initiative.interests.filter(organisation=organisation, status=Interest.Status.PENDING).exists():
        raise ValidationError(_("%(name)s has already expressed interest; the answer is pending.") % {"name": organisation.name})
    interest = Interest.objects.create(
        initiative=initiative, organisation=organisation, created_by=by, message=message
    )
    _on_commit(tasks.send_interest_received, interest.pk)
    return interest


@transaction.atomic
def interest_answer(*, interest: Interest, by: User, accept: bool, answer: str = "") -> Interest:
    """The initiative's parties accept (the organisation becomes a party) or decline, once."""
    status = Interest.Status.ACCEPTED if accept else Interest.Status.DECLINED
    updated = Interest.objects.filter(pk=interest.pk, status=Interest.Status.PENDING).update(
        status=status, answered_by=by, answered_at=timezone.now(), answer=answer
    )
    if not updated:
        raise ValidationError(_("This expression of interest has already been answered."))
    interest.refresh_from_db()
    if accept:
        InitiativeParty.objects.get_or_create(
            initiative=interest.initiative, organisation=interest.organisation, defaults={"added_by": by}
        )
    _on_commit(tasks.send_interest_answered, interest.pk)
    return interest


@transaction.atomic
def introduction_create(*, initiative: Initiative, organisation: Organisation, by: User, note: str) -> Introduction:
    """The convener puts an organisation in touch with an initiative; both sides get an email."""
    introduction = Introduction.objects.create(
        initiative=initiative, organisation=organisation, by=by, note=note
    )
    _on_commit(tasks.send_introduction, introduction.pk)
    return introduction


@transaction.atomic
def partnership_end(*, partnership: Partnership, by: User, ends_on: datetime.date) -> Partnership:
    """End a commitment on a date (not before it started)."""
    if ends_on < partnership.starts_on:
        raise ValidationError(_("The end date cannot be before the start date."))
    partnership.ends_on = ends_on
    partnership.ended_at = timezone.now()
    partnership.save(update_fields=["ends_on", "ended_at", "updated_at"])
    return partnership

