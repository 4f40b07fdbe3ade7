"""The steps of an initiative: what each step needs before the next (``STEP_CONDITIONS``: the
initiative page lists what is missing from them, and ``initiative_advance`` refuses with the same
messages), and the record of each move."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, Sector, User
from overenskommelse.models import Principle
from overenskommelse.process import Step
from overenskommelse.selectors import agreement_current, worded_lazy

from ..models import (
    Initiative,
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
        missing.append(Missing("parties", worded_lazy(gettext_lazy("At least one %(public)s party (a förvaltning)."))))
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
            Missing("reported_to_group_on", worded_lazy(gettext_lazy("The date the results were reported to %(group)s.")))
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


def step_transition_record(initiative: Initiative, kind: str, by: User | None, comment: str, from_step: str = "") -> StepTransition:
    return StepTransition.objects.create(
        initiative=initiative,
        kind=kind,
        from_step=from_step,
        to_step=initiative.step,
        by=by,
        comment=comment,
    )
