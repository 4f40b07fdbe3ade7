"""The audit log: who decided or changed what, and when (issue 8).

Services call ``audit_record`` inside their transaction, right where the change is made, so a
change that is rolled back leaves no entry and a change that is kept always has one. Entries are
never changed afterwards: the convener reads them at ``audit_log`` and the admin shows them
read-only.

Actions are named ``<kind>.<what happened>`` (``accession.approved``, ``initiative.advanced``);
the kind is what the log page filters on. ``ACTIONS`` gives each its label for people.
"""

from __future__ import annotations

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

# The kinds of record the log can be filtered on, in the order the filter lists them.
KINDS = {
    "agreement": _("The agreement"),
    "accession": _("Applications to join"),
    "organisation": _("Organisations"),
    "representation": _("Representatives"),
    "initiative": _("Initiatives"),
    "partnership": _("Collaboration commitments"),
    "group": _("The collaboration group"),
    "meeting": _("Meetings and decisions"),
    "report": _("Follow-up reports"),
}

ACTIONS = {
    "agreement.settings_changed": _("The agreement's settings changed"),
    "agreement.operational_plan_created": _("Operational plan added"),
    "agreement.operational_plan_changed": _("Operational plan changed"),
    "agreement.activity_added": _("Activity added to the operational plan"),
    "agreement.activity_changed": _("Activity of the operational plan changed"),
    "accession.submitted": _("Application sent"),
    "accession.review_started": _("Application taken up for review"),
    "accession.approved": _("Application approved"),
    "accession.rejected": _("Application rejected"),
    "organisation.created": _("Organisation added to the register"),
    "organisation.changed": _("Organisation's details changed"),
    "organisation.withdrawn": _("Notice of withdrawal filed"),
    "organisation.umbrella_accepted": _("Membership of an umbrella organisation confirmed"),
    "organisation.umbrella_declined": _("Membership of an umbrella organisation declined"),
    "organisation.umbrella_left": _("No longer listed as a member of an umbrella organisation"),
    "representation.added": _("Representative added"),
    "representation.ended": _("Representative removed"),
    "initiative.advanced": _("Initiative moved to the next step"),
    "initiative.moved_back": _("Initiative moved back a step"),
    "initiative.paused": _("Initiative paused"),
    "initiative.resumed": _("Initiative resumed"),
    "initiative.closed": _("Initiative closed"),
    "initiative.party_accepted": _("Organisation agreed to be a party"),
    "initiative.party_declined": _("Organisation declined to be a party"),
    "partnership.created": _("Commitment recorded"),
    "partnership.changed": _("Commitment changed"),
    "partnership.ended": _("Commitment ended"),
    "group.seat_added": _("Seat added to the group"),
    "group.seat_changed": _("Seat in the group changed"),
    "group.seat_removed": _("Seat removed from the group"),
    "group.term_assigned": _("Seat in the group assigned"),
    "group.term_changed": _("Term in the group changed"),
    "group.term_ended": _("Term in the group ended"),
    "group.office_set": _("Chair or vice chair set"),
    "group.office_ended": _("Chair or vice chair ended early"),
    "meeting.cancelled": _("Meeting cancelled"),
    "meeting.decision_recorded": _("Decision recorded"),
    "meeting.decision_removed": _("Decision removed"),
    "meeting.minutes_changed": _("Published minutes corrected"),
    "meeting.minutes_published": _("Minutes published"),
    "meeting.minutes_withdrawn": _("Minutes taken off the public pages"),
    "report.published": _("Follow-up report published"),
    "report.unpublished": _("Follow-up report taken off the public pages"),
}


def action_label(action: str) -> str:
    """The label of an action for people (the code itself if it has none yet)."""
    return str(ACTIONS.get(action, action))


def json_safe(value):
    """A value as it is kept in the log: JSON types as they are, records by their name, dates in
    ISO format, several values as a list."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.Manager):
        return [str(item) for item in value.all()]
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return [json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # a stored file
        return value.name or ""
    return str(value)


def audit_snapshot(instance: models.Model, fields) -> dict:
    """The values of ``fields`` of ``instance`` as the log keeps them (``audit_changes`` compares
    two snapshots). Many-to-many fields give the list of names."""
    return {name: json_safe(getattr(instance, name)) for name in fields}


def audit_initial(model: type[models.Model], values: dict) -> dict:
    """Earlier values as a form's ``initial`` holds them (a foreign key as its id) made comparable
    with ``audit_snapshot`` (the related record by its name)."""
    resolved = {}
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # not a model field: kept as it is
            field = None
        if field is not None and field.many_to_one and value is not None and not isinstance(value, models.Model):
            value = field.related_model._default_manager.filter(pk=value).first()
        resolved[name] = value
    return resolved


def audit_changes(before: dict, after: dict) -> dict:
    """``{"field": {"before": …, "after": …}}`` for each field whose value differs."""
    changes = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = json_safe(before.get(name)), json_safe(after.get(name))
        if old != new:
            changes[name] = {"before": old, "after": new}
    return changes


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    changes: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """Write one entry of the audit log: ``actor`` (a user, or None for the portal itself) did
    ``action`` (``<kind>.<what>``, see ``ACTIONS``) to ``target``; ``changes`` as made by
    ``audit_changes``; ``note`` a reason or comment. Call it inside the service's transaction."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    if is_person:
        actor_label = actor.get_full_name() or actor.email
    else:
        actor_label = ""
    return AuditEntry.objects.create(
        actor=actor if is_person else None,
        actor_label=actor_label[:200],
        action=action,
        kind=action.split(".", 1)[0],
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=str(target.pk),
        target_label=str(target)[:300],
        changes=json_safe(changes or {}),
        note=note,
    )
