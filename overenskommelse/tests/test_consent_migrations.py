"""What the rows written before umbrella memberships and parties needed the other side's answer
become: questions waiting for it, except what that side's own people said themselves."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNTS_BEFORE = [("accounts", "0008_umbrella_request")]
ACCOUNTS_AFTER = [("accounts", "0009_umbrella_links_to_requests")]
INITIATIVES_BEFORE = [("initiatives", "0006_party_request")]
INITIATIVES_AFTER = [("initiatives", "0007_parties_to_requests")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_umbrella_links_nobody_confirmed_become_questions(back_to_latest):
    apps = _migrate(ACCOUNTS_BEFORE)
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    Representation = apps.get_model("accounts", "Representation")
    pil = Organisation.objects.create(name="PIL", kind="paraplyorganisation")
    lips = Organisation.objects.create(name="LIPS", kind="paraplyorganisation")
    chess = Organisation.objects.create(name="Schackklubben", kind="ideell_forening")
    both = User.objects.create(email="bada@example.org")
    Representation.objects.create(user=both, organisation=chess)
    Representation.objects.create(user=both, organisation=lips)
    chess.umbrella_organisations.add(pil, lips)

    apps = _migrate(ACCOUNTS_AFTER)
    Organisation = apps.get_model("accounts", "Organisation")
    UmbrellaRequest = apps.get_model("accounts", "UmbrellaRequest")
    chess = Organisation.objects.get(name="Schackklubben")
    # PIL never confirmed: no longer listed, asked instead. LIPS's own representative ticked it.
    assert list(chess.umbrella_organisations.values_list("name", flat=True)) == ["LIPS"]
    assert set(UmbrellaRequest.objects.values_list("umbrella__name", "status")) == {
        ("PIL", "pending"),
        ("LIPS", "accepted"),
    }


def test_parties_named_by_others_become_questions(back_to_latest):
    apps = _migrate(INITIATIVES_BEFORE)
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    Representation = apps.get_model("accounts", "Representation")
    Initiative = apps.get_model("initiatives", "Initiative")
    InitiativeParty = apps.get_model("initiatives", "InitiativeParty")
    Interest = apps.get_model("initiatives", "Interest")
    chess = Organisation.objects.create(name="Schackklubben", kind="ideell_forening")
    kff = Organisation.objects.create(name="KFF", kind="forvaltning")
    swim = Organisation.objects.create(name="Simklubben", kind="ideell_forening")
    choir = Organisation.objects.create(name="Kören", kind="ideell_forening")
    rep = User.objects.create(email="rep@example.org")
    Representation.objects.create(user=rep, organisation=chess)
    initiative = Initiative.objects.create(
        title="Schack", need="n", goal="g", created_by=rep
    )
    for organisation in (chess, kff, swim):
        InitiativeParty.objects.create(
            initiative=initiative, organisation=organisation, added_by=rep
        )
    # The choir asked to join itself (an accepted interest): a party by its own wish.
    Interest.objects.create(
        initiative=initiative, organisation=choir, message="m", status="accepted"
    )
    InitiativeParty.objects.create(
        initiative=initiative, organisation=choir, added_by=rep
    )
    # An initiative whose proposer has left: its first party stays, so someone can still edit it.
    orphan = Initiative.objects.create(title="Föräldralöst", need="n", goal="g")
    InitiativeParty.objects.create(initiative=orphan, organisation=swim)
    InitiativeParty.objects.create(initiative=orphan, organisation=kff)

    apps = _migrate(INITIATIVES_AFTER)
    InitiativeParty = apps.get_model("initiatives", "InitiativeParty")
    PartyRequest = apps.get_model("initiatives", "PartyRequest")
    parties = set(
        InitiativeParty.objects.values_list("initiative__title", "organisation__name")
    )
    assert parties == {
        ("Schack", "Schackklubben"),
        ("Schack", "Kören"),
        ("Föräldralöst", "Simklubben"),
    }
    questions = set(
        PartyRequest.objects.values_list(
            "initiative__title", "organisation__name", "status", "asked_by__email"
        )
    )
    assert questions == {
        ("Schack", "KFF", "pending", "rep@example.org"),
        ("Schack", "Simklubben", "pending", "rep@example.org"),
        ("Föräldralöst", "KFF", "pending", None),
    }
