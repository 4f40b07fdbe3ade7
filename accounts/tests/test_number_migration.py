"""Numbers stored in other digits before issue 13's input rules are rewritten in 0-9, so that the
register's search and its one-row-per-number rule see them; a number another row already holds is
left for the convener to merge."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0009_umbrella_links_to_requests")]
AFTER = [("accounts", "0010_numbers_in_ascii_digits")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_numbers_in_other_digits_are_rewritten_in_0_to_9(back_to_latest, capsys):
    apps = _migrate(BEFORE)
    Organisation = apps.get_model("accounts", "Organisation")
    Accession = apps.get_model("accounts", "Accession")
    User = apps.get_model("accounts", "User")
    Organisation.objects.create(
        name="Schackklubben",
        kind="ideell_forening",
        org_number="８０２４８０－０００８",  # fullwidth digits and dash
        postal_code="٢٢٢ ٢٠",  # Arabic-Indic
        phone="046\u00a035\u00a050\u00a000",
        contact_phone="０４６-１２ ３４ ５６",
    )
    Organisation.objects.create(
        name="Kören", kind="ideell_forening", org_number="802481-0007"
    )
    # The same number as the choir's in another spelling: left as it is, and named.
    Organisation.objects.create(
        name="Kören (dubblett)",
        kind="ideell_forening",
        org_number="８０２４８１-０００７",
    )
    applicant = User.objects.create(email="sokande@example.org")
    Accession.objects.create(
        name="Simklubben",
        kind="ideell_forening",
        org_number="٨٠٢٤٨٢-٠٠٠٦",
        status="submitted",
        applicant=applicant,
    )

    apps = _migrate(AFTER)
    Organisation = apps.get_model("accounts", "Organisation")
    Accession = apps.get_model("accounts", "Accession")
    chess = Organisation.objects.get(name="Schackklubben")
    assert (chess.org_number, chess.postal_code, chess.phone, chess.contact_phone) == (
        "802480-0008",
        "222 20",
        "046 35 50 00",
        "046-12 34 56",
    )
    assert Organisation.objects.filter(org_number="802481-0007").count() == 1
    duplicate = Organisation.objects.get(name="Kören (dubblett)")
    assert duplicate.org_number == "８０２４８１-０００７"
    assert f"organisation {duplicate.pk}:" in capsys.readouterr().out
    assert Accession.objects.get(name="Simklubben").org_number == "802482-0006"
