"""The collaboration group (seats, terms, chair and vice chair) and its meetings (agenda,
attendance, decisions, minutes).

Rules that touch several rows (who holds a seat now, the composition warnings, deciding an
application at a meeting) live in ``services/``; reads shared by views, the dashboard and the PDFs
live in ``selectors/``. The tables keep their names from before the split of ``followup`` (issue 15).
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Accession, Organisation, Sector, User
from conferences.models import Conference
from initiatives.models import Initiative
from overenskommelse.selectors import agreement_words
from plumbing.dates import validate_plan_date
from plumbing.limits import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH

# --- The group -----------------------------------------------------------------------------------


class SeatSector(models.TextChoices):
    """A seat belongs to one of the agreement's two sides. The public side's label is the
    agreement's own word (kommunal, offentlig: ``sector_label``); "Municipal" below is only what
    the migrations and the admin's filter keep."""

    PUBLIC = Sector.PUBLIC.value, _("Municipal")
    IDEA_DRIVEN = Sector.IDEA_DRIVEN.value, _("Idea-driven sector")


def sector_label(sector: str) -> str:
    """A seat sector as the pages name it: the public side by the agreement's own word
    ("Kommunal", "Offentlig"), the idea-driven sector by its label."""
    if sector == SeatSector.PUBLIC:
        return agreement_words().Public
    return str(SeatSector(sector).label) if sector in SeatSector.values else ""


def sector_choices() -> list[tuple[str, str]]:
    """The seat sectors for a form's choices, in the agreement's words."""
    return [(value, sector_label(value)) for value in SeatSector.values]


class SeatKind(models.TextChoices):
    """An ordinary seat counts in the sectors' balance and in decisions; an adjunct seat (for
    example a county administrative board, a university) attends and speaks but counts in neither."""

    ORDINARY = "ordinary", _("Ordinary")
    ADJUNCT = "adjunct", _("Adjunct")


class Seat(models.Model):
    """One of the group's seats (for example eight, four municipal and four from the idea-driven sector).

    A seat is appointed by an administration (municipal seats) or by an umbrella organisation or the
    sector's own process (idea-driven seats); who holds it, and when, is kept in ``SeatTerm``.
    The ordinary seats are in balance between the sectors (``services.group.seat_save`` keeps
    them so); adjunct seats stand outside the balance and need no sector."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind of seat"),
        max_length=10,
        choices=SeatKind.choices,
        default=SeatKind.ORDINARY,
        help_text=_(
            "An adjunct seat attends the meetings, speaks and gets the meeting emails, but does not "
            "count in the sectors' balance or in decisions."
        ),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=SeatSector.choices, blank=True)
    appointed_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_seats",
        verbose_name=_("appointed by"),
        help_text=_("The förvaltning or the umbrella organisation that appoints the seat."),
    )
    appointed_by_text = models.CharField(
        _("appointed by (when not an organisation in the register)"),
        max_length=200,
        blank=True,
        help_text=_("For example: the idea-driven sector's open nomination."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        # The table keeps its name from before the split (issue 15): moved without copying.
        db_table = "followup_seat"
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.side_display} {self.position}"

    def clean(self) -> None:
        if self.kind != SeatKind.ADJUNCT and not self.sector:
            raise ValidationError({"sector": _("An ordinary seat belongs to one of the sectors: choose which.")})

    def get_sector_display(self) -> str:
        return sector_label(self.sector)

    @property
    def is_adjunct(self) -> bool:
        return self.kind == SeatKind.ADJUNCT

    @property
    def side_display(self) -> str:
        """The seat's side as the pages name it: its sector, or "Adjunct" for an adjunct seat."""
        if self.is_adjunct:
            return str(SeatKind.ADJUNCT.label)
        return self.get_sector_display()

    @property
    def appointed_by_label(self) -> str:
        return self.appointed_by.name if self.appointed_by_id else self.appointed_by_text


class SeatTermQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "SeatTermQuerySet":
        """Terms held on a date (default today): begun and not yet left."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(models.Q(left_on__isnull=True) | models.Q(left_on__gt=on))


class SeatTerm(models.Model):
    """Who held a seat, from when, for which term: the history of the group is these rows.

    ``ends_on`` is the end of the term the holder was appointed for; ``left_on`` is set when the
    holder actually leaves (replaced, resigned). A holder who stays past the end of the term still
    holds the seat until someone else is appointed (the warning says the term has run out)."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="terms", verbose_name=_("seat"))
    holder = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="seat_terms", verbose_name=_("holder")
    )
    starts_on = models.DateField(_("term starts"), validators=[validate_plan_date])
    ends_on = models.DateField(_("term ends"), validators=[validate_plan_date])
    left_on = models.DateField(_("left the seat on"), null=True, blank=True, validators=[validate_plan_date])
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = SeatTermQuerySet.as_manager()

    class Meta:
        # The table keeps its name from before the split (issue 15): moved without copying.
        db_table = "followup_seatterm"
        verbose_name = _("term on a seat")
        verbose_name_plural = _("terms on seats")
        ordering = ["seat", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="seatterm_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} – {self.seat} ({self.starts_on}–{self.ends_on})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The term cannot end before it starts.")})


class GroupOffice(models.Model):
    """The chair or the vice chair of the group: which seat holds it, from when, until when
    (Blekinge: chosen for two years, one from each sector)."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")

    kind = models.CharField(_("office"), max_length=12, choices=Kind.choices)
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="offices", verbose_name=_("seat"))
    starts_on = models.DateField(_("from"), validators=[validate_plan_date])
    ends_on = models.DateField(_("until"), validators=[validate_plan_date])
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        # The table keeps its name from before the split (issue 15): moved without copying.
        db_table = "followup_groupoffice"
        verbose_name = _("chair or vice chair")
        verbose_name_plural = _("chairs and vice chairs")
        ordering = ["-starts_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="groupoffice_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.seat} ({self.starts_on}–{self.ends_on})"


# --- Meetings ------------------------------------------------------------------------------------


class MeetingQuerySet(models.QuerySet):
    def in_year(self, year: int) -> "MeetingQuerySet":
        return self.filter(starts_at__year=year)

    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=timezone.now(), cancelled_at__isnull=True).order_by("starts_at")

    def without_minutes(self) -> "MeetingQuerySet":
        """Held (started in the past, not cancelled) and still without minutes."""
        return self.filter(starts_at__lt=timezone.now(), cancelled_at__isnull=True, minutes="")


class Meeting(models.Model):
    """A meeting of the group (at least ``Agreement.meetings_per_year`` a year)."""

    starts_at = models.DateTimeField(_("starts"), validators=[validate_plan_date])
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, validators=[validate_plan_date])
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    description = models.TextField(_("note to the members"), blank=True, max_length=TEXT_MAX_LENGTH)
    minutes = models.TextField(_("minutes"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    minutes_reminder_sent_at = models.DateTimeField(
        _("convener reminded about the minutes"), null=True, blank=True
    )
    # What the last invitation said (a digest of time, place and agenda) and which ``sequence``
    # finished sending: sending again is a no-op until something changes, and then bumps ``sequence``.
    invitation_digest = models.CharField(max_length=64, blank=True, editable=False)
    invitation_sent_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # A random, unguessable id for the iCal event (stable across updates).
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        # The table keeps its name from before the split (issue 15): moved without copying.
        db_table = "followup_meeting"
        verbose_name = _("meeting of the group")
        verbose_name_plural = _("meetings of the group")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return _("Meeting %(date)s") % {"date": local.strftime("%Y-%m-%d")}

    def get_absolute_url(self) -> str:
        return reverse("collaboration:meeting_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
        if not self.place and not self.video_link:
            raise ValidationError(_("Give a place, a video link, or both."))

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def minutes_are_published(self) -> bool:
        return self.minutes_published_at is not None

    @property
    def lacks_minutes(self) -> bool:
        return self.is_past and self.cancelled_at is None and not self.minutes.strip()


class AgendaItem(models.Model):
    """One item of a meeting's agenda, with its estimated duration; it may point at what it is
    about (an application to decide, an initiative reported to the group, the follow-up round,
    the conference)."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Application to decide")
        INITIATIVE = "initiative", _("Initiative reported to the group")
        FOLLOWUP = "followup", _("The yearly follow-up")
        CONFERENCE = "conference", _("The conference")
        OTHER = "other", _("Other item")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("item"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
    duration_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MinValueValidator(1), MaxValueValidator(480)]
    )
    accession = models.ForeignKey(
        Accession, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    followup_round = models.ForeignKey(
        "followup.FollowUpRound", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    conference = models.ForeignKey(
        Conference, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )

    class Meta:
        # The table keeps its name from before the split (issue 15): moved without copying.
        db_table = "followup_agendaitem"
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingAttendance(models.Model):
    """Who was at a meeting (recorded by the convener), and for which seat."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="meeting_attendances")
    seat = models.ForeignKey(Seat, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        # The table keeps its name from before the split (issue 15): moved without copying.
        db_table = "followup_meetingattendance"
        verbose_name = _("attendance at a meeting")
        verbose_name_plural = _("attendance at meetings")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meetingattendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"


class Decision(models.Model):
    """A decision taken at a meeting. Deciding an application from the meeting page records the
    decision here too, linked to the application."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    text = models.TextField(_("decision"), max_length=TEXT_MAX_LENGTH)
    accession = models.ForeignKey(
        Accession, on_delete=models.PROTECT, null=True, blank=True, related_name="group_decisions"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        # The table keeps its name from before the split (issue 15): moved without copying.
        db_table = "followup_decision"
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "recorded_at", "pk"]
        constraints = [
            # An application is decided once; so it is linked to one decision at most.
            models.UniqueConstraint(
                fields=["accession"], condition=models.Q(accession__isnull=False), name="decision_one_per_accession"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class StoredYearFigures(models.Model):
    """The dashboard's figures of a closed year, computed once and read instead of made afresh
    (``collaboration.cache``, issue 16): the figures of the year's period (connected organisations,
    initiatives per step and area, commitments per förvaltning) and, once the year itself has been
    shown, those of its round and meetings, as JSON. What changes with the moment (open
    applications, the next meeting, stuck initiatives) is never stored.

    A row is believed only when it was made by code of the same shape (``shape``), is not marked
    ``stale`` (a write to a table behind the figures marks every row, in the writing transaction)
    and was made under the current ``generation`` (the row of year 0 holds it; it is raised after
    every such commit, so a row made while a change was being committed is not believed)."""

    MARKER_YEAR = 0

    year = models.PositiveIntegerField(unique=True)
    period_first = models.PositiveIntegerField()
    period_last = models.PositiveIntegerField()
    shape = models.PositiveIntegerField(default=0)
    generation = models.PositiveBigIntegerField(default=0)
    stale = models.BooleanField(default=False)
    values = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stored figures of a year")
        verbose_name_plural = _("stored figures of years")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.period_first}–{self.period_last} ({self.year})"
