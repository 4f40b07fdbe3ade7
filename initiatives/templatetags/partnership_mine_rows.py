"""The rows of a förvaltning's own list of commitments, written in Python (plumbing/rows.py): the
same markup as the table rows of ``partnership_mine.html`` wrote (with ``partnership_period.html``)."""

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from plumbing.rows import escape, pk_url

from ..models import Partnership
from .initiative_rows import _period

register = template.Library()


@register.simple_tag
def partnership_mine_rows(partnerships, parties, administrations) -> str:
    """``<tr>`` of each commitment of the officer's förvaltningar: title (linked), the förvaltning
    (when the officer works at more than one of the ``administrations``), the idea-driven parties
    (``parties``: their names by commitment), form, period, kronor per year, status, and the links
    to change it and (while active) end it."""
    administration_names = (
        {administration.pk: administration.name for administration in administrations}
        if len(administrations) > 1
        else None
    )
    detail = pk_url("initiatives:partnership_detail")
    edit = pk_url("initiatives:partnership_edit")
    end = pk_url("initiatives:partnership_end")
    forms = dict(Partnership._meta.get_field("form").flatchoices)
    ended_badge = f'<span class="badge text-bg-secondary">{escape(gettext("Ended"))}</span>'
    active_badge = f'<span class="badge text-bg-success">{escape(gettext("Active"))}</span>'
    edit_text = escape(gettext("Edit"))
    end_text = escape(gettext("End"))
    rows = []
    for partnership in partnerships:
        pk = partnership.pk
        title = escape(partnership.title)
        hidden_title = f'<span class="visually-hidden"> <span lang="sv">{title}</span></span>'
        administration = ""
        if administration_names:
            name = administration_names[partnership.administration_id]
            administration = f'\n              <td lang="sv">{escape(name)}</td>'
        amount = escape(
            gettext("%(amount)s kr") % {"amount": localize(partnership.money_per_year)}
        )
        # The template's {% for %} … {% empty %}–: the names, or a dash for none.
        party_list = ", ".join(escape(party) for party in parties.get(pk, ())) or "–"
        end_link = ""
        if not partnership.has_ended:
            end_link = f'\n                  · <a href="{end(pk)}">{end_text}{hidden_title}</a>'
        rows.append(
            f'<tr>\n              <th scope="row"><a href="{detail(pk)}" lang="sv">{title}</a></th>{administration}'
            f'\n              <td lang="sv">{party_list}</td>'
            f"\n              <td>{escape(str(forms.get(partnership.form, partnership.form)))}</td>"
            f"\n              <td>{_period(partnership)}\n</td>"
            f'\n              <td class="text-end text-nowrap">{amount}</td>'
            f"\n              <td>{ended_badge if partnership.has_ended else active_badge}</td>"
            f'\n              <td class="text-nowrap">\n                <a href="{edit(pk)}">{edit_text}{hidden_title}</a>{end_link}'
            f"\n              </td>\n            </tr>\n"
        )
    return mark_safe("".join(rows))
