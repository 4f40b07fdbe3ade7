"""Issue 13, part 2: no crafted input reaches a 500.

Every form of the portal is found by walking the URL resolver's permission table: every page is
asked as every role allowed to see it, and every ``<form>`` on it is read (its fields, their values,
its buttons). Then

* every URL that accepts POST is posted, as a role allowed to, with hostile values in every field at
  once (very long text, NUL bytes, "²" and "١٢٣", a 23-digit id, text where a number or date is
  expected, a list where one value is expected): never a 500, and nothing written to the database;
* every form found is posted with its own values and one field at a time made hostile (so the
  hostile value reaches the code behind a button, e.g. ``action=remove&invitation=abc``): never a 500;
* every page is asked with hostile values in every query parameter it reads (the ones its links and
  filter forms use, and the common ones): never a 500.

A URL that accepts POST but has no form on any page fails until it is listed in ``NO_FORM`` with
why; a URL that writes whatever it is sent fails until it is listed in ``WRITES_ANYWAY`` with why.
A model choice field that does not parse its ids through ``plumbing/ids.py`` fails too,
whether it is declared on the form class or made in its ``__init__`` (found on the rendered pages).
"""

import copy
import importlib
import inspect
import pkgutil
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django import forms
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import Resolver404, resolve, reverse

from accounts.forms.register import RegisterOrganisationForm
from accounts.models import Organisation, OrganisationKind
from accounts.orgnr import normalise_org_number
from collaboration.models import Decision
from conferences.models import Invitation as ConferenceInvitation
from conferences.models import Registration
from plumbing import ids
from plumbing.ids import ascii_digits, parse_id

from . import test_permission_matrix
from .permission_matrix_table import ROLES, TABLE
from .test_permission_matrix import WriteRecorder, project_urls, url_kwargs

world = test_permission_matrix.world  # the permission matrix's world of objects, as a fixture here

pytestmark = pytest.mark.django_db

HUGE_ID = "12345678901234567890123"
HOSTILE = {
    "long text": "Å" * 5_000,  # beyond every limited text field of ours
    "NUL byte": "1\x00",
    "superscript two": "²",
    "Arabic-Indic digits": "١٢٣",
    "23-digit id": HUGE_ID,
    "text for a number or date": "abc",
    "negative": "-1",
}
LIST_VALUE = ["1", HUGE_ID]  # a list where one value is expected
# Per field that is no free text (hidden, choices, numbers, dates), with the form's other values as
# shown: the values that reach a parser of ids or numbers ("²" passes str.isdigit, not int()).
ONE_FIELD = {"superscript two": "²", "23-digit id": HUGE_ID}
FREE_TEXT_TYPES = {"text", "email", "url", "tel", "search", "password"}
# Query parameters asked on every page, whether or not a link of ours uses them.
COMMON_PARAMS = ("page", "sida", "organisation", "punkt", "ar", "kind", "q", "visa", "historik", "next")

ALLOWED = {"200", "204", "410", "R"}
# Roles asked first: the convener sees the most forms; the others see their own.
PREFERENCE = ("convener", "group_member", "representative_a", "officer_x", "representative_b", "officer_y",
              "ordinary_user", "anonymous")

# URLs that accept POST but whose form no page of the world shows: the fields they take (posted
# hostile all the same), and why no page shows it.
NO_FORM: dict[str, tuple[tuple[str, ...], str]] = {
    "accounts:invitation_accept": ((), "a button alone, shown to the invited address's own account"),
    "accounts:register_import_preview": ((), "a button alone, shown for an import with rows to apply"),
    "accounts:contact_person_set": (("representation",), "a button per representative who is not the contact person; each organisation of the world has one representative, its contact person"),
    "initiatives:initiative_move_back": (("back-step", "back-reason"), "the world's initiatives are all in step 1"),
    "conferences:certificate": (("action", "name"), "shown on the certificate page of a held conference's link"),
    "collaboration:agenda_item_move": (("direction",), "the arrows show with two agenda items; the world's meeting has one"),
    "collaboration:decision_delete": ((), "a button alone, on the held meeting's page"),
    "collaboration:minutes_publish": (("publish",), "a button on the held meeting's page"),
    "followup:survey_answer": ((), "association A has answered, B is not connected: its fields are made per question"),
    "documents:report_retry": ((), "a button alone, shown for a report that failed"),
}
# URLs that act on a button whatever else is sent (the values play no part), and what they do.
BUTTONS = {
    "accounts:accession_review": "the convener takes the application up for review",
    "accounts:organisation_confirm": "the organisation's details are confirmed for the year",
    "accounts:contact_consent": "the contact person says yes or no to being shown",
    "conferences:session_delete": "the session is deleted",
    "conferences:invitation_send": "the invitations are sent",
    "conferences:registration_cancel": "the registration is cancelled",
    "collaboration:meeting_invite": "the meeting's invitation is sent",
    "collaboration:agenda_item_delete": "the agenda item is removed",
    "followup:network_delete": "the network is removed",
    "followup:round_open": "the follow-up round is opened",
    "followup:round_close": "the follow-up round is closed",
    "documents:report_create": "the yearly report is made",
    "documents:report_publish": "the yearly report is published",
    "documents:meeting_pack_create": "the meeting pack is made",
    "collaboration:decision_delete": "the decision is removed",
    "documents:report_retry": "the report is made again",
    "accounts:register_import_preview": "the import is applied",
}
# URLs whose forms take free text in every field they require, and which text: "²", "١٢٣" or a long
# text are valid answers there (and "١٢٣" in a number field is read as 123, in the digits 0-9).
# A NUL byte is still refused by every text field: nothing may be written then.
FREE_TEXT = {
    "initiatives:interest_answer": "the answer to an interest, with an optional message",
    "collaboration:meeting_cancel": "the reason for cancelling",
    "collaboration:agenda_item_create": "the item's title (and its minutes as a number)",
    "collaboration:agenda_item_edit": "the item's title (and its minutes as a number)",
    "collaboration:minutes_edit": "the minutes, free text of any length",
    "followup:department_report": "a draft of the department's report: its answers are free text",
    "followup:department_report_reopen": "the reason for reopening",
}


# --- Parsing ids and digits -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("  42 ", 42),
        (42, 42),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        (HUGE_ID, None),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("١٢٣", None),
        ("１２", None),
        ("1\x00", None),
        ("1.0", None),
        ("", None),
        (None, None),
        (True, None),
        (["1"], None),
    ],
)
def test_an_id_is_ascii_digits_within_the_databases_range(value, expected):
    assert parse_id(value) == expected


def test_other_digits_dashes_and_spaces_are_written_the_one_way_we_store_them():
    assert ascii_digits("٨٠٢٤٨٠–٠٠٠٨") == "802480-0008"
    assert ascii_digits("８０２４８０－０００８") == "802480-0008"
    assert ascii_digits("046\u00a0123\u202f45") == "046 123 45"
    assert ascii_digits("²") == "²"  # a superscript is no digit: a check after this refuses it


@pytest.mark.parametrize("spelling", ["802480-0008", "8024800008", "٨٠٢٤٨٠–٠٠٠٨", "８０２４８０－０００８", "16 802480 0008"])
def test_an_organisation_number_in_any_spelling_is_stored_in_the_digits_0_to_9(spelling):
    assert normalise_org_number(spelling) == "802480-0008"


@pytest.mark.parametrize("spelling", ["8024800008²", "802480-000⁸", "①②③④⑤⑥-⑦⑧⑨⑩"])
def test_an_organisation_number_with_digits_that_are_no_digits_is_refused(spelling):
    with pytest.raises(forms.ValidationError):
        normalise_org_number(spelling)


def test_the_same_organisation_number_in_two_spellings_is_the_same_organisation():
    Organisation.objects.create(
        name="Föreningen Ett", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, org_number="802480-0008"
    )
    form = RegisterOrganisationForm(
        data={"name": "Föreningen Två", "kind": OrganisationKind.NON_PROFIT_ASSOCIATION, "org_number": "٨٠٢٤٨٠-٠٠٠٨"}
    )
    assert not form.is_valid()
    assert "En annan organisation i registret har redan det här numret" in str(form.errors["org_number"])


def test_the_same_organisation_number_in_two_spellings_is_the_same_application(client, representative_a):
    """An application sent with the number in Arabic-Indic digits is found as the one waiting."""
    from accounts.models import Accession
    from accounts.services import accession_duplicate

    Accession.objects.create(
        name="Föreningen Ett",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        org_number=normalise_org_number("８０２４８０－０００８"),
        applicant=representative_a,
        status=Accession.Status.SUBMITTED,
    )
    assert accession_duplicate(org_number=normalise_org_number("٨٠٢٤٨٠-٠٠٠٨")) is not None


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("postal_code", "٢٢٢ ٢١", "222 21"),
        ("postal_code", "２２２２１", "222 21"),
        ("phone", "٠٤٦-١٢ ٣٤ ٥٦", "046-12 34 56"),
        ("contact_phone", "０７０ー１２３", None),  # a katakana long mark is no dash
        ("phone", "046²123456", None),
    ],
)
def test_postal_codes_and_phone_numbers_are_stored_in_the_digits_0_to_9(field, typed, stored):
    form = RegisterOrganisationForm(
        data={"name": "Föreningen Tre", "kind": OrganisationKind.NON_PROFIT_ASSOCIATION, field: typed}
    )
    if stored is None:
        assert not form.is_valid()
        assert field in form.errors
    else:
        assert form.is_valid(), form.errors
        assert form.cleaned_data[field] == stored


# --- The requests seen answering 500 ----------------------------------------------------------------


def test_an_application_for_an_organisation_written_in_other_digits_is_not_found(client, world):
    cast, objects = world
    client.force_login(cast["representative_a"])
    for value in ("²", "١", HUGE_ID, "abc"):
        response = client.get(reverse("accounts:accession_start"), {"organisation": value})
        assert response.status_code == 404, value


def test_a_decision_under_an_agenda_item_written_in_other_digits_opens_the_empty_form(client, world):
    cast, objects = world
    client.force_login(cast["convener"])
    url = reverse("collaboration:decision_create", kwargs={"pk": objects["meeting_unpublished"].pk})
    for value in ("²", HUGE_ID):
        response = client.get(url, {"punkt": value})
        assert response.status_code == 200, value


def test_removing_an_invitation_that_is_no_id_is_not_found_and_removes_nothing(client, world):
    cast, objects = world
    client.force_login(cast["convener"])
    url = reverse("conferences:invitation_list", kwargs={"pk": objects["conference"].pk})
    for value in ("abc", "²", HUGE_ID, ""):
        response = client.post(url, {"action": "remove", "invitation": value})
        assert response.status_code == 404, value
    assert not ConferenceInvitation.objects.filter(excluded=True).exists()


def test_a_23_digit_session_in_a_registration_is_a_form_error(client, world):
    cast, objects = world
    conference = objects["conference"]
    before = Registration.objects.count()
    response = client.post(
        reverse("conferences:registration_create", kwargs={"pk": conference.pk}),
        {
            "name": "Karin Björk",
            "email": "karin@example.org",
            "organisation_name": "Föreningen Medmänniskor",
            "sessions": [str(objects["session"].pk), HUGE_ID],
        },
    )
    assert response.status_code == 200
    assert "är inte ett giltigt värde" in response.content.decode()
    assert Registration.objects.count() == before


def test_a_23_digit_priority_area_in_an_initiative_is_a_form_error(client, world):
    cast, objects = world
    client.force_login(cast["representative_a"])
    response = client.post(
        reverse("initiatives:initiative_create"),
        {"title": "Ett nytt initiativ", "need": "Ett behov.", "goal": "Ett mål.", "priority_areas": [HUGE_ID]},
    )
    assert response.status_code == 200
    assert "är inte ett giltigt värde" in response.content.decode()


def test_a_decision_with_a_23_digit_agenda_item_is_a_form_error(client, world):
    """A single choice: Django 5.2 already answers an exact lookup beyond the range as "no such
    row" (this passed before the one place too); the list choices above did not."""
    cast, objects = world
    client.force_login(cast["convener"])
    before = Decision.objects.count()
    response = client.post(
        reverse("collaboration:decision_create", kwargs={"pk": objects["meeting_unpublished"].pk}),
        {"text": "Gruppen beslutade.", "agenda_item": HUGE_ID},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert Decision.objects.count() == before


# --- Every choice field parses its ids in the one place -------------------------------------------

FORM_PACKAGES = ["accounts.forms", "initiatives.forms", "conferences.forms", "followup.forms"]


def _form_classes():
    for package_name in FORM_PACKAGES:
        package = importlib.import_module(package_name)
        modules = [package] + [
            importlib.import_module(f"{package_name}.{info.name}") for info in pkgutil.iter_modules(package.__path__)
        ]
        for module in modules:
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def _unchecked_choice_fields(fields: dict) -> list[str]:
    return [
        name
        for name, field in fields.items()
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, ids.IdChoiceFieldMixin)
    ]


def test_every_choice_field_of_every_form_class_parses_its_ids_in_the_one_place():
    classes = list(_form_classes())
    assert len(classes) > 40, "the walk found too few form classes"
    problems = [
        f"{cls.__module__}.{cls.__name__}.{name}: use plumbing.ids (or Meta.formfield_callback = ids.id_formfield)"
        for cls in classes
        for name in _unchecked_choice_fields(cls.base_fields)
    ]
    assert not problems, "\n".join(problems)


# --- Reading the forms and links of a page ----------------------------------------------------------


class _Page(HTMLParser):
    """The forms of a page (method, action, fields with their values, named buttons) and the query
    parameters of its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "a" and "?" in attrs.get("href", ""):
            self.links.append(attrs["href"])
        if tag == "form":
            self._form = {
                "method": attrs.get("method", "get").lower(),
                "action": attrs.get("hx-post") or attrs.get("action", ""),
                "fields": {},
                "targets": set(),  # the fields that are no free text
                "buttons": [],
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        fields = self._form["fields"]
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image", "button"):
                self._form["buttons"].append((name, attrs.get("value", "")))
            elif kind in ("checkbox", "radio"):
                fields.setdefault(name, [])
                self._form["targets"].add(name)
                if "checked" in attrs:
                    fields[name].append(attrs.get("value", "on"))
            else:
                fields.setdefault(name, []).append(attrs.get("value", ""))
                if kind not in FREE_TEXT_TYPES and kind != "file":
                    self._form["targets"].add(name)
        elif tag == "button" and name and attrs.get("type", "submit").lower() == "submit":
            self._form["buttons"].append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            fields.setdefault(name, [])
            self._form["targets"].add(name)
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                fields[self._select].append(value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            fields.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form["fields"][self._select].append(self._select_first)
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            values = self._form["fields"][self._textarea]
            values[-1] += data


def _view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _forms_in_context(response):
    """The form objects a page was rendered with (forms of formsets included)."""
    seen = []
    for context in response.context or []:
        for value in context.flatten().values():
            candidates = [value]
            if isinstance(value, forms.BaseFormSet):
                candidates = [*value.forms, value.empty_form]
            for candidate in candidates:
                if isinstance(candidate, forms.BaseForm) and not any(candidate is form for form in seen):
                    seen.append(candidate)
    return seen


def _request(client, method: str, path: str, data=None):
    """One request inside a savepoint rolled back afterwards (every request meets the same world);
    the answer (500 when the view raised) and the tables written."""
    recorder = WriteRecorder()
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        with connection.execute_wrapper(recorder):
            if method == "GET":
                response = client.get(path, data or {})
            else:
                response = client.post(path, data or {})
        transaction.set_rollback(True)
    client.cookies = cookies
    cache.clear()  # rate-limit counters of one request must not answer the next
    return response, recorder.tables


def _log_in(client, cast, role):
    client.logout()
    if role != "anonymous":
        client.force_login(cast[role])


def _lines(method: str):
    """(name, kwargs, the roles allowed, in order of preference) of the table's lines of ``method``."""
    for name, kwargs, line_method, cells in TABLE:
        if line_method != method:
            continue
        codes = dict(zip(ROLES, cells.split()))
        allowed = [role for role in PREFERENCE if codes[role] in ALLOWED]
        if allowed:
            yield name, kwargs, allowed


def _crawl(client, cast, objects):
    """Every page as every role allowed to see it: the forms found (by the URL name they post to),
    the query parameters of links and filter forms (by the URL name they lead to), and problems."""
    post_forms: dict[str, list[tuple[str, str, dict, list]]] = defaultdict(list)
    params: dict[str, set[str]] = defaultdict(set)
    problems: list[str] = []
    by_role = defaultdict(list)
    for name, kwargs, allowed in _lines("GET"):
        for role in allowed:
            by_role[role].append((name, kwargs))
    for role in PREFERENCE:
        _log_in(client, cast, role)
        for name, kwargs in by_role[role]:
            path = reverse(name, kwargs=url_kwargs(objects, kwargs))
            response, _written = _request(client, "GET", path)
            if response.status_code >= 500:
                problems.append(f"GET {path} as {role}: {response.status_code}")
                continue
            for form in _forms_in_context(response):
                for field in _unchecked_choice_fields(form.fields):
                    problem = f"{type(form).__name__}.{field} (made at run time on {name}): not through plumbing.ids"
                    if problem not in problems:
                        problems.append(problem)
            if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
                continue
            page = _Page()
            page.feed(response.content.decode("utf-8", errors="replace"))
            for link in page.links:
                target = _view_name(link)
                if target:
                    params[target].update(key for key, _value in parse_qsl(urlsplit(link).query, keep_blank_values=True))
            for form in page.forms:
                action = form["action"] or path
                target = _view_name(action)
                if target is None:
                    continue
                if form["method"] == "post":
                    post_forms[target].append((role, action, form))
                else:
                    params[target].update(form["fields"])
    client.logout()
    return post_forms, params, problems


def _hostile(fields, value) -> dict:
    return {field: value for field in fields if field != "csrfmiddlewaretoken"}


def _may_write(name: str, label: str) -> bool:
    return name in BUTTONS or (name in FREE_TEXT and label.split(",")[0] != "NUL byte")


def test_every_form_refuses_hostile_values_without_a_500(client, world):
    cast, objects = world
    client.raise_request_exception = False  # an exception is the 500 a user would see
    post_forms, _params, problems = _crawl(client, cast, objects)
    found = 0
    for name, kwargs, allowed in _lines("POST"):
        path = reverse(name, kwargs=url_kwargs(objects, kwargs))
        shown = post_forms.get(name, [])
        if shown:
            found += 1
            # The buttons' names too: their hostile values must not act either.
            fields = sorted(
                {field for _role, _action, form in shown for field in form["fields"]}
                | {name for _role, _action, form in shown for name, _value in form["buttons"]}
            )
            # As a role that was shown the form, else the first one allowed to post.
            role = next((role for role in allowed if any(seen == role for seen, _a, _f in shown)), allowed[0])
        elif name in NO_FORM:
            fields, role = list(NO_FORM[name][0]), allowed[0]
        else:
            problems.append(f"POST {name}: no page shows a form that posts to it (list it in NO_FORM with why)")
            continue
        _log_in(client, cast, role)
        submissions = [(label, _hostile(fields, value)) for label, value in HOSTILE.items()]
        submissions.append(("a list for one value", _hostile(fields, LIST_VALUE)))
        for label, data in submissions:
            response, written = _request(client, "POST", path, data)
            where = f"POST {path} ({name}) as {role} with {label} in every field"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
            elif written and not _may_write(name, label):
                problems.append(f"{where}: wrote to {sorted(set(written))}")
    assert found > 50, f"only {found} forms found"

    # Each form as shown, with one field at a time hostile (the others as shown), for every field
    # that is no free text: so that the value reaches the code behind the form's button.
    done = set()
    tried = set()  # (URL name, field, button): the rows of a formset and the same form on many pages once
    for name, shown in post_forms.items():
        for role, action, form in shown:
            for button in [None, *form["buttons"]]:
                key = (name, tuple(sorted(form["fields"])), button)
                if key in done:
                    continue
                done.add(key)
                _log_in(client, cast, role)
                base = {field: values for field, values in form["fields"].items() if values}
                if button:
                    base[button[0]] = button[1]
                for field in sorted(form["targets"] - {"csrfmiddlewaretoken"}):
                    if (name, re.sub(r"\d+", "N", field), button) in tried:
                        continue
                    tried.add((name, re.sub(r"\d+", "N", field), button))
                    for label, value in ONE_FIELD.items():
                        response, _written = _request(client, "POST", action, {**base, field: value})
                        if response.status_code >= 500:
                            pressed = f", button {button[0]}={button[1]}" if button else ""
                            problems.append(f"POST {action} ({name}) as {role} with {field}={label}{pressed}: {response.status_code}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_every_page_answers_hostile_query_values_without_a_500(client, world):
    cast, objects = world
    client.raise_request_exception = False
    _post_forms, params, problems = _crawl(client, cast, objects)
    for name, kwargs, allowed in _lines("GET"):
        path = reverse(name, kwargs=url_kwargs(objects, kwargs))
        names = sorted(set(COMMON_PARAMS) | params.get(name, set()))
        _log_in(client, cast, allowed[0])
        values = [*HOSTILE.items(), ("a list for one value", LIST_VALUE)]
        for label, value in values:
            query = urlencode([(param, item) for param in names for item in (value if isinstance(value, list) else [value])])
            response, _written = _request(client, "GET", f"{path}?{query}")
            if response.status_code >= 500:
                problems.append(f"GET {path} ({name}) as {allowed[0]} with {label} in {', '.join(names)}: {response.status_code}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_every_url_with_an_id_answers_a_23_digit_id_without_a_500(client, world):
    """The URL's own ids (``<int:pk>``) beyond the database's range: not found, never a 500."""
    cast, objects = world
    client.raise_request_exception = False
    client.force_login(cast["convener"])
    problems = []
    for name, _route, pattern in project_urls():
        converters = getattr(pattern.pattern, "converters", {})
        int_kwargs = [kwarg for kwarg, converter in converters.items() if type(converter).__name__ == "IntConverter"]
        if not int_kwargs:
            continue
        kwargs = {kwarg: (int(HUGE_ID) if kwarg in int_kwargs else "x") for kwarg in converters}
        path = reverse(name, kwargs=kwargs)
        for method in ("GET", "POST"):
            response, _written = _request(client, method, path)
            if response.status_code >= 500:
                problems.append(f"{method} {path} ({name}): {response.status_code}")
    assert not problems, "\n".join(problems)
