"""Issue 17: no page speaks the wrong language. The catalogue test (``test_catalogue.py``) proves
every message has a Swedish translation; this one reads the rendered pages, where a message id
shared by two meanings ("Register": the register of organisations, and signing up for a conference)
or a string that never went through gettext shows up.

The portal's pages (every GET of the permission matrix's table a role is answered with 200, in the
matrix's world) and allauth's account pages are rendered in Swedish and in English, and their
visible text (text, ``title``, ``aria-label``, ``alt``, ``placeholder``, a button's ``value``;
not what is marked with another ``lang``) is compared with the Swedish catalogue (ours, and
allauth's for the message ids we do not replace):

* on a Swedish page no English message id may stand whose Swedish differs: a short one (one or two
  words) as a whole piece of text (a button, a heading, a cell), a longer one anywhere in the text;
* on an English page no Swedish translation may stand in the same way.

False positives kept out: words that are the same in both languages ("Status", "Period", a
translation equal to its id in any context, such as the register's "Register"), and the world's
own data (names, titles: "Handlingsplan" is the action plan's title as well as a translation).

What no walk can see: a message id shared by two meanings whose one translation is the word itself
(the register's "Register" on the conference's button before it had its own context). The text is
then correct Swedish for one meaning; ``pgettext`` is the guard, and the conference has its test.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from .permission_matrix_table import ROLES, TABLE
from .test_permission_matrix import _ask, url_kwargs, world  # noqa: F401 (world is a fixture)

pytestmark = pytest.mark.django_db

CATALOGUE = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po"
# allauth's own Swedish, under ours (the account pages are made of both).
ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"

# The roles that together are shown every page (the others see a subset of these).
WALKED_ROLES = ("anonymous", "representative_a", "officer_x", "convener")

ACCOUNT_PAGES = (
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
)
ACCOUNT_PAGES_LOGGED_IN = (
    "account_email",
    "account_change_password",
    "mfa_index",
    "mfa_activate_totp",
)


# --- The catalogue ---------------------------------------------------------------------------------


def _unquote(text: str) -> str:
    return text.encode("raw_unicode_escape").decode("unicode_escape")


def catalogue_entries(path=CATALOGUE) -> list[tuple[str, str, str]]:
    """(context, msgid, msgstr) of every translated entry; plurals by their singular forms."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?)\s+"(.*)"$', line)
            if match:
                key = match.group(1).replace("[0]", "")
                fields[key] = _unquote(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += _unquote(line[1:-1])
        if fields.get("msgid") and fields.get("msgstr"):
            entries.append((fields.get("msgctxt", ""), fields["msgid"], fields["msgstr"]))
    return entries


def _normal(text: str) -> str:
    return " ".join(text.split())


def _pattern(message: str) -> re.Pattern:
    """A message as a regular expression: its placeholders match any text."""
    parts = PLACEHOLDER.split(_normal(message))
    # A placeholder stands for a name, a number or a date: a few words, not a sentence.
    return re.compile(r"\S+(?: \S+){0,3}?".join(re.escape(part) for part in parts))


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _meaningful(message: str) -> bool:
    return len(re.findall(r"[^\W\d_]", PLACEHOLDER.sub("", message))) >= 3


def _word_count(message: str) -> int:
    """Words of the message's own (a placeholder's text is not the message's)."""
    return len(PLACEHOLDER.sub(" ", message).split())


class Words:
    """The catalogue's messages to look for on each language's pages."""

    def __init__(self, entries, known_text: set[str]):
        same = {_normal(msgid).casefold() for _ctx, msgid, msgstr in entries if msgid == msgstr}
        ids = {_normal(msgid).casefold() for _ctx, msgid, _msgstr in entries}
        strs = {_normal(msgstr).casefold() for _ctx, _msgid, msgstr in entries}
        known = {text.casefold() for text in known_text}
        # The world's texts are cut out of the pieces before looking ("Utkast till konferens –
        # Portalen" is a title of the world and the portal's name, not the message "X till Y").
        self.known = sorted((text for text in known_text if len(text) >= 4), key=len, reverse=True)
        self.english = self._words(
            (msgid for _ctx, msgid, msgstr in entries if msgid != msgstr),
            same | strs | known,
        )
        self.swedish = self._words(
            (msgstr for _ctx, msgid, msgstr in entries if msgid != msgstr),
            same | ids | known,
        )

    def _without_known(self, piece: str) -> str:
        for text in self.known:
            if text in piece:
                piece = piece.replace(text, " … ")
        return _normal(piece)

    @staticmethod
    def _words(messages, excluded):
        short, long = {}, {}
        for message in set(messages):
            normal = _normal(message)
            if not _meaningful(normal) or normal.casefold() in excluded or "\n" in message:
                continue
            (short if _word_count(normal) <= 2 else long)[normal] = _pattern(normal)
        return short, long

    def found(self, words, pieces: list[str]) -> set[str]:
        short, long = words
        pieces = [self._without_known(piece) for piece in pieces]
        whole = set(pieces)
        found = {message for message in short if message in whole}
        for message, pattern in short.items():
            if PLACEHOLDER.search(message) and any(pattern.fullmatch(piece) for piece in whole):
                found.add(message)
        text = " \n ".join(pieces)
        for message, pattern in long.items():
            if pattern.search(text):
                found.add(message)
        return found


# --- The rendered text ------------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """The pieces of text a person reads or hears, without what another ``lang`` marks and
    without code."""

    # <code>: names for programs (the open data's columns), not words for people.
    SKIPPED = {"script", "style", "template", "code"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
    READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # per open element: is its text skipped?
        self.pieces: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        skipped = (
            self._skipped()
            or tag in self.SKIPPED
            or (lang is not None and not lang.startswith(self.language) and tag != "html")
        )
        if not skipped:
            for name in self.READ_ATTRIBUTES:
                if attributes.get(name):
                    self.pieces.append(_normal(attributes[name]))
            if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
                self.pieces.append(_normal(attributes["value"]))
        if tag not in self.VOID:
            self.stack.append(skipped)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.pieces.append(_normal(data))


def visible_pieces(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    parser.close()
    return parser.pieces


def world_text() -> set[str]:
    """Every short text of the database (names, titles, places): the world's data, not ours."""
    texts = set()
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            texts.update(_normal(value) for value in row if isinstance(value, str) and value.strip())
    return texts


def _render(client, path: str, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response, _written = _ask(client, "GET", path)
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return None
    if response.streaming:
        b"".join(response.streaming_content)
        return None
    return response.content.decode("utf-8", errors="replace")


def wrong_language(client, paths, words: Words) -> list[str]:
    problems = []
    for path in paths:
        for language, wrong, said in (
            ("sv", words.english, "English"),
            ("en", words.swedish, "Swedish"),
        ):
            html = _render(client, path, language)
            if html is None:
                continue
            for message in sorted(words.found(wrong, visible_pieces(html, language))):
                problems.append(f"{path} in {language}: {said} {message!r}")
    return problems


# --- The tests ---------------------------------------------------------------------------------------


def test_the_walk_finds_an_english_word_on_a_swedish_page():
    """The finder itself: an untranslated button and sentence are found, a name and a word that
    is the same in both languages are not, nor text marked as another language."""
    entries = [
        ("", "Save", "Spara"),
        ("", "Status", "Status"),
        ("", "Join the waiting list", "Ställ dig i kön"),
        ("", "Page %(number)s of %(count)s", "Sida %(number)s av %(count)s"),
        ("conference", "Register", "Anmäl dig"),
        ("register of organisations", "Register", "Register"),
    ]
    words = Words(entries, known_text={"Save"})
    html = (
        '<html lang="sv"><body><h1>Status</h1><button>Register</button>'
        "<p>Du kan <a href=#>Join the waiting list</a> här.</p><p>Page 2 of 5</p>"
        '<button lang="en">Save</button><p>Ställ dig i kön</p></body></html>'
    )
    assert words.found(words.english, visible_pieces(html, "sv")) == {
        "Join the waiting list",
        "Page %(number)s of %(count)s",
    }
    assert words.found(words.swedish, visible_pieces(html, "en")) == {"Ställ dig i kön"}


def test_the_conference_button_says_anmal_dig_and_the_menu_register(client, world):  # noqa: F811
    """The message id "Register" had two meanings: the conference's is its own (in context)."""
    _cast, objects = world
    conference = objects["conference"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    for path in (
        reverse("conferences:conference_detail", kwargs={"pk": conference.pk}),
        reverse("conferences:registration_create", kwargs={"pk": conference.pk}),
    ):
        pieces = visible_pieces(client.get(path).content.decode(), "sv")
        assert "Anmäl dig" in pieces, path
        assert "Register" not in pieces, path
    client.force_login(_cast["convener"])
    assert "Register" in visible_pieces(client.get(reverse("home")).content.decode(), "sv")


@pytest.mark.parametrize("role", WALKED_ROLES)
def test_every_page_speaks_its_language(client, world, role):  # noqa: F811
    """Every page a role is shown, in Swedish and in English: no word of the other language."""
    cast, objects = world
    ours = catalogue_entries()
    replaced = {(context, msgid) for context, msgid, _msgstr in ours}
    allauths = [entry for entry in catalogue_entries(ALLAUTH_CATALOGUE) if entry[:2] not in replaced]
    words = Words(ours + allauths, known_text=world_text())
    column = ROLES.index(role)
    paths = []
    for name, kwargs, method, cells in TABLE:
        if method == "GET" and cells.split()[column] == "200":
            path = reverse(name, kwargs=url_kwargs(objects, kwargs))
            if path not in paths:
                paths.append(path)
    if role == "anonymous":
        paths += [reverse(name) for name in ACCOUNT_PAGES]
    else:
        client.force_login(cast[role])
        if role == "convener":
            paths += [reverse(name) for name in ACCOUNT_PAGES_LOGGED_IN]
    assert len(paths) > 10
    problems = wrong_language(client, paths, words)
    assert not problems, f"{role}: {len(problems)} words in the wrong language:\n" + "\n".join(problems)
