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
from overenskommelse.audit import audit_changes, audit_record, audit_snapshot
from overenskommelse.models import Principle
from overenskommelse.outbox import enqueue_on_commit
from overenskommelse.process import Step
from overenskommelse.selectors import agreement_current
from overenskommelse.uploads import kept_upload_take

from . import tasks
from .models import (
    Contribution,
    Initiative,
    InitiativeParty,
    Interest,
    Introduction,
    Partnership,
    PartyRequest,
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
    """Propose an initiative for ``organisation``; it starts in step 1 with that organisation as
    its party. Other organisations named are asked (``PartyRequest``) and become parties when they
    accept, except those ``by`` represents too, which are parties at once."""
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
    _parties_name(initiative=initiative, organisations={organisation, *other_parties}, by=by)
    _record(initiative, StepTransition.Kind.CREATED, by, "")
    return initiative


@transaction.atomic
def initiative_advance(
    *, initiative: Initiative, by: User, comment: str = "", from_step: str | None = None
) -> Initiative:
    """Move the initiative to the next step when every condition is met.

    ``from_step`` is the step the user saw (default: the step of the instance given). Raises
    StaleStep when the initiative is no longer in it (someone else moved it first; the last guard
    is a conditional UPDATE on that step), or ValidationError listing what is missing.
    """
    seen_step = from_step or initiative.step
    initiative = Initiative.objects.get(pk=initiative.pk)
    if initiative.step != seen_step:
        raise StaleStep
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
        changes["evaluation_completed_at"] = timezone.now()
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
    audit_record(
        actor=by,
        action="initiative.advanced",
        target=initiative,
        changes=audit_changes({"step": from_step}, {"step": initiative.step}),
        note=comment,
    )
    enqueue_on_commit(tasks.send_step_changed, initiative.pk)
    return initiative


@transaction.atomic
def initiative_move_back(
    *, initiative: Initiative, by: User, reason: str, from_step: str | None = None
) -> Initiative:
    """The convener moves an initiative back one step, with a reason. ``from_step`` as in
    ``initiative_advance``: StaleStep when someone moved it in the meantime."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for moving the initiative back."))
    seen_step = from_step or initiative.step
    initiative = Initiative.objects.get(pk=initiative.pk)
    if initiative.step != seen_step:
        raise StaleStep
    target = previous_step(initiative.step)
    if target is None:
        raise ValidationError(_("The initiative is already in the first step."))
    changes = {"step": target}
    if initiative.step == Step.FOLLOW_UP:
        changes["followup_year"] = None
        changes["evaluation_completed_at"] = None
    updated = Initiative.objects.filter(pk=initiative.pk, step=initiative.step).update(
        **changes, updated_at=timezone.now()
    )
    if not updated:
        raise StaleStep
    from_step = initiative.step
    initiative.refresh_from_db()
    _record(initiative, StepTransition.Kind.BACK, by, reason, from_step)
    audit_record(
        actor=by,
        action="initiative.moved_back",
        target=initiative,
        changes=audit_changes({"step": from_step}, {"step": initiative.step}),
        note=reason,
    )
    enqueue_on_commit(tasks.send_step_changed, initiative.pk)
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
    earlier_state = initiative.state
    initiative.state = state
    initiative.state_reason = reason if state != Initiative.State.ACTIVE else ""
    if state != Initiative.State.ACTIVE:
        initiative.looking_for_partners = False
    initiative.save(update_fields=["state", "state_reason", "looking_for_partners", "updated_at"])
    _record(initiative, kind, by, reason, initiative.step)
    audit_record(
        actor=by,
        action={
            Initiative.State.ACTIVE: "initiative.resumed",
            Initiative.State.PAUSED: "initiative.paused",
            Initiative.State.CLOSED: "initiative.closed",
        }[state],
        target=initiative,
        changes=audit_changes({"state": earlier_state}, {"state": state}),
        note=reason,
    )
    enqueue_on_commit(tasks.send_step_changed, initiative.pk)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    by: User,
    fields: list[str],
    priority_areas=None,
    directions=None,
    parties=None,
    principle_texts: dict[int, str] | None = None,
) -> Initiative:
    """Save a party's edit of an initiative: the model ``fields`` already set on the instance (and
    validated by the edit form), the priority areas and directions, the parties, and the
    evaluation's text per principle. Organisations ``by`` represents become parties at once (with
    who added them); others named are asked (``PartyRequest``) and become parties when they accept.
    A party or a pending request left out of ``parties`` is removed.

    Refuses (ValidationError) a closed initiative, an empty list of parties, and a list that leaves
    out every organisation the editor represents (they would lose the initiative).
    """
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if current.state == Initiative.State.CLOSED:
        raise ValidationError(_("A closed initiative cannot be changed."))
    if parties is not None:
        parties = list(parties)
        if not parties:
            raise ValidationError({"parties": _("An initiative needs at least one party.")})
        own = set(by.representations.values_list("organisation_id", flat=True))
        if not any(organisation.pk in own for organisation in parties):
            raise ValidationError(
                {
                    "parties": _(
                        "Keep at least one organisation you represent among the parties. If your "
                        "organisation leaves the initiative, ask another party to remove it."
                    )
                }
            )
    # The step and state are changed only by their own services, never by the edit.
    fields = [name for name in fields if name not in ("step", "state", "state_reason", "followup_year")]
    initiative.step, initiative.state = current.step, current.state
    initiative.save(update_fields=[*fields, "updated_at"])
    if priority_areas is not None:
        initiative.priority_areas.set(priority_areas)
    if directions is not None:
        initiative.directions.set(directions)
    if parties is not None:
        wanted = {organisation.pk for organisation in parties}
        initiative.parties.exclude(organisation_id__in=wanted).delete()
        initiative.party_requests.filter(status=PartyRequest.Status.PENDING).exclude(
            organisation_id__in=wanted
        ).delete()
        _parties_name(initiative=initiative, organisations=parties, by=by)
    if principle_texts is not None:
        initiative_assess_principles(initiative=initiative, texts=principle_texts)
    return initiative


def _parties_name(*, initiative: Initiative, organisations, by: User) -> None:
    """Organisations named as parties: those ``by`` represents are parties at once; the others
    are asked once (a pending request is not repeated, a party stays a party)."""
    present = set(initiative.parties.values_list("organisation_id", flat=True))
    asked = set(
        initiative.party_requests.filter(status=PartyRequest.Status.PENDING).values_list(
            "organisation_id", flat=True
        )
    )
    own = set(by.representations.values_list("organisation_id", flat=True))
    for organisation in organisations:
        if organisation.pk in present:
            continue
        if organisation.pk in own:
            InitiativeParty.objects.create(initiative=initiative, organisation=organisation, added_by=by)
            # Asked earlier by another party, and now named by its own people: that is the answer.
            initiative.party_requests.filter(
                organisation=organisation, status=PartyRequest.Status.PENDING
            ).update(status=PartyRequest.Status.ACCEPTED, answered_by=by, answered_at=timezone.now())
        elif organisation.pk not in asked:
            request = PartyRequest.objects.create(initiative=initiative, organisation=organisation, asked_by=by)
            enqueue_on_commit(tasks.send_party_request, request.pk)


@transaction.atomic
def party_request_answer(*, request: PartyRequest, by: User, accept: bool) -> PartyRequest:
    """The organisation asked to be a party accepts (it becomes a party and is shown publicly as
    one) or declines, once. Only its representatives or officers answer, or the convener while it
    has nobody in the portal (PermissionDenied otherwise); an answered request raises
    ValidationError."""
    if not by.has_perm("initiatives.answer_party_request", request):
        raise PermissionDenied
    status = PartyRequest.Status.ACCEPTED if accept else PartyRequest.Status.DECLINED
    updated = PartyRequest.objects.filter(pk=request.pk, status=PartyRequest.Status.PENDING).update(
        status=status, answered_by=by, answered_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This request has already been answered."))
    request.refresh_from_db()
    if accept:
        InitiativeParty.objects.get_or_create(
            initiative=request.initiative,
            organisation=request.organisation,
            defaults={"added_by": request.asked_by},
        )
    audit_record(
        actor=by,
        action="initiative.party_accepted" if accept else "initiative.party_declined",
        target=request.initiative,
        note=request.organisation.name,
    )
    return request


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
    enqueue_on_commit(tasks.send_interest_received, interest.pk)
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
        # It asked to join itself: a question still open to it is answered by that.
        interest.initiative.party_requests.filter(
            organisation=interest.organisation, status=PartyRequest.Status.PENDING
        ).update(status=PartyRequest.Status.ACCEPTED, answered_by=interest.created_by, answered_at=timezone.now())
    enqueue_on_commit(tasks.send_interest_answered, interest.pk)
    return interest


@transaction.atomic
def introduction_create(*, initiative: Initiative, organisation: Organisation, by: User, note: str) -> Introduction:
    """The convener puts an organisation in touch with an initiative; both sides get an email."""
    introduction = Introduction.objects.create(
        initiative=initiative, organisation=organisation, by=by, note=note
    )
    enqueue_on_commit(tasks.send_introduction, introduction.pk)
    return introduction


@transaction.atomic
def partnership_end(*, partnership: Partnership, by: User, ends_on: datetime.date) -> Partnership:
    """End a commitment on a date (not before it started)."""
    if ends_on < partnership.starts_on:
        raise ValidationError(_("The end date cannot be before the start date."))
    earlier_end = partnership.ends_on
    partnership.ends_on = ends_on
    partnership.ended_at = timezone.now()
    partnership.save(update_fields=["ends_on", "ended_at", "updated_at"])
    audit_record(
        actor=by,
        action="partnership.ended",
        target=partnership,
        changes=audit_changes({"ends_on": earlier_end}, {"ends_on": ends_on}),
    )
    return partnership



# --- Collaboration commitments (IOPs, joint projects, other solutions) --------------------------

PARTNERSHIP_FIELDS = (
    "administration",
    "title",
    "form",
    "priority_area",
    "description",
    "starts_on",
    "ends_on",
    "decision_on",
    "decision_reference",
    "initiative",
)


def partnership_check(
    *,
    by: User,
    administration: Organisation,
    organisations,
    contributions,
    initiative: Initiative | None = None,
    earlier_parties=(),
) -> None:
    """The rules of a commitment that span several rows, in one place.

    Only officers of the förvaltning record its commitments (PermissionDenied); the idea-driven
    parties are connected to the agreement (parties recorded earlier may stay after they left);
    each contribution comes from the förvaltning or one of the parties, in whole kronor ≥ 0; the
    initiative it came from has the förvaltning as a party. Raises ValidationError with a message
    per field (``contributions.<n>.<field>`` for the n-th contribution)."""
    if administration.sector != Sector.PUBLIC or not administration.representations.filter(user=by).exists():
        raise PermissionDenied(_("Only officers of the förvaltning can record its commitments."))
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    organisations = list(organisations)
    earlier = {organisation.pk for organisation in earlier_parties}
    if not organisations:
        error("organisations", _("Choose at least one idea-driven party."))
    for organisation in organisations:
        if organisation.sector != Sector.IDEA_DRIVEN:
            error(
                "organisations",
                _("%(name)s is not an idea-driven organisation.") % {"name": organisation.name},
            )
        elif not organisation.is_connected and organisation.pk not in earlier:
            error(
                "organisations",
                _(
                    "%(name)s is not connected to the agreement. Only connected organisations can be "
                    "parties to a commitment."
                )
                % {"name": organisation.name},
            )
    parties = {administration.pk} | {organisation.pk for organisation in organisations}
    for index, contribution in enumerate(contributions):
        party = contribution["organisation"]
        if party.pk not in parties:
            error(
                f"contributions.{index}.organisation",
                _(
                    "%(name)s is not a party to this commitment. Choose the förvaltning or one of "
                    "the idea-driven parties ticked above."
                )
                % {"name": party.name},
            )
        amount = contribution.get("amount_sek_per_year")
        if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount < 0):
            error(
                f"contributions.{index}.amount_sek_per_year",
                _("Write the amount in whole kronor, 0 or more."),
            )
    if initiative is not None and not initiative.parties.filter(organisation=administration).exists():
        error(
            "initiative",
            _("%(name)s is not a party to this initiative.") % {"name": administration.name},
        )
    if errors:
        raise ValidationError(errors)


def _partnership_audit(partnership: Partnership) -> dict:
    """What the audit log compares of a commitment: its fields, parties, contributions and file."""
    values = audit_snapshot(partnership, PARTNERSHIP_FIELDS)
    values["organisations"] = sorted(str(organisation) for organisation in partnership.organisations.all())
    values["contributions"] = [
        f"{contribution.organisation}: {contribution.kind}"
        + (f", {contribution.amount_sek_per_year} kr" if contribution.amount_sek_per_year is not None else "")
        for contribution in partnership.contributions.select_related("organisation").order_by("pk")
    ]
    values["signed_agreement"] = partnership.signed_agreement.name or ""
    return values


def _partnership_save(
    partnership: Partnership,
    *,
    by: User,
    data: dict,
    organisations,
    contributions,
    signed_agreement,
    kept_signed_agreement: str,
    remove_signed_agreement: bool,
) -> Partnership:
    for field in PARTNERSHIP_FIELDS:
        if field in data:
            setattr(partnership, field, data[field])
    if remove_signed_agreement:
        # The earlier file stays in storage: a signed agreement is a public record (allmän handling).
        partnership.signed_agreement = None
    elif signed_agreement is not None:
        partnership.signed_agreement = signed_agreement
    elif kept_signed_agreement and kept_upload_take(user=by, path=kept_signed_agreement):
        partnership.signed_agreement.name = kept_signed_agreement
    partnership.full_clean(exclude=["signed_agreement", "created_by"], validate_unique=False)
    partnership.save()
    partnership.organisations.set(organisations)
    partnership.contributions.all().delete()
    Contribution.objects.bulk_create(
        Contribution(
            partnership=partnership,
            organisation=contribution["organisation"],
            kind=contribution["kind"],
            amount_sek_per_year=contribution.get("amount_sek_per_year"),
            description=contribution.get("description", ""),
        )
        for contribution in contributions
    )
    return partnership


@transaction.atomic
def partnership_create(
    *,
    by: User,
    data: dict,
    organisations,
    contributions=(),
    signed_agreement=None,
    kept_signed_agreement: str = "",
) -> Partnership:
    """Record a commitment of a förvaltning (``data["administration"]``) that ``by`` is an officer
    of: its fields (``PARTNERSHIP_FIELDS`` in ``data``), its idea-driven parties, what each party
    contributes (dicts with organisation, kind, amount_sek_per_year, description), and the signed
    agreement (a new upload, or the storage path of an upload kept from an earlier try)."""
    contributions = list(contributions)
    organisations = list(organisations)
    partnership_check(
        by=by,
        administration=data["administration"],
        organisations=organisations,
        contributions=contributions,
        initiative=data.get("initiative"),
    )
    partnership = _partnership_save(
        Partnership(created_by=by),
        by=by,
        data=data,
        organisations=organisations,
        contributions=contributions,
        signed_agreement=signed_agreement,
        kept_signed_agreement=kept_signed_agreement,
        remove_signed_agreement=False,
    )
    audit_record(
        actor=by,
        action="partnership.created",
        target=partnership,
        changes=audit_changes({}, _partnership_audit(partnership)),
    )
    return partnership


@transaction.atomic
def partnership_update(
    *,
    partnership: Partnership,
    by: User,
    data: dict,
    organisations,
    contributions=(),
    signed_agreement=None,
    kept_signed_agreement: str = "",
    remove_signed_agreement: bool = False,
) -> Partnership:
    """Change a commitment: the same rules as ``partnership_create``, checked against the
    förvaltning it belongs to now and the one it is moved to (the officer must be of both).
    ``contributions`` is the whole new list: it replaces the earlier one."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if not partnership.administration.representations.filter(user=by).exists():
        raise PermissionDenied(_("Only officers of the förvaltning can change its commitments."))
    contributions = list(contributions)
    organisations = list(organisations)
    partnership_check(
        by=by,
        administration=data.get("administration", partnership.administration),
        organisations=organisations,
        contributions=contributions,
        initiative=data.get("initiative", partnership.initiative),
        earlier_parties=list(partnership.organisations.all()),
    )
    before = _partnership_audit(partnership)
    partnership = _partnership_save(
        partnership,
        by=by,
        data=data,
        organisations=organisations,
        contributions=contributions,
        signed_agreement=signed_agreement,
        kept_signed_agreement=kept_signed_agreement,
        remove_signed_agreement=remove_signed_agreement,
    )
    changes = audit_changes(before, _partnership_audit(partnership))
    if changes:
        audit_record(actor=by, action="partnership.changed", target=partnership, changes=changes)
    return partnership
