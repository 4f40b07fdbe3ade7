"""Factories of conferences: a conference (published, about two months ahead, registration open
now, 3 places), a conference on a given day (``ConferenceOnDayFactory``: the attendance tests' day,
100 places), sessions, registrations, and the helpers that register and check people in."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from conferences.models import Conference, Registration, Session, SessionAttendance
from conferences.services import registration_create


class ConferenceFactory(DjangoModelFactory):
    """A published conference about two months ahead, registration open now, 3 places."""

    class Meta:
        model = Conference

    title = "Överenskommelsekonferensen"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    ends_on = factory.LazyAttribute(lambda conference: conference.starts_on)
    venue_name = "Stadshallen"
    venue_address = "Stortorget 7, 222 23 Lund"
    venue_accessibility = "Hiss och hörslinga."
    description = "En dag om överenskommelsen."
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    registration_closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    capacity = 3
    is_published = True


def _nine_in_the_morning(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


class ConferenceOnDayFactory(ConferenceFactory):
    """A published conference on ``starts_on`` (today unless given), 100 places, registration open
    from 60 to 10 days before it."""

    starts_on = factory.LazyFunction(timezone.localdate)
    venue_address = "Stortorget 1, Lund"
    venue_accessibility = ""
    description = "Konferensen om överenskommelsen."
    registration_opens_at = factory.LazyAttribute(
        lambda conference: _nine_in_the_morning(conference.starts_on - datetime.timedelta(days=60))
    )
    registration_closes_at = factory.LazyAttribute(
        lambda conference: conference.registration_opens_at + datetime.timedelta(days=50)
    )
    capacity = 100


class SessionFactory(DjangoModelFactory):
    """A session of ``conference`` at ``hour`` o'clock on its first day, an hour long."""

    class Meta:
        model = Session
        exclude = ("hour", "hours")

    conference = factory.SubFactory(ConferenceFactory)
    hour = 10
    hours = 1
    title = factory.LazyAttribute(lambda session: f"Pass klockan {session.hour}")
    kind = Session.Kind.TRAINING
    starts_at = factory.LazyAttribute(
        lambda session: timezone.make_aware(
            datetime.datetime.combine(session.conference.starts_on, datetime.time(session.hour))
        )
    )
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=session.hours))
    room = "Sal B"
    speakers = "Sara Sammankallande"


class RegistrationFactory(DjangoModelFactory):
    """A confirmed registration, made directly (set-up, not the registration form)."""

    class Meta:
        model = Registration

    conference = factory.SubFactory(ConferenceOnDayFactory)
    name = "Anna Andersson"
    email = factory.LazyAttribute(lambda registration: f"{registration.name.lower().replace(' ', '.')}@example.org")
    status = Registration.Status.CONFIRMED


def make_conference(**fields) -> Conference:
    """A published conference about two months ahead, registration open now, 3 places."""
    return ConferenceFactory(**fields)


def make_conference_on_day(*, starts_on: datetime.date | None = None, capacity: int = 100, **fields) -> Conference:
    """A published conference on ``starts_on`` (today), 100 places."""
    return ConferenceOnDayFactory(starts_on=starts_on or timezone.localdate(), capacity=capacity, **fields)


def make_session(conference: Conference, *, hour: int = 10, **fields) -> Session:
    """A session at ``hour`` o'clock on the conference's first day, an hour long, in Sal B."""
    return SessionFactory(conference=conference, hour=hour, **fields)


def make_training(conference: Conference, *, title="Utbildning i IOP", kind=Session.Kind.TRAINING, hour=10, hours=2, **fields):
    """A two-hour training session (the attendance tests' session): no room or speakers."""
    values = {"room": "", "speakers": ""}
    values.update(fields)
    return SessionFactory(conference=conference, title=title, kind=kind, hour=hour, hours=hours, **values)


def make_registration(conference: Conference, name: str = "Anna Andersson", *, email: str | None = None, **fields):
    """A confirmed registration, made directly with the model."""
    if email is not None:
        fields["email"] = email
    return RegistrationFactory(conference=conference, name=name, **fields)


def register(conference: Conference, email: str, **fields) -> Registration:
    """Register through the service (as the form does), confirmed or on the waiting list."""
    values = {"name": email.split("@")[0].title(), "email": email}
    values.update(fields)
    return registration_create(conference=conference, **values)


def check_in(registration: Registration, *sessions: Session) -> Registration:
    """Mark as attended directly (set-up, not the behaviour under test)."""
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    for session in sessions:
        SessionAttendance.objects.create(registration=registration, session=session)
    return registration
