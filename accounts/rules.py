"""Predicates and permissions of accounts: the one place that says who may do what here.

Views declare ``permission_required`` with these names; templates ask ``{% has_perm %}``.
"""

import rules

from . import second_factor
from .models import Sector
from .roles import Role, holds_adjunct_seat, roles_of


@rules.predicate
def has_convener_role(user) -> bool:
    """Holds the convener's role, whatever this session proved: only for showing the way (the
    header's links, the 403 page's advice), never for granting anything (use ``is_convener``)."""
    return Role.CONVENER in roles_of(user)


@rules.predicate
def has_group_role(user) -> bool:
    """Holds a seat's role in the collaboration group; see ``has_convener_role``."""
    return Role.GROUP_MEMBER in roles_of(user)


@rules.predicate
def has_adjunct_role(user) -> bool:
    """Holds an adjunct seat: attends and speaks, reads what the group reads, does not decide."""
    return holds_adjunct_seat(user)


@rules.predicate
def is_officer(user) -> bool:
    return Role.OFFICER in roles_of(user)


@rules.predicate
def is_representative(user) -> bool:
    return Role.REPRESENTATIVE in roles_of(user)


@rules.predicate
def represents(user, organisation) -> bool:
    """One query, or none when the organisation's representations are prefetched (a page that
    lists them and asks several permissions, e.g. the manage page: selectors.with_representatives)."""
    if organisation is None or not user.is_authenticated:
        return False
    prefetched = getattr(organisation, "_prefetched_objects_cache", {}).get("representations")
    if prefetched is not None:
        return any(representation.user_id == user.pk for representation in prefetched)
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


@rules.predicate
def has_totp(user) -> bool:
    """The account has an active TOTP authenticator (allauth.mfa): two-step verification is turned
    on. Read with the roles (accounts/roles.py: one query for both), once per user object."""
    return second_factor.account_has_totp(user)


@rules.predicate
def has_mfa(user) -> bool:
    """This session passed the second factor (accounts/second_factor.py marks the request's user),
    and the account still has the authenticator. Having an authenticator is not enough: a session
    that logged in with the password alone, through any door, has not passed it."""
    return second_factor.passed_with_authenticator(user)


# The convener and the members of the group, as the rules grant their rights: only in a session
# that passed the second factor (issue 13). Everything the group sees and every register of people
# is granted through these two, so no permission can forget the second factor.
is_convener = has_convener_role & has_mfa
is_group_member = has_group_role & has_mfa
is_group_or_convener = is_convener | is_group_member
# Deciding (an application, at a meeting) is for the ordinary seats: an adjunct seat does not count.
is_deciding_member = is_group_member & ~has_adjunct_role
may_decide_for_the_group = is_convener | is_deciding_member
# Not permissions: tell the 403 page what is missing. Turned off, or turned on but not used to log in.
# Staff need it too: the admin site lets only staff in a session that passed it (admin_site.py).
has_role_needing_second_factor = has_convener_role | has_group_role | rules.is_staff
rules.add_rule("accounts.lacks_second_factor", has_role_needing_second_factor & ~has_mfa)
rules.add_rule("accounts.needs_two_step_verification", has_role_needing_second_factor & ~has_totp)
rules.add_rule(
    "accounts.needs_second_factor_login", has_role_needing_second_factor & has_totp & ~has_mfa
)

# Applications to join. Drafts are seen by their applicant only; the group sees what was sent.
rules.add_perm("accounts.add_accession", rules.is_authenticated)
rules.add_perm("accounts.view_accession", is_applicant | (is_group_or_convener & is_sent))
rules.add_perm("accounts.change_accession", is_applicant & is_draft)
rules.add_perm("accounts.view_accession_queue", is_group_or_convener)
rules.add_perm("accounts.decide_accession", may_decide_for_the_group & is_open)
rules.add_perm(
    "accounts.view_accession_attachment", is_applicant | (is_group_or_convener & is_sent)
)
# Applying again for an idea-driven organisation that is not (or no longer) connected.
rules.add_perm("accounts.apply_for_organisation", represents & is_idea_driven & ~is_connected)

# Organisations.
rules.add_perm("accounts.view_own_account", rules.is_authenticated)
# The contact persons of the organisations that joined (names, email addresses, phones): the group
# and the convener; the public sees a contact person only with that person's own consent.
rules.add_perm("accounts.view_contact_persons", is_group_or_convener)
# Making one of the organisation's representatives its contact person for the agreement.
rules.add_perm("accounts.set_contact_person", is_convener | represents)
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

# The audit log (plumbing.AuditEntry): the convener reads it; nobody changes it.
rules.add_perm("plumbing.view_audit_log", is_convener)
# What the agreement decides about itself (its words and rules): the convener, or staff, each in a
# session that passed the second factor.
rules.add_perm("overenskommelse.change_agreement_settings", is_convener | (rules.is_staff & has_mfa))

# The yearly operational plan (verksamhetsplan) under the action plan: the convener keeps it; the
# group (and the convener) see it as a draft too; an adopted plan is public.
rules.add_perm("overenskommelse.manage_operational_plan", is_convener)
rules.add_perm("overenskommelse.view_operational_plan_drafts", is_group_or_convener)
