"""The chrome of every page (``base.html``) written in Python (issue 16): the stylesheets, the
header (the account links, the language switch, the main menu) and the footer.

The template wrote it with about 25 ``{% url %}``, 30 ``{% translate %}`` and 6 ``{% static %}``
tags and 6 ``{% has_perm %}`` checks, 2–4 ms of every page. Addresses and words do not change while
the process runs: they are reversed, translated and escaped once per language, script prefix and
URLconf (``_words``), and a changed setting forgets them (the tests override settings). What
belongs to one request is put in on each render: the CSRF token, the address the language switch
returns to, which menu link is the page's own (``aria-current``), the agreement's name, contact and
group, and the header's links as the rules allow them — each permission asked once per request,
through ``user.has_perm`` as ``{% has_perm %}`` asked it, never kept beyond the request.

The markup is the template's, byte for byte, whitespace included: ``test_page_chrome.py`` renders
the old ``base.html`` side by side with this one.
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext

from plumbing.rows import escape

register = template.Library()

# The header's links that the rules decide, in the order the header shows them.
HEADER_PERMISSIONS = (
    "accounts.view_accession_queue",
    "collaboration.see_group_links",
    "followup.view_rounds",
    "accounts.view_register",
    "plumbing.view_audit_log",
    "initiatives.add_partnership",
)
# The pages about the agreement itself, in the menu's dropdown (its button is active on each).
AGREEMENT_PAGES = ("agreement", "principles", "action_plan", "process", "collaboration:group")
# The menu's other links.
LIST_PAGES = (
    "accounts:organisation_list",
    "initiatives:initiative_list",
    "initiatives:partnership_list",
    "conferences:conference_list",
    "join",
)
MENU_PAGES = AGREEMENT_PAGES + LIST_PAGES

_I16 = "\n" + " " * 16
_CACHE: dict[tuple, dict[str, str]] = {}
_REQUEST_ATTR = "_page_chrome_permissions"
_RENDER_KEY = "page_chrome"


@receiver(setting_changed, dispatch_uid="overenskommelse.page_chrome.forget")
def _forget(**kwargs) -> None:
    """A changed setting (a test's ``override_settings``: the URLconf, the static files, the
    languages) may change any address or word."""
    _CACHE.clear()


def _link(url: str, text: str) -> str:
    return f'<li class="list-inline-item"><a class="account-link" href="{url}">{text}</a></li>'


def _build() -> dict[str, str]:
    """Everything of the chrome that is the same for every request in this language."""
    url = {name: escape(reverse(name)) for name in (
        "home", "accounts:accession_queue", "collaboration:dashboard", "collaboration:meeting_list",
        "followup:round_list", "accounts:register", "audit_log", "initiatives:partnership_mine",
        "accounts:overview", "account_logout", "account_login", "account_signup", "set_language",
        "accounts:organisation_list", "initiatives:initiative_list", "initiatives:partnership_list",
        "conferences:conference_list", "join", "contact", "documents:published_reports",
        "accessibility", "accounts:privacy", *AGREEMENT_PAGES,
    )}
    word = {text: escape(gettext(text)) for text in (
        "Characters left:", "Table (scrolls sideways)", "Skip to content", "The Agreement Portal",
        "Account", "Applications", "Dashboard", "Meetings", "Follow-up", "Audit log",
        "Our commitments", "My account", "Log out", "Log in", "Create account", "Main menu", "Menu",
        "About the agreement", "The agreement", "Principles", "Action plan", "Collaboration process",
        "Organisations", "Initiatives", "IOPs and commitments", "Conference", "Join",
        "Questions about the agreement:", "About this site", "Contact", "Follow-up reports",
        "Accessibility statement", "Privacy and personal data", "Open data",
    )}
    if get_language() == "sv":
        language_button = '<button type="submit" name="language" value="en" class="btn btn-outline-primary btn-sm" lang="en">English</button>'
    else:
        language_button = '<button type="submit" name="language" value="sv" class="btn btn-outline-primary btn-sm" lang="sv">Svenska</button>'
    links = "\n  ".join(
        f'<link rel="stylesheet" href="{escape(static(path))}">'
        for path in ("vendor/bootstrap-5.3.9/css/bootstrap.min.css", "css/portal.css")
    )
    scripts = "\n  ".join(
        f'<script src="{escape(static(path))}"></script>'
        for path in ("vendor/bootstrap-5.3.9/js/bootstrap.bundle.min.js", "js/text-limit.js", "js/scroll-regions.js")
    )
    return {
        **{f"url:{name}": value for name, value in url.items()},
        # The menu's own addresses as ``request.path`` has them, to find the page's own link.
        **{f"path:{name}": reverse(name) for name in MENU_PAGES},
        "head": f'{links}\n  <link rel="icon" href="{escape(static("img/favicon.svg"))}" type="image/svg+xml">',
        "top": (
            f'<body data-text-left="{word["Characters left:"]}" data-scroll-label="{word["Table (scrolls sideways)"]}">\n'
            f'  <a class="visually-hidden-focusable skip-link" href="#main">{word["Skip to content"]}</a>\n'
            '  <header class="site-header border-bottom">\n'
            '    <div class="container d-flex flex-wrap align-items-center justify-content-between gap-2 pt-2">\n'
            f'      <a class="site-brand fw-semibold fs-5" href="{url["home"]}">{word["The Agreement Portal"]}</a>\n'
            '      <div class="d-flex flex-wrap align-items-center">\n'
            f'        <nav aria-label="{word["Account"]}">\n'
            '          <ul class="list-inline mb-0">\n              '
        ),
        "accounts.view_accession_queue": _link(url["accounts:accession_queue"], word["Applications"]),
        "collaboration.see_group_links": (
            _link(url["collaboration:dashboard"], word["Dashboard"])
            + _I16
            + _link(url["collaboration:meeting_list"], word["Meetings"])
        ),
        "followup.view_rounds": _link(url["followup:round_list"], word["Follow-up"]),
        "accounts.view_register": _link(
            url["accounts:register"], escape(pgettext("register of organisations", "Register"))
        ),
        "plumbing.view_audit_log": _link(url["audit_log"], word["Audit log"]),
        "initiatives.add_partnership": _link(url["initiatives:partnership_mine"], word["Our commitments"]),
        "my account": _link(url["accounts:overview"], word["My account"]),
        "log out": (
            '<li class="list-inline-item">\n'
            f'                  <form method="post" action="{url["account_logout"]}" class="d-inline">'
        ),
        "log out end": (
            "\n                    "
            f'<button type="submit" class="btn btn-link account-link p-0 align-baseline">{word["Log out"]}</button>\n'
            "                  </form>\n"
            "                </li>\n              "
        ),
        "anonymous": (
            _I16
            + _link(url["account_login"], word["Log in"])
            + _I16
            + _link(url["account_signup"], word["Create account"])
            + "\n              "
        ),
        "language": (
            "\n          </ul>\n        </nav>\n"
            f'          <form action="{url["set_language"]}" method="post" class="language-switch ms-2">'
        ),
        "language next": '\n          <input name="next" type="hidden" value="',
        "language end": (
            f'">\n          \n            {language_button}\n          \n        </form>\n'
            "      </div>\n    </div>\n    \n"
            f'    <nav class="navbar navbar-expand-xl" aria-label="{word["Main menu"]}">\n'
            '      <div class="container">\n'
            '        <button class="navbar-toggler" type="button" data-bs-toggle="collapse" '
            'data-bs-target="#main-menu" aria-controls="main-menu" aria-expanded="false">\n'
            f'          <span class="navbar-toggler-icon" aria-hidden="true"></span> {word["Menu"]}\n'
            "        </button>\n"
            '        <div class="collapse navbar-collapse" id="main-menu">\n'
            '          <ul class="navbar-nav">\n            '
        ),
        "menu button": (
            '<li class="nav-item dropdown">\n'
            '              <button type="button" class="nav-link dropdown-toggle'
        ),
        "menu button end": (
            f'" data-bs-toggle="dropdown" aria-expanded="false">{word["About the agreement"]}</button>\n'
            '              <ul class="dropdown-menu">\n'
        ),
        **{
            f"menu:{name}": text
            for name, text in (
                ("agreement", word["The agreement"]),
                ("principles", word["Principles"]),
                ("action_plan", word["Action plan"]),
                ("process", word["Collaboration process"]),
                ("accounts:organisation_list", word["Organisations"]),
                ("initiatives:initiative_list", word["Initiatives"]),
                ("initiatives:partnership_list", word["IOPs and commitments"]),
                ("conferences:conference_list", word["Conference"]),
                ("join", word["Join"]),
            )
        },
        "footer": (
            '<footer class="site-footer border-top py-4 mt-5">\n'
            '    <div class="container">\n'
            '      <div class="row gy-3">\n'
            '        <div class="col-md-6">\n          \n            '
        ),
        "footer questions": word["Questions about the agreement:"],
        "footer end": (
            "\n          \n        </div>\n"
            '        <div class="col-md-6">\n'
            f'          <h2 class="visually-hidden">{word["About this site"]}</h2>\n'
            '          <ul class="list-unstyled mb-0">\n'
            f'            <li><a href="{url["contact"]}">{word["Contact"]}</a></li>\n'
            f'            <li><a href="{url["documents:published_reports"]}">{word["Follow-up reports"]}</a></li>\n'
            f'            <li><a href="{url["accessibility"]}">{word["Accessibility statement"]}</a></li>\n'
            f'            <li><a href="{url["accounts:privacy"]}">{word["Privacy and personal data"]}</a></li>\n'
            f'            <li><a href="{url["accounts:organisation_list"]}#oppna-data">{word["Open data"]}</a></li>\n'
            "          </ul>\n        </div>\n      </div>\n    </div>\n  </footer>\n  "
            + scripts
        ),
    }


def _words(context) -> dict[str, str]:
    """The chrome of this language, script prefix (``FORCE_SCRIPT_NAME``, ``SCRIPT_NAME``) and
    URLconf, built at its first page; looked up once per page (the render's own context keeps it
    for the page's other tags, unless a ``{% language %}`` changed the language in between)."""
    language = get_language()
    kept = context.render_context.get(_RENDER_KEY)
    if kept is not None and kept[0] == language:
        return kept[1]
    key = (language, get_script_prefix(), get_urlconf())
    words = _CACHE.get(key)
    if words is None:
        words = _CACHE[key] = _build()
    context.render_context[_RENDER_KEY] = (language, words)
    return words


def _csrf_input(context) -> str:
    """``{% csrf_token %}``: the hidden input with the request's token, nothing without one."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


def _permissions(request, user) -> dict[str, bool]:
    """What ``{% has_perm %}`` answered for the header's links: ``user.has_perm``, so the rules
    decide (and the superuser's shortcut holds), each asked once per request."""
    kept = getattr(request, _REQUEST_ATTR, None)
    if kept is not None and kept[0] is user:
        return kept[1]
    has_perm = getattr(user, "has_perm", None)
    answers = {name: bool(has_perm and has_perm(name)) for name in HEADER_PERMISSIONS}
    if request is not None:
        setattr(request, _REQUEST_ATTR, (user, answers))
    return answers


def _path(context):
    request = context.get("request")
    return getattr(request, "path", None)


@register.simple_tag(takes_context=True)
def page_head(context) -> str:
    """The stylesheets and the icon of ``<head>``."""
    return mark_safe(_words(context)["head"])


@register.simple_tag(takes_context=True)
def page_header(context) -> str:
    """From ``<body>`` to the main menu's list: the skip link, the portal's name, the account links
    (what the rules let the user see), the language switch, the menu's toggler."""
    words = _words(context)
    request = context.get("request")
    user = context.get("user")
    csrf_input = _csrf_input(context)
    parts = [words["top"]]
    if getattr(user, "is_authenticated", False):
        allowed = _permissions(request, user)
        links = [
            "",
            *(
                part
                for name in HEADER_PERMISSIONS
                for part in (words[name] if allowed[name] else "", "")
            ),
        ]
        links[-1] = words["my account"]
        links.append(words["log out"] + csrf_input + words["log out end"])
        parts.append(_I16 + _I16.join(links))
    else:
        parts.append(words["anonymous"])
    full_path = request.get_full_path() if request is not None else ""
    parts += [words["language"], csrf_input, words["language next"], escape(full_path), words["language end"]]
    return mark_safe("".join(parts))


def _menu_link(words, path, name: str, css: str, text: str, indent: str) -> str:
    current = ' aria-current="page"' if path == words[f"path:{name}"] else ""
    return f'{indent}<a class="{css}" href="{words[f"url:{name}"]}"{current}>{text}</a></li>'


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    """The main menu's items (``{% block main_menu %}``'s own): the pages about the agreement in a
    dropdown, then the lists, the conference and joining; the page's own link marked current."""
    words = _words(context)
    path = _path(context)
    group_word = getattr(context.get("words"), "Group", "")
    active = " active" if any(path == words[f"path:{name}"] for name in AGREEMENT_PAGES) else ""
    dropdown = "\n".join(
        _menu_link(
            words, path, name, "dropdown-item",
            escape(group_word) if name == "collaboration:group" else words[f"menu:{name}"],
            "                <li>",
        )
        for name in AGREEMENT_PAGES
    )
    items = [
        _menu_link(words, path, name, "nav-link", words[f"menu:{name}"], '<li class="nav-item">')
        for name in LIST_PAGES
    ]
    return mark_safe(
        f'{words["menu button"]}{active}{words["menu button end"]}{dropdown}\n'
        "              </ul>\n            </li>\n            "
        + "\n            ".join(items)
    )


@register.simple_tag(takes_context=True)
def page_footer(context) -> str:
    """The footer: the agreement's name and contact, the links about the site; the scripts."""
    words = _words(context)
    agreement = context.get("current_agreement")
    if callable(agreement):  # the context processor's: read when a page shows it
        agreement = agreement()
    middle = ""
    if agreement:
        email = escape(agreement.contact_email)
        middle = (
            f'\n              <p class="mb-1 fw-semibold" lang="sv">{escape(agreement.name)}</p>\n'
            f'              <p class="mb-0">{words["footer questions"]} <a href="mailto:{email}">{email}</a></p>\n'
            "            "
        )
    return mark_safe(words["footer"] + middle + words["footer end"])
