"""The collaboration group, its meetings and the dashboard.

Each area keeps its own ``urlpatterns`` next to its views (``views/<area>.py``); this module joins
them under the one namespace ``collaboration``."""

from .views import dashboard, group, meeting

app_name = "collaboration"

urlpatterns = [
    *group.urlpatterns,
    *meeting.urlpatterns,
    *dashboard.urlpatterns,
]
