"""Who may do what with the group, its meetings, the dashboard and the yearly follow-up: the one
place for these permissions (views declare ``permission_required``; templates ``{% has_perm %}``)."""

import rules

from accounts.rules import (
    has_convener_role,
    has_group_role,
    is_connected,
    is_convener,
    is_group_or_convener,
    is_officer,
    is_representative,
    represents,
)


@rules.predicate
def is_officer_of_report(user, report) -> bool:
    """An officer of the förvaltning whose report it is."""
    if report is None or not user.is_authenticated:
        return False
    return report.administration.representations.filter(user=user).exists()


@rules.predicate
def report_is_editable(user, report) -> bool:
    """A draft in a round that is still open (a submitted report needs the convener to reopen it)."""
    return report is not None and report.status == "draft" and report.followup_round.is_open


@rules.predicate
def report_is_submitted(user, report) -> bool:
    return report is not None and report.status == "submitted"


@rules.predicate
def minutes_are_published(user, meeting) -> bool:
    return meeting is not None and meeting.minutes_published_at is not None


@rules.predicate
def report_is_published(user, report) -> bool:
    return report is not None and report.published_at is not None and report.status == "done"


@rules.predicate
def round_is_open(user, followup_round) -> bool:
    return followup_round is not None and followup_round.is_open


# Everything the group and the convener do here needs a session that passed the second factor:
# accounts.rules grants their roles only then.

# The group: the public page for everyone; people's names and terms for the group and the convener.
# The header's links to the group's pages: shown by role, so a member who has not yet turned on
# two-step verification finds the pages (and the 403 that says what to do).
rules.add_perm("followup.see_group_links", has_convener_role | has_group_role)
rules.add_perm("followup.view_group_members", is_group_or_convener)
rules.add_perm("followup.manage_group", is_convener)

# Meetings: the group and the convener see them; the convener prepares and records them.
rules.add_perm("followup.view_meeting", is_group_or_convener)
rules.add_perm("followup.manage_meeting", is_convener)
rules.add_perm("followup.decide_at_meeting", is_group_or_convener)
rules.add_perm("followup.view_minutes", minutes_are_published | is_group_or_convener)

# The dashboard and the meeting pack.
rules.add_perm("followup.view_dashboard", is_group_or_convener)
rules.add_perm("followup.make_meeting_pack", is_group_or_convener)

# The yearly follow-up round.
rules.add_perm("followup.manage_round", is_convener)
rules.add_perm("followup.view_round_progress", is_group_or_convener)
rules.add_perm("followup.view_department_report", is_officer_of_report | is_group_or_convener)
rules.add_perm("followup.change_department_report", is_officer_of_report & report_is_editable)
rules.add_perm("followup.reopen_department_report", is_convener & report_is_submitted)
rules.add_perm("followup.report_for_administration", is_officer)
# The survey: an organisation's representative answers for a connected organisation.
rules.add_perm("followup.answer_survey", represents & is_connected)
rules.add_perm("followup.view_survey_results", is_group_or_convener)
# The round pages: the list (each sees what is theirs to do) and the survey page of a representative.
rules.add_perm("followup.view_rounds", is_group_or_convener | is_officer | is_representative)
rules.add_perm("followup.take_survey", is_representative)

# The yearly follow-up report (PDF).
rules.add_perm("followup.make_followup_report", is_group_or_convener)
rules.add_perm("followup.view_followup_report", report_is_published | is_group_or_convener)
rules.add_perm("followup.publish_followup_report", is_convener)
