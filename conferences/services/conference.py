"""State changes of journey 1: setting up a conference and its programme (the convener's forms).

``CONFERENCE_FIELDS`` and ``SESSION_FIELDS`` are what the forms edit and the services set: one list
each, used by both."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Conference, Session
from .registration import conference_lock, registration_promote_waiting

__all__ = [
    "CONFERENCE_FIELDS",
    "SESSION_FIELDS",
    "conference_create",
    "conference_update",
    "session_create",
    "session_delete",
    "session_update",
]

CONFERENCE_FIELDS = (
    "title",
    "starts_on",
    "ends_on",
    "venue_name",
    "venue_address",
    "venue_accessibility",
    "description",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "needs_retention_days",
    "is_published",
)
SESSION_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "room",
    "speakers",
    "description",
    "initiative",
    "capacity",
)


# --- The conference and its programme ------------------------------------------------------------


@transaction.atomic
def conference_create(*, by: User, data: dict) -> Conference:
    """Create a conference (a draft unless ``data["is_published"]``). ``data`` holds the fields of
    ``CONFERENCE_FIELDS``; the model's rules (days and registration window forward) are checked."""
    conference = Conference(**{field: data[field] for field in CONFERENCE_FIELDS if field in data})
    conference.full_clean()
    conference.save()
    return conference


@transaction.atomic
def conference_update(*, conference: Conference, by: User, data: dict) -> Conference:
    """Change a conference. More places than before offer them to the waiting list at once, in
    order, and each person promoted is emailed."""
    locked = conference_lock(conference)
    for field in CONFERENCE_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    locked.full_clean()
    locked.save()
    registration_promote_waiting(conference=locked)
    return locked


def _session_check_days(conference: Conference, session: Session) -> None:
    first = timezone.localtime(session.starts_at).date()
    last = timezone.localtime(session.ends_at).date()
    if first < conference.starts_on or last > conference.ends_on:
        raise ValidationError(
            {"starts_at": _("The session must take place during the conference days.")}
        )


@transaction.atomic
def session_create(*, conference: Conference, by: User, data: dict) -> Session:
    """Add a session to the programme; it must fall within the conference days."""
    session = Session(conference=conference, **{f: data[f] for f in SESSION_FIELDS if f in data})
    session.full_clean()
    _session_check_days(conference, session)
    session.save()
    return session


@transaction.atomic
def session_update(*, session: Session, by: User, data: dict) -> Session:
    for field in SESSION_FIELDS:
        if field in data:
            setattr(session, field, data[field])
    session.full_clean()
    _session_check_days(session.conference, session)
    session.save()
    return session


@transaction.atomic
def session_delete(*, session: Session, by: User) -> None:
    """Remove a session; the registrations keep their place at the conference."""
    conference_lock(session.conference)
    session.delete()
