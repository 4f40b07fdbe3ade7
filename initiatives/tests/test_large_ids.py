"""Ids in links and form values are never written with a thousands separator (Swedish "12 345"),
which would break the link once the register has more than 999 rows."""

import pytest
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind, Representation

pytestmark = pytest.mark.django_db


def test_the_apply_first_link_works_for_an_organisation_with_a_large_id(client, ordinary_user):
    organisation = Organisation.objects.create(
        pk=12345, name="Föreningen Tolvtusen", kind=OrganisationKind.NON_PROFIT_ASSOCIATION
    )
    Representation.objects.create(user=ordinary_user, organisation=organisation)
    client.force_login(ordinary_user)
    html = client.get(reverse("initiatives:initiative_create")).content.decode()
    assert f'{reverse("accounts:accession_start")}?organisation=12345"' in html
    overview = client.get(reverse("accounts:overview")).content.decode()
    assert "organisation=12345" in overview
