"""Bytes that are not UTF-8 are refused (issue 13): Django would decode them with
``errors="replace"`` and store "\\ufffd" in place of what was typed. A form post or a query string
with such bytes gets a 400 with a Swedish page, and nothing is saved."""

import pytest
from django.urls import reverse

from accounts.models import Accession

pytestmark = pytest.mark.django_db

URLENCODED = "application/x-www-form-urlencoded"
SWEDISH = "Texten gick inte att läsa"


def _start(client, user):
    client.force_login(user)
    return reverse("accounts:accession_start")


def test_a_form_post_in_latin_1_is_refused_and_nothing_saved(client, ordinary_user):
    url = _start(client, ordinary_user)
    response = client.post(url, b"name=F%F6reningen+X&action=save", content_type=URLENCODED)
    assert response.status_code == 400
    assert SWEDISH in response.content.decode()
    assert not Accession.objects.exists()


def test_raw_invalid_bytes_in_a_form_post_are_refused(client, ordinary_user):
    url = _start(client, ordinary_user)
    response = client.post(url, b"name=F\xf6reningen&action=save", content_type=URLENCODED)
    assert response.status_code == 400
    assert not Accession.objects.exists()


def test_invalid_bytes_in_a_form_with_a_file_are_refused(client, ordinary_user):
    url = _start(client, ordinary_user)
    boundary = "BoUnDaRy"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="name"\r\n\r\n'
    ).encode() + b"F\xf6reningen\r\n" + (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="action"\r\n\r\n'
        f"save\r\n--{boundary}--\r\n"
    ).encode()
    response = client.post(url, body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert not Accession.objects.exists()


def test_a_query_string_with_invalid_bytes_is_refused(client):
    response = client.get(reverse("initiatives:partnership_list") + "?form=%FF%FE")
    assert response.status_code == 400
    assert SWEDISH in response.content.decode()


def test_swedish_letters_in_utf_8_are_saved_as_typed(client, ordinary_user):
    url = _start(client, ordinary_user)
    response = client.post(url, b"name=F%C3%B6reningen+%C3%85%C3%A4&action=save", content_type=URLENCODED)
    assert response.status_code == 302
    assert Accession.objects.get().name == "Föreningen Åä"
    assert client.get(reverse("initiatives:partnership_list") + "?form=%C3%B6").status_code == 200
