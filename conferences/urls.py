from django.urls import path

from .views import attendance, conference, registration

app_name = "conferences"

urlpatterns = [
    # Public pages and the convener's set-up.
    path("konferens/", conference.ConferenceListView.as_view(), name="conference_list"),
    path("konferens/ny/", conference.ConferenceCreateView.as_view(), name="conference_create"),
    path("konferens/<int:pk>/", conference.ConferenceDetailView.as_view(), name="conference_detail"),
    path("konferens/<int:pk>/redigera/", conference.ConferenceEditView.as_view(), name="conference_edit"),
    path("konferens/<int:pk>/program/", conference.ProgrammeView.as_view(), name="programme"),
    path("konferens/<int:pk>/program/nytt-pass/", conference.SessionCreateView.as_view(), name="session_create"),
    path(
        "konferens/<int:pk>/program/<int:session_pk>/",
        conference.SessionEditView.as_view(),
        name="session_edit",
    ),
    path(
        "konferens/<int:pk>/program/<int:session_pk>/ta-bort/",
        conference.SessionDeleteView.as_view(),
        name="session_delete",
    ),
    path("konferens/<int:pk>/kalender.ics", conference.conference_ical, name="conference_ical"),
    # Invitations.
    path("konferens/<int:pk>/inbjudningar/", registration.InvitationListView.as_view(), name="invitation_list"),
    path(
        "konferens/<int:pk>/inbjudningar/skicka/",
        registration.InvitationSendView.as_view(),
        name="invitation_send",
    ),
    path(
        "konferens/<int:pk>/inbjudningar/utskick/<int:sending_pk>/",
        registration.InvitationSendingProgressView.as_view(),
        name="invitation_sending_progress",
    ),
    # Registration, waiting list, change and cancel through the personal link.
    path("konferens/<int:pk>/anmalan/", registration.RegistrationCreateView.as_view(), name="registration_create"),
    path(
        "konferens/<int:pk>/anmalan/kollegor/",
        registration.RegistrationColleaguesView.as_view(),
        name="registration_colleagues",
    ),
    path("konferens/inbjudan/<str:token>/", registration.InvitationOpenView.as_view(), name="invitation_open"),
    path("konferens/anmalan/<str:token>/", registration.RegistrationManageView.as_view(), name="registration_manage"),
    path(
        "konferens/anmalan/<str:token>/avboka/",
        registration.RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path("konferens/<int:pk>/anmalningar/", registration.RegistrationListView.as_view(), name="registration_list"),
    # On the day and afterwards.
    path("konferens/<int:pk>/incheckning/", attendance.CheckInView.as_view(), name="check_in"),
    path(
        "konferens/<int:pk>/incheckning/<int:registration_pk>/",
        attendance.CheckInToggleView.as_view(),
        name="check_in_toggle",
    ),
    path("konferens/<int:pk>/incheckning/spontan/", attendance.WalkInView.as_view(), name="walk_in"),
    path("konferens/<int:pk>/deltagare.csv", attendance.participants_csv, name="participants_csv"),
    path("konferens/<int:pk>/deltagare.xlsx", attendance.participants_xlsx, name="participants_xlsx"),
    path("konferens/<int:pk>/namnbrickor.pdf", attendance.badges_pdf, name="badges_pdf"),
    path("konferens/<int:pk>/dokumentation/", attendance.DocumentCreateView.as_view(), name="document_create"),
    path(
        "konferens/<int:pk>/dokumentation/<int:document_pk>.pdf",
        attendance.document_file,
        name="document_file",
    ),
    path("konferens/<int:pk>/narvaro/", attendance.AttendanceFiguresView.as_view(), name="attendance_figures"),
    path(
        "konferens/intyg/<str:token>/",
        attendance.CertificateView.as_view(),
        name="certificate",
    ),
    path(
        "konferens/intyg/<str:token>/intyg.pdf",
        attendance.certificate_file,
        name="certificate_file",
    ),
]
