"""Who may do what with initiatives and commitments: the one place for these permissions."""

import rules

from accounts.rules import (
    is_convener,
    is_group_or_convener,
    is_officer,
    is_representative,
)


@rules.predicate
def is_party_representative(user, initiative) -> bool:
    if initiative is None or not user.is_authenticated:
        return False
    # Asked once per permission on the page (change, advance, pause, answer, …): remembered on the
    # row read for this request, so the page makes one query for it instead of one per permission.
    known = initiative.__dict__.setdefault("_party_representative", {})
    if user.pk not in known:
        known[user.pk] = initiative.parties.filter(organisation__representations__user=user).exists()
    return known[user.pk]


@rules.predicate
def is_introduced_representative(user, initiative) -> bool:
    """Represents an organisation the convener put in touch with the initiative."""
    if initiative is None or not user.is_authenticated:
        return False
    return initiative.introductions.filter(organisation__representations__user=user).exists()


@rules.predicate
def is_asked_representative(user, initiative) -> bool:
    """Represents an organisation asked to be a party (it reads what it is asked to join)."""
    if initiative is None or not user.is_authenticated:
        return False
    return initiative.party_requests.filter(
        status="pending", organisation__representations__user=user
    ).exists()


def _organisation_ids(user) -> frozenset[int]:
    """The organisations the user acts for: read once per request (a page asks for each question)."""
    known = user.__dict__.get("_portal_organisation_ids")
    if known is None:
        known = user.__dict__["_portal_organisation_ids"] = frozenset(
            user.representations.values_list("organisation_id", flat=True)
        )
    return known


@rules.predicate
def represents_asked_organisation(user, party_request) -> bool:
    """Represents (or is an officer of) the organisation a ``PartyRequest`` asks."""
    if party_request is None or not user.is_authenticated:
        return False
    return party_request.organisation_id in _organisation_ids(user)


@rules.predicate
def asked_organisation_has_nobody(user, party_request) -> bool:
    """The organisation asked has nobody in the portal (``organisation_has_people`` when the list
    annotated it, so a page of questions does not ask once per row)."""
    if party_request is None:
        return False
    has_people = getattr(party_request, "organisation_has_people", None)
    if has_people is None:
        has_people = party_request.organisation.representations.exists()
    return not has_people


@rules.predicate
def is_public_initiative(user, initiative) -> bool:
    return initiative is not None and initiative.is_public


@rules.predicate
def is_looking_for_partners(user, initiative) -> bool:
    return initiative is not None and initiative.looking_for_partners and initiative.state == "active"


@rules.predicate
def is_closed_initiative(user, initiative) -> bool:
    return initiative is not None and initiative.state == "closed"


@rules.predicate
def is_officer_of_administration(user, partnership) -> bool:
    if partnership is None or not user.is_authenticated:
        return False
    return partnership.administration.representations.filter(user=user).exists()


rules.add_perm("initiatives.add_initiative", is_representative | is_officer)
rules.add_perm(
    "initiatives.view_initiative",
    is_public_initiative
    | is_party_representative
    | is_group_or_convener
    | is_introduced_representative
    | is_asked_representative,
)
rules.add_perm("initiatives.change_initiative", is_party_representative & ~is_closed_initiative)
rules.add_perm("initiatives.advance_initiative", is_party_representative)
rules.add_perm("initiatives.move_back_initiative", is_convener)
rules.add_perm("initiatives.pause_initiative", is_party_representative | is_convener)
rules.add_perm("initiatives.answer_interest", is_party_representative)
rules.add_perm(
    "initiatives.express_interest",
    (is_representative | is_officer) & is_looking_for_partners & ~is_party_representative,
)
rules.add_perm("initiatives.introduce_organisation", is_convener)
# Being named a party: the organisation's own people answer; the convener answers for it only
# while it has nobody in the portal (otherwise nobody could ever answer).
rules.add_perm(
    "initiatives.answer_party_request",
    represents_asked_organisation | (is_convener & asked_organisation_has_nobody),
)

rules.add_perm("initiatives.add_partnership", is_officer)
rules.add_perm("initiatives.change_partnership", is_officer_of_administration)
rules.add_perm("initiatives.view_partnership_attachment", is_officer_of_administration | is_group_or_convener)
