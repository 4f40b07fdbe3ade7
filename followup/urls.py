"""The yearly follow-up: rounds, the förvaltningar's reports and the survey (namespace ``followup``)."""

from .views import followup_round, table

app_name = "followup"

urlpatterns = [
    *table.urlpatterns,
    *followup_round.urlpatterns,
]
