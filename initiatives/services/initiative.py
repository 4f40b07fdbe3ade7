"""Every change of state of an initiative: proposing, moving it on or back, pausing or closing,
editing, its parties and its assessment against the principles."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Sector, User
from overenskommelse.process import Step
from plumbing.audit import audit_changes, audit_record
from plumbing.outbox import enqueue_on_commit

from .. import tasks
from ..models import (
    Initiative,
    InitiativeParty,
    PartyRequest,
    PrincipleAssessment,
    StepTransition,
)
from .steps import (
    STEP_CONDITIONS,
    StaleStep,
    next_step,
    previous_step,
    step_transition_record,
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
    step_transition_record(initiative, StepTransition.Kind.CREATED, by, "")
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
    step_transition_record(initiative, StepTransition.Kind.FORWARD, by, comment, from_step)
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
    step_transition_record(initiative, StepTransition.Kind.BACK, by, reason, from_step)
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
    step_transition_record(initiative, kind, by, reason, initiative.step)
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
