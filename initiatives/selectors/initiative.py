"""Reads of initiatives shared by several views, with their joins prefetched.

Every list is filtered by what the user may see (the same rule as ``initiatives.view_initiative``),
so a list never shows an initiative whose page would answer 404.
"""


from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import (
    Organisation,
    OrganisationKind,
    Representation,
    Sector,
    User,
    connected_condition,
    kinds_of_sector,
)
from accounts.roles import Role, roles_of
from overenskommelse.models import Direction, Principle, PriorityArea
from overenskommelse.selectors import action_plan_current, agreement_current

from ..models import (
    Initiative,
    InitiativeParty,
    Interest,
    Introduction,
    PartyRequest,
    PrincipleAssessment,
    StepTransition,
)

__all__ = [
    "current_principles",
    "initiative_assessments",
    "initiative_detail_queryset",
    "initiative_history",
    "initiative_interests_pending",
    "initiative_matching_list",
    "initiatives_of",
    "initiatives_visible_to",
    "interest_organisations_for",
    "interests_to_answer",
    "introduction_choices",
    "introduction_suggestions",
    "party_choices",
    "party_requests_of",
    "party_requests_to_answer",
    "plan_priority_areas",
    "proposing_organisations",
    "unconnected_organisations_of",
]


# What a list row shows (templates/initiatives/initiative_list_item.html) and the lists' order.
LIST_FIELDS = (
    "id",
    "title",
    "step",
    "state",
    "form",
    "is_public",
    "looking_for_partners",
    "partners_wanted",
    "created_at",
    "updated_at",
)


def _with_list_joins(initiatives: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """What every list row shows, and only that: the parties' names (``party_list``) and the
    priority areas (``area_list``), as plain prefetched lists (no manager and queryset made per
    row, no text columns read that a row does not show)."""
    return initiatives.only(*LIST_FIELDS).prefetch_related(
        Prefetch(
            "parties",
            queryset=InitiativeParty.objects.select_related("organisation").only(
                "initiative_id", "organisation__name"
            ),
            to_attr="party_list",
        ),
        Prefetch(
            "priority_areas",
            queryset=PriorityArea.objects.only("name", "position").order_by("position", "pk"),
            to_attr="area_list",
        ),
    )


def _party_of(user: User) -> Q:
    """Initiatives where one of the user's organisations is a party (a subquery, no duplicates)."""
    return Q(
        pk__in=InitiativeParty.objects.filter(organisation__representations__user=user).values(
            "initiative_id"
        )
    )


def initiatives_visible_to(user: User) -> QuerySet[Initiative]:
    """Public initiatives; also non-public ones of the user's organisations (and of organisations
    the convener put in touch with them, or asked to be a party); everything for the collaboration group and the convener
    (the rule of ``initiatives.view_initiative``)."""
    initiatives = Initiative.objects.all()
    if not user.is_authenticated:
        return initiatives.public()
    if roles_of(user) & {Role.CONVENER, Role.GROUP_MEMBER}:
        return initiatives
    introduced = Q(
        pk__in=Introduction.objects.filter(organisation__representations__user=user).values(
            "initiative_id"
        )
    )
    asked = Q(
        pk__in=PartyRequest.objects.filter(
            status=PartyRequest.Status.PENDING, organisation__representations__user=user
        ).values("initiative_id")
    )
    return initiatives.filter(Q(is_public=True) | _party_of(user) | introduced | asked)


def initiative_matching_list(user: User) -> QuerySet[Initiative]:
    """Active initiatives looking for partners that the user may see, newest first."""
    return _with_list_joins(initiatives_visible_to(user).looking_for_partners()).order_by(
        "-created_at", "-pk"
    )


def initiatives_of(user: User) -> QuerySet[Initiative]:
    """The initiatives of the user's organisations, public or not, newest first."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    return _with_list_joins(Initiative.objects.filter(_party_of(user))).order_by(
        "-updated_at", "-pk"
    )


def interests_to_answer(user: User) -> QuerySet[Interest]:
    """Pending expressions of interest in the initiatives of the user's organisations."""
    if not user.is_authenticated:
        return Interest.objects.none()
    return (
        Interest.objects.filter(status=Interest.Status.PENDING)
        .filter(initiative__in=Initiative.objects.filter(_party_of(user)))
        .select_related("initiative", "organisation", "created_by")
        .order_by("created_at", "pk")
    )


def party_requests_to_answer(user: User) -> QuerySet[PartyRequest]:
    """Initiatives asking one of the user's organisations to be a party, waiting for its answer."""
    if not user.is_authenticated:
        return PartyRequest.objects.none()
    return (
        PartyRequest.objects.filter(
            status=PartyRequest.Status.PENDING, organisation__representations__user=user
        )
        .select_related("initiative", "organisation", "asked_by")
        .order_by("asked_at", "pk")
    )


def party_requests_of(initiative: Initiative) -> QuerySet[PartyRequest]:
    """The organisations asked to be parties that have not said yes: still asked, or declined
    (what the parties see on the initiative's page)."""
    return (
        initiative.party_requests.filter(
            status__in=[PartyRequest.Status.PENDING, PartyRequest.Status.DECLINED]
        )
        .exclude(organisation_id__in=initiative.parties.values("organisation_id"))
        .select_related("organisation")
        .annotate(
            organisation_has_people=Exists(
                Representation.objects.filter(organisation_id=OuterRef("organisation_id"))
            )
        )
        .order_by("asked_at", "pk")
    )


def initiative_detail_queryset() -> QuerySet[Initiative]:
    """One initiative with what its page shows."""
    return Initiative.objects.select_related("created_by").prefetch_related(
        Prefetch(
            "parties",
            queryset=InitiativeParty.objects.select_related("organisation").order_by(
                "joined_at", "pk"
            ),
        ),
        Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("position", "pk")),
        Prefetch(
            "directions",
            queryset=Direction.objects.select_related("priority_area").order_by(
                "priority_area__position", "position", "pk"
            ),
        ),
    )


def initiative_assessments(initiative: Initiative) -> QuerySet[PrincipleAssessment]:
    """The parties' word on each principle (step 4), in the principles' order: asked for only where
    the page shows step 4 (most initiatives have not reached it: one query less on their page)."""
    return initiative.principle_assessments.select_related("principle").order_by(
        "principle__position", "principle__pk"
    )


def initiative_history(initiative: Initiative) -> QuerySet[StepTransition]:
    return initiative.transitions.select_related("by").order_by("at", "pk")


def initiative_interests_pending(initiative: Initiative) -> QuerySet[Interest]:
    return (
        initiative.interests.filter(status=Interest.Status.PENDING)
        .select_related("organisation", "created_by")
        .order_by("created_at", "pk")
    )


def current_principles() -> QuerySet[Principle]:
    """The principles of the agreement in force, whose evaluation the follow-up step requires."""
    agreement = agreement_current()
    if agreement is None:
        return Principle.objects.none()
    return Principle.objects.filter(agreement=agreement).order_by("position", "pk")


def plan_priority_areas() -> list[PriorityArea]:
    """The priority areas of the action plan in force, each with its directions prefetched."""
    plan = action_plan_current()
    return list(plan.priority_areas.all()) if plan else []


def _idea_driven_connected() -> Q:
    return Q(kind__in=kinds_of_sector(Sector.IDEA_DRIVEN)) & connected_condition()


def party_choices(*, keep: QuerySet | list[int] | None = None) -> QuerySet[Organisation]:
    """Organisations that can be named as parties: connected idea-driven organisations and the
    förvaltningar (plus ``keep``, the parties an initiative already has)."""
    condition = _idea_driven_connected() | Q(kind=OrganisationKind.ADMINISTRATION)
    if keep is not None:
        condition |= Q(pk__in=keep)
    return Organisation.objects.filter(condition).order_by("name", "pk")


def proposing_organisations(user: User) -> QuerySet[Organisation]:
    """The user's organisations that may propose an initiative (``services.may_propose_for``):
    the public-sector ones and the connected idea-driven ones."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(representations__user=user)
        .filter(Q(kind__in=kinds_of_sector(Sector.PUBLIC)) | _idea_driven_connected())
        .order_by("name", "pk")
    )


def unconnected_organisations_of(user: User) -> QuerySet[Organisation]:
    """The user's idea-driven organisations that are not connected to the agreement (yet)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(representations__user=user)
        .filter(kind__in=kinds_of_sector(Sector.IDEA_DRIVEN))
        .exclude(connected_condition())
        .order_by("name", "pk")
    )


def interest_organisations_for(user: User, initiative: Initiative) -> QuerySet[Organisation]:
    """The user's organisations that can express interest in the initiative: not idea-driven
    and unconnected, not a party already, and without an answer pending."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(representations__user=user)
        .exclude(Q(kind__in=kinds_of_sector(Sector.IDEA_DRIVEN)) & ~connected_condition())
        .exclude(pk__in=initiative.parties.values("organisation_id"))
        .exclude(
            pk__in=initiative.interests.filter(status=Interest.Status.PENDING).values(
                "organisation_id"
            )
        )
        .order_by("name", "pk")
    )


def introduction_choices(initiative: Initiative) -> QuerySet[Organisation]:
    """Organisations the convener can put in touch with the initiative: connected idea-driven
    organisations and förvaltningar that are not parties."""
    return party_choices().exclude(pk__in=initiative.parties.values("organisation_id"))


def introduction_suggestions(initiative: Initiative, *, limit: int = 8) -> list[Organisation]:
    """Connected organisations working in the initiative's priority areas that are not parties,
    the most shared areas first (``shared_areas`` annotated). Two queries whatever the numbers."""
    area_ids = initiative.priority_areas.values("pk")
    return list(
        Organisation.objects.connected()
        .filter(priority_areas__in=area_ids)
        .exclude(pk__in=initiative.parties.values("organisation_id"))
        .annotate(shared_areas=Count("priority_areas"))
        .order_by("-shared_areas", "name", "pk")
        .prefetch_related(
            Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("position", "pk"))
        )[:limit]
    )
