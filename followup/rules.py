"""Who may do what in the yearly follow-up (rounds, the förvaltningar's reports, the survey): the one
place for these permissions (views declare ``permission_required``; templates ``{% has_perm %}``)."""

import rules

from accounts.rules import (
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
def round_is_open(user, followup_round) -> bool:
    return followup_round is not None and followup_round.is_open


# Everything the group and the convener do here needs a session that passed the second factor:
# accounts.rules grants their roles only then.

# The yearly follow-up round, and the agreement's follow-up table and recurring networks it asks.
rules.add_perm("followup.manage_round", is_convener)
rules.add_perm("followup.change_followup_table", is_convener)
rules.add_perm("followup.manage_networks", is_convener)
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
