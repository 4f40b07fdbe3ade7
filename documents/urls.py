"""The generated documents: the meeting pack and the yearly follow-up report (namespace ``documents``)."""

from .views import report

app_name = "documents"

urlpatterns = [
    *report.urlpatterns,
]
