"""The roles of the portal, represented once, here.

* convener (sammankallande) and member of the collaboration group (samverkansgruppen) are Django
  groups, so the admin (and later the group's seats) can grant them;
* officer of a municipal administration and representative of an organisation follow from the
  user's ``Representation`` rows and the sector of the organisation represented.

Views and templates never look at these directly: they ask ``user.has_perm("app.verb_model", obj)``
(``{% has_perm %}`` in templates), and each app's ``rules.py`` builds its permissions from the
predicates below.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from overenskommelse.selectors import word_lazy, worded_lazy

from .models import Sector, kinds_of_sector

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


def roles_of(user) -> frozenset[Role]:
    """The user's roles, worked out with at most two queries and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: set[Role] = set()
    group_names = set(user.groups.values_list("name", flat=True))
    if CONVENER_GROUP in group_names:
        roles.add(Role.CONVENER)
    if COLLABORATION_GROUP in group_names:
        roles.add(Role.GROUP_MEMBER)
    public_kinds = set(kinds_of_sector(Sector.PUBLIC))
    for kind in user.representations.values_list("organisation__kind", flat=True).distinct():
        roles.add(Role.OFFICER if kind in public_kinds else Role.REPRESENTATIVE)
    frozen = frozenset(roles)
    setattr(user, _CACHE_ATTR, frozen)
    setattr(user, _ADJUNCT_ATTR, ADJUNCT_GROUP in group_names)
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
