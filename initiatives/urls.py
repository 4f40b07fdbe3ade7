from django.urls import path

from .views import initiative, partnership

app_name = "initiatives"

urlpatterns = [
    # Collaboration initiatives and their five steps.
    path("initiativ/", initiative.InitiativeListView.as_view(), name="initiative_list"),
    path("initiativ/nytt/", initiative.InitiativeCreateView.as_view(), name="initiative_create"),
    path("initiativ/mina/", initiative.InitiativeMineView.as_view(), name="initiative_mine"),
    path(
        "initiativ/soker-partner/",
        initiative.InitiativeMatchingView.as_view(),
        name="initiative_matching",
    ),
    path("initiativ/<int:pk>/", initiative.InitiativeDetailView.as_view(), name="initiative_detail"),
    path(
        "initiativ/<int:pk>/redigera/",
        initiative.InitiativeEditView.as_view(),
        name="initiative_edit",
    ),
    path(
        "initiativ/<int:pk>/nasta-steg/",
        initiative.InitiativeAdvanceView.as_view(),
        name="initiative_advance",
    ),
    path(
        "initiativ/<int:pk>/steg-tillbaka/",
        initiative.InitiativeMoveBackView.as_view(),
        name="initiative_move_back",
    ),
    path(
        "initiativ/<int:pk>/status/",
        initiative.InitiativeStateView.as_view(),
        name="initiative_state",
    ),
    path(
        "initiativ/<int:pk>/intresse/",
        initiative.InterestCreateView.as_view(),
        name="interest_create",
    ),
    path(
        "initiativ/<int:pk>/intresse/<int:interest_pk>/svar/",
        initiative.InterestAnswerView.as_view(),
        name="interest_answer",
    ),
    path(
        "initiativ/<int:pk>/parter/<int:request_pk>/svar/",
        initiative.PartyRequestAnswerView.as_view(),
        name="party_request_answer",
    ),
    path(
        "initiativ/<int:pk>/koppla-ihop/",
        initiative.IntroductionCreateView.as_view(),
        name="introduction_create",
    ),
    # Collaboration commitments (IOPs, joint projects, other solutions) of the förvaltningar.
    path(
        "samverkansataganden/",
        partnership.PartnershipListView.as_view(),
        name="partnership_list",
    ),
    path(
        "samverkansataganden/samverkansataganden.csv",
        partnership.partnership_list_csv,
        name="partnership_list_csv",
    ),
    path(
        "samverkansataganden/samverkansataganden.json",
        partnership.partnership_list_json,
        name="partnership_list_json",
    ),
    path(
        "samverkansataganden/forvaltning/",
        partnership.PartnershipMineView.as_view(),
        name="partnership_mine",
    ),
    path(
        "samverkansataganden/nytt/",
        partnership.PartnershipCreateView.as_view(),
        name="partnership_create",
    ),
    path(
        "samverkansataganden/<int:pk>/",
        partnership.PartnershipDetailView.as_view(),
        name="partnership_detail",
    ),
    path(
        "samverkansataganden/<int:pk>/redigera/",
        partnership.PartnershipEditView.as_view(),
        name="partnership_edit",
    ),
    path(
        "samverkansataganden/<int:pk>/avsluta/",
        partnership.PartnershipEndView.as_view(),
        name="partnership_end",
    ),
    path(
        "samverkansataganden/<int:pk>/avtal.pdf",
        partnership.partnership_attachment,
        name="partnership_attachment",
    ),
]
