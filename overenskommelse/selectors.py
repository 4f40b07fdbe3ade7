"""Reads of the agreement shared by several views."""

from django.db.models import Count, Prefetch, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext

from plumbing import reference_cache
from plumbing.widgets import FrozenChoices, frozen_choices

from .models import (
    ActionPlan,
    Activity,
    Agreement,
    Direction,
    OperationalPlan,
    PriorityArea,
)
from .words import AgreementWords


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


# --- Cached, for pages that only show them ---------------------------------------------------------
# The footer of every page, the agreement's pages and the filters of the public lists read these
# on every request; they change a few times a year (``reference_cache``, invalidated on save).


def agreement_current_cached() -> Agreement | None:
    """``agreement_current()`` from the reference cache: to show, never to change."""
    return reference_cache.cached(reference_cache.AGREEMENT, "agreement", agreement_current)


def action_plan_current_cached() -> ActionPlan | None:
    """``action_plan_current()`` (with its areas and their directions) from the reference cache:
    to show, never to change."""
    return reference_cache.cached(reference_cache.AGREEMENT, "action-plan", action_plan_current)


# --- What the agreement decides about itself -------------------------------------------------------
# Its words and its rules, for Python code (emails, PDFs, services, forms); templates get the words
# from the context processor. The defaults (no agreement yet) are the fields' defaults.


def agreement_words() -> AgreementWords:
    """The current agreement's words (its group, its convener, its areas) in every form."""
    return AgreementWords.of(agreement_current_cached())


def worded(message, /, **values) -> str:
    """``message`` (a translated message naming the agreement's words as placeholders, e.g.
    ``_("Ask %(convener)s to reopen it.")``) with the current agreement's words and ``values``
    filled in."""
    return str(message) % {**agreement_words().as_dict(), **values}


# For messages made before any request (a form's label, a choice's label, a module's constant):
# the words are filled in each time the text is shown.
worded_lazy = lazy(worded, str)


def _word(name: str) -> str:
    return getattr(agreement_words(), name)


def word_lazy(name: str) -> str:
    """One of the agreement's words (``"Group"``, ``"areas"``, …) when it is shown."""
    return lazy(_word, str)(name)


def _agreement_number(field: str) -> int:
    agreement = agreement_current_cached()
    value = getattr(agreement, field, None) if agreement is not None else None
    return value or Agreement._meta.get_field(field).default


def meetings_per_year() -> int:
    """How many times a year the group meets at least (the dashboard warns below it)."""
    return _agreement_number("meetings_per_year")


def conference_every_years() -> int:
    """The years from one conference to the next (1: every year, 2: every other year)."""
    return _agreement_number("conference_every_years")


def followup_every_years() -> int:
    """The years from one follow-up round to the next (1: every year, 2: every other year)."""
    return _agreement_number("followup_every_years")


def priority_area_choices() -> list[tuple[str, str]]:
    """(slug, name) of the priority areas of the action plan in force, in their order: the
    options of the public filters."""
    return reference_cache.cached(reference_cache.AGREEMENT, "priority-areas", _priority_area_choices)


def priority_area_filter_choices() -> FrozenChoices:
    """The options of the public lists' area filter: "All <areas>", then ``priority_area_choices()``.
    Made once per language, words and areas (``frozen_choices``: the data is in the key), not at
    each form."""
    areas = tuple(priority_area_choices())
    all_areas = worded(gettext("All %(areas)s"))
    return frozen_choices(("priority-areas", all_areas, areas), lambda: [("", all_areas), *areas])


def _priority_area_choices() -> list[tuple[str, str]]:
    # One query (the plan of ``action_plan_current`` as a subquery), so a cold cache costs little.
    agreement = Agreement.objects.order_by("-adopted_on", "-pk").values("pk")[:1]
    plan = ActionPlan.objects.filter(agreement__in=agreement).order_by("-starts_on").values("pk")[:1]
    return list(
        PriorityArea.objects.filter(action_plan__in=plan)
        .order_by("position", "pk")
        .values_list("slug", "name")
    )


# --- The yearly operational plans (verksamhetsplaner) ----------------------------------------------


def operational_plans(*, with_drafts: bool) -> QuerySet[OperationalPlan]:
    """The operational plans of the current agreement's action plans, latest year first, each with
    its number of activities; only the adopted ones unless ``with_drafts`` (the group, the convener)."""
    plans = OperationalPlan.objects.filter(action_plan__agreement=agreement_current_cached()).annotate(
        activity_count=Count("activities")
    )
    if not with_drafts:
        plans = plans.filter(adopted_on__isnull=False)
    return plans.select_related("action_plan").order_by("-year")


def operational_plan_of_year(year: int, *, with_drafts: bool) -> OperationalPlan | None:
    """The operational plan of a year with its activities (and their areas) prefetched, or None
    (none, or not adopted and not ``with_drafts``)."""
    return (
        operational_plans(with_drafts=with_drafts)
        .filter(year=year)
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("priority_area").order_by("starts_on", "position", "pk"),
            )
        )
        .first()
    )


def operational_plan_status_counts(year: int) -> dict | None:
    """For the group's overview: the year's operational plan (whether adopted) and its activities
    counted by status, in one query; None when the year has no plan."""
    rows = list(
        OperationalPlan.objects.filter(action_plan__agreement=agreement_current_cached(), year=year)
        .values("pk", "adopted_on", "activities__status")
        .annotate(count=Count("activities"))
        .order_by()
    )
    if not rows:
        return None
    counts = {row["activities__status"]: row["count"] for row in rows if row["activities__status"]}
    return {
        "year": year,
        "adopted_on": rows[0]["adopted_on"],
        "statuses": [(value, label, counts.get(value, 0)) for value, label in Activity.Status.choices],
        "total": sum(counts.values()),
    }
