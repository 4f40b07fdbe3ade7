"""Issue 8, item 1: every URL of the project, for every role, against the explicit table of
``permission_matrix_table.py`` (200, 302 to login, 403, 404, 405, or a redirect by design).

One test per role builds the small world once and asks every URL of the table in it (each request in
a savepoint rolled back afterwards, so every request meets the same world); all differences are
collected into one message. A refused request must write nothing to the database. A URL of the
resolver without a line in the table fails ``test_every_url_of_the_project_is_in_the_table``.

The world: two associations, A (connected; rep A is its contact person) and B (not connected: its
profile is a private preview), each with a draft and a sent application, a public and a non-public
initiative and a conference registration; two förvaltningar X and Y with their commitments and
department reports in the open follow-up round (Y's submitted); the group (a seat held by the group
member, the chair), meetings (coming, held with unpublished minutes, held with published minutes), a
meeting pack, the yearly report (done and unpublished, and a published version), an audit entry.

Record the answers as they are (to review a change of the table):
``PERMISSION_MATRIX_RECORD=/tmp/dir pytest overenskommelse/tests/test_permission_matrix.py``.
"""

import copy
import datetime
import json
import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import (
    Accession,
    Invitation,
    Organisation,
    OrganisationKind,
    RegisterImport,
    UmbrellaRequest,
)
from collaboration.models import (
    AgendaItem,
    Decision,
    GroupOffice,
    Meeting,
    Seat,
    SeatSector,
    SeatTerm,
)
from conferences.models import (
    Certificate,
    Conference,
    Document,
    InvitationSending,
    Registration,
    Session,
)
from conferences.models import Invitation as ConferenceInvitation
from documents.models import (
    FollowUpReport,
    MeetingPack,
    PdfJobStatus,
)
from followup.models import (
    DepartmentReport,
    Network,
    SurveyResponse,
)
from followup.services.rounds import round_create
from initiatives.models import (
    CollaborationForm,
    Contribution,
    Initiative,
    InitiativeParty,
    Interest,
    Partnership,
    PartyRequest,
    StepTransition,
)
from overenskommelse.models import (
    ActionPlan,
    Activity,
    Agreement,
    OperationalPlan,
    Principle,
    PriorityArea,
)
from overenskommelse.process import Step
from plumbing.models import AuditEntry

from .permission_matrix_table import ROLES, SKIPPED_PREFIXES, TABLE

pytestmark = pytest.mark.django_db

RECORD_TO = os.environ.get("PERMISSION_MATRIX_RECORD", "")
PDF = b"%PDF-1.4\n%matris\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROUND_YEAR = 2025
DRAFT_ROUND_YEAR = 2026
UNKNOWN = 987654  # an id no row has


def _pdf(name: str) -> ContentFile:
    return ContentFile(PDF, name=name)


def _accession(name: str, applicant, *, sent: bool, organisation=None) -> Accession:
    accession = Accession(
        name=name,
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        contact_name=applicant.full_name,
        contact_email=applicant.email,
        signatory_name="Siv Ordförande",
        signatory_role="ordförande",
        board_decision_on=datetime.date(2025, 3, 15),
        democratic_values_confirmed=sent,
        has_no_org_number=True,
        applicant=applicant,
        organisation=organisation,
        status=Accession.Status.SUBMITTED if sent else Accession.Status.DRAFT,
        submitted_at=timezone.now() - datetime.timedelta(days=5) if sent else None,
    )
    accession.minutes_extract.save("protokoll.pdf", _pdf("protokoll.pdf"), save=False)
    accession.save()
    return accession


def _initiative(title: str, organisation, *, public: bool, by) -> Initiative:
    initiative = Initiative.objects.create(
        title=title,
        need="En mötesplats.",
        goal="Träffar varje vecka.",
        step=Step.INITIATIVE,
        is_public=public,
        looking_for_partners=public,
        partners_wanted="En förening med lokaler." if public else "",
        created_by=by,
    )
    initiative.priority_areas.set(PriorityArea.objects.filter(slug="inkludering"))
    InitiativeParty.objects.create(initiative=initiative, organisation=organisation)
    StepTransition.objects.create(initiative=initiative, kind="created", to_step=Step.INITIATIVE, by=by)
    return initiative


def _partnership(administration, title: str, organisation) -> Partnership:
    partnership = Partnership(
        administration=administration,
        title=title,
        form=CollaborationForm.IOP,
        description="Ett samarbete.",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    partnership.signed_agreement.save("avtal.pdf", _pdf("avtal.pdf"), save=False)
    partnership.save()
    partnership.organisations.set([organisation])
    Contribution.objects.create(
        partnership=partnership,
        organisation=administration,
        kind=Contribution.Kind.MONEY,
        amount_sek_per_year=100_000,
    )
    return partnership


def _conference(title: str, *, days: int, published: bool = True) -> Conference:
    now = timezone.now()
    day = timezone.localdate() + datetime.timedelta(days=days)
    return Conference.objects.create(
        title=title,
        starts_on=day,
        ends_on=day,
        venue_name="Stadshallen",
        venue_address="Stortorget 7, 222 23 Lund",
        description="En dag om överenskommelsen.",
        registration_opens_at=now - datetime.timedelta(days=abs(days) + 30),
        registration_closes_at=now + datetime.timedelta(days=days - 1),
        capacity=50,
        is_published=published,
    )


def _registration(conference, user, organisation, needs: str = "Vegetariskt") -> Registration:
    return Registration.objects.create(
        conference=conference,
        name=user.full_name,
        email=user.email,
        organisation=organisation,
        organisation_name=organisation.name,
        dietary_needs=needs,
        status=Registration.Status.CONFIRMED,
        registered_by=user,
    )


def _meeting(days: int, **fields) -> Meeting:
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))
    return Meeting.objects.create(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), place="Stadshuset, sal B", **fields
    )


def _pdf_job(model, **fields):
    job = model(status=PdfJobStatus.DONE, progress=100, made_at=timezone.now(), pages=1, **fields)
    job.file.save("job.pdf", _pdf("job.pdf"), save=False)
    job.save()
    return job


def build_world(cast: dict) -> dict:
    """Every object the table's URLs name. ``cast``: the root conftest's users and organisations."""
    convener = cast["convener"]
    rep_a, rep_b = cast["representative_a"], cast["representative_b"]
    org_a, org_b = cast["organisation_a"], cast["organisation_b"]
    admin_x, admin_y = cast["administration_x"], cast["administration_y"]
    now = timezone.now()
    world: dict = {}

    # The agreement and its action plan (the public pages and the priority area's slug).
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testkommun",
        municipality="Testkommun",
        sector_party="idéburen sektor i Testkommun",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2024, 1, 1),
        valid_from=datetime.date(2024, 1, 1),
        contact_email="overenskommelse@example.org",
    )
    Principle.objects.create(agreement=agreement, name="Dialog", description="Parterna talar med varandra.", position=1)
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    world["priority_area"] = PriorityArea.objects.create(
        action_plan=plan, name="Inkludering", slug="inkludering", position=1
    )
    world["operational_plan_adopted"] = OperationalPlan.objects.create(
        action_plan=plan, year=2025, adopted_on=datetime.date(2025, 2, 1)
    )
    world["operational_plan_draft"] = OperationalPlan.objects.create(action_plan=plan, year=2026)
    world["activity"] = Activity.objects.create(
        plan=world["operational_plan_draft"],
        title="Dialogmöte",
        responsible="Styrgruppen",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
    )

    # A is connected and rep A is its contact person; B is not connected (a private preview).
    org_a.connected_since = datetime.date(2024, 3, 14)
    # Neither has agreed to show its address or phone, nor its contact person to be shown.
    org_a.contact_name, org_a.contact_email = rep_a.full_name, rep_a.email
    org_a.street_address, org_a.phone = "Aföreningsgatan 1", "046-111 11 11"
    org_a.save()
    org_b.contact_name, org_b.contact_email = rep_b.full_name, rep_b.email
    org_b.street_address, org_b.phone = "Bföreningsgatan 2", "046-222 22 22"
    org_b.save()
    world.update(organisation_a=org_a, organisation_b=org_b, administration_x=admin_x, administration_y=admin_y)

    # Applications: a draft and a sent one of each.
    world["accession_a_draft"] = _accession("Föreningen A:s nya gren", rep_a, sent=False)
    world["accession_a_sent"] = _accession("Föreningen A:s syskonförening", rep_a, sent=True)
    world["accession_b_draft"] = _accession("Föreningen B", rep_b, sent=False, organisation=org_b)
    world["accession_b_sent"] = _accession("Föreningen B:s ungdomssektion", rep_b, sent=True)
    world["invitation_a"] = Invitation.objects.create(
        organisation=org_a, email="kollega.a@example.org", token="inbjudan-till-a", invited_by=rep_a
    )
    world["register_import"] = RegisterImport.objects.create(created_by=convener, file_name="register.csv", rows=[])

    # Initiatives of A and of B, public and not; B's interest in A's public one.
    world["initiative_a_public"] = _initiative("A:s öppna initiativ", org_a, public=True, by=rep_a)
    world["initiative_a_private"] = _initiative("A:s interna initiativ", org_a, public=False, by=rep_a)
    world["initiative_b_public"] = _initiative("B:s öppna initiativ", org_b, public=True, by=rep_b)
    world["initiative_b_private"] = _initiative("B:s interna initiativ", org_b, public=False, by=rep_b)
    world["interest_b_in_a"] = Interest.objects.create(
        initiative=world["initiative_a_public"], organisation=org_b, message="Vi vill vara med.", created_by=rep_b
    )

    # A's private initiative naming förvaltning X, which has not answered yet; A saying it belongs
    # to B as to an umbrella organisation, which B has not answered yet.
    asks_x = world["initiative_a_asks_x"] = _initiative("A:s fråga till X", org_a, public=False, by=rep_a)
    world["party_request_x"] = PartyRequest.objects.create(initiative=asks_x, organisation=admin_x, asked_by=rep_a)
    # B is an umbrella organisation (its manage page shows the question with the answer buttons).
    Organisation.objects.filter(pk=org_b.pk).update(kind=OrganisationKind.UMBRELLA)
    org_b.kind = OrganisationKind.UMBRELLA
    world["umbrella_request_a_in_b"] = UmbrellaRequest.objects.create(member=org_a, umbrella=org_b, asked_by=rep_a)

    # The förvaltningar's commitments.
    world["partnership_x"] = _partnership(admin_x, "Mötesplats för unga", org_a)
    world["partnership_y"] = _partnership(admin_y, "Läxhjälp", org_b)

    # Conferences: a published one ahead, a draft, one held last month.
    conference = world["conference"] = _conference("Överenskommelsekonferensen", days=60)
    world["draft_conference"] = _conference("Utkast till konferens", days=90, published=False)
    held = world["held_conference"] = _conference("Konferensen som varit", days=-30)
    day = conference.starts_on
    starts = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0))
    world["session"] = Session.objects.create(
        conference=conference,
        title="Pass om IOP",
        kind=Session.Kind.TRAINING,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    world["registration_a"] = _registration(conference, rep_a, org_a)
    world["registration_b"] = _registration(conference, rep_b, org_b, needs="Glutenfritt för B")
    held_registration = world["held_registration_a"] = _registration(held, rep_a, org_a)
    certificate = Certificate(
        registration=held_registration, status=Certificate.Status.DONE, name_on_certificate=rep_a.full_name, made_at=now
    )
    certificate.file.save("intyg.pdf", _pdf("intyg.pdf"), save=False)
    certificate.save()
    world["conference_invitation"] = ConferenceInvitation.objects.create(
        conference=conference, email="inbjuden@example.org", name="Inbjuden", source=ConferenceInvitation.Source.MANUAL
    )
    world["sending"] = InvitationSending.objects.create(
        conference=conference,
        status=InvitationSending.Status.DONE,
        total=1,
        sent=1,
        started_by=convener,
        finished_at=now,
    )
    document = Document(conference=conference, title="Presentation")
    document.file.save("presentation.pdf", _pdf("presentation.pdf"), save=False)
    document.save()
    world["document"] = document

    # The group: a seat held by the group member, the chair on it.
    seat = world["seat"] = Seat.objects.create(
        position=1, sector=SeatSector.IDEA_DRIVEN, appointed_by_text="Öppen nominering"
    )
    today = timezone.localdate()
    world["term"] = SeatTerm.objects.create(
        seat=seat,
        holder=cast["group_member"],
        starts_on=today - datetime.timedelta(days=365),
        ends_on=today + datetime.timedelta(days=700),
    )
    world["office"] = GroupOffice.objects.create(
        kind=GroupOffice.Kind.CHAIR,
        seat=seat,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=700),
    )

    # Meetings: ahead (an application on the agenda), held without published minutes, published.
    meeting = world["meeting"] = _meeting(14)
    world["agenda_item"] = AgendaItem.objects.create(
        meeting=meeting,
        kind=AgendaItem.Kind.APPLICATION,
        title="Dagordningspunkt om A:s syskonförening",
        accession=world["accession_a_sent"],
        duration_minutes=15,
    )
    held_meeting = world["meeting_unpublished"] = _meeting(-20, minutes="§1 Mötet öppnas. Hemligt utkast.")
    world["decision"] = Decision.objects.create(
        meeting=held_meeting, text="Gruppen beslutade att ses igen.", recorded_by=convener
    )
    world["meeting_published"] = _meeting(
        -120, minutes="§1 Mötet öppnas.", minutes_published_at=now - datetime.timedelta(days=100)
    )
    world["meeting_pack"] = _pdf_job(MeetingPack, meeting=meeting, requested_by=convener)

    # The follow-up: the open round of 2025 (X's and Y's draft reports, A's survey answer) and next
    # year's round, still being prepared.
    followup_round = round_create(year=ROUND_YEAR, deadline=datetime.date(2026, 12, 15), introduction="", by=convener)
    followup_round.opened_at, followup_round.opened_by = now - datetime.timedelta(days=30), convener
    followup_round.save()
    world["round"] = followup_round
    world["draft_round"] = round_create(
        year=DRAFT_ROUND_YEAR, deadline=datetime.date(2027, 12, 15), introduction="", by=convener
    )
    world["report_x"] = DepartmentReport.objects.create(
        followup_round=followup_round, administration=admin_x, comment="X:s kommentar i rapporten"
    )
    world["report_y"] = DepartmentReport.objects.create(
        followup_round=followup_round,
        administration=admin_y,
        status=DepartmentReport.Status.SUBMITTED,
        submitted_at=now,
        submitted_by=cast["officer_y"],
    )
    world["network"] = Network.objects.create(name="Ortsrådet")
    world["survey_response_a"] = SurveyResponse.objects.create(
        followup_round=followup_round, organisation=org_a, submitted_by=rep_a
    )
    world["followup_report"] = _pdf_job(FollowUpReport, followup_round=followup_round, version=1, requested_by=convener)
    world["published_report"] = _pdf_job(
        FollowUpReport,
        followup_round=followup_round,
        version=2,
        requested_by=convener,
        published_at=now,
        published_by=convener,
    )

    world["audit_entry"] = AuditEntry.objects.create(
        actor=convener,
        actor_label=convener.full_name,
        action="accession.decided",
        kind="accession",
        note="Loggens egen anteckning",
    )
    world["unknown"] = UNKNOWN
    return world


def secrets_of(world: dict) -> dict[str, set[str]]:
    """Text of the world that only some roles may ever be shown, on any page, fragment, list or
    export, with those roles. A conference registration has no account behind it: its personal
    link (``link:<token>``) is the key, so what it shows may be seen on the pages of that link
    and nowhere else; the links themselves appear on no page but their own."""
    group = {"group_member", "convener"}
    registration_a, registration_b = world["registration_a"], world["registration_b"]
    return {
        "Hemligt utkast": group,  # the minutes of the held meeting, not published
        "Gruppen beslutade att ses igen": group,  # a decision of that meeting
        "Dagordningspunkt om A:s syskonförening": group,  # an item of the coming meeting's agenda
        "Utkast till konferens": group,  # the draft conference
        "A:s interna initiativ": {"representative_a", *group},
        "A:s fråga till X": {"representative_a", "officer_x", *group},  # X is asked to be a party
        "B:s interna initiativ": {"representative_b", *group},
        "Föreningen A:s nya gren": {"representative_a"},  # A's draft application
        "Föreningen B:s ungdomssektion": {"representative_b", *group},  # B's sent application
        "Glutenfritt för B": {"convener", f"link:{registration_b.token}"},  # B's needs at the conference
        "X:s kommentar i rapporten": {"officer_x", *group},  # X's department report
        "Loggens egen anteckning": {"convener"},  # the audit log
        world["term"].holder.full_name: group,  # who holds the group's seats
        # What A and B did not publish: for their own people and the convener (the register).
        "Aföreningsgatan 1": {"representative_a", "convener"},
        "046-111 11 11": {"representative_a", "convener"},
        "Bföreningsgatan 2": {"representative_b", "convener"},
        "046-222 22 22": {"representative_b", "convener"},
        # The unpublished report and the meeting pack: not even their address outside the group.
        reverse("documents:report_download", kwargs={"pk": world["followup_report"].pk}): group,
        reverse(
            "documents:meeting_pack_download", kwargs={"pk": world["meeting"].pk, "pack_pk": world["meeting_pack"].pk}
        ): group,
        registration_a.token: {f"link:{registration_a.token}"},
        registration_b.token: {f"link:{registration_b.token}"},
        world["held_registration_a"].token: {f"link:{world['held_registration_a'].token}"},
        world["invitation_a"].token: {f"link:{world['invitation_a'].token}"},
        world["conference_invitation"].token: {f"link:{world['conference_invitation'].token}"},
    }


# URL kwargs that are not the object's pk.
_ATTRIBUTE_OF_KWARG = {"token": "token", "year": "year", "slug": "slug"}


def url_kwargs(world: dict, spec: dict) -> dict:
    """The table's ``{"pk": "accession_b_draft"}`` as the URL's ``{"pk": 17}``."""
    values = {}
    for kwarg, name in spec.items():
        obj = world[name]
        if isinstance(obj, int):
            values[kwarg] = obj
        else:
            values[kwarg] = getattr(obj, _ATTRIBUTE_OF_KWARG.get(kwarg, "pk"))
    return values


# --- The URLs of the project ------------------------------------------------------------------------


def project_urls() -> list[tuple[str, str, object]]:
    """Every named URL pattern of the project, from the resolver: (namespaced name, route, pattern),
    recursively through the includes, without the skipped prefixes."""
    found = []

    def walk(resolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                if not route.startswith(tuple(SKIPPED_PREFIXES)):
                    walk(pattern, route, inner)
            elif not route.startswith(tuple(SKIPPED_PREFIXES)):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                found.append((name or f"<unnamed {route}>", route, pattern))

    walk(get_resolver(), "", None)
    return found


def accepts_post(pattern) -> bool:
    view_class = getattr(pattern.callback, "view_class", None)
    return view_class is not None and hasattr(view_class, "post") and "post" in view_class.http_method_names


def test_every_url_of_the_project_is_in_the_table():
    """A new view without a line in the table fails here, before anyone forgets who may use it."""
    in_table = {(name, method) for name, _kwargs, method, _codes in TABLE}
    names_in_table = {name for name, _method in in_table}
    problems = []
    urls = project_urls()
    assert len(urls) > 100, "the resolver walk found too few URLs"
    for name, route, pattern in urls:
        if (name, "GET") not in in_table:
            problems.append(f"URL {name} (/{route}) is missing from the permission table")
        if accepts_post(pattern) and (name, "POST") not in in_table:
            problems.append(f"URL {name} (/{route}) accepts POST but has no POST line in the permission table")
    known = {name for name, _route, _pattern in urls}
    for name in sorted(names_in_table - known):
        problems.append(f"The permission table names {name}, which is no URL of the project (any more)")
    assert not problems, "\n".join(problems)


def test_the_table_is_well_formed():
    codes = {"200", "204", "410", "L", "R", "403", "404", "405"}
    for name, _kwargs, method, cells in TABLE:
        assert method in ("GET", "POST"), name
        assert len(cells.split()) == len(ROLES), f"{name} {method}: {len(cells.split())} cells"
        assert set(cells.split()) <= codes, f"{name} {method}: {cells}"


WITHOUT_SECOND_FACTOR = ("group_member_without_mfa", "convener_without_mfa")


def test_without_the_second_factor_the_group_and_the_convener_get_no_more_than_an_ordinary_account():
    """Issue 13: a group member or convener whose session has not passed the second factor gets,
    on every URL, what an ordinary account gets, or is refused (the 403 page then says why)."""
    ordinary = ROLES.index("ordinary_user")
    problems = []
    for name, kwargs, method, cells in TABLE:
        codes = cells.split()
        for role in WITHOUT_SECOND_FACTOR:
            code = codes[ROLES.index(role)]
            if code != codes[ordinary] and code not in ("403", "404"):
                problems.append(f"{method} {name} {kwargs}: {role} gets {code}, an ordinary account {codes[ordinary]}")
    assert not problems, "\n".join(problems)


# --- Requesting them ----------------------------------------------------------------------------


class WriteRecorder:
    """Records the tables written (INSERT, UPDATE, DELETE) on the connection while it is on."""

    WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?([\w.]+)\"?", re.IGNORECASE)
    IGNORED = frozenset({"django_session"})  # a session saved (messages, the staff session's end) is no change

    def __init__(self):
        self.tables: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        match = self.WRITE.match(sql)
        if match and match.group(2).strip('"') not in self.IGNORED:
            self.tables.append(match.group(2).strip('"'))
        return execute(sql, params, many, context)


REFUSED = {"L", "403", "404", "405"}


def test_the_write_recorder_sees_every_kind_of_write(ordinary_user):
    """The guard of the refused answers would pass silently if it missed the SQL of this database."""
    recorder = WriteRecorder()
    with connection.execute_wrapper(recorder):
        upload = RegisterImport.objects.create(created_by=ordinary_user, file_name="prov.csv")
        RegisterImport.objects.filter(pk=upload.pk).update(file_name="prov2.csv")
        RegisterImport.objects.filter(pk=upload.pk).delete()
    assert recorder.tables == ["accounts_registerimport"] * 3


def observed_code(response, path: str) -> str:
    status = response.status_code
    if status == 302:
        location = response["Location"]
        target = urlsplit(location)
        if target.path == reverse("account_login"):
            return "L" if parse_qs(target.query).get("next") == [path] else f"L(next={target.query})"
        return "R"
    return str(status)


def _ask(client, method: str, path: str):
    """One request inside a savepoint that is rolled back: every request meets the same world."""
    recorder = WriteRecorder()
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        with connection.execute_wrapper(recorder):
            response = client.get(path) if method == "GET" else client.post(path, {})
        transaction.set_rollback(True)
    client.cookies = cookies  # a logout (deleting the account) must not end the next request's session
    cache.clear()  # rate-limit counters of one request must not answer the next
    return response, recorder.tables


def shown_secrets(response, path: str, secrets: dict[str, set[str]], role: str) -> list[str]:
    """The secrets of the world in a text answer (page, fragment, CSV, JSON) that ``role`` may not see."""
    if response.streaming or not response["Content-Type"].startswith(("text/", "application/json")):
        return []
    body = response.content.decode("utf-8", errors="replace")
    return [
        secret
        for secret, allowed in secrets.items()
        if secret in body
        and secret not in path  # an address echoed on its own page (the language form's "next") is no leak
        and role not in allowed
        and not any(entry.startswith("link:") and entry[len("link:") :] in path for entry in allowed)
    ]


@pytest.fixture
def world(request, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # The matrix is about who gets an answer, not about the PDF: name badges without WeasyPrint.
    from conferences.views import attendance

    monkeypatch.setattr(attendance, "render_pdf", lambda *args, **kwargs: PDF)
    cast = {
        name: request.getfixturevalue(name)
        for name in (*ROLES[1:], "organisation_a", "organisation_b", "administration_x", "administration_y")
    }
    return cast, build_world(cast)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role):
    """Every line of the table for one role: the answer, nothing written when refused, and no
    secret of the world on any page this role is shown."""
    cast, objects = world
    column = ROLES.index(role)
    if role != "anonymous":
        client.force_login(cast[role])
    secrets = secrets_of(objects)
    mismatches = []
    recorded = []
    for name, kwargs, method, cells in TABLE:
        expected = cells.split()[column]
        path = reverse(name, kwargs=url_kwargs(objects, kwargs))
        response, written = _ask(client, method, path)
        got = observed_code(response, path)
        recorded.append(got)
        where = f"{method} {path} ({name} {kwargs})"
        if got != expected:
            mismatches.append(f"{where}: expected {expected}, got {got}")
        elif expected in REFUSED and written:
            mismatches.append(f"{where}: refused ({got}) but wrote to {sorted(set(written))}")
        for secret in shown_secrets(response, path, secrets, role):
            mismatches.append(f"{where}: shows {secret!r}, which a {role} must not see")
        if response.streaming:  # read to the end: the test client then closes the file (and no connection)
            b"".join(response.streaming_content)
    if RECORD_TO:
        with open(f"{RECORD_TO}/{role}.json", "w") as handle:
            json.dump(recorded, handle)
    assert not mismatches, f"{role}: {len(mismatches)} answers differ from the table:\n" + "\n".join(mismatches)
