"""The roles of the portal, represented once, here.

* convener (sammankallande) and member of the collaboration group (samverkansgruppen) are Django
  groups, so the admin (and later the group's seats) can grant them;
* officer of a municipal administration and representative of an organisation follow from the
  user's ``Representation`` rows and the sector of the organisation represented.

Views and templates never look at these directly: they ask ``user.has_perm("app.verb_model", obj)``
(``{% has_perm %}`` in templates), and each app's ``rules.py`` builds its permissions from the
predicates below.
"""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import connections, models
from django.db.models import Value
from django.utils.translation import gettext_lazy as _

from overenskommelse.selectors import word_lazy, worded_lazy
from plumbing.compiled import CompiledQueries, Marker

from . import second_factor
from .models import Representation, Sector, kinds_of_sector

CONVENER_GROUP = "sammankallande"
COLLABORATION_GROUP = "samverkansgruppen"
# Holders of an adjunct seat are in both groups: they read what the group reads, but do not decide.
ADJUNCT_GROUP = "adjungerade"


class Role(models.TextChoices):
    CONVENER = "convener", word_lazy("Convener")
    GROUP_MEMBER = "group_member", worded_lazy(_("Member of %(group)s"))
    OFFICER = "officer", _("Officer of a municipal administration")
    REPRESENTATIVE = "representative", _("Representative of an organisation")


_CACHE_ATTR = "_portal_roles"
_ADJUNCT_ATTR = "_portal_adjunct"


# What a logged-in request asks about its user: the groups, the kinds of the organisations the user
# represents, and whether the account has two-step verification turned on. One round trip, the
# query compiled once per process (plumbing/compiled.py): asked on every logged-in page.
_QUERIES = CompiledQueries({"user": Marker(987654321987)})
_GROUP, _KIND, _TOTP = "group", "kind", "totp"


def _standing_query(user):
    groups = Group.objects.filter(user=user).values_list(Value(_GROUP), "name")
    kinds = Representation.objects.filter(user=user).values_list(Value(_KIND), "organisation__kind")
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).values_list(Value(_TOTP), "type")
    return groups.union(kinds, totp, all=True)


def roles_of(user) -> frozenset[Role]:
    """The user's roles, worked out with one query and cached on the user object (with whether the
    account has two-step verification, which ``second_factor.account_has_totp`` would ask next)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    rows = _QUERIES.rows(connections[Group.objects.db], ("standing",), _standing_query, user=user.pk)
    group_names = {value for what, value in rows if what == _GROUP}
    kinds = {value for what, value in rows if what == _KIND}
    roles: set[Role] = set()
    if CONVENER_GROUP in group_names:
        roles.add(Role.CONVENER)
    if COLLABORATION_GROUP in group_names:
        roles.add(Role.GROUP_MEMBER)
    public_kinds = set(kinds_of_sector(Sector.PUBLIC))
    for kind in kinds:
        roles.add(Role.OFFICER if kind in public_kinds else Role.REPRESENTATIVE)
    frozen = frozenset(roles)
    setattr(user, _CACHE_ATTR, frozen)
    setattr(user, _ADJUNCT_ATTR, ADJUNCT_GROUP in group_names)
    second_factor.remember_totp(user, any(what == _TOTP for what, _value in rows))
    return frozen


def holds_adjunct_seat(user) -> bool:
    """In the group's role on an adjunct seat (``ADJUNCT_GROUP``): reads what the group reads, does
    not decide. Not a role of its own: a member of the group whom the rules leave out of decisions.
    Read with the roles (no query of its own)."""
    if not roles_of(user):
        return False
    return getattr(user, _ADJUNCT_ATTR, False)


def forget_roles(user) -> None:
    """Drop the cached roles after a change (a new representation, a new group)."""
    for attr in (_CACHE_ATTR, _ADJUNCT_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def role_group(name: str):
    """The Django group of a role (created by a migration; recreated here if a test emptied it)."""

    return Group.objects.get_or_create(name=name)[0]
