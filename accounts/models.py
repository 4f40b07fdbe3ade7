"""Users, organisations and who represents which organisation."""

import datetime
import uuid

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
    _user_has_perm,
)
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plumbing.dates import validate_past_date, validate_plan_date
from plumbing.limits import TEXT_MAX_LENGTH

from .second_factor import passed_with_authenticator


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The email address is the login; there is no user name."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("May log in to the administration site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_perm(self, perm, obj=None) -> bool:
        """Django lets an active superuser do anything; here only in a session that passed the
        second factor (accounts/second_factor.py). With the password alone a superuser gets what
        the rules give anyone: no back door around two-step verification."""
        if self.is_active and self.is_superuser and not passed_with_authenticator(self):
            return _user_has_perm(self, perm, obj)
        return super().has_perm(perm, obj)


class Sector(models.TextChoices):
    IDEA_DRIVEN = "ideburen", _("Idea-driven sector")
    PUBLIC = "offentlig", _("Public sector")
    OTHER = "annan", _("Other (university, authority, business)")


class OrganisationKind(models.TextChoices):
    NON_PROFIT_ASSOCIATION = "ideell_forening", _("Non-profit association")
    FOUNDATION = "stiftelse", _("Foundation")
    FAITH_COMMUNITY = "trossamfund", _("Faith community")
    STUDY_ASSOCIATION = "studieforbund", _("Study association")
    COOPERATIVE = "kooperativ", _("Cooperative (economic association)")
    SOCIAL_ENTERPRISE = "socialt_foretag", _("Social enterprise")
    UMBRELLA = "paraplyorganisation", _("Umbrella organisation")
    NETWORK = "natverk", _("Network")
    COMMITTEE = "namnd", _("Municipal committee (nämnd)")
    ADMINISTRATION = "forvaltning", _("Municipal administration (förvaltning)")
    MUNICIPAL_COMPANY = "kommunalt_bolag", _("Municipal company")
    MUNICIPALITY = "kommun", _("Municipality")
    REGION = "region", _("Region")
    UNIVERSITY = "larosate", _("University or college")
    AUTHORITY = "myndighet", _("Government authority")
    BUSINESS = "naringsliv", _("Business")
    OTHER = "annan", pgettext_lazy("organisation kind", "Other")


# The sector each kind belongs to: one rule, used by forms, the import and the roles.
SECTOR_OF_KIND: dict[str, str] = {
    OrganisationKind.NON_PROFIT_ASSOCIATION: Sector.IDEA_DRIVEN,
    OrganisationKind.FOUNDATION: Sector.IDEA_DRIVEN,
    OrganisationKind.FAITH_COMMUNITY: Sector.IDEA_DRIVEN,
    OrganisationKind.STUDY_ASSOCIATION: Sector.IDEA_DRIVEN,
    OrganisationKind.COOPERATIVE: Sector.IDEA_DRIVEN,
    OrganisationKind.SOCIAL_ENTERPRISE: Sector.IDEA_DRIVEN,
    OrganisationKind.UMBRELLA: Sector.IDEA_DRIVEN,
    OrganisationKind.NETWORK: Sector.IDEA_DRIVEN,
    OrganisationKind.COMMITTEE: Sector.PUBLIC,
    OrganisationKind.ADMINISTRATION: Sector.PUBLIC,
    OrganisationKind.MUNICIPAL_COMPANY: Sector.PUBLIC,
    OrganisationKind.MUNICIPALITY: Sector.PUBLIC,
    OrganisationKind.REGION: Sector.PUBLIC,
    OrganisationKind.UNIVERSITY: Sector.OTHER,
    OrganisationKind.AUTHORITY: Sector.OTHER,
    OrganisationKind.BUSINESS: Sector.OTHER,
    OrganisationKind.OTHER: Sector.OTHER,
}


def kinds_of_sector(sector: str) -> list[str]:
    return [kind for kind, kind_sector in SECTOR_OF_KIND.items() if kind_sector == sector]


IDEA_DRIVEN_KINDS = [
    (value, label) for value, label in OrganisationKind.choices if SECTOR_OF_KIND[value] == Sector.IDEA_DRIVEN
]

# The kinds a public actor joins the agreement as (a public party), where the agreement lets public
# actors join (``Agreement.public_actors_may_join``): a municipality, a region, a state authority or
# a university. Förvaltningar, nämnder and municipal companies belong to a party; they never join.
PUBLIC_PARTY_KINDS = (
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.REGION,
    OrganisationKind.AUTHORITY,
    OrganisationKind.UNIVERSITY,
)
# The public parties a förvaltning, a nämnd or a municipal company belongs to (``public_party``),
# and the kinds that may belong to one.
OWNING_PARTY_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.REGION)
PUBLIC_BODY_KINDS = (
    OrganisationKind.COMMITTEE,
    OrganisationKind.ADMINISTRATION,
    OrganisationKind.MUNICIPAL_COMPANY,
)
PUBLIC_PARTY_KIND_CHOICES = [
    (value, label) for value, label in OrganisationKind.choices if value in PUBLIC_PARTY_KINDS
]


class OrganisationDetails(models.Model):
    """What an organisation tells about itself: shared by the register (Organisation) and by the
    application to join (Accession), which keeps its own copy of what was sent."""

    name = models.CharField(_("name of the organisation"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        help_text=_("Ten digits, NNNNNN-NNNN."),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("the organisation's email"), blank=True)
    phone = models.CharField(_("the organisation's phone"), max_length=40, blank=True)
    description = models.TextField(
        _("short description"),
        blank=True,
        max_length=2000,
        help_text=_("What the organisation does, for whom, in a few sentences."),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact person's email"), blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)

    class Meta:
        abstract = True

    @property
    def sector(self) -> str:
        """Derived from the kind, never stored, so the two cannot disagree."""
        return SECTOR_OF_KIND.get(self.kind, Sector.OTHER)

    def get_sector_display(self) -> str:
        return Sector(self.sector).label

    @property
    def is_public_party(self) -> bool:
        """A municipality, region, state authority or university: joins as a public party."""
        return self.kind in PUBLIC_PARTY_KINDS


def connected_condition(on: "datetime.date | None" = None) -> models.Q:
    """The rule of being connected on a date (default today): approved and not withdrawn."""
    on = on or timezone.localdate()
    return models.Q(connected_since__lte=on) & (
        models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on)
    )


class OrganisationQuerySet(models.QuerySet):
    def in_sector(self, sector: str) -> "OrganisationQuerySet":
        return self.filter(kind__in=kinds_of_sector(sector))

    def connected(self, on: "datetime.date | None" = None) -> "OrganisationQuerySet":
        """Connected to the agreement (on a date, default today): approved and not withdrawn."""
        return self.filter(connected_condition(on))

    def umbrellas(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.UMBRELLA)

    def public_parties(self) -> "OrganisationQuerySet":
        return self.filter(kind__in=PUBLIC_PARTY_KINDS)

    def not_public_parties(self) -> "OrganisationQuerySet":
        return self.exclude(kind__in=PUBLIC_PARTY_KINDS)


class Organisation(OrganisationDetails):
    """Any organisation the agreement deals with: an association, a nämnd, a förvaltning, …

    Connection to the agreement is kept as two dates, set only by the accession and withdrawal
    services; the history is in ``Accession``, ``Withdrawal`` and ``OrganisationEvent``.
    """

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("belongs to"),
        help_text=_("For a förvaltning: the nämnd it works under."),
    )
    # Where an agreement has several public parties (a region and its municipalities), the party a
    # förvaltning, nämnd or municipal company belongs to. Empty where there is one public party:
    # the registers, the dashboard, the follow-up and the report group by it only when set.
    public_party = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_bodies",
        limit_choices_to={"kind__in": OWNING_PARTY_KINDS},
        verbose_name=_("public party"),
        help_text=_("For a förvaltning, nämnd or municipal company: the municipality or region it belongs to."),
    )
    priority_areas = models.ManyToManyField(
        "overenskommelse.PriorityArea",
        blank=True,
        related_name="organisations",
        verbose_name=_("priority areas it works in"),
    )
    umbrella_organisations = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="member_organisations",
        verbose_name=_("umbrella organisations it belongs to"),
        help_text=_("Only memberships the umbrella organisation has confirmed."),
    )
    # What the public profile shows besides name, kind, description and website.
    publish_address = models.BooleanField(_("show the address publicly"), default=False)
    publish_email = models.BooleanField(_("show the organisation's email publicly"), default=True)
    publish_phone = models.BooleanField(_("show the organisation's phone publicly"), default=False)
    # The contact person's own consent to be shown publicly (GDPR): given only by that person.
    contact_publish_consent_at = models.DateTimeField(
        _("contact person agreed to be shown publicly"), null=True, blank=True
    )
    # For a nämnd: its chair and vice chair, who are invited to the conference.
    chair_name = models.CharField(_("chair"), max_length=150, blank=True)
    chair_email = models.EmailField(_("chair's email"), blank=True)
    vice_chair_name = models.CharField(_("vice chair"), max_length=150, blank=True)
    vice_chair_email = models.EmailField(_("vice chair's email"), blank=True)

    connected_since = models.DateField(
        _("connected since"), null=True, blank=True, validators=[validate_past_date]
    )
    withdrawn_on = models.DateField(_("withdrew on"), null=True, blank=True, validators=[validate_plan_date])
    details_confirmed_at = models.DateTimeField(
        _("details last confirmed"), null=True, blank=True
    )
    confirmation_requested_at = models.DateTimeField(
        _("last asked to confirm its details"), null=True, blank=True
    )
    in_local_register = models.BooleanField(
        _("from the local association register"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~models.Q(org_number=""),
                name="organisation_unique_org_number",
            )
        ]
        indexes = [
            models.Index(fields=["connected_since", "withdrawn_on"]),
            # The public list's order: its first pages are read from the index, not sorted.
            models.Index(fields=["name", "id"], name="organisation_name_id_idx"),
            # The förvaltningar (dozens among thousands): the dashboard, the register's filters. With
            # the dates, the public list's count of a kind is read from the index alone (an
            # index-only scan, 0.4 ms instead of a 1.7 ms scan of the table at 5,000 organisations).
            models.Index(
                fields=["kind", "connected_since", "withdrawn_on"], name="organisation_kind_dates_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation_profile", kwargs={"pk": self.pk})

    # Defined here, not on the abstract base: Django puts its own on every concrete model that does
    # not define one. Its own builds a dict of every (lazy, translated) label on each call, about
    # 45 µs a row of a list page; the enum's lookup by value is a dict access.
    def get_kind_display(self) -> str:
        try:
            return str(OrganisationKind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def is_connected(self) -> bool:
        today = timezone.localdate()
        return bool(
            self.connected_since
            and self.connected_since <= today
            and (self.withdrawn_on is None or self.withdrawn_on > today)
        )

    @property
    def contact_is_public(self) -> bool:
        return self.contact_publish_consent_at is not None and bool(self.contact_name)


class OrganisationEvent(models.Model):
    """One line of an organisation's history: applied, approved, withdrew, details changed, …"""

    class Kind(models.TextChoices):
        APPLIED = "applied", _("Applied to join")
        APPROVED = "approved", _("Application approved")
        REJECTED = "rejected", _("Application rejected")
        WITHDRAWN = "withdrawn", _("Withdrew from the agreement")
        DETAILS_CHANGED = "details_changed", _("Details changed")
        DETAILS_CONFIRMED = "details_confirmed", _("Details confirmed")
        REPRESENTATIVE_ADDED = "representative_added", _("Representative added")
        REPRESENTATIVE_INVITED = "representative_invited", _("Representative invited")
        IMPORTED = "imported", _("Imported from the local register")
        CONSENT_GIVEN = "consent_given", _("Contact person agreed to be shown publicly")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Contact person withdrew consent")
        UMBRELLA_ASKED = "umbrella_asked", _("Asked to be listed as a member of an umbrella organisation")
        UMBRELLA_ACCEPTED = "umbrella_accepted", _("Membership of an umbrella organisation confirmed")
        UMBRELLA_DECLINED = "umbrella_declined", _("Membership of an umbrella organisation declined")
        UMBRELLA_LEFT = "umbrella_left", _("No longer listed as a member of an umbrella organisation")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="events", verbose_name=_("organisation")
    )
    kind = models.CharField(_("what"), max_length=40, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("organisation event")
        verbose_name_plural = _("organisation events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()}"

    @property
    def kind_label(self) -> str:
        """``get_kind_display()`` without translating every kind's label to find one (it hashes
        them all: 30 µs an event, a page of the history shows 25); the stored value for no kind."""
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return self.kind


class Representation(models.Model):
    """A user who acts for an organisation: its representative, or an officer of a förvaltning."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="representations", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="representation_unique_user_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class UmbrellaRequest(models.Model):
    """An organisation saying it belongs to an umbrella organisation, and the umbrella's answer.

    Saying so is only a request: the membership (``Organisation.umbrella_organisations``, what the
    public pages and open data show) exists once a representative of the umbrella accepted it (or
    the convener on its behalf while it has no representative). Answered requests are kept, so the
    member sees the answer.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    member = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="umbrella_requests",
        verbose_name=_("member organisation"),
    )
    umbrella = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="member_requests",
        verbose_name=_("umbrella organisation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    asked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("asked by")
    )
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    answered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to join an umbrella organisation")
        verbose_name_plural = _("requests to join an umbrella organisation")
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "umbrella"],
                condition=models.Q(status="pending"),
                name="umbrellarequest_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.umbrella}"

    def get_status_display(self) -> str:
        return str(UmbrellaRequest.Status(self.status).label)


def minutes_upload_to(instance: "Accession", filename: str) -> str:
    # Never trust the uploaded name: a random name under a folder that is not served publicly.
    return f"accessions/{uuid.uuid4().hex}.pdf"


class AccessionQuerySet(models.QuerySet):
    def open(self) -> "AccessionQuerySet":
        """Sent and waiting for the group's decision."""
        return self.filter(status__in=Accession.OPEN_STATUSES)


class Accession(OrganisationDetails):
    """An application to join the agreement (anslutning), and the group's decision on it.

    The application keeps its own copy of the organisation's details as they were sent: a received
    application is a public record and is never changed or destroyed afterwards.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW)

    applicant = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="accessions",
        verbose_name=_("applicant"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accessions",
        verbose_name=_("organisation in the register"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    has_no_org_number = models.BooleanField(
        _("the organisation has no organisation number"),
        default=False,
        help_text=_("Non-profit associations are not obliged to register; tick this if yours has no number."),
    )
    priority_areas = models.ManyToManyField(
        "overenskommelse.PriorityArea",
        blank=True,
        related_name="+",
        verbose_name=_("priority areas the organisation works in"),
    )
    umbrella_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("umbrella organisations it belongs to"),
    )
    signatory_name = models.CharField(_("name of the person who signs"), max_length=150, blank=True)
    signatory_role = models.CharField(
        _("their role in the organisation"),
        max_length=100,
        blank=True,
        help_text=_("For example chair or secretary."),
    )
    board_decision_on = models.DateField(
        _("date of the board's decision to join"), null=True, blank=True, validators=[validate_past_date]
    )
    minutes_extract = models.FileField(
        _("extract of the minutes (PDF)"),
        upload_to=minutes_upload_to,
        blank=True,
        help_text=_("Optional. A PDF file of at most 5 MB."),
    )
    principles_confirmed = models.ManyToManyField(
        "overenskommelse.Principle",
        blank=True,
        related_name="+",
        verbose_name=_("principles the organisation stands behind"),
    )
    democratic_values_confirmed = models.BooleanField(
        _("the organisation stands behind democratic values"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=TEXT_MAX_LENGTH)
    decision_meeting_on = models.DateField(
        _("meeting where it was decided"), null=True, blank=True, validators=[validate_past_date]
    )

    objects = AccessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            # One open application per organisation number; the service says so in Swedish first.
            models.UniqueConstraint(
                fields=["org_number"],
                condition=models.Q(status__in=["submitted", "under_review"])
                & ~models.Q(org_number=""),
                name="accession_one_open_per_org_number",
            )
        ]
        indexes = [
            # The open applications (the queue, the dashboard) and the applications of a year
            # (the dashboard): 40 and 400 of 4,000 rows at a region's scale.
            models.Index(fields=["status"], name="accession_status_idx"),
            models.Index(fields=["submitted_at"], name="accession_submitted_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name or _('(no name)')} – {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:accession_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.REJECTED)


class Withdrawal(models.Model):
    """A written notice that an organisation leaves the agreement (utträde)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="withdrawals", verbose_name=_("organisation")
    )
    filed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("filed by")
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    effective_on = models.DateField(_("leaves the agreement on"), validators=[validate_plan_date])
    reason = models.TextField(_("reason"), max_length=TEXT_MAX_LENGTH)
    signatory_name = models.CharField(_("name of the person who signs"), max_length=150)
    signatory_role = models.CharField(_("their role in the organisation"), max_length=100)

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.effective_on})"


class Invitation(models.Model):
    """An invitation by email to become a representative of an organisation."""

    VALID_DAYS = 30

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.created_at + datetime.timedelta(days=self.VALID_DAYS)


class RegisterImport(models.Model):
    """An upload of the local association register: previewed first, then imported."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        IMPORTED = "imported", _("Imported")

    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW)
    rows = models.JSONField(_("rows"), default=list)
    result = models.JSONField(_("result"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"
