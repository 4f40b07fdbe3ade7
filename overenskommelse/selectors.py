"""Reads of the agreement shared by several views."""

from django.db.models import Prefetch

from .models import ActionPlan, Agreement, Direction, PriorityArea


def agreement_current() -> Agreement | None:
    """The agreement the portal is about, or None before one is entered."""
    return Agreement.objects.current()


def action_plan_current(agreement: Agreement | None = None) -> ActionPlan | None:
    """The action plan in force (the latest period), with its areas and their directions prefetched."""
    agreement = agreement or agreement_current()
    if agreement is None:
        return None
    return (
        ActionPlan.objects.filter(agreement=agreement)
        .prefetch_related(
            Prefetch(
                "priority_areas",
                queryset=PriorityArea.objects.prefetch_related(
                    Prefetch("directions", queryset=Direction.objects.order_by("position", "pk"))
                ),
            )
        )
        .order_by("-starts_on")
        .first()
    )
