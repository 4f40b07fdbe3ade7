"""The chrome of every page written in Python (``overenskommelse/templatetags/page_chrome.py``) is
the markup ``base.html`` wrote with its tags: the template as it was (``base_template_before.html``,
kept as it stood) and the one of today rendered side by side, byte for byte, in both languages, for
each role of the cast (with and without the second factor), on each page of the main menu and an
unrelated one, with a query string that needs escaping, with and without an agreement, under a
script prefix; and the pages that fill the blocks get the same page from both."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix
from django.utils import translation

from accounts.models import User
from accounts.second_factor import mark_second_factor
from accounts.tests import factories
from overenskommelse.context_processors import portal
from overenskommelse.templatetags import page_chrome
from overenskommelse.tests.factories import AgreementFactory
from overenskommelse.tests.test_security_templates import _problems

pytestmark = pytest.mark.django_db

BEFORE = engines["django"].from_string(
    (Path(__file__).parent / "base_template_before.html").read_text(encoding="utf-8")
)
MENU_PAGES = [reverse(name) for name in page_chrome.MENU_PAGES]
UNRELATED = reverse("accounts:privacy")
# What the language switch returns to, with each character that needs escaping (as a browser may
# send it: the request's address keeps & and ', quotes " < >).
QUERY = "?next=/s%C3%B6k?a=\"1\"&b=<2>&c='3'"
# A token with characters to escape, the same in both renderings.
TOKEN = 'tok"<en>&'

# (fixture of the cast, whether the session passed the second factor)
CAST = [
    ("anonymous", False),
    ("ordinary_user", False),
    ("representative_a", False),
    ("officer_x", False),
    ("group_member", True),
    ("group_member", False),
    ("group_member_without_mfa", False),
    ("convener", True),
    ("convener", False),
    ("convener_without_mfa", False),
    ("staff", True),
    ("superuser", True),
    ("officer_in_the_group", True),
]


@pytest.fixture
def staff(group_member) -> User:
    """Staff (the admin site) who also sits in the group."""
    group_member.is_staff = True
    group_member.save()
    return group_member


@pytest.fixture
def superuser(convener) -> User:
    convener.is_staff = convener.is_superuser = True
    convener.save()
    return convener


@pytest.fixture
def officer_in_the_group(group_member, administration_x) -> User:
    """Sees every link but the register's and the audit log's: a member of the group who works
    at a förvaltning."""
    factories.RepresentationFactory(user=group_member, organisation=administration_x)
    return group_member


def _user(request, who: str, second_factor: bool):
    if who == "anonymous":
        return AnonymousUser()
    # A fresh object for each request, as a request's user is (its roles asked anew).
    user = User.objects.get(pk=request.getfixturevalue(who).pk)
    return mark_second_factor(user, second_factor)


def _request(user, path: str = UNRELATED, **extra):
    request = RequestFactory().get(path + QUERY, **extra)
    request.user = user
    return request


def _side_by_side(request, context=None) -> str:
    context = {"csrf_token": TOKEN, **(context or {})}
    before = BEFORE.render(context, request)
    after = get_template("base.html").render(context, request)
    assert after == before
    return after


def _links(html: str) -> list[str]:
    return re.findall(r'class="[^"]*account-link[^"]*"[^>]*>([^<]+)<', html)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("who", "second_factor"), CAST)
def test_the_chrome_is_the_templates_for_every_role_on_every_menu_page(request, who, second_factor, language):
    AgreementFactory(name='Överenskommelsen "A & B" <i>', contact_email="fragor&svar@example.org", group_name="styrgruppen")
    user = _user(request, who, second_factor)
    with translation.override(language):
        for path in [*MENU_PAGES, UNRELATED, "/"]:
            html = _side_by_side(_request(user, path))
            assert html.count('aria-current="page"') == (path in MENU_PAGES)
            assert "Styrgruppen" in html
            assert "&lt;i&gt;" in html and "fragor&amp;svar@example.org" in html
            assert '?next=/s%C3%B6k?a=%221%22&amp;b=%3C2%3E&amp;c=&#x27;3&#x27;">' in html
            assert html.count('value="tok&quot;&lt;en&gt;&amp;"') == (1 if who == "anonymous" else 2)
            assert _problems(html) == []


def test_the_links_are_the_ones_each_role_may_follow(request):
    """The rules still decide the header's links (the side-by-side test says the two agree; this
    says what they agree on)."""
    seen = {}
    for who, second_factor in CAST:
        with translation.override("en"):
            seen[who, second_factor] = _links(_side_by_side(_request(_user(request, who, second_factor))))
    assert seen["anonymous", False] == ["Log in", "Create account"]
    assert seen["ordinary_user", False] == ["My account", "Log out"]
    assert seen["representative_a", False] == ["Follow-up", "My account", "Log out"]
    assert seen["officer_x", False] == ["Follow-up", "Our commitments", "My account", "Log out"]
    group = ["Applications", "Dashboard", "Meetings", "Follow-up", "My account", "Log out"]
    assert seen["group_member", True] == group
    # Without the second factor, the way to the group's pages (and the 403 that says what to do).
    assert seen["group_member", False] == ["Dashboard", "Meetings", "My account", "Log out"]
    assert seen["convener", True] == [*group[:4], "Register", "Audit log", "My account", "Log out"]
    assert seen["superuser", True] == [*group[:4], "Register", "Audit log", "Our commitments", "My account", "Log out"]
    assert seen["officer_in_the_group", True] == [*group[:4], "Our commitments", "My account", "Log out"]


def test_without_an_agreement_or_a_request_the_chrome_is_the_templates():
    for language in ("sv", "en"):
        with translation.override(language):
            _side_by_side(_request(AnonymousUser()), {"current_agreement": None})
            context = {"current_agreement": None}
            assert get_template("base.html").render(context) == BEFORE.render(context)


def test_under_a_script_prefix_the_addresses_and_the_current_page_are_the_templates(request):
    AgreementFactory()
    user = _user(request, "convener", True)
    try:
        set_script_prefix("/portal/")
        path = reverse("initiatives:initiative_list")
        assert path.startswith("/portal/")
        html = _side_by_side(_request(user, path.removeprefix("/portal"), SCRIPT_NAME="/portal"))
        assert f'href="{path}" aria-current="page"' in html
    finally:
        set_script_prefix("/")
    assert 'href="/portal/' not in _side_by_side(_request(user))


def test_a_page_that_fills_the_blocks_gets_the_same_page(request):
    AgreementFactory()
    page = (
        "{% extends base %}{% block title %}Titel{% endblock %}"
        '{% block extra_head %}<link rel="stylesheet" href="/static/css/charts.css">{% endblock %}'
        '{% block main_menu %}{{ block.super }}<li class="nav-item">Extra</li>{% endblock %}'
        "{% block content %}<h1>Innehåll</h1>{% endblock %}"
        '{% block extra_js %}<script src="/static/js/x.js"></script>{% endblock %}'
    )
    own_menu = '{% extends base %}{% block main_menu %}<li class="nav-item">Bara denna</li>{% endblock %}'
    # The menu in English on a Swedish page: the words follow the language of the moment.
    english_menu = (
        "{% extends base %}{% load i18n %}"
        "{% block main_menu %}{% language 'en' %}{{ block.super }}{% endlanguage %}{% endblock %}"
    )
    engine = engines["django"]
    for source in (page, own_menu, english_menu):
        for who, second_factor in (("anonymous", False), ("group_member", True)):
            web_request = _request(_user(request, who, second_factor), reverse("join"))
            before = engine.from_string(source).render({"base": BEFORE.template, "csrf_token": TOKEN}, web_request)
            after = engine.from_string(source).render({"base": "base.html", "csrf_token": TOKEN}, web_request)
            assert after == before
        if source == page:
            assert "<h1>Innehåll</h1>" in after and 'Extra</li>' in after and 'href="/anslut/" aria-current="page"' in after
        if source == own_menu:
            assert "Bara denna" in after and 'class="dropdown-menu"' not in after
        if source == english_menu:
            assert ">The agreement</a>" in after and ">Logga ut</button>" in after


def test_the_permissions_are_asked_once_per_request_and_again_at_the_next(request, monkeypatch):
    asked = []
    has_perm = User.has_perm
    monkeypatch.setattr(User, "has_perm", lambda self, perm, obj=None: asked.append(perm) or has_perm(self, perm, obj))
    web_request = _request(_user(request, "group_member", True))
    context = portal(web_request)
    get_template("base.html").render(context, web_request)
    get_template("base.html").render(context, web_request)
    assert sorted(asked) == sorted(page_chrome.HEADER_PERMISSIONS)

    # Out of the group: the next request's header has no link to the group's pages.
    User.objects.get(email="ledamot@example.org").groups.clear()
    html = get_template("base.html").render({}, _request(_user(request, "group_member", True)))
    assert len(asked) == 2 * len(page_chrome.HEADER_PERMISSIONS)
    assert "Dashboard" not in _links(html) and "Översikt" not in _links(html)
    assert len(_links(html)) == 2
