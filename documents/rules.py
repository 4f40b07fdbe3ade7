"""Who may make, read and publish the generated documents (the meeting pack, the yearly follow-up
report): the one place for these permissions (views declare ``permission_required``; templates
``{% has_perm %}``)."""

import rules

from accounts.rules import is_convener, is_group_or_convener


@rules.predicate
def report_is_published(user, report) -> bool:
    return report is not None and report.published_at is not None and report.status == "done"


# Everything the group and the convener do here needs a session that passed the second factor:
# accounts.rules grants their roles only then.

# The meeting pack.
rules.add_perm("documents.make_meeting_pack", is_group_or_convener)

# The yearly follow-up report (PDF).
rules.add_perm("documents.make_followup_report", is_group_or_convener)
rules.add_perm("documents.view_followup_report", report_is_published | is_group_or_convener)
rules.add_perm("documents.publish_followup_report", is_convener)
