import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from accounts.models import Representation
from accounts.roles import Role, roles_of
from accounts.second_factor import account_has_totp, forget_totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("cast", "expected"),
    [
        ("ordinary_user", set()),
        ("convener", {Role.CONVENER}),
        ("group_member", {Role.GROUP_MEMBER}),
        ("officer_x", {Role.OFFICER}),
        ("representative_a", {Role.REPRESENTATIVE}),
    ],
)
def test_each_user_in_the_cast_has_exactly_their_role(request, cast, expected):
    assert roles_of(request.getfixturevalue(cast)) == expected


def test_anonymous_visitor_has_no_role():
    assert roles_of(AnonymousUser()) == frozenset()


def test_deactivated_user_loses_their_roles(convener):
    convener.is_active = False
    assert roles_of(convener) == frozenset()


def test_only_representatives_and_the_convener_may_change_an_organisation(
    organisation_a, representative_a, representative_b, convener, group_member, ordinary_user
):
    perm = "accounts.change_organisation"
    assert representative_a.has_perm(perm, organisation_a)
    assert convener.has_perm(perm, organisation_a)
    assert not representative_b.has_perm(perm, organisation_a)
    assert not group_member.has_perm(perm, organisation_a)
    assert not ordinary_user.has_perm(perm, organisation_a)


def test_templates_ask_the_same_question_through_has_perm(organisation_a, representative_a, representative_b):
    template = Template(
        "{% load rules %}{% has_perm 'accounts.change_organisation' user org as may %}{{ may }}"
    )
    assert template.render(Context({"user": representative_a, "org": organisation_a})) == "True"
    assert template.render(Context({"user": representative_b, "org": organisation_a})) == "False"


def test_my_account_requires_login(client):
    response = client.get("/mitt-konto/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_my_account_shows_the_users_role_and_organisation(client, representative_a):
    client.force_login(representative_a)
    html = client.get("/mitt-konto/").content.decode()
    assert "Föreningen A" in html
    assert "rep.a@example.org" in html


def test_roles_and_two_step_verification_are_read_in_one_query(
    django_assert_num_queries, convener, representative_a, administration_x
):
    """A logged-in page asks for the roles and, for the group's rights, whether the account has
    two-step verification: one round trip for both, none for asking again."""
    Representation.objects.create(user=convener, organisation=administration_x)
    fresh = type(convener).objects.get(pk=convener.pk)
    with django_assert_num_queries(1):
        assert roles_of(fresh) == {Role.CONVENER, Role.OFFICER}
        assert account_has_totp(fresh) is True
        assert roles_of(fresh) == {Role.CONVENER, Role.OFFICER}
    other = type(representative_a).objects.get(pk=representative_a.pk)
    with django_assert_num_queries(1):
        assert roles_of(other) == {Role.REPRESENTATIVE}
        assert account_has_totp(other) is False


def test_turning_two_step_verification_off_is_seen_after_forgetting(convener):
    assert roles_of(convener) and account_has_totp(convener) is True
    Authenticator.objects.filter(user=convener).delete()
    forget_totp(convener)
    assert account_has_totp(convener) is False
