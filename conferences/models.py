"""The agreement's conference (every other year): programme, invitations, registrations with a
waiting list, check-in, documentation and certificates of attendance.

Capacity is guarded in ``services.py`` (rows locked with ``select_for_update``), never in views.
"""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation, User
from initiatives.models import Initiative
from plumbing.dates import validate_plan_date
from plumbing.jobs import Job
from plumbing.limits import TEXT_MAX_LENGTH


def _token() -> str:
    return secrets.token_urlsafe(32)


class ConferenceQuerySet(models.QuerySet):
    def published(self) -> "ConferenceQuerySet":
        return self.filter(is_published=True)


class Conference(models.Model):
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"), validators=[validate_plan_date])
    ends_on = models.DateField(_("last day"), validators=[validate_plan_date])
    venue_name = models.CharField(_("venue"), max_length=200)
    venue_address = models.CharField(_("address"), max_length=300)
    venue_accessibility = models.TextField(
        _("accessibility of the venue"),
        blank=True,
        help_text=_("Step-free access, hearing loop, toilets, how to get there by public transport …"),
        max_length=TEXT_MAX_LENGTH,
    )
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    registration_opens_at = models.DateTimeField(_("registration opens"), validators=[validate_plan_date])
    registration_closes_at = models.DateTimeField(_("registration closes"), validators=[validate_plan_date])
    capacity = models.PositiveIntegerField(_("number of places"))
    is_published = models.BooleanField(_("published"), default=False)
    # Dietary and accessibility needs are erased this many days after the conference.
    needs_retention_days = models.PositiveSmallIntegerField(_("days needs are kept after the conference"), default=30)
    needs_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Capacity notifications already sent to the convener (50, 80, 100 percent).
    capacity_notified = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="conference_days_forward"
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="conference_registration_window_forward",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conferences:conference_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day cannot be before the first day.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)

    @property
    def registration_is_open(self) -> bool:
        now = timezone.now()
        return self.is_published and self.registration_opens_at <= now < self.registration_closes_at

    @property
    def has_taken_place(self) -> bool:
        return self.ends_on < timezone.localdate()


class Session(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        GRANTS = "grants", _("Information about grants")
        INITIATIVE = "initiative", _("Presentation of an initiative")
        PLENARY = "plenary", _("Plenary")
        DIALOGUE = "dialogue", _("Dialogue")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"), validators=[validate_plan_date])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_plan_date])
    room = models.CharField(_("room"), max_length=100, blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference_sessions",
        verbose_name=_("initiative presented"),
    )
    capacity = models.PositiveIntegerField(
        _("places in this session"), null=True, blank=True, help_text=_("Leave empty if the session has no own limit.")
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_kind_display(self) -> str:
        # The programme says it twice per session: a dict lookup, where Django's own rebuilds a
        # dict of every translated label on each call.
        try:
            return str(Session.Kind(self.kind).label)
        except ValueError:
            return self.kind

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})


class Invitation(models.Model):
    """One address on the invitation list, with its personal link."""

    class Source(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation in the register")
        CHAIR = "chair", _("Chair or vice chair of a nämnd")
        GROUP = "group", _("Collaboration group")
        MANUAL = "manual", _("Added by the convener")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    excluded = models.BooleanField(_("removed from the list"), default=False)
    # When its email went: copied from the ledger of emails sent once (``plumbing.Delivery``,
    # which claims the address while it is being sent) by ``services.invitation_sending_run``,
    # because the list, its counts and the attendance figures filter and count by it.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("conference invitation")
        verbose_name_plural = _("conference invitations")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "email"], name="conference_invitation_unique_email")
        ]

    def __str__(self) -> str:
        return self.email


class InvitationSending(models.Model):
    """One run of sending the invitations in the background, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Sending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sendings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    sessions = models.ManyToManyField(Session, blank=True, related_name="registrations", verbose_name=_("sessions"))
    dietary_needs = models.TextField(_("dietary needs"), blank=True, max_length=TEXT_MAX_LENGTH)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True, max_length=TEXT_MAX_LENGTH)
    on_participant_list = models.BooleanField(_("may appear on the participant list"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    waiting_since = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invitation = models.ForeignKey(Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations")
    registered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One registration per email and conference (cancelled ones do not count, nor walk-ins
            # who gave no address).
            models.UniqueConstraint(
                fields=["conference", "email"],
                condition=~models.Q(status="cancelled") & ~models.Q(email=""),
                name="registration_one_per_email",
            )
        ]
        indexes = [models.Index(fields=["conference", "status"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.conference})"


class SessionAttendance(models.Model):
    """A participant checked in to a session (the basis of certificates)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    checked_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="sessionattendance_unique")
        ]


def document_upload_to(instance: "Document", filename: str) -> str:
    return f"conferences/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    """Documentation published after the conference: presentations (PDF) and notes."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file (PDF)"), upload_to=document_upload_to, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_MAX_LENGTH)
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


def certificate_upload_to(instance: "Certificate", filename: str) -> str:
    return f"certificates/{uuid.uuid4().hex}.pdf"


class Certificate(Job):
    """A certificate of attendance, made in the background (a job of ``plumbing.jobs``: its status,
    attempts, times and error; ``Certificate.Status`` are the jobs' states); re-issued when the name
    changes."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="certificate")
    file = models.FileField(upload_to=certificate_upload_to, blank=True)
    name_on_certificate = models.CharField(max_length=200, blank=True)
