"""The long loops of the dashboard's figures block written in Python (issue 16, point 3: a fast
uncached dashboard): the commitments per förvaltning (a row per förvaltning, a cell per form) and
the initiatives per step and area. The markup, escaping and localisation are the template code's
they replace, to the character (``tests/test_figures_rows.py`` renders both side by side in both
languages); each text is translated once a table, not once a row.

``{% commitment_rows commitments %}`` and ``{% step_rows initiatives %}`` write a table's rows (the
inside of its ``<tbody>``).
"""

from django import template
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..charts import escape, format_number
from .collaboration_charts import signed_change

register = template.Library()


def number(value) -> str:
    """``{{ value }}`` of a number: localised (thousands grouped), as the template writes it."""
    if type(value) is int and -1000 < value < 1000:
        return str(value)
    return escape(formats.localize(value))


def _cell(cell) -> str:
    """``<td class="num">{% if cell.url and cell.count %}<a href="{{ cell.url }}">{{ cell.count }}</a>
    {% else %}{{ cell.count }}{% endif %}</td>``"""
    if cell.url and cell.count:
        return f'<td class="num"><a href="{escape(cell.url)}">{number(cell.count)}</a></td>'
    return f'<td class="num">{number(cell.count)}</td>'


@register.simple_tag
def commitment_rows(commitments) -> str:
    """The commitments table's rows: the förvaltning (linked), its public party where there are
    several, its count per form, the total and its change, the kronor and their change."""
    kronor = gettext("%(amount)s kr")
    by_party = commitments.by_party
    parts = []
    for row in commitments.rows:
        name = escape(row.name)
        heading = f'<a href="{escape(row.url)}" lang="sv">{name}</a>' if row.url else f'<span lang="sv">{name}</span>'
        party = f'<td lang="sv">{escape(row.party or "–")}</td>' if by_party else ""
        cells = "".join(_cell(cell) for cell in row.per_form)
        parts.append(
            "\n            <tr>\n"
            f'              <th scope="row">{heading}</th>\n'
            f"              {party}\n"
            f"              {cells}\n"
            f'              <td class="num fw-semibold">{number(row.count.current)}</td>\n'
            f'              <td class="num">{escape(signed_change(row.count.change))}</td>\n'
            f'              <td class="num text-nowrap">{kronor % {"amount": escape(format_number(row.amount.current))}}</td>\n'
            f'              <td class="num text-nowrap">{kronor % {"amount": escape(signed_change(row.amount.change))}}</td>\n'
            "            </tr>\n          "
        )
    return mark_safe("".join(parts))  # every value above is escaped


@register.simple_tag
def step_rows(initiatives) -> str:
    """The matrix's rows: the step (linked), its count per area, the total, the year before's and
    the change."""
    parts = []
    for row in initiatives.steps:
        label = f"{number(row.number)}. {escape(row.label)}"
        heading = f'<a href="{escape(row.url)}">{label}</a>' if row.url else label
        cells = "".join(_cell(cell) for cell in row.cells)
        parts.append(
            "\n          <tr>\n"
            f'            <th scope="row">{heading}</th>\n'
            f"            {cells}\n"
            f'            <td class="num fw-semibold">{number(row.total.current)}</td>\n'
            f'            <td class="num">{number(row.total.previous)}</td>\n'
            f'            <td class="num">{escape(signed_change(row.total.change))}</td>\n'
            "          </tr>\n        "
        )
    return mark_safe("".join(parts))  # every value above is escaped
