"""The organisation's history page: every change of state writes one line of it."""

from ..models import Organisation, OrganisationEvent, User


def organisation_event_add(organisation: Organisation, kind: str, by: User | None, note: str = "") -> None:
    """One line of the organisation's history: what happened, who did it, and a note."""
    OrganisationEvent.objects.create(organisation=organisation, kind=kind, by=by, note=note)
