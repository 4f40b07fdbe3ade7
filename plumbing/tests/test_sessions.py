"""The session store reads Django's session table with a compiled query: the same answers as
Django's database sessions."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from plumbing.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_saved_session_is_read_back_in_one_query(django_assert_num_queries):
    saved = SessionStore()
    saved["_auth_user_id"] = "42"
    saved["records"] = [{"method": "password", "at": 1.5}]
    saved.save()
    with django_assert_num_queries(1):
        loaded = SessionStore(saved.session_key).load()
    assert loaded == {"_auth_user_id": "42", "records": [{"method": "password", "at": 1.5}]}
    assert loaded == DjangoSessionStore(saved.session_key).load()


def test_each_key_reads_its_own_session():
    first, second = SessionStore(), SessionStore()
    first["who"], second["who"] = "first", "second"
    first.save()
    second.save()
    assert SessionStore(second.session_key).load() == {"who": "second"}
    assert SessionStore(first.session_key).load() == {"who": "first"}


def test_an_expired_session_is_empty_and_forgets_its_key():
    saved = SessionStore()
    saved["_auth_user_id"] = "42"
    saved.save()
    Session.objects.filter(session_key=saved.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    store = SessionStore(saved.session_key)
    assert store.load() == {}
    assert store.session_key is None


def test_an_unknown_key_is_an_empty_session():
    store = SessionStore("x" * 32)
    assert store.load() == {}
    assert store.session_key is None


def test_a_logged_in_page_keeps_its_login(client, ordinary_user):
    client.force_login(ordinary_user)
    response = client.get("/mitt-konto/")
    assert response.status_code == 200
    assert ordinary_user.email in response.content.decode()
