"""Changes to the agreement itself, made through the portal."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from plumbing.audit import audit_changes, audit_record

from .models import ActionPlan, Activity, Agreement, OperationalPlan

PLAN_FIELDS = ("year", "introduction", "adopted_on")
ACTIVITY_FIELDS = ("title", "priority_area", "responsible", "starts_on", "ends_on", "status", "note")


@transaction.atomic
def agreement_settings_update(*, agreement: Agreement, data: dict, by) -> Agreement:
    """Save the agreement's own words and rules (``data``: the settings form's cleaned fields) and
    write what changed to the audit log. Nothing is written when nothing changed."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    before = {name: getattr(agreement, name) for name in data}
    for name, value in data.items():
        setattr(agreement, name, value)
    changes = audit_changes(before, data)
    if not changes:
        return agreement
    agreement.save(update_fields=list(data))
    audit_record(actor=by, action="agreement.settings_changed", target=agreement, changes=changes)
    return agreement


# --- The yearly operational plan (verksamhetsplan) and its activities ------------------------------


def _plan_problems(*, action_plan: ActionPlan, year: int, plan: OperationalPlan | None) -> dict:
    if not action_plan.starts_on.year <= year <= action_plan.ends_on.year:
        return {
            "year": _("The year must be within the action plan's period, %(start)s–%(end)s.")
            % {"start": action_plan.starts_on.year, "end": action_plan.ends_on.year}
        }
    taken = OperationalPlan.objects.filter(action_plan=action_plan, year=year)
    if plan is not None:
        taken = taken.exclude(pk=plan.pk)
    if taken.exists():
        return {"year": _("There is already an operational plan for %(year)s.") % {"year": year}}
    return {}


@transaction.atomic
def operational_plan_save(
    *, action_plan: ActionPlan, data: dict, by, plan: OperationalPlan | None = None
) -> OperationalPlan:
    """Create (``plan`` None) or change a year's operational plan under ``action_plan``: one plan a
    year, within the action plan's period. Writes the change to the audit log; raises
    ValidationError (with field names) when the plan cannot be saved."""
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of the plan: {', '.join(sorted(unknown))}")
    problems = _plan_problems(action_plan=action_plan, year=data["year"], plan=plan)
    if problems:
        raise ValidationError(problems)
    if plan is None:
        plan = OperationalPlan(action_plan=action_plan)
        before = {}
        action = "agreement.operational_plan_created"
    else:
        plan = OperationalPlan.objects.select_for_update().get(pk=plan.pk)
        before = {name: getattr(plan, name) for name in data}
        action = "agreement.operational_plan_changed"
    for name, value in data.items():
        setattr(plan, name, value)
    changes = audit_changes(before, data) if before else None
    if before and not changes:
        return plan
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:  # the same year saved at the same moment
        raise ValidationError(
            {"year": _("There is already an operational plan for %(year)s.") % {"year": data["year"]}}
        ) from error
    audit_record(actor=by, action=action, target=plan, changes=changes)
    return plan


def _activity_problems(*, plan: OperationalPlan, data: dict) -> dict:
    starts_on: datetime.date = data["starts_on"]
    ends_on: datetime.date = data["ends_on"]
    if ends_on < starts_on:
        return {"ends_on": _("The activity cannot end before it starts.")}
    if not starts_on.year <= plan.year <= ends_on.year:
        return {"starts_on": _("The planned period must include %(year)s, the plan's year.") % {"year": plan.year}}
    area = data.get("priority_area")
    if area is not None and area.action_plan_id != plan.action_plan_id:
        return {"priority_area": _("Choose an area of the action plan the operational plan belongs to.")}
    return {}


@transaction.atomic
def activity_save(*, plan: OperationalPlan, data: dict, by, activity: Activity | None = None) -> Activity:
    """Add an activity to a year's operational plan (``activity`` None) or change one (its status and
    follow-up note as the group follows it up). The planned period includes the plan's year; the area
    is one of the plan's action plan. Writes the change to the audit log; raises ValidationError
    (with field names) when the activity cannot be saved."""
    unknown = set(data) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of the activity: {', '.join(sorted(unknown))}")
    problems = _activity_problems(plan=plan, data=data)
    if problems:
        raise ValidationError(problems)
    if activity is None:
        activity = Activity(plan=plan)
        before = {}
        action = "agreement.activity_added"
    else:
        activity = Activity.objects.select_for_update().get(pk=activity.pk, plan=plan)
        before = {name: getattr(activity, name) for name in data}
        action = "agreement.activity_changed"
    for name, value in data.items():
        setattr(activity, name, value)
    changes = audit_changes(before, data) if before else None
    if before and not changes:
        return activity
    activity.save()
    audit_record(actor=by, action=action, target=activity, changes=changes)
    return activity
