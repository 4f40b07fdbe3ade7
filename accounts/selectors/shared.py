"""Reads of organisations and applications shared by several views, with their joins prefetched."""

import datetime
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from overenskommelse.models import ActionPlan, Agreement, PriorityArea
from overenskommelse.selectors import agreement_current_cached
from plumbing import reference_cache

from ..models import (
    PUBLIC_PARTY_KINDS,
    Accession,
    Organisation,
    OrganisationKind,
    Representation,
    UmbrellaRequest,
    User,
    connected_condition,
)
from ..roles import COLLABORATION_GROUP, CONVENER_GROUP


def organisation_public_list(
    *,
    q: str = "",
    kind: str = "",
    priority_area: str = "",
    umbrella: str = "",
    party: str = "",
) -> QuerySet[Organisation]:
    """Connected organisations for the open-data files, filtered, with every column, their
    priority areas and umbrella organisations."""
    return _public_filtered(
        Organisation.objects.prefetch_related("priority_areas", "umbrella_organisations"),
        q=q,
        kind=kind,
        priority_area=priority_area,
        umbrella=umbrella,
        party=party,
    )


# What a row of the public list shows (and ``get_absolute_url`` needs): accounts.selectors.public_list.
PUBLIC_LIST_FIELDS = ("id", "name", "kind", "city", "connected_since")


# The two parts of the public list: the public parties (municipalities, regions, state authorities,
# universities: ``PUBLIC_PARTY_KINDS``) and every other connected organisation.
PARTY_PUBLIC = "offentlig"
PARTY_OTHERS = "ideburen"


def _public_filtered(
    organisations: QuerySet[Organisation],
    *,
    q: str,
    kind: str,
    priority_area: str,
    umbrella: str,
    party: str = "",
) -> QuerySet[Organisation]:
    return public_filter(organisations, party, **public_filter_values(q, kind, priority_area, umbrella))


def public_filter_values(q: str, kind: str, priority_area: str, umbrella: str) -> dict:
    """The values of the public list's filters that are set, as ``public_filter`` takes them
    (and the compiled list's markers stand for: ``accounts.selectors.public_list``)."""
    values = {"today": timezone.localdate()}
    if q:
        values["q"] = q.strip()
    if kind:
        values["kind"] = kind
    if priority_area:
        values["area"] = priority_area
    if umbrella:
        values["umbrella"] = int(umbrella)
    return values


def public_filter(
    organisations: QuerySet[Organisation], party: str = "", *, today, q=None, kind=None, area=None, umbrella=None
) -> QuerySet[Organisation]:
    """The connected organisations (on ``today``) of ``organisations`` that match the filters that
    are set (``public_filter_values``), by name."""
    organisations = organisations.connected(today)
    if party == PARTY_PUBLIC:
        organisations = organisations.public_parties()
    elif party == PARTY_OTHERS:
        organisations = organisations.not_public_parties()
    if q is not None:
        organisations = organisations.filter(name__icontains=q)
    if kind is not None:
        organisations = organisations.filter(kind=kind)
    # Subqueries rather than joins: no duplicate rows, so no DISTINCT over every column of
    # thousands of organisations (docs/performance.md).
    if area is not None:
        organisations = organisations.filter(
            pk__in=Organisation.objects.filter(priority_areas__slug=area).values("pk")
        )
    if umbrella is not None:
        organisations = organisations.filter(
            pk__in=Organisation.objects.filter(umbrella_organisations__pk=umbrella).values("pk")
        )
    return organisations.order_by("name", "pk")


def public_parties_listed() -> bool:
    """Does the public list have a part for public parties: where the agreement lets public actors
    join. (Read from the reference cache: no query on the hot public list. Where it does not, a
    public party that joined earlier is still listed, among the others.)"""
    agreement = agreement_current_cached()
    return agreement is not None and agreement.public_actors_may_join


def contact_persons_list() -> QuerySet[Organisation]:
    """The connected organisations with their contact persons, for the group and the convener:
    public parties first, then by name."""
    return (
        Organisation.objects.connected()
        .only(
            "id", "name", "kind", "contact_name", "contact_email", "contact_phone",
            "contact_publish_consent_at", "connected_since", "withdrawn_on",
        )
        .annotate(
            listed_as_party=Case(
                When(kind__in=PUBLIC_PARTY_KINDS, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-listed_as_party", "name", "pk")
    )


def umbrella_choices() -> QuerySet[Organisation]:
    """Umbrella organisations someone can say they belong to (connected or in the register)."""
    return Organisation.objects.filter(kind=OrganisationKind.UMBRELLA).order_by("name")


def umbrellas_named_by(organisation: Organisation) -> list[int]:
    """The umbrella organisations ``organisation`` says it belongs to: confirmed or still asked
    (what its form shows ticked). One query, written out: the ORM's union of the two lists of ids
    cost ten times its time to compose, and on every view of an organisation's own page."""
    if organisation.pk is None:
        return []
    links = Organisation.umbrella_organisations.through._meta
    requests = UmbrellaRequest._meta
    column = {
        field.name: field.column
        for field in (
            links.get_field("from_organisation"),
            links.get_field("to_organisation"),
            requests.get_field("member"),
            requests.get_field("umbrella"),
            requests.get_field("status"),
        )
    }
    # It starts with SELECT (no parenthesis): the response cache's watcher takes anything else for
    # a write (plumbing/response_cache.py).
    sql = (
        f'SELECT "{column["to_organisation"]}" FROM "{links.db_table}" WHERE "{column["from_organisation"]}" = %s '
        f'UNION SELECT "{column["umbrella"]}" FROM "{requests.db_table}" '
        f'WHERE "{column["member"]}" = %s AND "{column["status"]}" = %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organisation.pk, organisation.pk, UmbrellaRequest.Status.PENDING.value])
        return sorted(row[0] for row in cursor.fetchall())


def umbrella_requests_to_answer(organisation: Organisation) -> QuerySet[UmbrellaRequest]:
    """Organisations waiting for ``organisation`` (an umbrella) to confirm their membership."""
    return (
        organisation.member_requests.filter(status=UmbrellaRequest.Status.PENDING)
        .select_related("member", "asked_by")
        .order_by("asked_at", "pk")
    )


def answerer_emails(organisation: Organisation) -> list[str]:
    """Who answers a question put to ``organisation`` (an umbrella membership, being a party):
    its people, or the convener while it has nobody in the portal (the rule of
    ``accounts.answer_umbrella_request`` and ``initiatives.answer_party_request``)."""
    if organisation.representations.exists():
        return list(
            organisation.representations.filter(user__is_active=True).values_list("user__email", flat=True)
        )
    return list(
        User.objects.filter(is_active=True, groups__name=CONVENER_GROUP)
        .values_list("email", flat=True)
        .distinct()
    )


def role_group_emails() -> list[str]:
    """Addresses of the collaboration group and the convener (for notifications)."""
    return list(
        User.objects.filter(is_active=True, groups__name__in=[CONVENER_GROUP, COLLABORATION_GROUP])
        .values_list("email", flat=True)
        .distinct()
    )


def umbrella_choice_list() -> list[tuple[str, str]]:
    """(id, name) of ``umbrella_choices()``, from the reference cache: the public list's filter."""
    return reference_cache.cached(
        reference_cache.ORGANISATIONS,
        "umbrellas",
        lambda: [(str(pk), name) for pk, name in umbrella_choices().values_list("pk", "name")],
    )


def current_priority_areas() -> QuerySet[PriorityArea]:
    """The priority areas of the action plan in force (the latest period of the current agreement),
    in their order. Lazy: one query when read (the agreement and its plan as subqueries), none when
    a form only needs it to check what is posted."""
    agreement = Agreement.objects.order_by("-adopted_on", "-pk").values("pk")[:1]
    latest_plan = ActionPlan.objects.filter(agreement__in=agreement).order_by("-starts_on").values("pk")[:1]
    return PriorityArea.objects.filter(action_plan__in=latest_plan).order_by("position", "pk")


def priority_area_id_choices() -> list[tuple[str, str]]:
    """(id, name) of ``current_priority_areas()``, from the reference cache: the options of an
    organisation's form (the public filters use the slugs, ``priority_area_choices``)."""
    return reference_cache.cached(
        reference_cache.AGREEMENT,
        "priority-area-ids",
        lambda: [(str(pk), name) for pk, name in current_priority_areas().values_list("pk", "name")],
    )


def accession_queue() -> QuerySet[Accession]:
    """Applications waiting for the group's decision, oldest first."""
    return (
        Accession.objects.open()
        .select_related("applicant", "organisation")
        .order_by("submitted_at", "pk")
    )


def accessions_of(user: User) -> QuerySet[Accession]:
    return Accession.objects.filter(applicant=user).order_by("-created_at")


def organisations_of(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(representations__user=user).order_by("name")


STALE_AFTER = datetime.timedelta(days=365)


def needs_confirmation_condition() -> Q:
    """Connected, but the details not confirmed for over a year: flagged to the convener."""
    stale = Q(details_confirmed_at__isnull=True) | Q(
        details_confirmed_at__lt=timezone.now() - STALE_AFTER
    )
    return connected_condition() & stale


def organisation_register(
    *, q: str = "", sector: str = "", kind: str = "", status: str = ""
) -> QuerySet[Organisation]:
    """Every organisation in the register, for the convener, with what needs attention
    (``needs_confirmation``, counts of representatives and open applications) annotated."""
    today = timezone.localdate()
    organisations = Organisation.objects.select_related("parent", "public_party").annotate(
        representative_count=Count("representations", distinct=True),
        open_accessions=Count(
            "accessions", filter=Q(accessions__status__in=Accession.OPEN_STATUSES), distinct=True
        ),
        needs_confirmation=Case(
            When(needs_confirmation_condition(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )
    if q:
        organisations = organisations.filter(Q(name__icontains=q) | Q(org_number__icontains=q))
    if sector:
        organisations = organisations.in_sector(sector)
    if kind:
        organisations = organisations.filter(kind=kind)
    if status == "connected":
        organisations = organisations.filter(connected_condition())
    elif status == "not_connected":
        organisations = organisations.exclude(connected_condition())
    elif status == "withdrawn":
        organisations = organisations.filter(withdrawn_on__lte=today)
    elif status == "unconfirmed":
        organisations = organisations.filter(needs_confirmation_condition())
    return organisations.order_by("name", "pk")


def organisation_needs_confirmation(organisation: Organisation) -> bool:
    """Connected but its details not confirmed for over a year: flagged to the convener."""
    if not organisation.is_connected:
        return False
    confirmed = organisation.details_confirmed_at
    return confirmed is None or confirmed < timezone.now() - STALE_AFTER


def representations_of(organisation: Organisation) -> QuerySet[Representation]:
    """The organisation's representatives, oldest first (the prefetched ones when there are)."""
    if "representations" in getattr(organisation, "_prefetched_objects_cache", {}):
        return organisation.representations.all()
    return organisation.representations.select_related("user").order_by("created_at")


def with_representatives(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """``organisations`` with their representations (and users) prefetched, oldest first: one query
    for the list and for every ``accounts.rules.represents`` asked of them after."""
    return organisations.prefetch_related(
        Prefetch("representations", queryset=Representation.objects.select_related("user").order_by("created_at"))
    )


def organisation_history(organisation: Organisation):
    return organisation.events.select_related("by")


def user_data_export(user: User) -> dict:
    """Everything the portal holds about a user, as plain data (for the JSON download)."""

    accessions = Accession.objects.filter(applicant=user).prefetch_related(
        "priority_areas", "principles_confirmed", "umbrella_organisations"
    )
    return {
        "account": {
            "email": user.email,
            "name": user.full_name,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
            "roles": sorted(g.name for g in user.groups.all()),
        },
        "represents": [
            {"organisation": r.organisation.name, "since": r.created_at.isoformat()}
            for r in user.representations.select_related("organisation")
        ],
        "contact_person_for": [
            {
                "organisation": o.name,
                "name": o.contact_name,
                "email": o.contact_email,
                "phone": o.contact_phone,
                "published_with_consent_since": o.contact_publish_consent_at.isoformat()
                if o.contact_publish_consent_at
                else None,
            }
            for o in Organisation.objects.filter(contact_email__iexact=user.email)
        ],
        "applications": [
            {
                "organisation": a.name,
                "status": a.status,
                # What a person reads (in the language of the download), beside the code.
                "status_label": str(a.get_status_display()),
                "created": a.created_at.isoformat(),
                "submitted": a.submitted_at.isoformat() if a.submitted_at else None,
                "contact_name": a.contact_name,
                "contact_email": a.contact_email,
                "contact_phone": a.contact_phone,
                "signatory_name": a.signatory_name,
                "signatory_role": a.signatory_role,
            }
            for a in accessions
        ],
    }


def several_public_parties(names: Iterable[str | None]) -> bool:
    """Whether rows belong to more than one public party (the region and its municipalities), by
    the names of the parties their förvaltningar belong to (``Organisation.public_party``), already
    selected with the rows: no query. Where the agreement has one public party (none is set), the
    pages show no party at all."""
    return len({name for name in names if name}) > 1
