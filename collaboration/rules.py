"""Who may do what with the group, its meetings and the dashboard: the one place for these
permissions (views declare ``permission_required``; templates ``{% has_perm %}``)."""

import rules

from accounts.rules import (
    has_convener_role,
    has_group_role,
    is_convener,
    is_group_or_convener,
    may_decide_for_the_group,
)


@rules.predicate
def minutes_are_published(user, meeting) -> bool:
    return meeting is not None and meeting.minutes_published_at is not None


# Everything the group and the convener do here needs a session that passed the second factor:
# accounts.rules grants their roles only then.

# The group: the public page for everyone; people's names and terms for the group and the convener.
# The header's links to the group's pages: shown by role, so a member who has not yet turned on
# two-step verification finds the pages (and the 403 that says what to do).
rules.add_perm("collaboration.see_group_links", has_convener_role | has_group_role)
rules.add_perm("collaboration.view_group_members", is_group_or_convener)
rules.add_perm("collaboration.manage_group", is_convener)

# Meetings: the group and the convener see them; the convener prepares and records them.
rules.add_perm("collaboration.view_meeting", is_group_or_convener)
rules.add_perm("collaboration.manage_meeting", is_convener)
# Deciding is for the ordinary seats (and the convener who records it); adjunct seats do not decide.
rules.add_perm("collaboration.decide_at_meeting", may_decide_for_the_group)
rules.add_perm("collaboration.view_minutes", minutes_are_published | is_group_or_convener)

# The dashboard.
rules.add_perm("collaboration.view_dashboard", is_group_or_convener)
