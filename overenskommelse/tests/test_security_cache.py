"""Pages and files with personal data are never kept by a browser or a proxy (issue 13): every
answer to a logged-in person, and every answer to a personal link (a registration's, an
invitation's, a certificate's token), is sent ``Cache-Control: private, no-store``. Public pages for
visitors who are not logged in keep their own headers.

The URLs are those of the permission matrix (every URL of the portal, in one world), so a new view
is checked without being listed here."""

import pytest
from django.urls import reverse

from .permission_matrix_table import ROLES, TABLE
from .test_permission_matrix import PDF, _ask, build_world, url_kwargs

pytestmark = pytest.mark.django_db

# What the brief names, each answered 200 to the role given: all must be in the table's walk.
PERSONAL_PAGES = [
    ("accounts:data_export", {}, "ordinary_user"),  # mina-uppgifter.json
    ("accounts:register", {}, "convener"),
    ("accounts:organisation_manage", {"pk": "organisation_a"}, "representative_a"),
    ("conferences:participants_csv", {"pk": "conference"}, "convener"),
    ("conferences:participants_xlsx", {"pk": "conference"}, "convener"),
    ("conferences:badges_pdf", {"pk": "conference"}, "convener"),
    ("collaboration:dashboard", {}, "group_member"),
]


@pytest.fixture
def world(request, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from conferences.views import attendance

    monkeypatch.setattr(attendance, "render_pdf", lambda *args, **kwargs: PDF)
    cast = {
        name: request.getfixturevalue(name)
        for name in (*ROLES[1:], "organisation_a", "organisation_b", "administration_x", "administration_y")
    }
    return cast, build_world(cast)


def _gets(role: str):
    column = ROLES.index(role)
    for name, kwargs, method, cells in TABLE:
        if method == "GET" and cells.split()[column] in ("200", "204"):
            yield name, kwargs


def _body_read(response) -> None:
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ["ordinary_user", "representative_a", "officer_x", "group_member", "convener"])
def test_every_page_and_file_for_a_logged_in_person_is_not_stored(client, world, role):
    cast, objects = world
    client.force_login(cast[role])
    stored = []
    for name, kwargs in _gets(role):
        path = reverse(name, kwargs=url_kwargs(objects, kwargs))
        response, _written = _ask(client, "GET", path)
        _body_read(response)
        if "no-store" not in response.get("Cache-Control", ""):
            stored.append(f"{name} {kwargs}: {response.get('Cache-Control')!r}")
    assert stored == []


def test_the_pages_named_in_the_issue_are_among_them(client, world):
    cast, objects = world
    for name, kwargs, role in PERSONAL_PAGES:
        assert (name, kwargs) in list(_gets(role)), name
        client.force_login(cast[role])
        response, _written = _ask(client, "GET", reverse(name, kwargs=url_kwargs(objects, kwargs)))
        _body_read(response)
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "private, no-store", name


def test_personal_links_are_not_stored_and_public_pages_keep_their_headers(client, world):
    _cast, objects = world
    personal, public = [], []
    for name, kwargs in _gets("anonymous"):
        path = reverse(name, kwargs=url_kwargs(objects, kwargs))
        response, _written = _ask(client, "GET", path)
        _body_read(response)
        (personal if "token" in kwargs else public).append((name, response.get("Cache-Control", "")))
    assert personal and public
    assert [name for name, header in personal if "no-store" not in header] == []
    # Untouched: the health check's own no-store stays, the others send none of ours.
    assert [name for name, header in public if header == "private, no-store"] == []
