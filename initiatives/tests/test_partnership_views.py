"""A förvaltning logs its collaboration commitments: who may see and change what, the officer's
form (parties, contributions in whole kronor, dates, the signed agreement as a PDF), ending a
commitment, and the förvaltning's own list with its totals."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.models import Organisation, OrganisationKind, Representation
from initiatives.models import (
    CollaborationForm,
    Contribution,
    Initiative,
    InitiativeParty,
    Partnership,
)
from overenskommelse.models import ActionPlan, Agreement, PriorityArea

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "ordinary_user",
    "representative_a",
    "representative_b",
    "officer_x",
    "officer_y",
    "group_member",
    "convener",
]
CONNECTED_ON = datetime.date(2024, 3, 1)


# --- Set-up (also used by the other test_partnership_* files) ------------------------------------


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def area(db) -> PriorityArea:
    return make_area()


def make_area() -> PriorityArea:
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testkommun",
        municipality="Testkommun",
        sector_party="idéburen sektor i Testkommun",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2024, 1, 1),
        valid_from=datetime.date(2024, 1, 1),
        contact_email="overenskommelse@example.org",
    )
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    PriorityArea.objects.create(
        action_plan=plan, name="Hälsosamma levnadsvanor", slug="halsa", position=2
    )
    return PriorityArea.objects.create(
        action_plan=plan, name="Inkludering", slug="inkludering", position=1
    )


@pytest.fixture
def connected_a(organisation_a) -> Organisation:
    organisation_a.connected_since = CONNECTED_ON
    organisation_a.save()
    return organisation_a


@pytest.fixture
def connected_b(organisation_b) -> Organisation:
    organisation_b.connected_since = CONNECTED_ON
    organisation_b.save()
    return organisation_b


def make_partnership(
    administration, parties, *, title="IOP om läxhjälp", money=(150_000,), **fields
) -> Partnership:
    """A commitment as it is after it was logged (made directly: the set-up of a test)."""
    values = {
        "form": CollaborationForm.IOP,
        "description": "Läxhjälp för barn i årskurs 4–9.",
        "starts_on": datetime.date(2025, 1, 1),
    }
    values.update(fields)
    partnership = Partnership.objects.create(
        administration=administration, title=title, **values
    )
    partnership.organisations.set(parties)
    for amount in money:
        Contribution.objects.create(
            partnership=partnership,
            organisation=administration,
            kind=Contribution.Kind.MONEY,
            amount_sek_per_year=amount,
        )
    return partnership


@pytest.fixture
def partnership_x(administration_x, connected_a) -> Partnership:
    return make_partnership(administration_x, [connected_a], title="Läxhjälp på Linero")


@pytest.fixture
def partnership_y(administration_y, connected_a) -> Partnership:
    return make_partnership(
        administration_y, [connected_a], title="Besöksvänner för äldre"
    )


def pdf(size: int = 2000, name: str = "avtal.pdf") -> SimpleUploadedFile:
    content = b"%PDF-1.4\n" + b"0" * max(0, size - 9)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form_data(administration, parties, *, contributions=(), **overrides) -> dict:
    """What the officer's form sends: the commitment and its contribution rows (3 shown)."""
    rows = list(contributions)
    total = max(3, len(rows))
    data = {
        "title": "IOP om läxhjälp på Linero",
        "form": CollaborationForm.IOP,
        "administration": administration.pk,
        "organisations": [party.pk for party in parties],
        "priority_area": "",
        "description": "Läxhjälp för barn i årskurs 4–9, tre eftermiddagar i veckan.",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "decision_on": "2025-11-20",
        "decision_reference": "SN 2025/0123",
        "initiative": "",
        "contributions-TOTAL_FORMS": str(total),
        "contributions-INITIAL_FORMS": "0",
        "contributions-MIN_NUM_FORMS": "0",
        "contributions-MAX_NUM_FORMS": "100",
    }
    for index in range(total):
        row = rows[index] if index < len(rows) else {}
        data[f"contributions-{index}-organisation"] = row.get("organisation", "")
        data[f"contributions-{index}-kind"] = row.get("kind", "")
        data[f"contributions-{index}-amount_sek_per_year"] = row.get("amount", "")
        data[f"contributions-{index}-description"] = row.get("description", "")
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def money_from(organisation, amount, description="Bidrag") -> dict:
    return {
        "organisation": organisation.pk,
        "kind": "money",
        "amount": amount,
        "description": description,
    }


def shows(html: str, msgid: str, **params) -> bool:
    """The message, in the portal's language (Swedish when the catalogue has it), is on the page."""
    with translation.override("sv"):
        text = translation.gettext(msgid)
        if params:
            text = text % {
                key: value() if callable(value) else value
                for key, value in params.items()
            }
    return escape(text) in html


def html_of(response) -> str:
    return response.content.decode()


def user_for(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def client_as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def expect(response, expected) -> None:
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, response


FORBIDDEN_MARKUP = [
    (re.compile(r"\sstyle=\""), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "inline script"),
]


def assert_portal_page(response) -> str:
    """One <h1>, a title, every field labelled, nothing the CSP would block."""
    assert response.status_code == 200
    html = html_of(response)
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert re.search(r"<title>\s*\S.*–", html, re.DOTALL)
    for pattern, what in FORBIDDEN_MARKUP:
        assert not pattern.search(html), what
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    for input_id in re.findall(
        r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html
    ):
        assert input_id in labelled, f"no label for #{input_id}"
    return html


CREATE_URL = reverse("initiatives:partnership_create")
MINE_URL = reverse("initiatives:partnership_mine")


def edit_url(partnership) -> str:
    return reverse("initiatives:partnership_edit", kwargs={"pk": partnership.pk})


def end_url(partnership) -> str:
    return reverse("initiatives:partnership_end", kwargs={"pk": partnership.pk})


def attachment_url(partnership) -> str:
    return reverse("initiatives:partnership_attachment", kwargs={"pk": partnership.pk})


# --- Who may do what -----------------------------------------------------------------------------

OFFICERS_ONLY = [
    ("anonymous", "login"),
    ("ordinary_user", 403),
    ("representative_a", 403),
    ("representative_b", 403),
    ("officer_x", 200),
    ("officer_y", 200),
    ("group_member", 403),
    ("convener", 403),
]
OFFICERS_OF_X = [
    ("anonymous", "login"),
    ("ordinary_user", 403),
    ("representative_a", 403),
    ("representative_b", 403),
    ("officer_x", 200),
    ("officer_y", 403),
    ("group_member", 403),
    ("convener", 403),
]
AGREEMENT_READERS = [
    ("anonymous", "login"),
    ("ordinary_user", 403),
    ("representative_a", 403),
    ("representative_b", 403),
    ("officer_x", 200),
    ("officer_y", 403),
    ("group_member", 200),
    ("convener", 200),
]


@pytest.mark.parametrize(("role", "expected"), OFFICERS_ONLY)
def test_who_may_see_the_förvaltnings_own_list(client, request, role, expected):
    expect(client_as(client, user_for(request, role)).get(MINE_URL), expected)


@pytest.mark.parametrize(("role", "expected"), OFFICERS_ONLY)
def test_who_may_open_the_form_to_log_a_commitment(
    client, request, connected_a, role, expected
):
    expect(client_as(client, user_for(request, role)).get(CREATE_URL), expected)


@pytest.mark.parametrize(("role", "expected"), OFFICERS_ONLY)
def test_who_may_log_a_commitment(
    client, request, administration_x, administration_y, connected_a, role, expected
):
    user = user_for(request, role)
    administration = administration_y if role == "officer_y" else administration_x
    response = client_as(client, user).post(
        CREATE_URL, form_data(administration, [connected_a])
    )
    expect(response, 302 if expected == 200 else expected)
    assert Partnership.objects.exists() == (expected == 200)


@pytest.mark.parametrize(("role", "expected"), OFFICERS_OF_X)
def test_who_may_open_the_edit_form(client, request, partnership_x, role, expected):
    expect(
        client_as(client, user_for(request, role)).get(edit_url(partnership_x)),
        expected,
    )


@pytest.mark.parametrize(("role", "expected"), OFFICERS_OF_X)
def test_who_may_change_a_commitment(
    client, request, partnership_x, administration_x, connected_a, role, expected
):
    data = form_data(administration_x, [connected_a], title="Ändrad titel")
    response = client_as(client, user_for(request, role)).post(
        edit_url(partnership_x), data
    )
    expect(response, 302 if expected == 200 else expected)
    partnership_x.refresh_from_db()
    assert (partnership_x.title == "Ändrad titel") == (expected == 200)


@pytest.mark.parametrize(("role", "expected"), OFFICERS_OF_X)
def test_who_may_open_the_end_form(client, request, partnership_x, role, expected):
    expect(
        client_as(client, user_for(request, role)).get(end_url(partnership_x)), expected
    )


@pytest.mark.parametrize(("role", "expected"), OFFICERS_OF_X)
def test_who_may_end_a_commitment(client, request, partnership_x, role, expected):
    response = client_as(client, user_for(request, role)).post(
        end_url(partnership_x), {"ends_on": "2026-06-30"}
    )
    expect(response, 302 if expected == 200 else expected)
    partnership_x.refresh_from_db()
    assert (partnership_x.ends_on == datetime.date(2026, 6, 30)) == (expected == 200)


@pytest.mark.parametrize(("role", "expected"), AGREEMENT_READERS)
def test_who_may_download_the_signed_agreement(
    client, request, partnership_x, role, expected
):
    partnership_x.signed_agreement.save(
        "x.pdf", ContentFile(b"%PDF-1.4 avtal"), save=True
    )
    expect(
        client_as(client, user_for(request, role)).get(attachment_url(partnership_x)),
        expected,
    )


@pytest.mark.parametrize("role", ROLES)
def test_everyone_may_read_a_commitment(client, request, partnership_x, role):
    response = client_as(client, user_for(request, role)).get(
        partnership_x.get_absolute_url()
    )
    assert response.status_code == 200
    assert "Läxhjälp på Linero" in html_of(response)


def test_an_unknown_commitment_gives_404(client, officer_x):
    client.force_login(officer_x)
    for url in (
        reverse("initiatives:partnership_detail", kwargs={"pk": 999}),
        reverse("initiatives:partnership_edit", kwargs={"pk": 999}),
        reverse("initiatives:partnership_end", kwargs={"pk": 999}),
        reverse("initiatives:partnership_attachment", kwargs={"pk": 999}),
    ):
        assert client.get(url).status_code == 404, url


def test_officer_x_cannot_change_a_commitment_of_y_by_posting_its_förvaltning(
    client, officer_x, partnership_y, administration_y, connected_a
):
    client.force_login(officer_x)
    response = client.post(
        edit_url(partnership_y),
        form_data(administration_y, [connected_a], title="Kapad"),
    )
    assert response.status_code == 403
    partnership_y.refresh_from_db()
    assert partnership_y.title == "Besöksvänner för äldre"


def test_the_edit_and_end_links_show_only_to_officers_of_the_förvaltning(
    client, partnership_x, officer_x, officer_y
):
    client.force_login(officer_y)
    html = html_of(client.get(partnership_x.get_absolute_url()))
    assert edit_url(partnership_x) not in html and end_url(partnership_x) not in html
    client.force_login(officer_x)
    html = html_of(client.get(partnership_x.get_absolute_url()))
    assert edit_url(partnership_x) in html and end_url(partnership_x) in html


def test_the_header_links_officers_to_their_förvaltnings_list(
    client, officer_x, representative_a
):
    client.force_login(representative_a)
    assert MINE_URL not in html_of(client.get(reverse("initiatives:partnership_list")))
    client.force_login(officer_x)
    assert MINE_URL in html_of(client.get(reverse("initiatives:partnership_list")))


# --- Logging a commitment ------------------------------------------------------------------------


def test_the_form_is_an_accessible_page_with_three_contribution_rows(
    client, officer_x, connected_a, area
):
    client.force_login(officer_x)
    html = assert_portal_page(client.get(CREATE_URL))
    assert 'name="contributions-TOTAL_FORMS" value="3"' in html
    explained = re.search(
        r'<p id="parties-explained">(.*?)</p>', html, re.DOTALL
    ).group(1)
    assert (
        reverse("accounts:organisation_list") in explained
    )  # only connected organisations can be parties


def test_the_officers_only_förvaltning_is_preselected(
    client, officer_x, administration_x, administration_y, connected_a
):
    client.force_login(officer_x)
    html = html_of(client.get(CREATE_URL))
    select = re.search(
        r'<select name="administration".*?</select>', html, re.DOTALL
    ).group(0)
    assert f'value="{administration_x.pk}" selected' in select
    assert "Socialförvaltningen" not in select


def test_an_officer_of_two_förvaltningar_chooses_between_them(
    client, officer_x, administration_y, connected_a
):
    Representation.objects.create(user=officer_x, organisation=administration_y)
    client.force_login(officer_x)
    select = re.search(
        r'<select name="administration".*?</select>',
        html_of(client.get(CREATE_URL)),
        re.DOTALL,
    ).group(0)
    assert (
        "Kultur- och fritidsförvaltningen" in select and "Socialförvaltningen" in select
    )


def test_only_connected_idea_driven_organisations_are_offered_as_parties(
    client, officer_x, connected_a, organisation_b, administration_y
):
    client.force_login(officer_x)
    html = html_of(client.get(CREATE_URL))
    boxes = re.findall(r'name="organisations" value="(\d+)"', html)
    assert boxes == [str(connected_a.pk)]


def test_an_officer_logs_an_iop_with_contributions(
    client, officer_x, administration_x, connected_a, area
):
    client.force_login(officer_x)
    data = form_data(
        administration_x,
        [connected_a],
        priority_area=area.pk,
        contributions=[
            money_from(administration_x, "150 000 kr", "Bidrag enligt avtalet"),
            {
                "organisation": connected_a.pk,
                "kind": "volunteers",
                "amount": "",
                "description": "Tio läxhjälpare",
            },
        ],
    )
    response = client.post(CREATE_URL, data)
    partnership = Partnership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == partnership.get_absolute_url()
    assert partnership.administration == administration_x
    assert list(partnership.organisations.all()) == [connected_a]
    assert partnership.created_by == officer_x
    assert partnership.decision_reference == "SN 2025/0123"
    contributions = list(
        partnership.contributions.values_list(
            "organisation", "kind", "amount_sek_per_year"
        )
    )
    assert contributions == [
        (administration_x.pk, "money", 150_000),
        (connected_a.pk, "volunteers", None),
    ]
    html = html_of(client.get(partnership.get_absolute_url()))
    assert "Tio läxhjälpare" in html
    assert "150" in html


def test_a_negative_amount_is_refused_with_a_message_and_nothing_is_saved(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    data = form_data(
        administration_x,
        [connected_a],
        contributions=[money_from(administration_x, "-500")],
    )
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert shows(
        html_of(response),
        "The amount cannot be negative. Write it in whole kronor, 0 or more.",
    )
    assert not Partnership.objects.exists()


@pytest.mark.parametrize("amount", ["1500,50", "1500.5", "tusen"])
def test_an_amount_that_is_not_whole_kronor_is_refused(
    client, officer_x, administration_x, connected_a, amount
):
    client.force_login(officer_x)
    data = form_data(
        administration_x,
        [connected_a],
        contributions=[money_from(administration_x, amount)],
    )
    response = client.post(CREATE_URL, data)
    assert shows(
        html_of(response),
        "Write the amount in whole kronor, without öre, e.g. 150 000.",
    )
    assert not Partnership.objects.exists()


def test_zero_kronor_is_a_valid_amount(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    client.post(
        CREATE_URL,
        form_data(
            administration_x,
            [connected_a],
            contributions=[money_from(administration_x, "0")],
        ),
    )
    assert Contribution.objects.get().amount_sek_per_year == 0


def test_an_end_date_before_the_start_is_refused(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    response = client.post(
        CREATE_URL,
        form_data(
            administration_x,
            [connected_a],
            starts_on="2026-05-01",
            ends_on="2026-04-30",
        ),
    )
    html = html_of(response)
    assert response.status_code == 200
    assert shows(html, "The end date cannot be before the start date.")
    assert 'href="#id_ends_on"' in html and 'id="id_ends_on"' in html  # linked to the input
    assert not Partnership.objects.exists()


def test_a_commitment_needs_an_idea_driven_party(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    response = client.post(CREATE_URL, form_data(administration_x, []))
    assert shows(html_of(response), "Choose at least one idea-driven party.")
    assert not Partnership.objects.exists()


def test_an_organisation_that_is_not_connected_cannot_be_made_a_party(
    client, officer_x, administration_x, organisation_b
):
    client.force_login(officer_x)
    response = client.post(CREATE_URL, form_data(administration_x, [organisation_b]))
    assert response.status_code == 200
    assert 'id="div_id_organisations"' in html_of(response)
    assert not Partnership.objects.exists()


def test_a_contribution_from_an_organisation_that_is_not_a_party_is_refused_on_its_row(
    client, officer_x, administration_x, connected_a, connected_b
):
    client.force_login(officer_x)
    data = form_data(
        administration_x, [connected_a], contributions=[money_from(connected_b, "1000")]
    )
    response = client.post(CREATE_URL, data)
    html = html_of(response)
    assert shows(
        html,
        "%(name)s is not a party to this commitment. Choose the förvaltning or one of the "
        "idea-driven parties ticked above.",
        name="Föreningen B",
    )
    assert 'href="#contribution-1"' in html
    assert not Partnership.objects.exists()


def test_a_form_with_errors_keeps_everything_typed(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    data = form_data(
        administration_x,
        [connected_a],
        ends_on="2020-01-01",
        contributions=[money_from(administration_x, "75 000", "Lokalbidrag")],
    )
    html = html_of(client.post(CREATE_URL, data))
    assert 'value="IOP om läxhjälp på Linero"' in html
    assert "tre eftermiddagar i veckan" in html
    assert 'value="SN 2025/0123"' in html
    assert 'value="75 000"' in html
    assert 'value="Lokalbidrag"' in html
    assert re.search(
        rf'name="organisations" value="{connected_a.pk}"[^>]*checked', html
    )


def test_the_initiative_can_be_one_the_förvaltning_takes_part_in(
    client, officer_x, administration_x, connected_a
):
    own = Initiative.objects.create(
        title="Läxhjälp som initiativ", need="Behov", goal="Mål"
    )
    InitiativeParty.objects.create(initiative=own, organisation=administration_x)
    other = Initiative.objects.create(
        title="Någon annans initiativ", need="Behov", goal="Mål"
    )
    client.force_login(officer_x)
    html = html_of(client.get(CREATE_URL))
    assert "Läxhjälp som initiativ" in html and "Någon annans initiativ" not in html
    client.post(
        CREATE_URL, form_data(administration_x, [connected_a], initiative=own.pk)
    )
    assert Partnership.objects.get().initiative == own
    response = client.post(
        CREATE_URL, form_data(administration_x, [connected_a], initiative=other.pk)
    )
    assert response.status_code == 200
    assert Partnership.objects.count() == 1


# --- The signed agreement ------------------------------------------------------------------------


def test_a_signed_agreement_is_saved_and_streamed_only_through_the_portal(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    client.post(
        CREATE_URL,
        {**form_data(administration_x, [connected_a]), "signed_agreement": pdf()},
    )
    partnership = Partnership.objects.get()
    assert partnership.signed_agreement.name.startswith("partnerships/")
    assert "avtal" not in partnership.signed_agreement.name  # never the uploaded name
    html = html_of(client.get(partnership.get_absolute_url()))
    assert attachment_url(partnership) in html
    assert "/media/" not in html
    response = client.get(attachment_url(partnership))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_text_file_named_pdf_is_refused(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    fake = SimpleUploadedFile(
        "avtal.pdf", b"just some text, not a PDF", content_type="application/pdf"
    )
    response = client.post(
        CREATE_URL,
        {**form_data(administration_x, [connected_a]), "signed_agreement": fake},
    )
    assert response.status_code == 200
    assert shows(
        html_of(response),
        "The file is not a PDF. Save the document as PDF and try again.",
    )
    assert not Partnership.objects.exists()


def test_a_pdf_larger_than_10_mb_is_refused(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    big = pdf(size=10 * 1024 * 1024 + 1)
    response = client.post(
        CREATE_URL,
        {**form_data(administration_x, [connected_a]), "signed_agreement": big},
    )
    assert response.status_code == 200
    assert shows(
        html_of(response),
        "The file is %(size)s; it may be at most %(max)s.",
        size=lambda: filesizeformat(big.size),
        max=lambda: filesizeformat(10 * 1024 * 1024),
    )
    assert not Partnership.objects.exists()


def test_a_pdf_of_8_mb_is_accepted_although_other_uploads_stop_at_5_mb(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    client.post(
        CREATE_URL,
        {
            **form_data(administration_x, [connected_a]),
            "signed_agreement": pdf(size=8 * 1024 * 1024),
        },
    )
    assert Partnership.objects.get().signed_agreement


def test_an_uploaded_agreement_is_kept_when_the_form_has_other_errors(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    data = form_data(administration_x, [connected_a], title="")
    html = html_of(
        client.post(
            CREATE_URL, {**data, "signed_agreement": pdf(name="undertecknat-avtal.pdf")}
        )
    )
    assert "undertecknat-avtal.pdf" in html  # shown as already uploaded
    token = re.search(r'name="signed_agreement_token" value="([^"]+)"', html).group(1)
    client.post(
        CREATE_URL,
        {**form_data(administration_x, [connected_a]), "signed_agreement_token": token},
    )
    partnership = Partnership.objects.get()
    assert partnership.signed_agreement.open("rb").read().startswith(b"%PDF-")


def test_a_kept_upload_of_another_officer_cannot_be_taken(
    client, officer_x, officer_y, administration_x, administration_y, connected_a
):
    client.force_login(officer_y)
    data = form_data(administration_y, [connected_a], title="")
    html = html_of(client.post(CREATE_URL, {**data, "signed_agreement": pdf()}))
    token = re.search(r'name="signed_agreement_token" value="([^"]+)"', html).group(1)
    client.force_login(officer_x)
    client.post(
        CREATE_URL,
        {**form_data(administration_x, [connected_a]), "signed_agreement_token": token},
    )
    assert not Partnership.objects.get().signed_agreement


def test_the_agreement_of_a_commitment_without_one_gives_404(
    client, partnership_x, officer_x
):
    client.force_login(officer_x)
    assert client.get(attachment_url(partnership_x)).status_code == 404


# --- Changing a commitment -----------------------------------------------------------------------


def _edit_data(partnership, administration, parties, rows, **overrides) -> dict:
    """The edit form as sent: the existing contributions first (with their ids), then new rows."""
    existing = list(partnership.contributions.order_by("pk"))
    data = form_data(administration, parties, **overrides)
    total = len(existing) + 2
    data.update(
        {
            "contributions-TOTAL_FORMS": str(total),
            "contributions-INITIAL_FORMS": str(len(existing)),
        }
    )
    for key in [k for k in data if k.startswith("contributions-") and k[14].isdigit()]:
        del data[key]
    for index in range(total):
        row = rows[index] if index < len(rows) else {}
        if index < len(existing):
            data[f"contributions-{index}-id"] = existing[index].pk
            data[f"contributions-{index}-partnership"] = partnership.pk
        for field, key in (
            ("organisation", "organisation"),
            ("kind", "kind"),
            ("amount_sek_per_year", "amount"),
            ("description", "description"),
        ):
            data[f"contributions-{index}-{field}"] = row.get(key, "")
        if row.get("delete"):
            data[f"contributions-{index}-DELETE"] = "on"
    return data


def test_the_edit_form_shows_what_was_logged_with_two_new_rows(
    client, officer_x, partnership_x
):
    client.force_login(officer_x)
    html = assert_portal_page(client.get(edit_url(partnership_x)))
    assert 'value="Läxhjälp på Linero"' in html
    assert 'name="contributions-TOTAL_FORMS" value="3"' in html  # one logged, two new
    assert 'value="150000"' in html


def test_editing_changes_the_contributions_and_removes_a_row(
    client, officer_x, partnership_x, administration_x, connected_a
):
    client.force_login(officer_x)
    rows = [
        {**money_from(administration_x, "150000"), "delete": True},
        money_from(administration_x, "200 000", "Höjt bidrag"),
    ]
    response = client.post(
        edit_url(partnership_x),
        _edit_data(partnership_x, administration_x, [connected_a], rows),
    )
    assert response.status_code == 302
    assert list(
        partnership_x.contributions.values_list("amount_sek_per_year", "description")
    ) == [(200_000, "Höjt bidrag")]


def test_a_party_that_left_the_agreement_may_stay_on_an_existing_commitment(
    client, officer_x, partnership_x, administration_x, connected_a
):
    connected_a.withdrawn_on = datetime.date(2025, 6, 30)
    connected_a.save()
    client.force_login(officer_x)
    data = _edit_data(
        partnership_x,
        administration_x,
        [connected_a],
        [money_from(administration_x, "150000")],
        title="Nytt namn",
    )
    assert client.post(edit_url(partnership_x), data).status_code == 302
    partnership_x.refresh_from_db()
    assert partnership_x.title == "Nytt namn"


def test_the_signed_agreement_can_be_replaced_and_removed(
    client, officer_x, partnership_x, administration_x, connected_a
):
    partnership_x.signed_agreement.save(
        "x.pdf", ContentFile(b"%PDF-1.4 gammalt"), save=True
    )
    client.force_login(officer_x)
    data = _edit_data(
        partnership_x,
        administration_x,
        [connected_a],
        [money_from(administration_x, "150000")],
    )
    client.post(edit_url(partnership_x), {**data, "signed_agreement": pdf()})
    partnership_x.refresh_from_db()
    assert partnership_x.signed_agreement.open("rb").read().startswith(b"%PDF-1.4\n0")
    data = _edit_data(
        partnership_x,
        administration_x,
        [connected_a],
        [money_from(administration_x, "150000")],
    )
    client.post(edit_url(partnership_x), {**data, "remove_signed_agreement": "on"})
    partnership_x.refresh_from_db()
    assert not partnership_x.signed_agreement


# --- Ending a commitment -------------------------------------------------------------------------


def test_ending_a_commitment_records_the_date(client, officer_x, partnership_x):
    client.force_login(officer_x)
    assert_portal_page(client.get(end_url(partnership_x)))
    response = client.post(end_url(partnership_x), {"ends_on": "2026-03-31"})
    assert response.status_code == 302
    partnership_x.refresh_from_db()
    assert partnership_x.ends_on == datetime.date(2026, 3, 31)
    assert partnership_x.ended_at is not None


def test_ending_before_the_start_is_refused(client, officer_x, partnership_x):
    client.force_login(officer_x)
    response = client.post(end_url(partnership_x), {"ends_on": "2024-12-31"})
    assert response.status_code == 200
    assert shows(html_of(response), "The end date cannot be before the start date.")
    partnership_x.refresh_from_db()
    assert partnership_x.ends_on is None


# --- The förvaltning's own list ------------------------------------------------------------------


def test_the_own_list_shows_the_förvaltnings_commitments_only_with_links(
    client, officer_x, partnership_x, partnership_y
):
    ended = make_partnership(
        partnership_x.administration,
        partnership_x.organisations.all(),
        title="Avslutat projekt",
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    client.force_login(officer_x)
    html = assert_portal_page(client.get(MINE_URL))
    assert "Läxhjälp på Linero" in html and "Avslutat projekt" in html
    assert "Besöksvänner för äldre" not in html
    assert edit_url(partnership_x) in html and end_url(partnership_x) in html
    assert edit_url(ended) in html and end_url(ended) not in html
    assert html.index("Läxhjälp på Linero") < html.index(
        "Avslutat projekt"
    )  # active first


def test_the_own_list_sums_the_kronor_of_the_active_commitments(
    client, officer_x, administration_x, connected_a
):
    make_partnership(
        administration_x, [connected_a], title="Ett", money=(100_000, 20_000)
    )
    make_partnership(administration_x, [connected_a], title="Två", money=(30_000,))
    make_partnership(
        administration_x,
        [connected_a],
        title="Slut",
        money=(999_000,),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    client.force_login(officer_x)
    response = client.get(MINE_URL)
    totals = list(response.context["administrations"])
    assert [
        (t.active_count, t.ended_count, t.active_money_per_year) for t in totals
    ] == [(2, 1, 150_000)]
    money = {p.title: p.money_per_year for p in response.context["partnerships"]}
    assert money == {"Ett": 120_000, "Två": 30_000, "Slut": 999_000}


def test_the_own_list_needs_the_same_number_of_queries_for_many_commitments(
    client,
    officer_x,
    administration_x,
    connected_a,
    connected_b,
    django_assert_max_num_queries,
):
    def make(count, start):
        for index in range(start, start + count):
            make_partnership(
                administration_x,
                [connected_a, connected_b],
                title=f"Åtagande {index}",
                money=(1000, 2000),
            )

    client.force_login(officer_x)
    make(2, 0)
    with django_assert_max_num_queries(20) as few:
        client.get(MINE_URL)
    make(40, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(MINE_URL)
    assert response.context["paginator"].count == 42
    assert len(response.context["partnerships"]) == 25


def test_the_edit_form_needs_the_same_number_of_queries_for_many_organisations(
    client, officer_x, partnership_x, django_assert_max_num_queries
):
    def make(count, start):
        for index in range(start, start + count):
            Organisation.objects.create(
                name=f"Förening {index}",
                kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
                connected_since=CONNECTED_ON,
            )

    client.force_login(officer_x)
    make(2, 0)
    with django_assert_max_num_queries(40) as few:
        client.get(edit_url(partnership_x))
    make(40, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = html_of(client.get(edit_url(partnership_x)))
    assert "Förening 41" in html
