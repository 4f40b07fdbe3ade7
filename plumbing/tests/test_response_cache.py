"""Public pages from the cache, always right (issue 16, point 1; plumbing/response_cache.py).

Each cached page: the second anonymous visit is answered from the cache (no query), a change of what
it shows — through a model's ``save()`` or a ``QuerySet.update()`` — is on the very next visit, a
logged-in person never gets the cached page (nor leaves theirs in it), the language and the visitor's
own CSRF token are right, a conditional request gets 304, and a cache that is down only means the
page is rendered afresh.

With ``REDIS_URL`` set (CI) the cache is that Redis (a key prefix of the test's own); without it the
cache is local memory. The database is SQLite or, with ``DATABASE_URL``, PostgreSQL.
"""

import os
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation
from conferences.models import Session
from initiatives.models import Initiative, Partnership
from overenskommelse.models import Agreement
from overenskommelse.tests.test_permission_matrix import (
    build_world,
    project_urls,
    url_kwargs,
)
from plumbing import response_cache

pytestmark = pytest.mark.django_db

CAST = (
    "convener",
    "group_member",
    "representative_a",
    "representative_b",
    "officer_x",
    "officer_y",
    "ordinary_user",
)


@pytest.fixture
def shared_cache(settings):
    """The cache of production when CI gives a Redis (REDIS_URL), else local memory."""
    url = os.environ.get("REDIS_URL")
    if url:
        from overenskommelse.tests.faults_support import reset_breakers

        settings.CACHES = {
            "default": {
                "BACKEND": "plumbing.cache.ResilientRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"ok-test-{uuid.uuid4().hex}",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        reset_breakers()
    return settings.CACHES["default"]["BACKEND"]


@pytest.fixture
def world(request, settings, tmp_path, monkeypatch, shared_cache):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cast = {
        name: request.getfixturevalue(name)
        for name in (
            *CAST,
            "organisation_a",
            "organisation_b",
            "administration_x",
            "administration_y",
        )
    }
    return cast, build_world(cast)


def _rename_agreement(world):
    agreement = Agreement.objects.get()
    agreement.name = "Den ändrade överenskommelsen"
    agreement.save()
    return "Den ändrade överenskommelsen"


def _rename_organisation(world):
    Organisation.objects.filter(pk=world["organisation_a"].pk).update(
        name="Omdöpta föreningen A"
    )
    return "Omdöpta föreningen A"


def _rename_organisation_by_save(world):
    organisation = Organisation.objects.get(pk=world["organisation_a"].pk)
    organisation.name = "Sparade föreningen A"
    organisation.save()
    return "Sparade föreningen A"


def _rename_initiative(world):
    Initiative.objects.filter(pk=world["initiative_a_public"].pk).update(
        title="Omdöpt öppet initiativ"
    )
    return "Omdöpt öppet initiativ"


def _rename_partnership(world):
    partnership = Partnership.objects.get(pk=world["partnership_x"].pk)
    partnership.title = "Omdöpt mötesplats"
    partnership.save()
    return "Omdöpt mötesplats"


def _rename_session(world):
    Session.objects.filter(pk=world["session"].pk).update(title="Omdöpt pass")
    return "Omdöpt pass"


# Every cached page: (URL name, its arguments from the world, a change of what it shows).
PAGES = [
    ("home", {}, _rename_agreement),
    ("agreement", {}, _rename_agreement),
    ("principles", {}, _rename_agreement),
    ("action_plan", {}, _rename_agreement),
    ("priority_area", {"slug": "priority_area"}, _rename_agreement),
    ("process", {}, _rename_agreement),
    ("join", {}, _rename_agreement),
    ("contact", {}, _rename_agreement),
    ("accessibility", {}, _rename_agreement),
    ("accounts:organisation_list", {}, _rename_organisation),
    ("accounts:organisation_list_csv", {}, _rename_organisation),
    ("accounts:organisation_list_json", {}, _rename_organisation),
    (
        "accounts:organisation_profile",
        {"pk": "organisation_a"},
        _rename_organisation_by_save,
    ),
    ("initiatives:initiative_list", {}, _rename_initiative),
    (
        "initiatives:initiative_detail",
        {"pk": "initiative_a_public"},
        _rename_initiative,
    ),
    ("initiatives:partnership_list", {}, _rename_partnership),
    ("initiatives:partnership_list_csv", {}, _rename_partnership),
    ("initiatives:partnership_list_json", {}, _rename_partnership),
    ("initiatives:partnership_detail", {"pk": "partnership_x"}, _rename_partnership),
    ("conferences:programme", {"pk": "conference"}, _rename_session),
]


def _path(objects, name, kwargs):
    return reverse(name, kwargs=url_kwargs(objects, kwargs))


def _get(client, path, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    return response, len(captured)


def _text(response) -> str:
    return response.content.decode("utf-8")


def test_every_cached_page_is_listed_here_and_named_in_the_urls():
    assert {name for name, _kwargs, _change in PAGES} == response_cache.CACHED_PAGES
    named = {name: route for name, route, _pattern in project_urls()}
    assert response_cache.CACHED_PAGES <= set(named)
    # None is a personal link (a registration's, an invitation's token).
    assert [
        name for name in response_cache.CACHED_PAGES if "<str:token>" in named[name]
    ] == []


@pytest.mark.parametrize("name, kwargs, change", PAGES, ids=[page[0] for page in PAGES])
def test_a_change_shows_on_the_very_next_visit(world, name, kwargs, change):
    _cast, objects = world
    path = _path(objects, name, kwargs)
    visitor = Client()
    first, _queries = _get(visitor, path)
    assert first.status_code == 200
    again, queries = _get(visitor, path)
    assert again.status_code == 200
    assert queries == 0, "the second visit is answered from the cache"
    assert again.content.replace(b"\n", b"") and _text(again).count(
        "csrfmiddlewaretoken"
    ) == _text(first).count("csrfmiddlewaretoken")
    expected = change(objects)
    assert expected not in _text(first)
    changed, queries = _get(visitor, path)
    assert changed.status_code == 200
    assert expected in _text(changed)
    assert queries > 0
    # … and a second visitor gets the new page from the cache.
    other, queries = _get(Client(), path)
    assert expected in _text(other) and queries == 0


def test_a_logged_in_person_never_gets_the_cached_page_nor_leaves_theirs(world):
    cast, _objects = world
    path = reverse("accounts:organisation_list")
    anonymous = Client()
    assert _get(anonymous, path)[0].status_code == 200
    member = Client()
    member.force_login(cast["representative_a"])
    page, queries = _get(member, path)
    assert queries > 0
    assert "Logga ut" in _text(page)
    assert page["Cache-Control"] == "private, no-store"
    assert "ETag" not in page
    other = Client()
    other.force_login(cast["officer_x"])
    officer_page = _text(other.get(path))
    assert "Logga ut" in officer_page
    assert cast["representative_a"].email not in officer_page
    # The anonymous page is still the anonymous one.
    after = _text(Client().get(path))
    assert "Logga ut" not in after
    assert "Logga in" in after


def test_a_page_shown_to_a_logged_in_person_is_not_stored(world):
    cast, _objects = world
    path = reverse("initiatives:initiative_list")
    member = Client()
    member.force_login(cast["representative_a"])
    assert "Logga ut" in _text(member.get(path))
    page, queries = _get(Client(), path)
    assert queries > 0  # nothing was stored by the logged-in visit
    assert "Logga ut" not in _text(page)


def test_the_language_is_part_of_the_address(world):
    _cast, _objects = world
    path = reverse("accounts:organisation_list")
    swedish = Client()
    assert 'lang="sv"' in _text(swedish.get(path))
    english = Client()
    english.cookies["django_language"] = "en"
    page = _text(english.get(path))
    assert '<html lang="en">' in page
    assert '<html lang="en">' in _text(english.get(path))
    assert '<html lang="sv">' in _text(swedish.get(path))


def test_a_visitor_with_a_message_or_a_session_is_not_answered_from_the_cache(world):
    _cast, _objects = world
    path = reverse("accounts:organisation_list")
    Client().get(path)
    assert _get(Client(), path)[1] == 0
    with_session = Client()
    with_session.cookies["sessionid"] = "not-a-session"
    assert _get(with_session, path)[1] > 1  # the session and the list
    with_message = Client()
    with_message.cookies["messages"] = "anything"
    assert _get(with_message, path)[1] > 0


def test_the_language_switch_of_a_cached_page_works_for_every_visitor(world):
    _cast, _objects = world
    path = reverse("accounts:organisation_list")
    Client().get(path)  # stored by someone else
    visitor = Client(enforce_csrf_checks=True)
    page, queries = _get(visitor, path)
    assert queries == 0
    assert "csrftoken" in page.cookies, "the visitor gets a CSRF cookie of their own"
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', _text(page)
    ).group(1)
    response = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": path, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert '<html lang="en">' in _text(visitor.get(path))


def test_a_conditional_request_gets_304_until_the_page_changes(world):
    _cast, objects = world
    path = reverse("initiatives:partnership_list")
    visitor = Client()
    first = visitor.get(path)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Last-Modified"]
    assert first["Cache-Control"] == "private, max-age=0, must-revalidate"
    assert "Cookie" in first["Vary"]
    again = visitor.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    _rename_partnership(objects)
    changed = visitor.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Omdöpt mötesplats" in _text(changed)
    # Another visitor (another CSRF cookie) never gets 304 for the first one's copy.
    assert (
        Client().get(path, headers={"If-None-Match": changed["ETag"]}).status_code
        == 200
    )


def test_open_data_may_be_kept_by_anyone_and_answers_304_to_a_date(world):
    path = reverse("accounts:organisation_list_json")
    first = Client().get(path)
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first["Access-Control-Allow-Origin"] == "*"
    again = Client().get(path, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


def test_the_open_data_limit_counts_answers_from_the_cache(world, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "open_data": "2/m"}
    path = reverse("accounts:organisation_list_csv")
    visitor = Client()
    assert [visitor.get(path).status_code for _ in range(3)] == [200, 200, 429]


def test_head_is_answered_from_the_cache(world):
    path = reverse("home")
    Client().get(path)
    with CaptureQueriesContext(connection) as captured:
        head = Client().head(path)
    assert head.status_code == 200
    assert len(captured) == 0


def test_a_cache_that_is_down_only_means_rendering_afresh(world, monkeypatch):
    _cast, objects = world
    path = reverse("accounts:organisation_list")
    Client().get(path)

    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    from django.core.cache import cache

    for method in ("get", "set", "add", "incr"):
        monkeypatch.setattr(cache, method, down)
    page = Client().get(path)
    assert page.status_code == 200
    _rename_organisation(objects)  # the bump cannot reach the cache: it is owed
    assert "Omdöpta föreningen A" in _text(Client().get(path))
    monkeypatch.undo()
    # Back: the owed bump is paid before anything is served from the cache.
    assert "Omdöpta föreningen A" in _text(Client().get(path))


def test_no_cached_page_reads_a_table_whose_writes_are_ignored(world):
    from django.core.cache import cache

    _cast, objects = world
    read = set()
    for name, kwargs, _change in PAGES:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(_path(objects, name, kwargs)).status_code == 200
        for query in captured.captured_queries:
            read |= set(
                re.findall(r'(?:FROM|JOIN)\s+"?([A-Za-z0-9_]+)"?', query["sql"])
            )
    assert read, "the pages read tables"
    assert read & response_cache.IGNORED_TABLES == set()


def test_writes_are_told_from_reads():
    written = response_cache._written_table
    assert (
        written('UPDATE "accounts_organisation" SET "name" = %s WHERE id = 1')
        == "accounts_organisation"
    )
    assert (
        written('INSERT INTO "django_session" ("session_key") VALUES (%s)')
        == "django_session"
    )
    assert (
        written('DELETE FROM "initiatives_initiative" WHERE id = 1')
        == "initiatives_initiative"
    )
    assert written("SELECT 1") is None
    # Django's union() on PostgreSQL: a read, which must not empty every cache on each page view.
    assert written('(SELECT "a"."id" FROM "a") UNION (SELECT "b"."id" FROM "b")') is None
    assert written('( ( SELECT 1 ) UNION ( SELECT 2 ) )') is None
    assert written('SAVEPOINT "s1"') is None
    assert (
        written("WITH x AS (DELETE FROM t RETURNING 1) SELECT 1") == ""
    )  # unknown: counts as a change


def test_redis_stopped_only_means_rendering_afresh(world, settings, tmp_path):
    """The real thing: the production cache on a redis-server of the test's own, killed and started."""
    from overenskommelse.tests.faults_support import RedisServer, use_redis_cache

    _cast, objects = world
    server = RedisServer(tmp_path).start()
    try:
        use_redis_cache(settings, server.url(0))
        path = reverse("accounts:organisation_list")
        Client().get(path)
        assert _get(Client(), path)[1] == 0  # from Redis
        server.kill()
        page, queries = _get(Client(), path)
        assert page.status_code == 200 and queries > 0
        _rename_organisation(objects)  # the bump cannot be made: owed
        assert "Omdöpta föreningen A" in _text(Client().get(path))
        server.start()  # empty, as after a crash
        use_redis_cache(settings, server.url(0))  # and this process tries Redis again at once
        assert "Omdöpta föreningen A" in _text(Client().get(path))
        assert _get(Client(), path)[1] == 0  # stored again
    finally:
        server.kill()


def test_every_form_of_every_cached_page_carries_the_visitors_own_token(world):
    """A page with a form that needs CSRF is on the list only because its token is replaced: on an
    answer from the cache every token is the visitor's (their cookie's secret), none the first
    visitor's."""
    from django.middleware.csrf import _unmask_cipher_token

    _cast, objects = world
    for name, kwargs, _change in PAGES:
        path = _path(objects, name, kwargs)
        first = Client()
        first.get(path)
        visitor = Client(enforce_csrf_checks=True)
        page, queries = _get(visitor, path)
        assert queries == 0, name
        html = _text(page)
        forms = re.findall(r'<form[^>]*method="post"', html)
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', html)
        assert len(tokens) == len(forms), name
        if tokens:
            secret = visitor.cookies["csrftoken"].value
            assert {_unmask_cipher_token(token) for token in tokens} == {secret}, name
            assert secret != first.cookies["csrftoken"].value
