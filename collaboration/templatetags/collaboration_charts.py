"""Template tags of the dashboard's figures and charts.

``{% bar_chart chart %}`` draws a ``collaboration.charts.BarChart`` (SVG and its table, the markup
of ``templates/collaboration/_chart.html`` written in Python);
``{{ value|signed_change }}`` writes a change with its sign (+3, −2, ±0), Swedish formatted;
``{{ value|grouped }}`` a number with thousands grouped (12 345) even where localisation is off.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..charts import escape, format_number

register = template.Library()


@register.simple_tag
def bar_chart(chart) -> str:
    """``templates/collaboration/_chart.html`` for ``chart``, written in Python (the dashboard has
    five charts, two with a row per förvaltning): the same markup to the character
    (``tests/test_figures_rows.py`` compares them in both languages)."""
    title = escape(chart.title)
    opening = f'\n<div class="chart" id="chart-{escape(chart.slug)}">\n'
    if chart.is_empty:
        text = escape(chart.empty_text) if chart.empty_text else escape(gettext("No figures to show."))
        body = f'\n  <p class="chart-empty"><span class="fw-semibold">{title}:</span> {text}</p>\n'
    else:
        headings = "".join(f'<th scope="col">{escape(heading)}</th>' for heading in chart.table_headings)
        rows = "".join(
            f'<tr><th scope="row">{escape(row.label)}</th>'
            + "".join(f"<td>{escape(value)}</td>" for value in row.values)
            + "</tr>\n      "
            for row in chart.table_rows
        )
        body = (
            f'\n  <p class="chart-title" aria-hidden="true">{title}</p>\n'
            f"  {chart.svg()}\n"
            '  <table class="chart-data visually-hidden">\n'
            f"    <caption>{title}</caption>\n"
            "    <thead>\n"
            f'      <tr><th scope="col">{escape(chart.category_heading)}</th>{headings}</tr>\n'
            "    </thead>\n"
            "    <tbody>\n"
            f"      {rows}\n"
            "    </tbody>\n"
            "  </table>\n"
        )
    return mark_safe(f"{opening}{body}\n</div>\n")  # every text above is escaped; the SVG escapes its own


@register.filter
def signed_change(value) -> str:
    """+3, −2 (a real minus sign) or ±0."""
    if value is None:
        return "–"
    if value > 0:
        return f"+{format_number(value)}"
    if value < 0:
        return f"−{format_number(-value)}"
    return "±0"


@register.filter
def grouped(value) -> str:
    return format_number(value)
