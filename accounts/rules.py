"""Predicates and permissions of accounts: the one place that says who may do what here.

Views declare ``permission_required`` with these names; templates ask ``{% has_perm %}``.
"""

import rules

from .models import Sector
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


@rules.predicate
def is_applicant(user, accession) -> bool:
    return accession is not None and user.is_authenticated and accession.applicant_id == user.pk


@rules.predicate
def is_draft(user, accession) -> bool:
    return accession is not None and accession.status == "draft"


@rules.predicate
def is_sent(user, accession) -> bool:
    return accession is not None and accession.status != "draft"


@rules.predicate
def is_open(user, accession) -> bool:
    return accession is not None and accession.is_open


@rules.predicate
def is_connected(user, organisation) -> bool:
    return organisation is not None and organisation.is_connected


@rules.predicate
def is_contact_person(user, organisation) -> bool:
    """Logged in with the contact person's email address: only they decide about being shown."""
    if organisation is None or not user.is_authenticated or not organisation.contact_email:
        return False
    return organisation.contact_email.lower() == user.email.lower()


@rules.predicate
def is_idea_driven(user, organisation) -> bool:
    return organisation is not None and organisation.sector == Sector.IDEA_DRIVEN


@rules.predicate
def represents_umbrella(user, request) -> bool:
    """Represents the umbrella organisation an ``UmbrellaRequest`` asks."""
    if request is None or not user.is_authenticated:
        return False
    return request.umbrella.representations.filter(user=user).exists()


@rules.predicate
def umbrella_has_nobody(user, request) -> bool:
    """The umbrella organisation an ``UmbrellaRequest`` asks has no representative in the portal."""
    return request is not None and not request.umbrella.representations.exists()


_MFA_CACHE_ATTR = "_portal_has_mfa"


@rules.predicate
def has_mfa(user) -> bool:
    """Two-step verification is on: the user has an active TOTP authenticator (allauth.mfa).
    Asked once per user object (one query), like the roles."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, _MFA_CACHE_ATTR, None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        setattr(user, _MFA_CACHE_ATTR, cached)
    return cached


def forget_mfa(user) -> None:
    """Drop the cached answer of ``has_mfa`` after turning two-step verification on or off."""
    if hasattr(user, _MFA_CACHE_ATTR):
        delattr(user, _MFA_CACHE_ATTR)


is_group_or_convener = is_convener | is_group_member
# Deciding, and seeing what only the group sees, needs two-step verification (issue 8).
is_verified_group_or_convener = is_group_or_convener & has_mfa
is_verified_convener = is_convener & has_mfa
# Not a permission: tells the 403 page that two-step verification is what is missing.
rules.add_rule("accounts.needs_two_step_verification", is_group_or_convener & ~has_mfa)

# Applications to join. Drafts are seen by their applicant only; the group sees what was sent.
rules.add_perm("accounts.add_accession", rules.is_authenticated)
rules.add_perm("accounts.view_accession", is_applicant | (is_verified_group_or_convener & is_sent))
rules.add_perm("accounts.change_accession", is_applicant & is_draft)
rules.add_perm("accounts.view_accession_queue", is_verified_group_or_convener)
rules.add_perm("accounts.decide_accession", is_verified_group_or_convener & is_open)
rules.add_perm(
    "accounts.view_accession_attachment", is_applicant | (is_verified_group_or_convener & is_sent)
)
# Applying again for an idea-driven organisation that is not (or no longer) connected.
rules.add_perm("accounts.apply_for_organisation", represents & is_idea_driven & ~is_connected)

# Organisations.
rules.add_perm("accounts.view_own_account", rules.is_authenticated)
rules.add_perm("accounts.manage_organisation", is_convener | represents)
rules.add_perm("accounts.change_organisation", is_convener | represents)
rules.add_perm("accounts.invite_representative", is_convener | represents)
rules.add_perm("accounts.withdraw_organisation", represents & is_connected)
# The public profile: connected organisations for everyone; a preview for its own people.
rules.add_perm("accounts.view_organisation", is_connected | is_convener | represents)
rules.add_perm("accounts.consent_organisation", is_contact_person)
# Being listed as a member of an umbrella organisation: its people answer; the convener answers
# for it only while it has nobody in the portal (otherwise nobody could ever answer).
rules.add_perm(
    "accounts.answer_umbrella_request", represents_umbrella | (is_convener & umbrella_has_nobody)
)

# The register of every organisation the agreement deals with.
rules.add_perm("accounts.view_register", is_convener)
rules.add_perm("accounts.add_organisation", is_convener)
rules.add_perm("accounts.import_register", is_convener)
rules.add_perm("accounts.edit_register", is_convener)

# The audit log (overenskommelse.AuditEntry): the convener reads it; nobody changes it.
rules.add_perm("overenskommelse.view_audit_log", is_verified_convener)
