"""Public actors join the agreement too, where the agreement lets them (Blekinge's, not Lund's or
Borås's): a municipality, a region, a state authority or a university applies through the same
form, with its kind's number rule and its own confirmation; the group approves it like any other
application; it is listed publicly under "Offentliga parter". Every organisation that joined names a
contact person, whom the group and the convener see and the public does not."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from accounts import services
from accounts.demo import org_number
from accounts.forms.accession import AccessionForm
from accounts.models import (
    Accession,
    Organisation,
    OrganisationKind,
    Representation,
    User,
)
from overenskommelse.models import Agreement, Principle

pytestmark = pytest.mark.django_db

MUNICIPALITY_NUMBER = org_number("212000080")  # starts with 212000-: a municipality's
REGION_NUMBER = org_number("232100005")  # starts with 232100-: a region's
AUTHORITY_NUMBER = org_number(
    "202100401"
)  # starts with 2021: a state authority's (or university's)
ASSOCIATION_NUMBER = "802480-0008"


@pytest.fixture
def agreement(db) -> Agreement:
    """An agreement that lets public actors join, under a steering group (Blekinge's words)."""
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testlän",
        municipality="Region Testlän",
        sector_party="idéburen sektor i Testlän",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2025, 12, 1),
        valid_from=datetime.date(2026, 1, 1),
        contact_email="processledare@example.org",
        group_name="styrgruppen",
        convener_title="processledare",
        public_actors_may_join=True,
    )
    for position, name in enumerate(("Dialog", "Innovation"), 1):
        Principle.objects.create(
            agreement=agreement, name=name, description=name, position=position
        )
    return agreement


@pytest.fixture
def only_idea_driven(agreement) -> Agreement:
    """The same agreement where only idea-driven organisations join (Lund's and Borås's rule)."""
    agreement.public_actors_may_join = False
    agreement.group_name = "samverkansgruppen"
    agreement.save()
    return agreement


def _public_application(agreement, **overrides) -> dict:
    """A complete application from a municipality: no confirmation of democratic values."""
    data = {
        "name": "Testby kommun",
        "org_number": MUNICIPALITY_NUMBER,
        "kind": OrganisationKind.MUNICIPALITY,
        "city": "Testby",
        "contact_name": "Kerstin Kommun",
        "contact_email": "kerstin@testby.example.org",
        "signatory_name": "Dag Direktör",
        "signatory_role": "kommundirektör",
        "board_decision_on": "2026-03-15",
        "principles_confirmed": list(
            Principle.objects.filter(agreement=agreement).values_list("pk", flat=True)
        ),
        "action": "send",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _messages(response) -> str:
    return (
        " ".join(str(message) for message in response.context["messages"])
        if response.context
        else ""
    )


# --- Applying and being approved ---------------------------------------------------------------------


def test_a_municipality_applies_is_approved_and_is_listed_under_public_parties(
    client, ordinary_user, group_member, agreement, django_capture_on_commit_callbacks
):
    client.force_login(ordinary_user)
    form = client.get(reverse("accounts:accession_start")).content.decode()
    assert '<optgroup label="Offentliga parter">' in form
    assert '<option value="kommun">Kommun</option>' in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:accession_start"), _public_application(agreement)
        )
    accession = Accession.objects.get()
    assert accession.status == Accession.Status.SUBMITTED
    assert not accession.democratic_values_confirmed
    # Its own confirmation: on the page and in the email, it joins as a public party.
    page = client.get(response["Location"])
    assert (
        "Ansökan om att Testby kommun ska ansluta sig till överenskommelsen som offentlig part har skickats till styrgruppen."
        in _messages(page)
    )
    assert "Ansluter sig som offentlig part" in page.content.decode()
    to_applicant = next(m for m in mail.outbox if m.to == [ordinary_user.email])
    assert to_applicant.subject.endswith(
        "Vi har tagit emot er ansökan om anslutning som offentlig part: Testby kommun"
    )
    assert (
        "om att Testby kommun ska ansluta sig till överenskommelsen som offentlig part (Kommun)"
        in to_applicant.body
    )
    to_group = next(m for m in mail.outbox if m.to == [group_member.email])
    assert "Typ: Kommun (ansluter sig som offentlig part)" in to_group.body

    # The group approves it like any other application.
    client.force_login(group_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:accession_decide", kwargs={"pk": accession.pk}),
            {"decision": "approve", "reason": "", "meeting_on": ""},
        )
    municipality = Organisation.objects.get(org_number=MUNICIPALITY_NUMBER)
    assert municipality.is_connected and municipality.is_public_party
    assert Representation.objects.filter(
        user=ordinary_user, organisation=municipality
    ).exists()
    decided = [m for m in mail.outbox if m.to == [ordinary_user.email]][-1]
    assert (
        "Testby kommun har anslutit sig till överenskommelsen som offentlig part"
        in decided.body
    )

    # Listed publicly under its own heading, beside the idea-driven organisations.
    Organisation.objects.create(
        name="Testby Schackklubb",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        connected_since=datetime.date(2026, 1, 10),
    )
    client.logout()
    html = client.get(reverse("accounts:organisation_list")).content.decode()
    public = html[
        html.index('id="public-parties-heading"') : html.index(
            'id="idea-driven-heading"'
        )
    ]
    others = html[html.index('id="idea-driven-heading"') :]
    assert ">Offentliga parter</h2>" in html and ">Idéburna organisationer</h2>" in html
    assert "Testby kommun" in public and "Testby Schackklubb" not in public
    assert "Testby Schackklubb" in others and "Testby kommun" not in others
    # No personal data: the contact person is not on the public list.
    assert "Kerstin" not in html


def test_the_party_filter_shows_the_public_parties_or_the_idea_driven_ones(
    client, agreement
):
    Organisation.objects.create(
        name="Testby kommun",
        kind=OrganisationKind.MUNICIPALITY,
        connected_since=datetime.date(2026, 1, 10),
    )
    Organisation.objects.create(
        name="Testby Schackklubb",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        connected_since=datetime.date(2026, 1, 10),
    )
    url = reverse("accounts:organisation_list")
    public = client.get(url, {"party": "offentlig"}).content.decode()
    assert "Testby kommun" in public and "Testby Schackklubb" not in public
    idea_driven = client.get(url, {"party": "ideburen"}).content.decode()
    assert "Testby Schackklubb" in idea_driven and "Testby kommun" not in idea_driven
    assert "Offentliga parter</h2>" not in idea_driven
    rows = client.get(
        reverse("accounts:organisation_list_json"), {"party": "offentlig"}
    ).json()["organisations"]
    assert [row["name"] for row in rows] == ["Testby kommun"]


# --- Where the agreement does not let public actors join ------------------------------------------


def test_where_only_idea_driven_organisations_join_no_public_kind_is_offered(
    client, ordinary_user, only_idea_driven
):
    client.force_login(ordinary_user)
    form = client.get(reverse("accounts:accession_start")).content.decode()
    assert "Offentliga parter" not in form
    for kind in ("kommun", "region", "myndighet", "larosate"):
        assert f'value="{kind}"' not in form
    list_page = client.get(reverse("accounts:organisation_list")).content.decode()
    assert "Offentliga parter" not in list_page
    assert 'name="party"' not in list_page


@pytest.mark.parametrize("action", ["send", "save"])
def test_a_forged_public_kind_is_refused_in_swedish_and_nothing_is_saved(
    client, ordinary_user, only_idea_driven, action
):
    client.force_login(ordinary_user)
    response = client.post(
        reverse("accounts:accession_start"),
        _public_application(only_idea_driven, action=action),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Till den här överenskommelsen ansluter sig bara idéburna organisationer: en offentlig aktör"
        in html
    )
    assert Accession.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_a_public_draft_cannot_be_sent_once_the_agreement_no_longer_lets_public_actors_join(
    ordinary_user, agreement
):
    draft = Accession.objects.create(
        applicant=ordinary_user,
        **{
            k: v
            for k, v in _public_application(agreement).items()
            if k not in ("principles_confirmed", "action", "board_decision_on")
        },
        board_decision_on=datetime.date(2026, 3, 15),
    )
    draft.principles_confirmed.set(Principle.objects.all())
    agreement.public_actors_may_join = False
    agreement.save()
    with pytest.raises(ValidationError, match="bara idéburna organisationer"):
        services.accession_submit(accession=draft, by=ordinary_user)
    draft.refresh_from_db()
    assert draft.status == Accession.Status.DRAFT


# --- The number rule of each public kind --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "number", "error"),
    [
        (OrganisationKind.MUNICIPALITY, MUNICIPALITY_NUMBER, None),
        (
            OrganisationKind.MUNICIPALITY,
            REGION_NUMBER,
            "En kommuns organisationsnummer börjar med 212000-",
        ),
        (
            OrganisationKind.MUNICIPALITY,
            ASSOCIATION_NUMBER,
            "En kommuns organisationsnummer börjar med 212000-",
        ),
        (OrganisationKind.REGION, REGION_NUMBER, None),
        (
            OrganisationKind.REGION,
            MUNICIPALITY_NUMBER,
            None,
        ),  # Region Gotland is a municipality too
        (
            OrganisationKind.REGION,
            AUTHORITY_NUMBER,
            "En regions organisationsnummer börjar med 232100-",
        ),
        (OrganisationKind.AUTHORITY, AUTHORITY_NUMBER, None),
        (
            OrganisationKind.AUTHORITY,
            MUNICIPALITY_NUMBER,
            "En statlig myndighets organisationsnummer",
        ),
        (OrganisationKind.UNIVERSITY, AUTHORITY_NUMBER, None),
        (
            OrganisationKind.UNIVERSITY,
            ASSOCIATION_NUMBER,
            "En statlig myndighets organisationsnummer",
        ),
        # The check digit is checked as for any number.
        (
            OrganisationKind.MUNICIPALITY,
            MUNICIPALITY_NUMBER[:-1] + str((int(MUNICIPALITY_NUMBER[-1]) + 1) % 10),
            "kontrollsiffran",
        ),
    ],
)
def test_each_public_kind_has_its_number_rule(
    ordinary_user, agreement, kind, number, error
):
    form = AccessionForm(
        data={"name": "Offentlig part", "kind": kind, "org_number": number},
        user=ordinary_user,
        sending=False,
    )
    if error is None:
        assert form.is_valid(), form.errors
    else:
        assert not form.is_valid()
        assert error.lower() in " ".join(form.errors["org_number"]).lower()


def test_a_public_party_gives_its_number_and_no_umbrella_but_no_democratic_values(
    client, ordinary_user, agreement
):
    client.force_login(ordinary_user)
    umbrella = Organisation.objects.create(
        name="Paraplyet", kind=OrganisationKind.UMBRELLA
    )
    response = client.post(
        reverse("accounts:accession_start"),
        _public_application(
            agreement,
            org_number="",
            has_no_org_number="on",
            umbrella_organisations=[umbrella.pk],
        ),
    )
    html = response.content.decode()
    assert "En offentlig part har alltid ett organisationsnummer" in html
    assert "Paraplyorganisationer är till för idéburna organisationer" in html
    assert "demokratiska värderingar för att ansluta sig" not in html
    assert Accession.objects.count() == 0


def test_an_association_still_confirms_democratic_values(
    client, ordinary_user, agreement
):
    client.force_login(ordinary_user)
    client.post(
        reverse("accounts:accession_start"),
        _public_application(
            agreement,
            name="Testby Schackklubb",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            org_number=ASSOCIATION_NUMBER,
        ),
    )
    assert not Accession.objects.filter(status=Accession.Status.SUBMITTED).exists()


# --- The contact person ----------------------------------------------------------------------------


@pytest.fixture
def joined(organisation_a, representative_a) -> Organisation:
    organisation_a.connected_since = datetime.date(2026, 1, 10)
    organisation_a.contact_name = "Karin Kontakt"
    organisation_a.contact_email = "karin@example.org"
    organisation_a.contact_phone = "070-111 22 33"
    organisation_a.save()
    return organisation_a


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_the_contact_persons_are_shown_to_the_group_and_the_convener_only(
    client, request, joined, who, status
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("accounts:contact_person_list"))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert (
            "Karin Kontakt" in html
            and "karin@example.org" in html
            and "070-111 22 33" in html
        )


def test_the_public_does_not_see_the_contact_person_without_consent(client, joined):
    profile = client.get(joined.get_absolute_url()).content.decode()
    listing = client.get(reverse("accounts:organisation_list")).content.decode()
    data = client.get(reverse("accounts:organisation_list_csv")).content.decode(
        "utf-8-sig"
    )
    for text in (profile, listing, data):
        assert "Karin Kontakt" not in text and "karin@example.org" not in text


def test_a_representative_makes_another_representative_the_contact_person(
    client, joined, representative_a
):
    colleague = User.objects.create_user(
        email="ola@example.org", password="x", full_name="Ola Kollega"
    )
    representation = Representation.objects.create(user=colleague, organisation=joined)
    joined.contact_publish_consent_at = datetime.datetime(
        2026, 2, 1, tzinfo=datetime.UTC
    )
    joined.save()
    client.force_login(representative_a)
    manage = client.get(
        reverse("accounts:organisation_manage", kwargs={"pk": joined.pk})
    ).content.decode()
    assert "Kontaktperson för överenskommelsen" in manage
    assert "Gör Ola Kollega till kontaktperson" in manage
    client.post(
        reverse("accounts:contact_person_set", kwargs={"pk": joined.pk}),
        {"representation": representation.pk},
    )
    joined.refresh_from_db()
    assert (joined.contact_name, joined.contact_email, joined.contact_phone) == (
        "Ola Kollega",
        "ola@example.org",
        "",
    )
    # A new contact person has not agreed to be shown publicly.
    assert joined.contact_publish_consent_at is None
    manage = client.get(
        reverse("accounts:organisation_manage", kwargs={"pk": joined.pk})
    ).content.decode()
    assert '<span class="badge text-bg-success">Kontaktperson</span>' in manage


def test_a_representative_of_another_organisation_cannot_be_made_contact_person(
    client, joined, representative_a, representative_b
):
    other = Representation.objects.get(user=representative_b)
    client.force_login(representative_a)
    response = client.post(
        reverse("accounts:contact_person_set", kwargs={"pk": joined.pk}),
        {"representation": other.pk},
        follow=True,
    )
    assert "Välj en av organisationens företrädare." in response.content.decode()
    joined.refresh_from_db()
    assert joined.contact_email == "karin@example.org"


def test_an_organisation_that_joined_keeps_a_contact_person(
    client, joined, representative_a
):
    client.force_login(representative_a)
    data = {
        "name": joined.name,
        "org_number": joined.org_number,
        "kind": joined.kind,
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
    }
    response = client.post(
        reverse("accounts:organisation_manage", kwargs={"pk": joined.pk}), data
    )
    assert response.status_code == 200
    joined.refresh_from_db()
    assert joined.contact_name == "Karin Kontakt"


# --- The demo ----------------------------------------------------------------------------------------


def test_blekinges_demo_has_public_parties_joined_and_one_waiting(settings, client):
    settings.DEBUG = True
    call_command("load_demo", agreement="blekinge", stdout=io.StringIO())
    joined = Organisation.objects.connected().public_parties()
    assert set(joined.values_list("name", flat=True)) == {
        "Region Blekinge",
        "Karlskrona kommun",
        "Ronneby kommun",
        "Blekinge Tekniska Högskola",
    }
    assert all(
        party.contact_name and party.representations.exists() for party in joined
    )
    waiting = Accession.objects.open().get()
    assert waiting.is_public_party
    html = client.get(reverse("accounts:organisation_list")).content.decode()
    public = html[
        html.index('id="public-parties-heading"') : html.index(
            'id="idea-driven-heading"'
        )
    ]
    assert re.search(r"Region Blekinge.*Ronneby kommun", public, re.DOTALL)
