from django.urls import path

from .views import accession, account, organisation, register

app_name = "accounts"

urlpatterns = [
    # The user's own account and personal data.
    path("mitt-konto/", account.AccountOverviewView.as_view(), name="overview"),
    path("mitt-konto/mina-uppgifter.json", account.data_export, name="data_export"),
    path("mitt-konto/radera/", account.AccountDeleteView.as_view(), name="account_delete"),
    path("integritet/", account.PrivacyView.as_view(), name="privacy"),
    # Applications to join (anslutning) and the group's decisions.
    path("ansok/", accession.AccessionStartView.as_view(), name="accession_start"),
    path("ansokningar/", accession.AccessionQueueView.as_view(), name="accession_queue"),
    path("ansokningar/<int:pk>/", accession.AccessionDetailView.as_view(), name="accession_detail"),
    path(
        "ansokningar/<int:pk>/redigera/",
        accession.AccessionEditView.as_view(),
        name="accession_edit",
    ),
    path(
        "ansokningar/<int:pk>/protokollsutdrag.pdf",
        accession.accession_attachment,
        name="accession_attachment",
    ),
    path(
        "ansokningar/<int:pk>/behandla/",
        accession.AccessionReviewView.as_view(),
        name="accession_review",
    ),
    path(
        "ansokningar/<int:pk>/besluta/",
        accession.AccessionDecideView.as_view(),
        name="accession_decide",
    ),
    # The public list of connected organisations and open data.
    path("organisationer/", organisation.OrganisationListView.as_view(), name="organisation_list"),
    path("organisationer/anslutna.csv", organisation.organisation_list_csv, name="organisation_list_csv"),
    path(
        "organisationer/anslutna.json", organisation.organisation_list_json, name="organisation_list_json"
    ),
    # The contact person of every organisation that joined: for the group and the convener.
    path(
        "organisationer/kontaktpersoner/",
        organisation.ContactPersonListView.as_view(),
        name="contact_person_list",
    ),
    path(
        "organisationer/<int:pk>/",
        organisation.OrganisationProfileView.as_view(),
        name="organisation_profile",
    ),
    # An organisation kept by its representatives.
    path(
        "organisationer/<int:pk>/hantera/",
        organisation.OrganisationManageView.as_view(),
        name="organisation_manage",
    ),
    path(
        "organisationer/<int:pk>/hantera/bekrafta/",
        organisation.OrganisationConfirmView.as_view(),
        name="organisation_confirm",
    ),
    path(
        "organisationer/<int:pk>/hantera/medlemskap/<int:request_pk>/",
        organisation.UmbrellaRequestAnswerView.as_view(),
        name="umbrella_request_answer",
    ),
    path(
        "organisationer/<int:pk>/hantera/kontaktperson/",
        organisation.ContactPersonSetView.as_view(),
        name="contact_person_set",
    ),
    path(
        "organisationer/<int:pk>/hantera/bjud-in/",
        organisation.InvitationCreateView.as_view(),
        name="invitation_create",
    ),
    path(
        "organisationer/<int:pk>/hantera/uttrade/",
        organisation.WithdrawalCreateView.as_view(),
        name="withdrawal_create",
    ),
    path(
        "organisationer/<int:pk>/samtycke/",
        organisation.ContactConsentView.as_view(),
        name="contact_consent",
    ),
    path("inbjudan/<str:token>/", organisation.InvitationAcceptView.as_view(), name="invitation_accept"),
    # The convener's register of every organisation.
    path("register/", register.RegisterListView.as_view(), name="register"),
    path("register/ny/", register.RegisterCreateView.as_view(), name="register_create"),
    path("register/<int:pk>/", register.RegisterEditView.as_view(), name="register_edit"),
    path("register/import/", register.RegisterImportUploadView.as_view(), name="register_import"),
    path(
        "register/import/<int:pk>/",
        register.RegisterImportPreviewView.as_view(),
        name="register_import_preview",
    ),
]
