"""The fixed cast of users, one per role (CONVENTIONS.md §10), shared by every app's tests."""
pytest_plugins = ["overenskommelse.tests.browser", "overenskommelse.tests.fixtures"]

import pytest

from accounts.models import Organisation, OrganisationKind, User
from accounts.roles import COLLABORATION_GROUP, CONVENER_GROUP, role_group
from accounts.second_factor import mark_second_factor
from accounts.tests import factories
from plumbing.testing import PortalClient

PASSWORD = factories.PASSWORD
# The TOTP secret (base32) of the convener and the group member: they decide, so they have
# two-step verification, as in production (accounts.rules.has_mfa). Codes: browser.totp_code(user).
# The cast's user objects with it stand for a session that passed it (the rules asked directly);
# the test client's force_login leaves such a session too (overenskommelse/tests/cast.py).
TOTP_SECRET = "KRSXG5CTMVRXEZLUKRXXI4CTMVRXEZLU"


def _user(email: str, **extra) -> User:
    # allauth requires a verified address to log in (mandatory verification): the factory adds it.
    return factories.UserFactory(email=email, **extra)


def _with_totp(user: User) -> User:
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)
    return mark_second_factor(user)


@pytest.fixture
def client() -> PortalClient:
    """Django's test client, logging in as the portal's login does (with the second factor for
    whoever has it turned on); ``client.force_login(user, second_factor=False)`` for the password
    alone."""
    return PortalClient()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def ordinary_user(db) -> User:
    return _user("anna.vanlig@example.org", full_name="Anna Vanlig")


@pytest.fixture
def convener(db) -> User:
    user = _user("sammankallande@example.org", full_name="Sara Sammankallande")
    user.groups.add(role_group(CONVENER_GROUP))
    return _with_totp(user)


@pytest.fixture
def group_member(db) -> User:
    user = _user("ledamot@example.org", full_name="Gustav Gruppledamot")
    user.groups.add(role_group(COLLABORATION_GROUP))
    return _with_totp(user)


@pytest.fixture
def convener_without_mfa(db) -> User:
    """A convener who has not turned on two-step verification."""
    user = _user("ny.sammankallande@example.org", full_name="Nora Nysammankallande")
    user.groups.add(role_group(CONVENER_GROUP))
    return user


@pytest.fixture
def group_member_without_mfa(db) -> User:
    """A member of the group who has not turned on two-step verification."""
    user = _user("ny.ledamot@example.org", full_name="Nils Nyledamot")
    user.groups.add(role_group(COLLABORATION_GROUP))
    return user


@pytest.fixture
def organisation_a(db) -> Organisation:
    return factories.OrganisationFactory(name="Föreningen A", kind=OrganisationKind.NON_PROFIT_ASSOCIATION)


@pytest.fixture
def organisation_b(db) -> Organisation:
    return factories.OrganisationFactory(name="Föreningen B", kind=OrganisationKind.NON_PROFIT_ASSOCIATION)


@pytest.fixture
def administration_x(db) -> Organisation:
    return factories.OrganisationFactory(name="Kultur- och fritidsförvaltningen", kind=OrganisationKind.ADMINISTRATION)


@pytest.fixture
def administration_y(db) -> Organisation:
    return factories.OrganisationFactory(name="Socialförvaltningen", kind=OrganisationKind.ADMINISTRATION)


@pytest.fixture
def representative_a(organisation_a) -> User:
    user = _user("rep.a@example.org", full_name="Rut Representant A")
    factories.RepresentationFactory(user=user, organisation=organisation_a)
    return user


@pytest.fixture
def representative_b(organisation_b) -> User:
    user = _user("rep.b@example.org", full_name="Bo Representant B")
    factories.RepresentationFactory(user=user, organisation=organisation_b)
    return user


@pytest.fixture
def officer_x(administration_x) -> User:
    user = _user("handlaggare.x@example.org", full_name="Olle Tjänsteperson X")
    factories.RepresentationFactory(user=user, organisation=administration_x)
    return user


@pytest.fixture
def officer_y(administration_y) -> User:
    user = _user("handlaggare.y@example.org", full_name="Yvonne Tjänsteperson Y")
    factories.RepresentationFactory(user=user, organisation=administration_y)
    return user


@pytest.fixture(autouse=True)
def _swedish_by_default():
    """Each test starts in the portal's default language, whatever the previous one switched to
    (Django keeps the active language per thread after a request)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters, used TOTP codes and cached
    figures of one test must not reach the next (the test settings keep the cache in memory)."""
    from django.core.cache import cache

    cache.clear()
    yield
