from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from plumbing import audit_views, health

from . import plan_views, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("", views.HomeView.as_view(), name="home"),
    path("overenskommelsen/", views.AgreementView.as_view(), name="agreement"),
    path("overenskommelsen/installningar/", views.AgreementSettingsView.as_view(), name="agreement_settings"),
    path("principer/", views.PrinciplesView.as_view(), name="principles"),
    path("handlingsplan/", views.ActionPlanView.as_view(), name="action_plan"),
    *plan_views.urlpatterns,
    path(
        "handlingsplan/<slug:slug>/", views.PriorityAreaView.as_view(), name="priority_area"
    ),
    path("samverkansprocessen/", views.ProcessView.as_view(), name="process"),
    path("anslut/", views.JoinView.as_view(), name="join"),
    path("kontakt/", views.ContactView.as_view(), name="contact"),
    path("tillganglighet/", views.AccessibilityView.as_view(), name="accessibility"),
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
