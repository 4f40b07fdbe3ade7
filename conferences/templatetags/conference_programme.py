"""The sessions of a conference's programme, written in Python (plumbing/rows.py): the same markup
as the loop of ``programme.html`` they replace, with the same escaping, times and translations, and
the session's links reversed once per page."""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from plumbing.rows import MARKER, escape, pk_url
from plumbing.templatetags.portal_time import time_element

from ..models import Session

register = template.Library()


def _session_url(name: str, conference_pk: int):
    """``name``'s address for any session of the conference, reversed once."""
    prefix, _, suffix = reverse(name, args=[conference_pk, MARKER]).partition(str(MARKER))
    return lambda pk: f"{prefix}{pk}{suffix}"


@register.simple_tag
def programme_sessions(sessions: list[Session], conference, may_manage: bool = False) -> str:
    """``<li class="programme-session">`` of each session of a day: its times, title, kind, room,
    speakers, description, the public initiative it presents, its places left and, for those who
    manage the conference, the links to change or remove it."""
    initiative_url = pk_url("initiatives:initiative_detail")
    room_label = escape(gettext("Room:"))
    speakers_label = escape(gettext("Speakers:"))
    initiative_label = escape(gettext("Initiative:"))
    full = escape(gettext("This session is full."))
    if may_manage:
        edit_url = _session_url("conferences:session_edit", conference.pk)
        delete_url = _session_url("conferences:session_delete", conference.pk)
        edit_label, remove_label = escape(gettext("Edit")), escape(gettext("Remove"))
    items = []
    for session in sessions:
        title = escape(session.title)
        room = f' · {room_label} <span lang="sv">{escape(session.room)}</span>' if session.room else ""
        speakers = description = initiative = places = actions = ""
        if session.speakers:
            speakers = f'<p class="mb-1">{speakers_label} <span lang="sv">{escape(session.speakers)}</span></p>'
        if session.description:
            description = f'<div class="mb-1" lang="sv">{linebreaks(session.description, autoescape=True)}</div>'
        presented = session.initiative
        if presented and presented.is_public:
            initiative = (
                f'<p class="mb-1">{initiative_label} <a href="{initiative_url(presented.pk)}" lang="sv">'
                f"{escape(presented.title)}</a></p>"
            )
        if session.capacity is not None:
            left = session.places_left
            if left:
                # As ``{% blocktranslate count %}``: the value escaped, the translation as it is.
                text = ngettext(
                    "%(left)s place left in this session.", "%(left)s places left in this session.", left
                ) % {"left": escape(localize(left))}
            else:
                text = f"<strong>{full}</strong>"
            places = f'\n              <p class="mb-1 small">{text}</p>\n            '
        if may_manage:
            hidden = f'<span class="visually-hidden"> <span lang="sv">{title}</span></span>'
            actions = (
                f'\n              <p class="mb-0 small programme-actions">'
                f'\n                <a href="{edit_url(session.pk)}">{edit_label}{hidden}</a>'
                f'\n                · <a href="{delete_url(session.pk)}">{remove_label}{hidden}</a>'
                f"\n              </p>\n            "
            )
        items.append(
            f'\n        <li class="programme-session">'
            f'\n          <p class="programme-time mb-1">{time_element(localtime(session.starts_at))}–'
            f"{time_element(localtime(session.ends_at))}</p>"
            f'\n          <div class="programme-body">'
            f'\n            <h3 class="h5 mb-1" lang="sv">{title}</h3>'
            f'\n            <p class="mb-1"><span class="badge text-bg-light border">{escape(session.get_kind_display())}</span>{room}</p>'
            f"\n            {speakers}\n            {description}\n            {initiative}\n            {places}"
            f"\n            {actions}\n          </div>\n        </li>\n      "
        )
    return mark_safe("".join(items))
