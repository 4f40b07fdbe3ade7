"""Afterwards: the convener publishes documentation (presentations as PDF, notes), shown on the
conference page; the PDFs are public once the conference is."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from conferences.forms.attendance import DOCUMENT_MAX_BYTES
from conferences.models import Document
from conferences.selectors import conference_documents
from conferences.tests.factories import make_conference_on_day, make_training
from overenskommelse.tests.cast import CAST, assert_status, login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _create_url(conference):
    return reverse("conferences:document_create", kwargs={"pk": conference.pk})


def _file_url(document):
    return reverse("conferences:document_file", kwargs={"pk": document.conference_id, "document_pk": document.pk})


def _upload(content=PDF, name="presentation.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _document(conference, **fields) -> Document:
    document = Document(conference=conference, title=fields.pop("title", "Presentation om IOP"), **fields)
    document.file.save("x.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 200),
    ],
)
def test_only_the_convener_adds_documentation(client, request, conference, who, expected):
    login(client, request, who)
    assert_status(client.get(_create_url(conference)), expected)
    response = client.post(_create_url(conference), {"title": "Anteckningar", "notes": "Vi pratade."})
    assert_status(response, "redirect" if expected == 200 else expected)
    assert Document.objects.exists() == (expected == 200)


def test_the_convener_uploads_a_presentation_for_a_session(client, convener, conference, training):
    client.force_login(convener)
    response = client.post(
        _create_url(conference), {"title": "Bilder om IOP", "session": training.pk, "file": _upload()}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.title, document.session, document.file.read()) == ("Bilder om IOP", training, PDF)


def test_the_convener_writes_notes_without_a_file(client, convener, conference):
    client.force_login(convener)
    client.post(_create_url(conference), {"title": "Dialogrunda", "notes": "Tre saker kom fram."})
    assert Document.objects.get().notes == "Tre saker kom fram."


def test_documentation_needs_a_file_or_notes(client, convener, conference, english):
    client.force_login(convener)
    response = client.post(_create_url(conference), {"title": "Tom"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Upload a PDF or write notes (or both)."]
    assert response.context["form"]["title"].value() == "Tom"


def test_a_file_that_is_not_a_pdf_is_refused(client, convener, conference):
    client.force_login(convener)
    response = client.post(
        _create_url(conference), {"title": "Bilder", "file": _upload(b"<html>not a pdf</html>", "bilder.pdf")}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("file", code="not_pdf")
    assert not Document.objects.exists()


def test_a_pdf_larger_than_the_limit_is_refused(client, convener, conference):
    client.force_login(convener)
    big = PDF + b"0" * DOCUMENT_MAX_BYTES
    response = client.post(_create_url(conference), {"title": "Stor", "file": _upload(big)})
    assert response.context["form"].has_error("file", code="too_large")


def test_a_session_of_another_conference_cannot_be_chosen(client, convener, conference):
    other_session = make_training(make_conference_on_day(title="En annan"))
    client.force_login(convener)
    response = client.post(
        _create_url(conference), {"title": "Bilder", "notes": "x", "session": other_session.pk}
    )
    assert response.context["form"].has_error("session")


# --- Reading the documentation ----------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_everyone_reads_the_pdf_of_a_published_conference(client, request, conference, who):
    document = _document(conference)
    login(client, request, who)
    response = client.get(_file_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 404),
        ("representative_a", 404),
        ("representative_b", 404),
        ("officer_x", 404),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_the_pdf_of_a_draft_conference_is_for_the_group_and_the_convener(client, request, who, expected):
    document = _document(make_conference_on_day(is_published=False))
    login(client, request, who)
    assert_status(client.get(_file_url(document)), expected)


def test_a_document_of_another_conference_is_not_found_under_this_one(client, conference):
    document = _document(make_conference_on_day(title="En annan"))
    url = reverse("conferences:document_file", kwargs={"pk": conference.pk, "document_pk": document.pk})
    assert client.get(url).status_code == 404


def test_notes_without_a_file_have_no_pdf(client, conference):
    document = Document.objects.create(conference=conference, title="Anteckningar", notes="Text")
    assert client.get(_file_url(document)).status_code == 404


def test_the_conference_page_include_lists_the_documentation_in_programme_order(conference):
    late = make_training(conference, title="Eftermiddagspass", hour=15)
    early = make_training(conference, title="Förmiddagspass", hour=9)
    _document(conference, title="Bilder från eftermiddagen", session=late)
    _document(conference, title="Bilder från förmiddagen", session=early)
    Document.objects.create(conference=conference, title="Sammanfattning", notes="Rad ett\nRad två")
    html = render_to_string(
        "conferences/_documents.html", {"conference": conference, "documents": conference_documents(conference)}
    )
    assert html.index("Sammanfattning") < html.index("Bilder från förmiddagen") < html.index("Bilder från eftermiddagen")
    assert "Rad ett<br>Rad två" in html
    assert html.count(".pdf\"") == 2


def test_the_include_renders_nothing_without_documentation(conference):
    html = render_to_string("conferences/_documents.html", {"conference": conference, "documents": []})
    assert html.strip() == ""
