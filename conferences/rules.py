"""Who may do what with conferences: the one place for these permissions."""

import rules

from accounts.rules import is_convener, is_group_or_convener, is_representative


@rules.predicate
def is_published(user, conference) -> bool:
    return conference is not None and conference.is_published


rules.add_perm("conferences.view_conference", is_published | is_group_or_convener)
rules.add_perm("conferences.manage_conference", is_convener)
# The group plans the conferences: it sees drafts and the reminder when a conference is due.
rules.add_perm("conferences.plan_conferences", is_group_or_convener)
rules.add_perm("conferences.send_invitations", is_convener)
# Dietary and accessibility needs, the full participant list with contact details, exports.
rules.add_perm("conferences.view_registrations", is_convener)
# The helpers at the door are given the convener role for the day, or are group members.
rules.add_perm("conferences.check_in", is_group_or_convener)
rules.add_perm("conferences.register_colleagues", is_representative)
# Attendance figures of a conference (also in the yearly follow-up and the dashboard).
rules.add_perm("conferences.view_attendance_figures", is_group_or_convener)
