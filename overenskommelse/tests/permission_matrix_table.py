"""The permission matrix: every URL of the portal, for every role, and the answer each must get.

Kept as an explicit table (one line per URL and method, one column per role) so that a change of
who may do what is a visible change of this file. ``test_permission_matrix.py`` walks the URL
resolver: a view without a line here fails the test.

The codes of a cell:

* ``200`` (or ``204``, ``410``): the page (or that status) is answered;
* ``L``: 302 to the login page, with ``next`` back to the address asked for;
* ``R``: 302 somewhere else, by design (a POST-only action answered on GET by a page that leads
  back, a form that is already filled in, an htmx fragment asked for without htmx, …);
* ``403``: logged in without the right (the page may say that two-step verification is missing);
* ``404``: an object the user may not even know exists (or a POST-only address a user without the
  right asks with GET);
* ``405``: the right method is POST (the user would be allowed to POST).

A refused answer (``L``, ``403``, ``404``, ``405``) must not have written anything to the database:
the test records every INSERT, UPDATE and DELETE made while answering it (the session excepted).

The objects named in the URL keyword arguments are built by ``build_world`` in the test module:
``{"pk": "accession_b_draft"}`` is the pk of B's draft application.
"""

ROLES = (
    "anonymous",
    "ordinary_user",
    "representative_a",  # of association A (connected; rep A is its contact person)
    "representative_b",  # of association B (not connected: its profile is a private preview)
    "officer_x",  # of förvaltning X
    "officer_y",  # of förvaltning Y
    "group_member",  # of the collaboration group, with two-step verification
    "convener",  # with two-step verification
    # Issue 13: the same roles in a session that has not passed the second factor (here: accounts
    # without it turned on). They get what an ordinary account gets, never the group's material or
    # anyone's personal data beyond what is public.
    "group_member_without_mfa",
    "convener_without_mfa",
)

# The URL prefixes the matrix does not walk, and why.
SKIPPED_PREFIXES = {
    # Django's admin: staff only, in a session that passed the second factor, then Django's model
    # permissions; its hundreds of generated URLs would say nothing about ours
    # (accounts/tests/test_second_factor.py tests its door).
    "admin/": "Django admin: staff in a session that passed the second factor (accounts/admin_site.py)",
    # allauth's login, sign-up, password reset, email confirmation and two-step verification:
    # public by nature or guarded by allauth's own flow state (tested in accounts/tests).
    "konto/": "allauth's own pages (login, sign-up, password, MFA)",
}

# fmt: off
TABLE = [
    # url name, URL kwargs (objects of the world named in the test's build_world), method
    # (memb-: the group member without the second factor; conv-: the convener without it)
    #                                                                                                anon ord  repA repB offX offY memb conv memb- conv-

    # --- The public pages, the language, the audit log ---------------------------------------------------------
    ("healthz", {}, "GET",                                                                          "200  200  200  200  200  200  200  200  200  200"),
    ("livez", {},   "GET",                                                                          "200  200  200  200  200  200  200  200  200  200"),
    ("home", {}, "GET",                                                                             "200  200  200  200  200  200  200  200  200  200"),
    ("agreement", {}, "GET",                                                                        "200  200  200  200  200  200  200  200  200  200"),
    ("principles", {}, "GET",                                                                       "200  200  200  200  200  200  200  200  200  200"),
    ("action_plan", {}, "GET",                                                                      "200  200  200  200  200  200  200  200  200  200"),
    ("priority_area", {"slug": "priority_area"}, "GET",                                             "200  200  200  200  200  200  200  200  200  200"),
    ("process", {}, "GET",                                                                          "200  200  200  200  200  200  200  200  200  200"),
    ("join", {}, "GET",                                                                             "200  200  200  200  200  200  200  200  200  200"),
    ("contact", {}, "GET",                                                                          "200  200  200  200  200  200  200  200  200  200"),
    ("accessibility", {}, "GET",                                                                    "200  200  200  200  200  200  200  200  200  200"),
    # Django's language switch sends back (to / when no next is given)
    ("set_language", {}, "GET",                                                                     "R    R    R    R    R    R    R    R  R    R "),
    ("set_language", {}, "POST",                                                                    "R    R    R    R    R    R    R    R  R    R "),
    ("audit_log", {}, "GET",                                                                        "L    403  403  403  403  403  403  200  403  403"),
    # The agreement's settings (its words and rules): the convener, in a session that passed the second
    # factor; 200 on POST: the form again with its errors (nothing was filled in)
    ("agreement_settings", {}, "GET",                                                               "L    403  403  403  403  403  403  200  403  403"),
    ("agreement_settings", {}, "POST",                                                              "L    403  403  403  403  403  403  200  403  403"),

    # --- accounts: the own account, applications, organisations, the register -----------------------------------
    ("accounts:overview", {}, "GET",                                                                "L    200  200  200  200  200  200  200  200  200"),
    ("accounts:data_export", {}, "GET",                                                             "L    200  200  200  200  200  200  200  200  200"),
    ("accounts:account_delete", {}, "GET",                                                          "L    200  200  200  200  200  200  200  200  200"),
    # 200: the form again (the password is missing)
    ("accounts:account_delete", {}, "POST",                                                         "L    200  200  200  200  200  200  200  200  200"),
    ("accounts:privacy", {}, "GET",                                                                 "200  200  200  200  200  200  200  200  200  200"),
    # R: reps A and B have a draft and are sent to it
    ("accounts:accession_start", {}, "GET",                                                         "L    200  R    R    200  200  200  200  200  200"),
    # 200: the form again, with its errors
    ("accounts:accession_start", {}, "POST",                                                        "L    200  200  200  200  200  200  200  200  200"),
    ("accounts:accession_queue", {}, "GET",                                                         "L    403  403  403  403  403  200  200  403  403"),
    # a draft is its applicant's alone: 404 even for the group
    ("accounts:accession_detail", {"pk": "accession_a_draft"}, "GET",                               "L    404  200  404  404  404  404  404  403  403"),
    ("accounts:accession_detail", {"pk": "accession_b_draft"}, "GET",                               "L    404  404  200  404  404  404  404  403  403"),
    ("accounts:accession_detail", {"pk": "accession_a_sent"}, "GET",                                "L    404  200  404  404  404  200  200  403  403"),
    ("accounts:accession_detail", {"pk": "unknown"}, "GET",                                         "L    404  404  404  404  404  404  404  404  404"),
    ("accounts:accession_edit", {"pk": "accession_a_draft"}, "GET",                                 "L    404  200  404  404  404  404  404  403  403"),
    ("accounts:accession_edit", {"pk": "accession_b_draft"}, "GET",                                 "L    404  404  200  404  404  404  404  403  403"),
    ("accounts:accession_edit", {"pk": "accession_b_draft"}, "POST",                                "L    404  404  200  404  404  404  404  403  403"),
    # R: sent, its applicant is sent to its page; the group may read it: 403
    ("accounts:accession_edit", {"pk": "accession_b_sent"}, "GET",                                  "L    404  404  R    404  404  403  403  403  403"),
    ("accounts:accession_attachment", {"pk": "accession_b_draft"}, "GET",                           "L    404  404  200  404  404  404  404  404  404"),
    ("accounts:accession_attachment", {"pk": "accession_a_sent"}, "GET",                            "L    404  200  404  404  404  200  200  404  404"),
    # POST only; its applicant may read it, so 403, not 404
    ("accounts:accession_review", {"pk": "accession_b_sent"}, "GET",                                "L    404  404  403  404  404  405  405  403  403"),
    # R: taken up for review
    ("accounts:accession_review", {"pk": "accession_b_sent"}, "POST",                               "L    404  404  403  404  404  R    R  403  403"),
    ("accounts:accession_decide", {"pk": "accession_b_sent"}, "GET",                                "L    404  404  403  404  404  405  405  403  403"),
    # 200: the decision form again, with its errors
    ("accounts:accession_decide", {"pk": "accession_b_sent"}, "POST",                               "L    404  404  403  404  404  200  200  403  403"),
    # the group may not know a draft: 404
    ("accounts:accession_decide", {"pk": "accession_b_draft"}, "POST",                              "L    404  404  403  404  404  404  404  403  403"),
    ("accounts:organisation_list", {}, "GET",                                                       "200  200  200  200  200  200  200  200  200  200"),
    ("accounts:organisation_list_csv", {}, "GET",                                                   "200  200  200  200  200  200  200  200  200  200"),
    ("accounts:organisation_list_json", {}, "GET",                                                  "200  200  200  200  200  200  200  200  200  200"),
    # The contact persons of the organisations that joined (personal data): the group and the convener
    ("accounts:contact_person_list", {}, "GET",                                                     "L    403  403  403  403  403  200  200  403  403"),
    ("accounts:organisation_profile", {"pk": "organisation_a"}, "GET",                              "200  200  200  200  200  200  200  200  200  200"),
    # B is not connected: a preview for its people and the convener; 404 for visitors too
    ("accounts:organisation_profile", {"pk": "organisation_b"}, "GET",                              "404  404  404  200  404  404  404  200  404  404"),
    ("accounts:organisation_manage", {"pk": "organisation_a"}, "GET",                               "L    403  200  403  403  403  403  200  403  403"),
    ("accounts:organisation_manage", {"pk": "organisation_b"}, "GET",                               "L    403  403  200  403  403  403  200  403  403"),
    # 200: the form again, with its errors
    ("accounts:organisation_manage", {"pk": "organisation_b"}, "POST",                              "L    403  403  200  403  403  403  200  403  403"),
    # POST only
    ("accounts:organisation_confirm", {"pk": "organisation_b"}, "GET",                              "L    403  403  405  403  403  403  405  403  403"),
    # R: confirmed, back to the manage page
    ("accounts:organisation_confirm", {"pk": "organisation_b"}, "POST",                             "L    403  403  R    403  403  403  R  403  403"),
    # B answers A's request to be listed as B's member (as an umbrella organisation); the convener only
    # for an organisation with nobody in the portal. R: the empty answer leads back to the page.
    ("accounts:umbrella_request_answer", {"pk": "organisation_b", "request_pk": "umbrella_request_a_in_b"}, "GET", "L    403  403  405  403  403  403  403  403  403"),
    ("accounts:umbrella_request_answer", {"pk": "organisation_b", "request_pk": "umbrella_request_a_in_b"}, "POST", "L    403  403  R    403  403  403  403  403  403"),
    # A representative (or the convener) makes a representative the contact person: POST only
    ("accounts:contact_person_set", {"pk": "organisation_b"}, "GET",                                "L    403  403  405  403  403  403  405  403  403"),
    ("accounts:contact_person_set", {"pk": "organisation_b"}, "POST",                               "L    403  403  R    403  403  403  R  403  403"),
    ("accounts:invitation_create", {"pk": "organisation_b"}, "GET",                                 "L    403  403  405  403  403  403  405  403  403"),
    # 200: the manage page, the address is missing
    ("accounts:invitation_create", {"pk": "organisation_b"}, "POST",                                "L    403  403  200  403  403  403  200  403  403"),
    # represents a connected organisation: not even the convener
    ("accounts:withdrawal_create", {"pk": "organisation_a"}, "GET",                                 "L    403  200  403  403  403  403  403  403  403"),
    ("accounts:withdrawal_create", {"pk": "organisation_a"}, "POST",                                "L    403  200  403  403  403  403  403  403  403"),
    # the contact person's own choice (rep A)
    ("accounts:contact_consent", {"pk": "organisation_a"}, "GET",                                   "L    403  200  403  403  403  403  403  403  403"),
    ("accounts:contact_consent", {"pk": "organisation_a"}, "POST",                                  "L    403  200  403  403  403  403  403  403  403"),
    # the personal link: visitors are asked to log in or sign up
    ("accounts:invitation_accept", {"token": "invitation_a"}, "GET",                                "200  200  200  200  200  200  200  200  200  200"),
    # 200: what stands in the way (another address, already a representative)
    ("accounts:invitation_accept", {"token": "invitation_a"}, "POST",                               "L    200  200  200  200  200  200  200  200  200"),
    ("accounts:invitation_accept", {"token": "unknown"}, "GET",                                         "404  404  404  404  404  404  404  404  404  404"),
    ("accounts:register", {}, "GET",                                                                "L    403  403  403  403  403  403  200  403  403"),
    ("accounts:register_create", {}, "GET",                                                         "L    403  403  403  403  403  403  200  403  403"),
    ("accounts:register_create", {}, "POST",                                                        "L    403  403  403  403  403  403  200  403  403"),
    ("accounts:register_edit", {"pk": "organisation_b"}, "GET",                                     "L    403  403  403  403  403  403  200  403  403"),
    ("accounts:register_edit", {"pk": "organisation_b"}, "POST",                                    "L    403  403  403  403  403  403  200  403  403"),
    ("accounts:register_import", {}, "GET",                                                         "L    403  403  403  403  403  403  200  403  403"),
    ("accounts:register_import", {}, "POST",                                                        "L    403  403  403  403  403  403  200  403  403"),
    ("accounts:register_import_preview", {"pk": "register_import"}, "GET",                          "L    403  403  403  403  403  403  200  403  403"),
    # R: nothing to import
    ("accounts:register_import_preview", {"pk": "register_import"}, "POST",                         "L    403  403  403  403  403  403  R  403  403"),

    # --- initiatives: initiatives and the förvaltningar's commitments -------------------------------------------
    ("initiatives:initiative_list", {}, "GET",                                                      "200  200  200  200  200  200  200  200  200  200"),
    # representatives and officers propose; the group and the convener do not
    ("initiatives:initiative_create", {}, "GET",                                                    "L    403  200  200  200  200  403  403  403  403"),
    ("initiatives:initiative_create", {}, "POST",                                                   "L    403  200  200  200  200  403  403  403  403"),
    ("initiatives:initiative_mine", {}, "GET",                                                      "L    200  200  200  200  200  200  200  200  200"),
    ("initiatives:initiative_matching", {}, "GET",                                                  "200  200  200  200  200  200  200  200  200  200"),
    ("initiatives:initiative_detail", {"pk": "initiative_a_public"}, "GET",                         "200  200  200  200  200  200  200  200  200  200"),
    # not public: its parties and the group; 404 for others
    ("initiatives:initiative_detail", {"pk": "initiative_a_private"}, "GET",                        "L    404  200  404  404  404  200  200  404  404"),
    ("initiatives:initiative_detail", {"pk": "initiative_b_private"}, "GET",                        "L    404  404  200  404  404  200  200  404  404"),
    # public, so known: 403
    ("initiatives:initiative_edit", {"pk": "initiative_a_public"}, "GET",                           "L    403  200  403  403  403  403  403  403  403"),
    # not public: 404 for those who may not see it
    ("initiatives:initiative_edit", {"pk": "initiative_b_private"}, "GET",                          "L    404  404  200  404  404  403  403  404  404"),
    # 200: the form again, with its errors
    ("initiatives:initiative_edit", {"pk": "initiative_b_private"}, "POST",                         "L    404  404  200  404  404  403  403  404  404"),
    ("initiatives:initiative_advance", {"pk": "initiative_b_private"}, "GET",                       "L    404  404  405  404  404  403  403  404  404"),
    # 200: the page again (no step given)
    ("initiatives:initiative_advance", {"pk": "initiative_b_private"}, "POST",                      "L    404  404  200  404  404  403  403  404  404"),
    ("initiatives:initiative_move_back", {"pk": "initiative_b_public"}, "GET",                      "L    403  403  403  403  403  403  405  403  403"),
    ("initiatives:initiative_move_back", {"pk": "initiative_b_public"}, "POST",                     "L    403  403  403  403  403  403  200  403  403"),
    ("initiatives:initiative_state", {"pk": "initiative_b_public"}, "GET",                          "L    403  403  405  403  403  403  405  403  403"),
    ("initiatives:initiative_state", {"pk": "initiative_b_public"}, "POST",                         "L    403  403  200  403  403  403  200  403  403"),
    # a representative or officer who is not a party
    ("initiatives:interest_create", {"pk": "initiative_a_public"}, "GET",                           "L    403  403  405  405  405  403  403  403  403"),
    ("initiatives:interest_create", {"pk": "initiative_a_public"}, "POST",                          "L    403  403  200  200  200  403  403  403  403"),
    # X answers A's question to be a party to A's private initiative (X reads it meanwhile); 404 for
    # who may not see the initiative. R: the empty answer leads back to the page.
    ("initiatives:party_request_answer", {"pk": "initiative_a_asks_x", "request_pk": "party_request_x"}, "GET", "L    404  403  404  405  404  403  403  404  404"),
    ("initiatives:party_request_answer", {"pk": "initiative_a_asks_x", "request_pk": "party_request_x"}, "POST", "L    404  403  404  R    404  403  403  404  404"),
    # the parties answer (rep A)
    ("initiatives:interest_answer", {"pk": "initiative_a_public", "interest_pk": "interest_b_in_a"}, "GET", "L    403  405  403  403  403  403  403  403  403"),
    ("initiatives:interest_answer", {"pk": "initiative_a_public", "interest_pk": "interest_b_in_a"}, "POST", "L    403  200  403  403  403  403  403  403  403"),
    ("initiatives:introduction_create", {"pk": "initiative_a_public"}, "GET",                       "L    403  403  403  403  403  403  405  403  403"),
    ("initiatives:introduction_create", {"pk": "initiative_a_public"}, "POST",                      "L    403  403  403  403  403  403  200  403  403"),
    ("initiatives:partnership_list", {}, "GET",                                                     "200  200  200  200  200  200  200  200  200  200"),
    ("initiatives:partnership_list_csv", {}, "GET",                                                 "200  200  200  200  200  200  200  200  200  200"),
    ("initiatives:partnership_list_json", {}, "GET",                                                "200  200  200  200  200  200  200  200  200  200"),
    ("initiatives:partnership_mine", {}, "GET",                                                     "L    403  403  403  200  200  403  403  403  403"),
    ("initiatives:partnership_create", {}, "GET",                                                   "L    403  403  403  200  200  403  403  403  403"),
    ("initiatives:partnership_create", {}, "POST",                                                  "L    403  403  403  200  200  403  403  403  403"),
    # the register of commitments is public
    ("initiatives:partnership_detail", {"pk": "partnership_y"}, "GET",                              "200  200  200  200  200  200  200  200  200  200"),
    # Y's commitment: Y's officers only; X cannot change it
    ("initiatives:partnership_edit", {"pk": "partnership_y"}, "GET",                                "L    403  403  403  403  200  403  403  403  403"),
    ("initiatives:partnership_edit", {"pk": "partnership_y"}, "POST",                               "L    403  403  403  403  200  403  403  403  403"),
    ("initiatives:partnership_end", {"pk": "partnership_y"}, "GET",                                 "L    403  403  403  403  200  403  403  403  403"),
    ("initiatives:partnership_end", {"pk": "partnership_y"}, "POST",                                "L    403  403  403  403  200  403  403  403  403"),
    # the signed agreement: Y's officers and the group
    ("initiatives:partnership_attachment", {"pk": "partnership_y"}, "GET",                          "L    403  403  403  403  200  200  200  403  403"),

    # --- conferences -----------------------------------------------------------------------------------------------
    ("conferences:conference_list", {}, "GET",                                                      "200  200  200  200  200  200  200  200  200  200"),
    ("conferences:conference_create", {}, "GET",                                                    "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:conference_create", {}, "POST",                                                   "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:conference_detail", {"pk": "conference"}, "GET",                                  "200  200  200  200  200  200  200  200  200  200"),
    # a draft is unknown outside the group: 404, visitors too
    ("conferences:conference_detail", {"pk": "draft_conference"}, "GET",                            "404  404  404  404  404  404  200  200  404  404"),
    ("conferences:conference_edit", {"pk": "conference"}, "GET",                                    "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:conference_edit", {"pk": "conference"}, "POST",                                   "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:programme", {"pk": "conference"}, "GET",                                          "200  200  200  200  200  200  200  200  200  200"),
    ("conferences:session_create", {"pk": "conference"}, "GET",                                     "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:session_create", {"pk": "conference"}, "POST",                                    "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:session_edit", {"pk": "conference", "session_pk": "session"}, "GET",              "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:session_edit", {"pk": "conference", "session_pk": "session"}, "POST",             "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:session_delete", {"pk": "conference", "session_pk": "session"}, "GET",            "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:session_delete", {"pk": "conference", "session_pk": "session"}, "POST",           "L    403  403  403  403  403  403  R  403  403"),
    ("conferences:conference_ical", {"pk": "conference"}, "GET",                                    "200  200  200  200  200  200  200  200  200  200"),
    ("conferences:conference_ical", {"pk": "draft_conference"}, "GET",                              "404  404  404  404  404  404  200  200  404  404"),
    ("conferences:invitation_list", {"pk": "conference"}, "GET",                                    "L    403  403  403  403  403  403  200  403  403"),
    # 404 for the convener: an empty POST names no action
    ("conferences:invitation_list", {"pk": "conference"}, "POST",                                   "L    403  403  403  403  403  403  404  403  403"),
    ("conferences:invitation_send", {"pk": "conference"}, "GET",                                    "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:invitation_send", {"pk": "conference"}, "POST",                                   "L    403  403  403  403  403  403  R  403  403"),
    ("conferences:invitation_sending_progress", {"pk": "conference", "sending_pk": "sending"}, "GET", "L    403  403  403  403  403  403  200  403  403"),
    # public, no account needed
    ("conferences:registration_create", {"pk": "conference"}, "GET",                                "200  200  200  200  200  200  200  200  200  200"),
    # 200: the form again, with its errors
    ("conferences:registration_create", {"pk": "conference"}, "POST",                               "200  200  200  200  200  200  200  200  200  200"),
    # representatives register their organisation's people
    ("conferences:registration_colleagues", {"pk": "conference"}, "GET",                            "L    403  200  200  403  403  403  403  403  403"),
    ("conferences:registration_colleagues", {"pk": "conference"}, "POST",                           "L    403  200  200  403  403  403  403  403  403"),
    # a personal link is the key (no account behind it):
    ("conferences:invitation_open", {"token": "conference_invitation"}, "GET",                      "200  200  200  200  200  200  200  200  200  200"),
    ("conferences:invitation_open", {"token": "conference_invitation"}, "POST",                     "200  200  200  200  200  200  200  200  200  200"),
    # whoever holds B's link; no page shows it to anyone else
    ("conferences:registration_manage", {"token": "registration_b"}, "GET",                         "200  200  200  200  200  200  200  200  200  200"),
    ("conferences:registration_manage", {"token": "registration_b"}, "POST",                        "200  200  200  200  200  200  200  200  200  200"),
    ("conferences:registration_cancel", {"token": "registration_b"}, "GET",                         "200  200  200  200  200  200  200  200  200  200"),
    # R: cancelled, back to the registration
    ("conferences:registration_cancel", {"token": "registration_b"}, "POST",                        "R    R    R    R    R    R    R    R  R    R "),
    ("conferences:registration_manage", {"token": "unknown"}, "GET",                                    "404  404  404  404  404  404  404  404  404  404"),
    ("conferences:registration_list", {"pk": "conference"}, "GET",                                  "L    403  403  403  403  403  403  200  403  403"),
    # the group checks people in too
    ("conferences:check_in", {"pk": "conference"}, "GET",                                           "L    403  403  403  403  403  200  200  403  403"),
    ("conferences:check_in_toggle", {"pk": "conference", "registration_pk": "registration_b"}, "GET", "L    403  403  403  403  403  405  405  403  403"),
    ("conferences:check_in_toggle", {"pk": "conference", "registration_pk": "registration_b"}, "POST", "L    403  403  403  403  403  R    R  403  403"),
    ("conferences:walk_in", {"pk": "conference"}, "GET",                                            "L    403  403  403  403  403  200  200  403  403"),
    ("conferences:walk_in", {"pk": "conference"}, "POST",                                           "L    403  403  403  403  403  200  200  403  403"),
    ("conferences:participants_csv", {"pk": "conference"}, "GET",                                   "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:participants_xlsx", {"pk": "conference"}, "GET",                                  "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:badges_pdf", {"pk": "conference"}, "GET",                                         "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:document_create", {"pk": "conference"}, "GET",                                    "L    403  403  403  403  403  403  200  403  403"),
    ("conferences:document_create", {"pk": "conference"}, "POST",                                   "L    403  403  403  403  403  403  200  403  403"),
    # documents of a published conference are public
    ("conferences:document_file", {"pk": "conference", "document_pk": "document"}, "GET",           "200  200  200  200  200  200  200  200  200  200"),
    ("conferences:attendance_figures", {"pk": "conference"}, "GET",                                 "L    403  403  403  403  403  200  200  403  403"),
    ("conferences:certificate", {"token": "held_registration_a"}, "GET",                            "200  200  200  200  200  200  200  200  200  200"),
    # R: asked for, back to the page
    ("conferences:certificate", {"token": "held_registration_a"}, "POST",                           "R    R    R    R    R    R    R    R  R    R "),
    ("conferences:certificate_file", {"token": "held_registration_a"}, "GET",                       "200  200  200  200  200  200  200  200  200  200"),
    ("conferences:certificate", {"token": "unknown"}, "GET",                                            "404  404  404  404  404  404  404  404  404  404"),

    # --- followup: the group, meetings, minutes, the dashboard, the yearly follow-up, reports ----------------------
    # public; names and terms only for the group (see the secrets)
    ("collaboration:group", {}, "GET",                                                                   "200  200  200  200  200  200  200  200  200  200"),
    ("collaboration:group_history", {}, "GET",                                                           "L    403  403  403  403  403  200  200  403  403"),
    ("collaboration:seat_create", {}, "GET",                                                             "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:seat_create", {}, "POST",                                                            "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:seat_edit", {"pk": "seat"}, "GET",                                                   "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:seat_edit", {"pk": "seat"}, "POST",                                                  "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:seat_remove", {"pk": "seat"}, "GET",                                                 "L    403  403  403  403  403  403  200  403  403"),
    # the convener's POST: the seat has a holder, so it stays (the form says why)
    ("collaboration:seat_remove", {"pk": "seat"}, "POST",                                                "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:seat_assign", {"pk": "seat"}, "GET",                                                 "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:seat_assign", {"pk": "seat"}, "POST",                                                "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:term_edit", {"pk": "term"}, "GET",                                                   "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:term_edit", {"pk": "term"}, "POST",                                                  "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:term_end", {"pk": "term"}, "GET",                                                    "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:term_end", {"pk": "term"}, "POST",                                                   "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:office_appoint", {}, "GET",                                                          "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:office_appoint", {}, "POST",                                                         "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:office_end", {"pk": "office"}, "GET",                                                "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:office_end", {"pk": "office"}, "POST",                                               "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:meeting_list", {}, "GET",                                                            "L    403  403  403  403  403  200  200  403  403"),
    # public calendar: date, time and place
    ("collaboration:meeting_feed", {}, "GET",                                                            "200  200  200  200  200  200  200  200  200  200"),
    ("collaboration:meeting_create", {}, "GET",                                                          "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:meeting_create", {}, "POST",                                                         "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:meeting_detail", {"pk": "meeting"}, "GET",                                           "L    403  403  403  403  403  200  200  403  403"),
    ("collaboration:meeting_edit", {"pk": "meeting"}, "GET",                                             "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:meeting_edit", {"pk": "meeting"}, "POST",                                            "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:meeting_invite", {"pk": "meeting"}, "GET",                                           "L    403  403  403  403  403  403  405  403  403"),
    ("collaboration:meeting_invite", {"pk": "meeting"}, "POST",                                          "L    403  403  403  403  403  403  R  403  403"),
    ("collaboration:meeting_cancel", {"pk": "meeting"}, "GET",                                           "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:meeting_cancel", {"pk": "meeting"}, "POST",                                          "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:agenda_item_create", {"pk": "meeting"}, "GET",                                       "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:agenda_item_create", {"pk": "meeting"}, "POST",                                      "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:agenda_item_add_waiting", {"pk": "meeting"}, "GET",                                  "L    403  403  403  403  403  403  405  403  403"),
    ("collaboration:agenda_item_add_waiting", {"pk": "meeting"}, "POST",                                 "L    403  403  403  403  403  403  R  403  403"),
    ("collaboration:agenda_item_edit", {"pk": "meeting", "item_pk": "agenda_item"}, "GET",               "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:agenda_item_edit", {"pk": "meeting", "item_pk": "agenda_item"}, "POST",              "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:agenda_item_move", {"pk": "meeting", "item_pk": "agenda_item"}, "GET",               "L    403  403  403  403  403  403  405  403  403"),
    ("collaboration:agenda_item_move", {"pk": "meeting", "item_pk": "agenda_item"}, "POST",              "L    403  403  403  403  403  403  R  403  403"),
    ("collaboration:agenda_item_delete", {"pk": "meeting", "item_pk": "agenda_item"}, "GET",             "L    403  403  403  403  403  403  405  403  403"),
    ("collaboration:agenda_item_delete", {"pk": "meeting", "item_pk": "agenda_item"}, "POST",            "L    403  403  403  403  403  403  R  403  403"),
    ("collaboration:meeting_decide", {"pk": "meeting", "item_pk": "agenda_item"}, "GET",                 "L    403  403  403  403  403  405  405  403  403"),
    # 200: the meeting page again, the decision form with its errors
    ("collaboration:meeting_decide", {"pk": "meeting", "item_pk": "agenda_item"}, "POST",                "L    403  403  403  403  403  200  200  403  403"),
    ("collaboration:meeting_attendance", {"pk": "meeting_unpublished"}, "GET",                           "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:meeting_attendance", {"pk": "meeting_unpublished"}, "POST",                          "L    403  403  403  403  403  403  R  403  403"),
    ("collaboration:decision_create", {"pk": "meeting_unpublished"}, "GET",                              "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:decision_create", {"pk": "meeting_unpublished"}, "POST",                             "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:decision_delete", {"pk": "meeting_unpublished", "decision_pk": "decision"}, "GET",   "L    403  403  403  403  403  403  405  403  403"),
    ("collaboration:decision_delete", {"pk": "meeting_unpublished", "decision_pk": "decision"}, "POST",  "L    403  403  403  403  403  403  R  403  403"),
    ("collaboration:minutes_edit", {"pk": "meeting_unpublished"}, "GET",                                 "L    403  403  403  403  403  403  200  403  403"),
    ("collaboration:minutes_edit", {"pk": "meeting_unpublished"}, "POST",                                "L    403  403  403  403  403  403  R  403  403"),
    ("collaboration:minutes_publish", {"pk": "meeting_unpublished"}, "GET",                              "L    403  403  403  403  403  403  405  403  403"),
    ("collaboration:minutes_publish", {"pk": "meeting_unpublished"}, "POST",                             "L    403  403  403  403  403  403  R  403  403"),
    # published minutes only, for everyone
    ("collaboration:minutes_list", {}, "GET",                                                            "200  200  200  200  200  200  200  200  200  200"),
    # unpublished: 404 outside the group
    ("collaboration:minutes_detail", {"pk": "meeting_unpublished"}, "GET",                               "L    404  404  404  404  404  200  200  404  404"),
    ("collaboration:minutes_detail", {"pk": "meeting_published"}, "GET",                                 "200  200  200  200  200  200  200  200  200  200"),
    ("collaboration:dashboard", {}, "GET",                                                               "L    403  403  403  403  403  200  200  403  403"),
    # what each has to do: the group, officers, representatives
    # The agreement's follow-up table and the recurring networks: the convener's; 200 on POST: the form again
    # with its errors (nothing was filled in)
    ("followup:followup_table", {}, "GET",                                                          "L    403  403  403  403  403  403  200  403  403"),
    ("followup:followup_table", {}, "POST",                                                         "L    403  403  403  403  403  403  200  403  403"),
    ("followup:network_list", {}, "GET",                                                            "L    403  403  403  403  403  403  200  403  403"),
    ("followup:network_create", {}, "GET",                                                          "L    403  403  403  403  403  403  200  403  403"),
    ("followup:network_create", {}, "POST",                                                         "L    403  403  403  403  403  403  200  403  403"),
    ("followup:network_edit", {"pk": "network"}, "GET",                                             "L    403  403  403  403  403  403  200  403  403"),
    ("followup:network_edit", {"pk": "network"}, "POST",                                            "L    403  403  403  403  403  403  200  403  403"),
    ("followup:round_list", {}, "GET",                                                              "L    403  200  200  200  200  200  200  403  403"),
    ("followup:round_create", {}, "GET",                                                            "L    403  403  403  403  403  403  200  403  403"),
    ("followup:round_create", {}, "POST",                                                           "L    403  403  403  403  403  403  200  403  403"),
    ("followup:round_detail", {"year": "round"}, "GET",                                             "L    403  403  403  403  403  200  200  403  403"),
    # being prepared: unknown to members (404)
    ("followup:round_detail", {"year": "draft_round"}, "GET",                                       "L    403  403  403  403  403  404  200  403  403"),
    ("followup:round_edit", {"year": "round"}, "GET",                                               "L    403  403  403  403  403  403  200  403  403"),
    ("followup:round_edit", {"year": "round"}, "POST",                                              "L    403  403  403  403  403  403  200  403  403"),
    ("followup:round_questions", {"year": "draft_round"}, "GET",                                    "L    403  403  403  403  403  403  200  403  403"),
    ("followup:round_questions", {"year": "draft_round"}, "POST",                                   "L    403  403  403  403  403  403  200  403  403"),
    ("followup:round_open", {"year": "draft_round"}, "GET",                                         "L    403  403  403  403  403  403  200  403  403"),
    ("followup:round_open", {"year": "draft_round"}, "POST",                                        "L    403  403  403  403  403  403  R  403  403"),
    ("followup:round_close", {"year": "round"}, "GET",                                              "L    403  403  403  403  403  403  200  403  403"),
    ("followup:round_close", {"year": "round"}, "POST",                                             "L    403  403  403  403  403  403  R  403  403"),
    # R: X's report opened for X's officer; 404 for Y's officer
    ("followup:department_report_start", {"year": "round", "administration": "administration_x"}, "GET", "L    403  403  403  R    404  403  403  403  403"),
    # X's report: X's officers and the group; Y's officer 403
    ("followup:department_report", {"pk": "report_x"}, "GET",                                       "L    403  403  403  200  403  200  200  403  403"),
    # R: saved, by X's officer only
    ("followup:department_report", {"pk": "report_x"}, "POST",                                      "L    403  403  403  R    403  403  403  403  403"),
    ("followup:department_report", {"pk": "report_y"}, "GET",                                       "L    403  403  403  403  200  200  200  403  403"),
    # submitted: read-only even for Y; X cannot change it
    ("followup:department_report", {"pk": "report_y"}, "POST",                                      "L    403  403  403  403  403  403  403  403  403"),
    # X's officers, while a draft in an open round
    ("followup:department_report_submit", {"pk": "report_x"}, "GET",                                "L    403  403  403  200  403  403  403  403  403"),
    ("followup:department_report_submit", {"pk": "report_x"}, "POST",                               "L    403  403  403  R    403  403  403  403  403"),
    ("followup:department_report_reopen", {"pk": "report_y"}, "GET",                                "L    403  403  403  403  403  403  200  403  403"),
    # 200: the form again (a reason is needed)
    ("followup:department_report_reopen", {"pk": "report_y"}, "POST",                               "L    403  403  403  403  403  403  200  403  403"),
    ("followup:survey", {"year": "round"}, "GET",                                                   "L    403  200  200  403  403  403  403  403  403"),
    ("followup:survey_results", {"year": "round"}, "GET",                                           "L    403  403  403  403  403  200  200  403  403"),
    # R: A has already answered; not rep B's organisation: 404
    ("followup:survey_answer", {"year": "round", "organisation": "organisation_a"}, "GET",          "L    403  R    404  403  403  403  403  403  403"),
    ("followup:survey_answer", {"year": "round", "organisation": "organisation_a"}, "POST",         "L    403  R    404  403  403  403  403  403  403"),
    ("documents:published_reports", {}, "GET",                                                       "200  200  200  200  200  200  200  200  200  200"),
    ("documents:report_list", {"year": "round"}, "GET",                                              "L    403  403  403  403  403  200  200  403  403"),
    ("documents:report_create", {"year": "round"}, "GET",                                            "L    403  403  403  403  403  405  405  403  403"),
    ("documents:report_create", {"year": "round"}, "POST",                                           "L    403  403  403  403  403  R    R  403  403"),
    # R: without htmx, the list that shows it
    ("documents:report_status", {"pk": "followup_report"}, "GET",                                    "L    403  403  403  403  403  R    R  403  403"),
    ("documents:report_retry", {"pk": "followup_report"}, "GET",                                     "L    403  403  403  403  403  405  405  403  403"),
    ("documents:report_retry", {"pk": "followup_report"}, "POST",                                    "L    403  403  403  403  403  R    R  403  403"),
    ("documents:report_publish", {"pk": "followup_report"}, "GET",                                   "L    403  403  403  403  403  403  405  403  403"),
    ("documents:report_publish", {"pk": "followup_report"}, "POST",                                  "L    403  403  403  403  403  403  R  403  403"),
    # done, not published: 404 outside the group
    ("documents:report_download", {"pk": "followup_report"}, "GET",                                  "L    404  404  404  404  404  200  200  404  404"),
    # published: everyone
    ("documents:report_download", {"pk": "published_report"}, "GET",                                 "200  200  200  200  200  200  200  200  200  200"),
    ("documents:meeting_pack_create", {"pk": "meeting"}, "GET",                                      "L    403  403  403  403  403  405  405  403  403"),
    ("documents:meeting_pack_create", {"pk": "meeting"}, "POST",                                     "L    403  403  403  403  403  R    R  403  403"),
    # R: without htmx, the meeting page
    ("documents:meeting_pack_status", {"pk": "meeting"}, "GET",                                      "L    403  403  403  403  403  R    R  403  403"),
    # the meeting pack: the group only
    ("documents:meeting_pack_download", {"pk": "meeting", "pack_pk": "meeting_pack"}, "GET",         "L    404  404  404  404  404  200  200  404  404"),
]
# fmt: on
