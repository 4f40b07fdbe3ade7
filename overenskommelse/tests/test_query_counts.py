"""Every list and detail page answers with a number of SQL queries that does not grow with the data
(issue "Performance at scale": no page above 15).

Each size loads the ordinary demo plus the large data set (``demo/demo_large.py``) at a
small factor, then visits every page once and checks it against one fixed maximum. The bigger size
has ten times the rows of the smaller one (more than a page of 25 on every list), with the same
maxima: a page that makes one query per row fails on the bigger data even when it passed on the
smaller. One load per size keeps this fast (the whole file takes a few seconds).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from accounts.models import Accession, Organisation, OrganisationKind, User
from conferences.models import Conference
from initiatives.models import Initiative, Partnership
from overenskommelse.process import Step
from plumbing.testing import PortalClient

pytestmark = pytest.mark.django_db

# No page above this, whatever it shows (the target).
CEILING = 15

SMALL, BIG = 0.004, 0.04  # of the large set's counts: 20 and 200 organisations, …


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]
    user: str | None = None  # email of a demo account, or anonymous
    max_queries: int = CEILING


def _org_profile() -> str:
    organisation = (
        Organisation.objects.connected()
        .annotate(n=Count("partnerships_as_party") + Count("initiative_parties"))
        .order_by("-n", "pk")
        .first()
    )
    return reverse("accounts:organisation_profile", args=[organisation.pk])


def _umbrella() -> Organisation:
    """The umbrella organisation with the most members and questions (confirmed or not)."""
    return (
        Organisation.objects.connected()
        .filter(kind=OrganisationKind.UMBRELLA)
        .annotate(n=Count("member_organisations", distinct=True) + Count("member_requests", distinct=True))
        .order_by("-n", "pk")
        .first()
    )


def _initiative() -> str:
    initiative = (
        Initiative.objects.public()
        .filter(step=Step.FOLLOW_UP)
        .annotate(n=Count("transitions"))
        .order_by("-n", "pk")
        .first()
    )
    return reverse("initiatives:initiative_detail", args=[initiative.pk])


def _partnership() -> str:
    partnership = Partnership.objects.annotate(n=Count("contributions")).order_by("-n", "pk").first()
    return reverse("initiatives:partnership_detail", args=[partnership.pk])


def _conference() -> Conference:
    return Conference.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()


def _open_accession() -> str:
    return reverse("accounts:accession_detail", args=[Accession.objects.open().order_by("pk").first().pk])


def _administration_pk() -> int:
    return Organisation.objects.filter(kind=OrganisationKind.ADMINISTRATION).annotate(
        n=Count("partnerships")
    ).order_by("-n", "pk").first().pk


CONVENER = "sammankallande@demo.lund.se"
MEMBER = "ledamot@demo.lund.se"
OFFICER = "handlaggare@demo.lund.se"
REPRESENTATIVE = "forening@demo.lund.se"

PAGES = [
    # The public pages about the agreement.
    Page("start page", lambda: reverse("home"), max_queries=7),
    Page("agreement", lambda: reverse("agreement"), max_queries=4),
    Page("principles", lambda: reverse("principles"), max_queries=5),
    Page("action plan", lambda: reverse("action_plan"), max_queries=7),
    Page("process", lambda: reverse("process"), max_queries=3),
    # Organisations: the public list, filtered and paged, the profile, the open data.
    Page("organisation list", lambda: reverse("accounts:organisation_list"), max_queries=10),
    Page("organisation list, last page", lambda: reverse("accounts:organisation_list") + "?page=last", max_queries=10),
    Page(
        "organisation list, filtered",
        lambda: reverse("accounts:organisation_list") + f"?kind={OrganisationKind.NON_PROFIT_ASSOCIATION}&q=a",
        max_queries=10,
    ),
    Page("organisation profile", _org_profile, max_queries=6),
    Page(
        "umbrella organisation's profile, with its members",
        lambda: reverse("accounts:organisation_profile", args=[_umbrella().pk]),
        max_queries=6,
    ),
    Page("organisations as CSV", lambda: reverse("accounts:organisation_list_csv"), max_queries=8),
    Page("organisations as JSON", lambda: reverse("accounts:organisation_list_json"), max_queries=9),
    # Initiatives.
    Page("initiative catalogue", lambda: reverse("initiatives:initiative_list"), max_queries=12),
    Page(
        "initiative catalogue, filtered, last page",
        lambda: reverse("initiatives:initiative_list") + f"?step={Step.INITIATIVE}&page=last",
        max_queries=12,
    ),
    Page("initiatives looking for partners", lambda: reverse("initiatives:initiative_matching"), max_queries=7),
    Page("initiative page", _initiative, max_queries=9),
    Page("initiative page, as its party's representative", _initiative, user=REPRESENTATIVE, max_queries=15),
    Page("my initiatives", lambda: reverse("initiatives:initiative_mine"), user=REPRESENTATIVE, max_queries=14),
    Page("my förvaltning's initiatives", lambda: reverse("initiatives:initiative_mine"), user=OFFICER, max_queries=14),
    # Commitments (IOPs, joint projects, other solutions).
    Page("commitment list", lambda: reverse("initiatives:partnership_list"), max_queries=10),
    Page(
        "commitment list, filtered",
        lambda: reverse("initiatives:partnership_list") + f"?form=iop&administration={_administration_pk()}",
        max_queries=10,
    ),
    Page(
        "commitment list, commitments running during a period",
        lambda: reverse("initiatives:partnership_list") + "?from_year=2024&to_year=2025",
        max_queries=10,
    ),
    Page("commitment page", _partnership, max_queries=6),
    Page("commitments as CSV", lambda: reverse("initiatives:partnership_list_csv"), max_queries=9),
    Page("commitments of my förvaltning", lambda: reverse("initiatives:partnership_mine"), user=OFFICER, max_queries=13),
    # Conferences.
    Page("conference list", lambda: reverse("conferences:conference_list"), max_queries=6),
    Page("conference page", lambda: reverse("conferences:conference_detail", args=[_conference().pk]), max_queries=7),
    Page("conference programme", lambda: reverse("conferences:programme", args=[_conference().pk]), max_queries=5),
    Page(
        "registrations (convener)",
        lambda: reverse("conferences:registration_list", args=[_conference().pk]),
        user=CONVENER,
        max_queries=15,
    ),
    Page(
        "attendance figures",
        lambda: reverse("conferences:attendance_figures", args=[_conference().pk]),
        user=CONVENER,
        max_queries=14,
    ),
    # The group's and the convener's pages.
    Page("accession queue", lambda: reverse("accounts:accession_queue"), user=MEMBER, max_queries=13),
    Page("accession queue, decided", lambda: reverse("accounts:accession_queue") + "?visa=beslutade", user=MEMBER, max_queries=13),
    Page("an application", _open_accession, user=MEMBER, max_queries=14),
    Page("register", lambda: reverse("accounts:register"), user=CONVENER, max_queries=13),
    Page("register, filtered", lambda: reverse("accounts:register") + "?sector=ideburen&q=a", user=CONVENER, max_queries=13),
    Page("my account", lambda: reverse("accounts:overview"), user=REPRESENTATIVE, max_queries=13),
]

# The follow-up pages (group, meetings, dashboard, rounds, reports), by URL name; a page whose
# name is not there yet is left out.
FOLLOWUP_PAGES = [
    ("group", "collaboration:group", (), MEMBER),
    ("group history", "collaboration:group_history", (), MEMBER),
    ("meetings", "collaboration:meeting_list", (), MEMBER),
    ("minutes", "collaboration:minutes_list", (), MEMBER),
    ("dashboard", "collaboration:dashboard", (), MEMBER),
    ("follow-up rounds", "followup:round_list", (), CONVENER),
    ("published reports", "documents:published_reports", (), None),
]


def _load(factor: float, settings) -> None:
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", "--scale", "large", "--factor", str(factor), stdout=io.StringIO())
    cache.clear()
    settings.DEBUG = False


def _followup_pages() -> list[Page]:
    from followup.models import DepartmentReport, FollowUpRound

    pages = []
    for label, name, args, user in FOLLOWUP_PAGES:
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue
        pages.append(Page(label, lambda url=url: url, user=user))
    closed = FollowUpRound.objects.filter(closed_at__isnull=False).order_by("-year").first()
    from collaboration.models import Meeting

    meeting = Meeting.objects.annotate(n=Count("agenda_items")).order_by("-n", "pk").first()
    if meeting is not None:
        pages.append(Page("a meeting", lambda: reverse("collaboration:meeting_detail", args=[meeting.pk]), user=MEMBER))
    detail_pages = [
        ("round page", "followup:round_detail", lambda: [closed.year], CONVENER),
        ("survey results", "followup:survey_results", lambda: [closed.year], MEMBER),
        ("yearly reports of a round", "documents:report_list", lambda: [closed.year], CONVENER),
        (
            "a förvaltning's report",
            "followup:department_report",
            lambda: [
                DepartmentReport.objects.filter(followup_round=closed)
                .annotate(n=Count("commitments"))
                .order_by("-n", "pk")
                .first()
                .pk
            ],
            CONVENER,
        ),
    ]
    for label, name, args, user in detail_pages:
        if closed is None:
            break
        try:
            url = reverse(name, args=args())
        except NoReverseMatch:
            continue
        pages.append(Page(label, lambda url=url: url, user=user))
    return pages


def _visit_all(settings) -> tuple[dict[str, int], list[str]]:
    counts, problems = {}, []
    clients: dict[str | None, PortalClient] = {}
    for page in [*PAGES, *_followup_pages()]:
        client = clients.get(page.user)
        if client is None:
            client = clients[page.user] = PortalClient()
            if page.user:
                client.force_login(User.objects.get(email=page.user))
        url = page.url()
        client.get(url)  # once to warm what a real process keeps (sessions, caches of the process)
        cache.clear()  # … but not the data cache: measure what a cold page costs
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counts[page.name] = len(captured)
        if response.status_code != 200:
            problems.append(f"{page.name} ({url}): status {response.status_code}")
        limit = min(page.max_queries, CEILING)
        if len(captured) > limit:
            queries = "\n    ".join(q["sql"][:200] for q in captured.captured_queries)
            problems.append(f"{page.name} ({url}): {len(captured)} queries > {limit}\n    {queries}")
    return counts, problems


@pytest.mark.parametrize("factor", [SMALL, BIG], ids=["small", "ten-times-bigger"])
def test_every_page_stays_within_its_fixed_number_of_queries(factor, settings):
    _load(factor, settings)
    counts, problems = _visit_all(settings)
    assert not problems, "\n".join(problems)
    assert len(counts) >= len(PAGES)
