"""The audit log (issue 8, item 6): every decision and change that matters is written by the service
that makes it — who, when, what, before and after — in the same transaction; the convener reads it
at /logg/, filtered by kind and paginated with a constant number of queries; nobody can change it,
neither through the portal nor in the admin."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Accession, Organisation, OrganisationKind, Representation
from conftest import TOTP_SECRET
from initiatives import services as initiative_services
from initiatives.models import CollaborationForm, Initiative
from initiatives.tests.factories import make_initiative
from overenskommelse.process import Step
from overenskommelse.tests.cast import assert_status, login
from plumbing.audit import audit_changes, audit_record, audit_snapshot
from plumbing.models import AuditEntry

pytestmark = pytest.mark.django_db


def _only_entry(**filters) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


@pytest.fixture
def sent(representative_a) -> Accession:
    return Accession.objects.create(
        applicant=representative_a,
        name="Föreningen Skickad",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        status=Accession.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


# --- What the services write ----------------------------------------------------------------------


def test_deciding_an_application_is_logged_with_who_what_and_why(sent, group_member):
    account_services.accession_decide(
        accession=sent, by=group_member, approve=False, reason="Vinstdrivande.", meeting_on=datetime.date(2026, 4, 1)
    )
    entry = _only_entry(action="accession.rejected")
    assert entry.actor == group_member
    assert entry.actor_label == "Gustav Gruppledamot"
    assert entry.kind == "accession"
    assert entry.target_type == ContentType.objects.get_for_model(Accession)
    assert entry.target_id == str(sent.pk)
    assert entry.target_label.startswith("Föreningen Skickad")
    assert entry.note == "Vinstdrivande."
    assert entry.changes["status"] == {"before": "submitted", "after": "rejected"}
    assert entry.changes["decision_meeting_on"]["after"] == "2026-04-01"


def test_taking_an_application_up_for_review_is_logged(sent, group_member):
    account_services.accession_start_review(accession=sent, by=group_member)
    assert _only_entry(action="accession.review_started").actor == group_member


def test_a_decision_that_loses_the_race_writes_nothing(sent, group_member, convener):
    account_services.accession_decide(accession=sent, by=group_member, approve=True, reason="")
    with pytest.raises(account_services.AlreadyDecided):
        account_services.accession_decide(accession=sent, by=convener, approve=False, reason="Nej.")
    assert AuditEntry.objects.filter(kind="accession").count() == 1


def test_a_change_that_is_rolled_back_leaves_no_entry(sent, group_member):
    with pytest.raises(RuntimeError), transaction.atomic():
        account_services.accession_decide(accession=sent, by=group_member, approve=True, reason="")
        raise RuntimeError("something failed after the decision")
    assert not AuditEntry.objects.exists()


def test_changed_details_of_an_organisation_are_logged_before_and_after(convener, organisation_a, administration_x):
    before = {"city": organisation_a.city, "parent": None, "email": organisation_a.email}
    organisation_a.city = "Lund"
    organisation_a.email = "ny@example.org"
    organisation_a.parent = administration_x
    organisation_a.save()
    account_services.organisation_update(
        organisation=organisation_a, by=convener, changed=["city", "email", "parent"], before=before
    )
    entry = _only_entry(action="organisation.changed")
    assert entry.actor == convener
    assert entry.changes == {
        "city": {"before": "", "after": "Lund"},
        "email": {"before": "", "after": "ny@example.org"},
        "parent": {"before": None, "after": "Kultur- och fritidsförvaltningen"},
    }


def test_a_withdrawal_is_logged(representative_a, organisation_a):
    organisation_a.connected_since = datetime.date(2024, 1, 1)
    organisation_a.save()
    account_services.withdrawal_file(
        organisation=organisation_a,
        by=representative_a,
        effective_on=timezone.localdate() + datetime.timedelta(days=30),
        reason="Föreningen upplöses.",
        signatory_name="Rut",
        signatory_role="ordförande",
    )
    entry = _only_entry(action="organisation.withdrawn")
    assert entry.note == "Föreningen upplöses."
    assert entry.changes["withdrawn_on"]["before"] is None


def test_adding_and_removing_representatives_is_logged(convener, representative_a, organisation_a, ordinary_user):
    Representation.objects.create(user=ordinary_user, organisation=organisation_a)
    account_services.representation_end(
        representation=Representation.objects.get(user=representative_a), by=convener
    )
    entry = _only_entry(action="representation.ended")
    assert entry.note == representative_a.email
    assert entry.target_label == organisation_a.name


def test_adding_an_organisation_to_the_register_is_logged(convener):
    organisation = account_services.organisation_create(
        by=convener, details={"name": "Nya föreningen", "kind": OrganisationKind.NON_PROFIT_ASSOCIATION}
    )
    assert _only_entry(action="organisation.created").target_id == str(organisation.pk)


def test_steps_of_an_initiative_are_logged(connected_a, administration_x, representative_a, convener):
    initiative = make_initiative(parties=[connected_a, administration_x], complete=True)
    initiative = initiative_services.initiative_advance(initiative=initiative, by=representative_a)
    entry = _only_entry(action="initiative.advanced")
    assert entry.changes == {"step": {"before": Step.INITIATIVE, "after": Step.IMPLEMENTATION}}
    initiative_services.initiative_move_back(initiative=initiative, by=convener, reason="Saknar avtal.")
    entry = _only_entry(action="initiative.moved_back")
    assert entry.note == "Saknar avtal."
    assert entry.changes["step"]["after"] == Step.INITIATIVE


def test_pausing_and_closing_an_initiative_are_logged(connected_a, convener):
    initiative = make_initiative(parties=[connected_a])
    initiative_services.initiative_set_state(
        initiative=initiative, by=convener, state=Initiative.State.PAUSED, reason="Vilar i sommar."
    )
    initiative_services.initiative_set_state(
        initiative=initiative, by=convener, state=Initiative.State.CLOSED, reason="Avslutas."
    )
    assert list(AuditEntry.objects.filter(kind="initiative").order_by("pk").values_list("action", flat=True)) == [
        "initiative.paused",
        "initiative.closed",
    ]


def _commitment_data(administration, **overrides) -> dict:
    data = {
        "administration": administration,
        "title": "IOP om läxhjälp",
        "form": CollaborationForm.IOP,
        "priority_area": None,
        "description": "Läxhjälp.",
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": None,
        "decision_on": None,
        "decision_reference": "",
        "initiative": None,
    }
    data.update(overrides)
    return data


def test_a_commitment_is_logged_when_recorded_changed_and_ended(officer_x, administration_x, connected_a):
    partnership = initiative_services.partnership_create(
        by=officer_x, data=_commitment_data(administration_x), organisations=[connected_a]
    )
    created = _only_entry(action="partnership.created")
    assert created.changes["title"] == {"before": None, "after": "IOP om läxhjälp"}
    assert created.changes["organisations"]["after"] == [connected_a.name]

    initiative_services.partnership_update(
        partnership=partnership,
        by=officer_x,
        data=_commitment_data(administration_x, title="IOP om läxhjälp och lov"),
        organisations=[connected_a],
    )
    changed = _only_entry(action="partnership.changed")
    assert changed.changes == {"title": {"before": "IOP om läxhjälp", "after": "IOP om läxhjälp och lov"}}

    initiative_services.partnership_end(partnership=partnership, by=officer_x, ends_on=datetime.date(2026, 12, 31))
    assert _only_entry(action="partnership.ended").changes["ends_on"]["after"] == "2026-12-31"


def test_saving_a_commitment_without_changes_writes_nothing_more(officer_x, administration_x, connected_a):
    partnership = initiative_services.partnership_create(
        by=officer_x, data=_commitment_data(administration_x), organisations=[connected_a]
    )
    initiative_services.partnership_update(
        partnership=partnership, by=officer_x, data=_commitment_data(administration_x), organisations=[connected_a]
    )
    assert not AuditEntry.objects.filter(action="partnership.changed").exists()


def test_an_entry_keeps_the_name_after_the_account_is_gone(sent, group_member):
    account_services.accession_decide(accession=sent, by=group_member, approve=True, reason="")
    group_member.delete()
    entry = AuditEntry.objects.get(action="accession.approved")
    assert entry.actor is None
    assert entry.actor_label == "Gustav Gruppledamot"


def test_the_helpers_compare_snapshots(organisation_a):
    before = audit_snapshot(organisation_a, ["name", "city"])
    organisation_a.name = "Föreningen A2"
    assert audit_changes(before, audit_snapshot(organisation_a, ["name", "city"])) == {
        "name": {"before": "Föreningen A", "after": "Föreningen A2"}
    }


# --- The convener's page --------------------------------------------------------------------------


def _entries(count: int, actor, target, action="organisation.changed"):
    for number in range(count):
        audit_record(actor=actor, action=action, target=target, changes={"city": {"before": "", "after": f"Ort {number}"}})


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener_without_mfa", 403),
        ("convener", 200),
    ],
)
def test_only_the_convener_reads_the_log(client, request, who, expected):
    login(client, request, who)  # noqa: F405
    assert_status(client.get(reverse("audit_log")), expected)  # noqa: F405


def test_the_log_shows_who_what_when_and_the_changes_in_swedish(client, convener, sent, group_member):
    account_services.accession_decide(accession=sent, by=group_member, approve=False, reason="Vinstdrivande.")
    client.force_login(convener)
    html = client.get(reverse("audit_log")).content.decode()
    assert "<h1>Logg</h1>" in html
    assert "Ansökan avslagen" in html
    assert "Gustav Gruppledamot" in html
    assert "Föreningen Skickad" in html
    assert "Vinstdrivande." in html
    assert "Inskickad → Avslagen" in html  # the status by its label, not its code


def test_the_log_is_filtered_by_kind(client, convener, organisation_a, connected_a):
    initiative = make_initiative(parties=[connected_a], title="Schackkvällar")
    _entries(1, convener, organisation_a)
    audit_record(actor=convener, action="initiative.paused", target=initiative, note="Vila")
    client.force_login(convener)
    html = client.get(reverse("audit_log"), {"typ": "initiative"}).content.decode()
    assert "Schackkvällar" in html
    assert "Organisationens uppgifter ändrade" not in html
    everything = client.get(reverse("audit_log"), {"typ": "okänd"}).content.decode()
    assert "Schackkvällar" in everything and "Organisationens uppgifter ändrade" in everything


def test_the_log_is_paginated_latest_first(client, convener, organisation_a):
    _entries(55, convener, organisation_a)
    client.force_login(convener)
    first = client.get(reverse("audit_log")).content.decode()
    assert "Ort 54" in first and "Ort 4<" not in first
    second = client.get(reverse("audit_log"), {"page": 2}).content.decode()
    assert "Ort 4<" in second


def test_the_log_costs_the_same_queries_with_few_or_many_entries(
    client, convener, organisation_a, django_assert_num_queries
):
    client.force_login(convener)
    client.get(reverse("audit_log"))  # sessions, content types: warm
    _entries(3, convener, organisation_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("audit_log"))
    _entries(47, convener, organisation_a)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("audit_log"))


def test_the_page_has_no_way_to_change_the_log(client, convener, organisation_a):
    _entries(1, convener, organisation_a)
    client.force_login(convener)
    assert client.post(reverse("audit_log"), {"typ": "accession"}).status_code == 405
    html = client.get(reverse("audit_log")).content.decode()
    assert 'method="post"' not in html.split("<main", 1)[1].split("</main>")[0]
    assert AuditEntry.objects.count() == 1


# --- The admin ------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    """Staff with two-step verification turned on: the admin lets in no one else."""
    from accounts.models import User

    user = User.objects.create_superuser(email="admin@example.org", password="ett-langt-adminlosenord-1")
    TOTP.activate(user, TOTP_SECRET)
    return user


def test_the_admin_shows_the_log_read_only(client, superuser, organisation_a):
    _entries(1, superuser, organisation_a)
    entry = AuditEntry.objects.get()
    client.force_login(superuser)
    assert client.get(reverse("admin:plumbing_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:plumbing_auditentry_add")).status_code == 403
    change_url = reverse("admin:plumbing_auditentry_change", args=[entry.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change_url, {"note": "ändrad"}).status_code == 403
    assert client.post(reverse("admin:plumbing_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.note == ""
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()
