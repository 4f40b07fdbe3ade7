"""Predicates and permissions of accounts: the one place that says who may do what here."""

import rules

from .roles import Role, roles_of


@rules.predicate
def is_convener(user) -> bool:
    return Role.CONVENER in roles_of(user)


@rules.predicate
def is_group_member(user) -> bool:
    return Role.GROUP_MEMBER in roles_of(user)


@rules.predicate
def is_officer(user) -> bool:
    return Role.OFFICER in roles_of(user)


@rules.predicate
def is_representative(user) -> bool:
    return Role.REPRESENTATIVE in roles_of(user)


@rules.predicate
def represents(user, organisation) -> bool:
    if organisation is None or not user.is_authenticated:
        return False
    return organisation.representations.filter(user=user).exists()


is_group_or_convener = is_convener | is_group_member

rules.add_perm("accounts.view_own_account", rules.is_authenticated)
rules.add_perm("accounts.change_organisation", is_convener | represents)
