"""The rows of the public organisation list, written in Python (plumbing/rows.py)."""

from django import template
from django.utils.safestring import mark_safe

from plumbing.rows import escape, long_date, names, pk_url

register = template.Library()


@register.simple_tag
def organisation_rows(organisations) -> str:
    """``<tr>`` of each organisation: name (linked to its profile), kind, town, priority areas and
    the date it was connected."""
    profile = pk_url("accounts:organisation_profile")
    kinds: dict[str, str] = {}  # each kind's name looked up once a page, not for each row

    def kind(organisation) -> str:
        if organisation.kind not in kinds:
            kinds[organisation.kind] = escape(organisation.get_kind_display())
        return kinds[organisation.kind]

    return mark_safe(
        "".join(
            f'<tr>\n            <th scope="row"><a href="{profile(organisation.pk)}" lang="sv">{escape(organisation.name)}</a></th>'
            f"\n            <td>{kind(organisation)}</td>"
            f'\n            <td lang="sv">{escape(organisation.city or "–")}</td>'
            f'\n            <td lang="sv">{names(organisation.area_list)}</td>'
            f"\n            <td>{long_date(organisation.connected_since)}</td>\n          </tr>\n"
            for organisation in organisations
        )
    )
