"""The rows of a förvaltning's own list of commitments, written in Python (plumbing/rows.py): the
same markup as the table rows of ``partnership_mine.html`` wrote (with ``partnership_period.html``)."""

from django import template
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from plumbing.rows import escape, pk_url

from ..models import Partnership
from .initiative_rows import _period

register = template.Library()


def _kronor():
    """``amount`` → "12 345 kr" as ``{% blocktranslate %}{{ amount }} kr{% endblocktranslate %}``
    wrote it (``localize``), with the language's separators and the sentence looked up once, not
    for each row."""
    language = get_language()
    decimal_separator = get_format("DECIMAL_SEPARATOR", language, use_l10n=True)
    grouping = get_format("NUMBER_GROUPING", language, use_l10n=True)
    thousand_separator = get_format("THOUSAND_SEPARATOR", language, use_l10n=True)
    sentence = gettext("%(amount)s kr")

    def kronor(amount: int) -> str:
        number = numberformat.format(
            amount, decimal_separator, None, grouping, thousand_separator, use_l10n=True
        )
        return escape(sentence % {"amount": number})

    return kronor


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
    kronor = _kronor()
    forms = dict(Partnership._meta.get_field("form").flatchoices)
    ended_badge = (
        f'<span class="badge text-bg-secondary">{escape(gettext("Ended"))}</span>'
    )
    active_badge = (
        f'<span class="badge text-bg-success">{escape(gettext("Active"))}</span>'
    )
    edit_text = escape(gettext("Edit"))
    end_text = escape(gettext("End"))
    until_further_notice = gettext("From %(start)s, until further notice")
    rows = []
    for partnership in partnerships:
        pk = partnership.pk
        title = escape(partnership.title)
        hidden_title = (
            f'<span class="visually-hidden"> <span lang="sv">{title}</span></span>'
        )
        administration = ""
        if administration_names:
            name = administration_names[partnership.administration_id]
            administration = f'\n              <td lang="sv">{escape(name)}</td>'
        # The template's {% for %} … {% empty %}–: the names, or a dash for none.
        party_list = ", ".join(escape(party) for party in parties.get(pk, ())) or "–"
        end_link = ""
        if not partnership.has_ended:
            end_link = f'\n                  · <a href="{end(pk)}">{end_text}{hidden_title}</a>'
        rows.append(
            f'<tr>\n              <th scope="row"><a href="{detail(pk)}" lang="sv">{title}</a></th>{administration}'
            f'\n              <td lang="sv">{party_list}</td>'
            f"\n              <td>{escape(str(forms.get(partnership.form, partnership.form)))}</td>"
            f"\n              <td>{_period(partnership, until_further_notice)}\n</td>"
            f'\n              <td class="text-end text-nowrap">{kronor(partnership.money_per_year)}</td>'
            f"\n              <td>{ended_badge if partnership.has_ended else active_badge}</td>"
            f'\n              <td class="text-nowrap">\n                <a href="{edit(pk)}">{edit_text}{hidden_title}</a>{end_link}'
            f"\n              </td>\n            </tr>\n"
        )
    return mark_safe("".join(rows))
