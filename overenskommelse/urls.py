"""The project's addresses: the agreement's own pages (each area's ``urlpatterns`` next to its views in
``views/<area>.py``), the health checks, the language, the audit log, and every app under its namespace."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from plumbing import audit_views, health

from .views import agreement, agreement_settings, plan

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    # The operational plan's paths before the agreement's: ``handlingsplan/<slug>/`` would match them.
    *plan.urlpatterns,
    *agreement.urlpatterns,
    *agreement_settings.urlpatterns,
    path("sprak/", set_language, name="set_language"),
    path("logg/", audit_views.AuditLogView.as_view(), name="audit_log"),
    path("konto/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("initiatives.urls")),
    path("", include("conferences.urls")),
    path("", include("followup.urls")),
    path("", include("collaboration.urls")),
    path("", include("documents.urls")),
    path("admin/", admin.site.urls),
]
