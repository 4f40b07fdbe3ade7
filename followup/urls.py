"""The group, its meetings, the dashboard and the yearly follow-up.

Each area keeps its own ``urlpatterns`` next to its views (``views/<area>.py``); this module joins
them under the one namespace ``followup``."""

from .views import dashboard, group, meeting, report, followup_round

app_name = "followup"

urlpatterns = [
    *group.urlpatterns,
    *meeting.urlpatterns,
    *dashboard.urlpatterns,
    *followup_round.urlpatterns,
    *report.urlpatterns,
]
