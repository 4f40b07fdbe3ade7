"""Template tags of the dashboard's figures and charts.

``{% bar_chart chart %}`` draws a ``collaboration.charts.BarChart`` (SVG and its table);
``{{ value|signed_change }}`` writes a change with its sign (+3, −2, ±0), Swedish formatted;
``{{ value|grouped }}`` a number with thousands grouped (12 345) even where localisation is off.
"""

from django import template

from ..charts import format_number

register = template.Library()


@register.inclusion_tag("collaboration/_chart.html")
def bar_chart(chart):
    return {"chart": chart, "layout": None if chart.is_empty else chart.layout}


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
