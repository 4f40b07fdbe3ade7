"""Being listed as a member of an umbrella organisation (PIL, LIPS): the member only asks; the
public pages and the open data show the membership once the umbrella's representative (or the
convener, while the umbrella has nobody in the portal) confirmed it."""

import datetime
import json

import pytest
from django.urls import reverse

from accounts.models import (
    Accession,
    Organisation,
    OrganisationKind,
    Representation,
    UmbrellaRequest,
    User,
)
from accounts.services import accession_decide
from overenskommelse.tests.cast import login as _login

pytestmark = pytest.mark.django_db

JSON_URL = reverse("accounts:organisation_list_json")


@pytest.fixture
def member(organisation_a) -> Organisation:
    organisation_a.connected_since = datetime.date(2025, 3, 14)
    organisation_a.save()
    return organisation_a


@pytest.fixture
def umbrella(db) -> Organisation:
    return Organisation.objects.create(
        name="Paraplyet PIL",
        kind=OrganisationKind.UMBRELLA,
        connected_since=datetime.date(2024, 1, 1),
    )


@pytest.fixture
def umbrella_representative(umbrella) -> User:
    user = User.objects.create_user(
        email="pil@example.org", password="x", full_name="Pia PIL"
    )
    Representation.objects.create(user=user, organisation=umbrella)
    return user


def _form(organisation, **changes) -> dict:
    """The manage page's form as shown, with some values changed."""
    data = {
        "name": organisation.name,
        "org_number": organisation.org_number,
        "kind": organisation.kind,
        "email": organisation.email,
        "publish_email": "on",
        # A joined organisation names its contact person (required since issue 14).
        "contact_name": organisation.contact_name or "Kim Kontakt",
        "contact_email": organisation.contact_email or "kontakt@example.org",
    }
    data.update(changes)
    return data


def _manage(organisation) -> str:
    return reverse("accounts:organisation_manage", args=[organisation.pk])


def _answer_url(request) -> str:
    return reverse(
        "accounts:umbrella_request_answer", args=[request.umbrella_id, request.pk]
    )


def _tick(client, representative, member, umbrella):
    client.force_login(representative)
    response = client.post(
        _manage(member), _form(member, umbrella_organisations=[umbrella.pk])
    )
    assert response.status_code == 302
    return UmbrellaRequest.objects.get(member=member, umbrella=umbrella)


def _public_member_names(client, umbrella) -> str:
    html = client.get(umbrella.get_absolute_url()).content.decode()
    start = html.find("Anslutna medlemsorganisationer")
    return html[start:] if start >= 0 else ""


def _json_umbrellas(client, member) -> list[str]:
    rows = json.loads(client.get(JSON_URL).content)["organisations"]
    return next(
        row["umbrella_organisations"] for row in rows if row["name"] == member.name
    )


def test_ticking_an_umbrella_only_asks_it_until_its_representative_accepts(
    client, member, representative_a, umbrella, umbrella_representative
):
    request = _tick(client, representative_a, member, umbrella)
    assert request.status == UmbrellaRequest.Status.PENDING
    client.logout()
    # Not a member on the umbrella's public page, nor in the open data, nor on its own profile…
    assert member.name not in _public_member_names(client, umbrella)
    assert _json_umbrellas(client, member) == []
    profile = client.get(member.get_absolute_url()).content.decode()
    assert "Ansökt om medlemskap i Paraplyet PIL – inte bekräftat" in profile
    # … and the form still shows it ticked, so saving again does not take the request back.
    client.force_login(representative_a)
    page = client.get(_manage(member)).content.decode()
    assert "tillfrågad, ännu inte bekräftad av paraplyorganisationen" in page

    client.force_login(umbrella_representative)
    page = client.get(_manage(umbrella)).content.decode()
    assert member.name in page and _answer_url(request) in page
    response = client.post(_answer_url(request), {"answer": "accept"})
    assert response.status_code == 302
    client.logout()

    assert member.name in _public_member_names(client, umbrella)
    assert _json_umbrellas(client, member) == ["Paraplyet PIL"]
    assert (
        "inte bekräftat" not in client.get(member.get_absolute_url()).content.decode()
    )


def test_a_declined_request_is_never_shown_publicly_and_the_member_sees_the_answer(
    client, member, representative_a, umbrella, umbrella_representative
):
    request = _tick(client, representative_a, member, umbrella)
    client.force_login(umbrella_representative)
    client.post(_answer_url(request), {"answer": "decline"})
    request.refresh_from_db()
    assert request.status == UmbrellaRequest.Status.DECLINED
    assert not member.umbrella_organisations.exists()

    client.logout()
    assert member.name not in _public_member_names(client, umbrella)
    assert "Paraplyet PIL" not in client.get(member.get_absolute_url()).content.decode()
    client.force_login(representative_a)
    page = client.get(_manage(member)).content.decode()
    assert "avböjt" in page and "syns inte offentligt" in page


def test_a_representative_of_both_organisations_is_a_member_at_once(
    client, member, representative_a, umbrella
):
    Representation.objects.create(user=representative_a, organisation=umbrella)
    _tick(client, representative_a, member, umbrella)
    client.logout()
    assert member.name in _public_member_names(client, umbrella)


def test_unticking_takes_back_the_request_and_ends_a_confirmed_membership(
    client, member, representative_a, umbrella, umbrella_representative
):
    request = _tick(client, representative_a, member, umbrella)
    client.post(_manage(member), _form(member))
    assert not UmbrellaRequest.objects.filter(pk=request.pk).exists()
    request = _tick(client, representative_a, member, umbrella)
    client.force_login(umbrella_representative)
    client.post(_answer_url(request), {"answer": "accept"})
    client.force_login(representative_a)
    client.post(_manage(member), _form(member))
    client.logout()
    assert member.name not in _public_member_names(client, umbrella)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),  # the member itself cannot confirm its own claim
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 403),  # the umbrella has a representative: they answer
        ("umbrella_representative", 302),
    ],
)
def test_only_the_umbrellas_representative_answers(
    client,
    request,
    member,
    representative_a,
    umbrella,
    umbrella_representative,
    who,
    expected,
):
    asked = _tick(client, representative_a, member, umbrella)
    client.logout()
    _login(client, request, who)
    response = client.post(_answer_url(asked), {"answer": "accept"})
    if expected == "login":
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
    else:
        assert response.status_code == expected
    assert member.umbrella_organisations.exists() == (expected == 302)


def test_the_convener_answers_for_an_umbrella_with_nobody_in_the_portal(
    client, member, representative_a, umbrella, convener
):
    asked = _tick(client, representative_a, member, umbrella)
    client.force_login(convener)
    assert _answer_url(asked) in client.get(_manage(umbrella)).content.decode()
    assert client.post(_answer_url(asked), {"answer": "accept"}).status_code == 302
    assert list(member.umbrella_organisations.all()) == [umbrella]


def test_an_answered_request_or_another_umbrellas_address_is_404(
    client, member, representative_a, umbrella, umbrella_representative
):
    asked = _tick(client, representative_a, member, umbrella)
    client.force_login(umbrella_representative)
    wrong = reverse("accounts:umbrella_request_answer", args=[member.pk, asked.pk])
    assert client.post(wrong, {"answer": "accept"}).status_code == 404
    assert client.post(_answer_url(asked), {"answer": "decline"}).status_code == 302
    assert client.post(_answer_url(asked), {"answer": "accept"}).status_code == 404
    assert not member.umbrella_organisations.exists()


def test_umbrellas_named_in_an_approved_application_are_asked_not_listed(
    client, ordinary_user, group_member, umbrella
):
    accession = Accession.objects.create(
        applicant=ordinary_user,
        name="Nya föreningen",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        status=Accession.Status.SUBMITTED,
    )
    accession.umbrella_organisations.set([umbrella])
    accession_decide(
        accession=accession, by=group_member, approve=True, reason="Välkomna."
    )
    organisation = Organisation.objects.get(name="Nya föreningen")
    assert not organisation.umbrella_organisations.exists()
    asked = UmbrellaRequest.objects.get(member=organisation)
    assert (asked.umbrella, asked.asked_by, asked.status) == (
        umbrella,
        ordinary_user,
        "pending",
    )


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm what a process keeps
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_with_the_requests_make_as_many_queries_for_ten_as_for_one(
    client, member, representative_a, umbrella, umbrella_representative
):
    _tick(client, representative_a, member, umbrella)
    client.logout()
    public_one = _queries(client, umbrella.get_absolute_url())
    client.force_login(umbrella_representative)
    manage_one = _queries(client, _manage(umbrella))
    for number in range(9):
        other = Organisation.objects.create(
            name=f"Förening {number}",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            connected_since=member.connected_since,
        )
        UmbrellaRequest.objects.create(member=other, umbrella=umbrella)
        if number % 2:
            other.umbrella_organisations.add(umbrella)
    assert _queries(client, _manage(umbrella)) == manage_one
    client.logout()
    assert _queries(client, umbrella.get_absolute_url()) == public_one


def test_the_umbrellas_representative_is_told_by_email_and_the_convener_when_it_has_nobody(
    client,
    member,
    representative_a,
    umbrella,
    convener,
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    client.force_login(representative_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _manage(member), _form(member, umbrella_organisations=[umbrella.pk])
        )
    # Nobody acts for the umbrella in the portal: the convener, who answers for it, is told.
    assert [m.to for m in mail.outbox] == [[convener.email]]
    assert mail.outbox[0].subject.endswith(
        "Föreningen A vill stå som medlem i Paraplyet PIL"
    )
    asked = UmbrellaRequest.objects.get()
    assert (
        f"/organisationer/{umbrella.pk}/hantera/#member-requests" in mail.outbox[0].body
    )

    pia = User.objects.create_user(email="pil@example.org", password="x")
    Representation.objects.create(user=pia, organisation=umbrella)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_manage(member), _form(member))  # takes the question back …
        client.post(
            _manage(member), _form(member, umbrella_organisations=[umbrella.pk])
        )  # … asks again
    assert [m.to for m in mail.outbox] == [[pia.email]]
    assert not UmbrellaRequest.objects.filter(pk=asked.pk).exists()
