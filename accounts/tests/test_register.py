"""The convener's register: who sees it, the list, adding and editing organisations, demo data."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.demo import org_number
from accounts.models import (
    Accession,
    Organisation,
    OrganisationEvent,
    OrganisationKind,
    Representation,
    User,
    Withdrawal,
)
from overenskommelse.tests.cast import CAST

pytestmark = pytest.mark.django_db

ROLES = [role for role in CAST if role != "anonymous"]


def _association(name: str, **fields) -> Organisation:
    return Organisation.objects.create(
        name=name,
        kind=fields.pop("kind", OrganisationKind.NON_PROFIT_ASSOCIATION),
        **fields,
    )


def _committee(name: str = "Kultur- och fritidsnämnden") -> Organisation:
    return Organisation.objects.create(name=name, kind=OrganisationKind.COMMITTEE)


def _connected(name: str, **fields) -> Organisation:
    fields.setdefault("connected_since", datetime.date(2024, 4, 18))
    fields.setdefault("details_confirmed_at", timezone.now())
    return _association(name, **fields)


def _in_english(client) -> None:
    """The tests read English msgids and month names; the site is Swedish by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _urls(organisation_a) -> list[str]:
    from accounts.models import RegisterImport

    register_import = RegisterImport.objects.create(file_name="register.csv", rows=[])
    return [
        reverse("accounts:register"),
        reverse("accounts:register_create"),
        reverse("accounts:register_edit", kwargs={"pk": organisation_a.pk}),
        reverse("accounts:register_import"),
        reverse("accounts:register_import_preview", kwargs={"pk": register_import.pk}),
    ]


# Who may use the register ------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in_from_every_register_page(
    client, organisation_a
):
    for url in _urls(organisation_a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_convener_opens_the_register_pages(
    client, request, role, organisation_a
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    expected = 200 if role == "convener" else 403
    for url in _urls(organisation_a):
        assert client.get(url).status_code == expected, url


def test_representative_cannot_edit_their_own_organisation_through_the_register(
    client, representative_a, organisation_a
):
    client.force_login(representative_a)
    url = reverse("accounts:register_edit", kwargs={"pk": organisation_a.pk})
    response = client.post(
        url, {"name": "Kapad", "kind": OrganisationKind.NON_PROFIT_ASSOCIATION}
    )
    assert response.status_code == 403
    organisation_a.refresh_from_db()
    assert organisation_a.name == "Föreningen A"


def test_unknown_organisation_is_not_found_for_the_convener(client, convener):
    client.force_login(convener)
    assert (
        client.get(reverse("accounts:register_edit", kwargs={"pk": 99999})).status_code
        == 404
    )


def test_register_link_in_the_menu_is_shown_to_the_convener_only(
    client, convener, group_member
):
    client.force_login(group_member)
    assert (
        reverse("accounts:register") not in client.get(reverse("home")).content.decode()
    )
    client.force_login(convener)
    assert reverse("accounts:register") in client.get(reverse("home")).content.decode()


# The list ----------------------------------------------------------------------------------------


def test_register_lists_every_kind_of_organisation_connected_or_not(
    client, convener, organisation_a, administration_x
):
    _connected("Lunds Schackklubb")
    client.force_login(convener)
    content = client.get(reverse("accounts:register")).content.decode()
    for name in (
        "Föreningen A",
        "Kultur- och fritidsförvaltningen",
        "Lunds Schackklubb",
    ):
        assert name in content


def test_register_searches_by_name_and_by_number(client, convener):
    _association("Lunds Schackklubb", org_number=org_number("802470037"))
    _association("Dalby Kulturförening")
    client.force_login(convener)
    by_name = client.get(reverse("accounts:register"), {"q": "schack"})
    assert [o.name for o in by_name.context["organisations"]] == ["Lunds Schackklubb"]
    by_number = client.get(
        reverse("accounts:register"), {"q": org_number("802470037")[:6]}
    )
    assert [o.name for o in by_number.context["organisations"]] == ["Lunds Schackklubb"]


def test_register_filters_by_sector_and_kind(
    client, convener, organisation_a, administration_x
):
    client.force_login(convener)
    public = client.get(reverse("accounts:register"), {"sector": "offentlig"})
    assert [o.name for o in public.context["organisations"]] == [
        "Kultur- och fritidsförvaltningen"
    ]
    kind = client.get(
        reverse("accounts:register"), {"kind": OrganisationKind.NON_PROFIT_ASSOCIATION}
    )
    assert [o.name for o in kind.context["organisations"]] == ["Föreningen A"]


@pytest.mark.parametrize(
    "status, expected",
    [
        ("connected", ["Ansluten", "Gammal"]),
        ("not_connected", ["Aldrig", "Utträdd"]),
        ("withdrawn", ["Utträdd"]),
        ("unconfirmed", ["Gammal"]),
    ],
)
def test_register_filters_by_status(client, convener, status, expected):
    _connected("Ansluten")
    _connected(
        "Gammal", details_confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    _association("Aldrig")
    _association(
        "Utträdd",
        connected_since=datetime.date(2021, 5, 10),
        withdrawn_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    client.force_login(convener)
    response = client.get(reverse("accounts:register"), {"status": status})
    assert [o.name for o in response.context["organisations"]] == expected


def test_register_flags_organisations_that_have_not_confirmed_for_a_year(
    client, convener
):
    _connected("Ny")
    _connected(
        "Gammal", details_confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    _connected("Aldrig bekräftad", details_confirmed_at=None)
    client.force_login(convener)
    _in_english(client)
    response = client.get(reverse("accounts:register"))
    flags = {o.name: o.needs_confirmation for o in response.context["organisations"]}
    assert flags == {"Aldrig bekräftad": True, "Gammal": True, "Ny": False}
    assert response.context["unconfirmed_count"] == 2
    assert (
        "2 connected organisations have not confirmed their details"
        in response.content.decode()
    )


def test_register_shows_parent_status_and_representatives(
    client, convener, officer_x, administration_x
):
    committee = _committee()
    administration_x.parent = committee
    administration_x.save()
    _connected("Lunds Schackklubb", connected_since=datetime.date(2024, 4, 18))
    Accession.objects.create(
        name="Dalby Kulturförening",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        status=Accession.Status.SUBMITTED,
        organisation=_association("Dalby Kulturförening"),
    )
    client.force_login(convener)
    _in_english(client)
    response = client.get(reverse("accounts:register"))
    rows = {o.name: o for o in response.context["organisations"]}
    assert rows["Kultur- och fritidsförvaltningen"].parent == committee
    assert rows["Kultur- och fritidsförvaltningen"].representative_count == 1
    assert rows["Dalby Kulturförening"].open_accessions == 1
    content = response.content.decode()
    assert "Connected since 18 April 2024" in content
    assert "Application waiting for a decision" in content
    assert (
        reverse(
            "accounts:organisation_profile", kwargs={"pk": rows["Lunds Schackklubb"].pk}
        )
        in content
    )


def test_register_paginates_by_25(client, convener):
    for number in range(30):
        _association(f"Förening {number:02d}")
    client.force_login(convener)
    response = client.get(reverse("accounts:register"))
    assert len(response.context["organisations"]) == 25
    assert response.context["paginator"].num_pages == 2


def test_register_list_takes_the_same_number_of_queries_for_many_organisations(
    client, convener, django_assert_max_num_queries
):
    committee = _committee()
    for number in range(40):
        organisation = _connected(
            f"Förening {number:02d}",
            parent=committee if number % 2 else None,
            kind=OrganisationKind.ADMINISTRATION
            if number % 2
            else OrganisationKind.NON_PROFIT_ASSOCIATION,
        )
        user = User.objects.create_user(email=f"rep{number}@example.org", password="x")
        Representation.objects.create(user=user, organisation=organisation)
        Accession.objects.create(
            name=f"Förening {number:02d}",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            status=Accession.Status.SUBMITTED,
            organisation=organisation,
        )
    client.force_login(convener)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:register"))
    assert response.status_code == 200
    assert len(response.context["organisations"]) == 25


# Adding and editing ------------------------------------------------------------------------------


def _form_data(**overrides) -> dict:
    data = {
        "name": "Dalby Kulturförening",
        "kind": OrganisationKind.NON_PROFIT_ASSOCIATION,
        "org_number": "",
        "parent": "",
        "street_address": "",
        "postal_code": "",
        "city": "Dalby",
        "website": "",
        "email": "",
        "phone": "",
        "description": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "chair_name": "",
        "chair_email": "",
        "vice_chair_name": "",
        "vice_chair_email": "",
    }
    data.update(overrides)
    return data


def test_convener_adds_an_association_with_a_history_line(client, convener):
    client.force_login(convener)
    response = client.post(
        reverse("accounts:register_create"),
        _form_data(org_number="16" + org_number("802470185").replace("-", "")),
    )
    organisation = Organisation.objects.get(name="Dalby Kulturförening")
    assert response.status_code == 302
    assert organisation.org_number == org_number("802470185")
    assert organisation.connected_since is None
    event = organisation.events.get()
    assert event.kind == OrganisationEvent.Kind.DETAILS_CHANGED
    assert event.by == convener


def test_convener_adds_a_committee_with_chair_and_vice_chair(client, convener):
    client.force_login(convener)
    client.post(
        reverse("accounts:register_create"),
        _form_data(
            name="Socialnämnden",
            kind=OrganisationKind.COMMITTEE,
            chair_name="Anders Nyqvist",
            chair_email="ordforande@example.org",
            vice_chair_name="Leila Karimi",
            vice_chair_email="vice@example.org",
        ),
    )
    committee = Organisation.objects.get(name="Socialnämnden")
    assert (committee.chair_name, committee.vice_chair_email) == (
        "Anders Nyqvist",
        "vice@example.org",
    )


def test_administration_without_committee_is_refused(client, convener):
    client.force_login(convener)
    response = client.post(
        reverse("accounts:register_create"),
        _form_data(name="Socialförvaltningen", kind=OrganisationKind.ADMINISTRATION),
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Socialförvaltningen").exists()


def test_administration_is_added_under_its_committee(client, convener):
    committee = _committee("Socialnämnden")
    client.force_login(convener)
    client.post(
        reverse("accounts:register_create"),
        _form_data(
            name="Socialförvaltningen",
            kind=OrganisationKind.ADMINISTRATION,
            parent=committee.pk,
        ),
    )
    assert Organisation.objects.get(name="Socialförvaltningen").parent == committee


def test_only_committees_are_offered_as_parent(client, convener, organisation_a):
    committee = _committee()
    client.force_login(convener)
    form = client.get(reverse("accounts:register_create")).context["form"]
    assert list(form.fields["parent"].queryset) == [committee]
    response = client.post(
        reverse("accounts:register_create"),
        _form_data(
            name="Socialförvaltningen",
            kind=OrganisationKind.ADMINISTRATION,
            parent=organisation_a.pk,
        ),
    )
    assert "parent" in response.context["form"].errors


def test_association_cannot_belong_to_a_committee(client, convener):
    committee = _committee()
    client.force_login(convener)
    response = client.post(
        reverse("accounts:register_create"), _form_data(parent=committee.pk)
    )
    assert "parent" in response.context["form"].errors


def test_taken_number_is_refused_with_a_link_to_the_organisation_that_has_it(
    client, convener
):
    existing = _association("Lunds Schackklubb", org_number=org_number("802470037"))
    client.force_login(convener)
    response = client.post(
        reverse("accounts:register_create"),
        _form_data(org_number=org_number("802470037").replace("-", "")),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "En annan organisation i registret har redan det här numret:" in content
    assert reverse("accounts:register_edit", kwargs={"pk": existing.pk}) in content
    # What was typed is kept.
    assert 'value="Dalby Kulturförening"' in content


def test_invalid_number_says_what_is_wrong(client, convener):
    client.force_login(convener)
    response = client.post(
        reverse("accounts:register_create"), _form_data(org_number="800101-1234")
    )
    assert "Det här ser ut som ett personnummer." in " ".join(
        response.context["form"].errors["org_number"]
    )


def test_number_that_does_not_fit_the_kind_gives_a_warning_not_a_refusal(
    client, convener
):
    client.force_login(convener)
    response = client.post(
        reverse("accounts:register_create"),
        _form_data(
            kind=OrganisationKind.COOPERATIVE, org_number=org_number("802470185")
        ),
        follow=True,
    )
    assert Organisation.objects.filter(name="Dalby Kulturförening").exists()
    assert any(
        message.level_tag == "warning" for message in response.context["messages"]
    )


def test_convener_edits_details_and_the_change_is_in_the_history(
    client, convener, organisation_a
):
    client.force_login(convener)
    response = client.post(
        reverse("accounts:register_edit", kwargs={"pk": organisation_a.pk}),
        _form_data(name="Föreningen A", city="Lund", email="info@a.example.org"),
    )
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.email == "info@a.example.org"
    event = organisation_a.events.get(kind=OrganisationEvent.Kind.DETAILS_CHANGED)
    assert event.by == convener
    assert event.note  # which fields changed


def test_connection_dates_are_not_changed_by_the_register_form(client, convener):
    organisation = _connected("Ansluten", connected_since=datetime.date(2024, 4, 18))
    client.force_login(convener)
    client.post(
        reverse("accounts:register_edit", kwargs={"pk": organisation.pk}),
        _form_data(
            name="Ansluten", connected_since="2020-01-01", withdrawn_on="2020-02-02"
        ),
    )
    organisation.refresh_from_db()
    assert organisation.connected_since == datetime.date(2024, 4, 18)
    assert organisation.withdrawn_on is None


def test_committee_with_administrations_keeps_its_kind(
    client, convener, administration_x
):
    committee = _committee()
    administration_x.parent = committee
    administration_x.save()
    client.force_login(convener)
    response = client.post(
        reverse("accounts:register_edit", kwargs={"pk": committee.pk}),
        _form_data(name=committee.name, kind=OrganisationKind.NON_PROFIT_ASSOCIATION),
    )
    assert "kind" in response.context["form"].errors


# Demo data ---------------------------------------------------------------------------------------


def test_demo_data_has_connected_pending_and_unconnected_organisations(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    connected = Organisation.objects.connected()
    assert connected.filter(kind=OrganisationKind.UMBRELLA).count() == 2
    assert connected.exclude(kind=OrganisationKind.UMBRELLA).count() == 8
    assert Accession.objects.filter(status=Accession.Status.SUBMITTED).count() == 2
    assert Accession.objects.filter(status=Accession.Status.REJECTED).count() == 1
    unconnected = Organisation.objects.filter(
        in_local_register=True, connected_since__isnull=True
    )
    assert unconnected.count() >= 10
    assert Withdrawal.objects.count() == 1


def test_demo_data_has_lunds_committees_each_with_its_administration(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    administrations = Organisation.objects.filter(kind=OrganisationKind.ADMINISTRATION)
    assert administrations.count() == 5
    assert not administrations.filter(parent__isnull=True).exists()
    assert set(administrations.values_list("parent__kind", flat=True)) == {
        OrganisationKind.COMMITTEE
    }
    committees = Organisation.objects.filter(kind=OrganisationKind.COMMITTEE)
    assert committees.count() == 5
    assert not committees.filter(chair_email="").exists()
    officer = User.objects.get(email="handlaggare@demo.lund.se")
    officer_org = officer.representations.get().organisation
    assert officer_org.parent.name == "Kultur- och fritidsnämnden"


def test_demo_representatives_club_is_connected_with_its_approved_application(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    club = Organisation.objects.get(name="Lunds Schackklubb")
    assert club.is_connected
    assert club.accessions.get().status == Accession.Status.APPROVED
    assert club.representations.filter(user__email="forening@demo.lund.se").exists()
    from accounts.orgnr import normalise_org_number

    for number in Organisation.objects.exclude(org_number="").values_list(
        "org_number", flat=True
    ):
        assert normalise_org_number(number) == number
