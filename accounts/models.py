"""Users, organisations and who represents which organisation."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    UNIVERSITY = "larosate", _("University or college")
    AUTHORITY = "myndighet", _("Government authority")
    BUSINESS = "naringsliv", _("Business")
    OTHER = "annan", _("Other")


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
    OrganisationKind.UNIVERSITY: Sector.OTHER,
    OrganisationKind.AUTHORITY: Sector.OTHER,
    OrganisationKind.BUSINESS: Sector.OTHER,
    OrganisationKind.OTHER: Sector.OTHER,
}


def kinds_of_sector(sector: str) -> list[str]:
    return [kind for kind, kind_sector in SECTOR_OF_KIND.items() if kind_sector == sector]


class OrganisationQuerySet(models.QuerySet):
    def in_sector(self, sector: str) -> "OrganisationQuerySet":
        return self.filter(kind__in=kinds_of_sector(sector))


class Organisation(models.Model):
    """Any organisation the agreement deals with: an association, a nämnd, a förvaltning, …"""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("belongs to"),
        help_text=_("For a förvaltning: the nämnd it works under."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        """Derived from the kind, never stored, so the two cannot disagree."""
        return SECTOR_OF_KIND.get(self.kind, Sector.OTHER)

    def get_sector_display(self) -> str:
        return Sector(self.sector).label


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
