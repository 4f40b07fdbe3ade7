"""Bar charts drawn on the server as SVG, for the dashboard and the PDFs that reuse its figures.

A ``BarChart`` holds categories (one group of bars each) and one or more series (two years, say);
``templates/collaboration/_chart.html`` (``{% bar_chart chart %}`` from ``collaboration_charts``) draws it as
horizontal bars, grouped or stacked, with:

* ``role="img"`` and a ``<title>`` and ``<desc>`` the SVG is labelled by,
* every value printed as text beside its bar (the colours are never the only way to tell),
* colours with enough contrast (bars at least 3:1 against white, white text inside a stacked
  segment at least 4.5:1), and
* the same numbers as a table with a caption, for screen readers.

No JavaScript, and only SVG that WeasyPrint draws (rectangles and text with presentation
attributes), so the same chart works in a web page and in a PDF. The geometry is worked out here;
the template only writes it out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from overenskommelse.selectors import agreement_words, worded
from plumbing.dates import long_date

__all__ = [
    "BAR_COLOURS",
    "STACK_COLOURS",
    "Bar",
    "BarChart",
    "Category",
    "Chart",
    "Series",
    "dashboard_charts",
    "format_number",
]

# Two years side by side: the earlier lighter, the chosen year darker (3.3:1 and 7.5:1 against
# white; 2.3:1 between them, and each bar's value is printed with its year anyway).
BAR_COLOURS = ("#6b8fcf", "#0a4fb4")
# Stacked segments carry white numbers: each colour has at least 4.5:1 against white.
STACK_COLOURS = ("#0a4fb4", "#1d6b47", "#8c4a00", "#5e6a78")
SINGLE_COLOUR = "#0a4fb4"
TEXT_COLOUR = "#1b1b1b"

WIDTH = 640
FONT_SIZE = 13
CHAR_WIDTH = 7.2  # a generous average width of a character at FONT_SIZE (for fitting text)
LABEL_LINE = 18
BAR_HEIGHT = 18
BAR_GAP = 4
GROUP_GAP = 12
VALUE_ROOM = 170  # room to the right of the longest bar for its printed value
LEGEND_LINE = 22
MAX_LABEL_CHARS = 84
FONT_FAMILY = (
    "system-ui, 'Segoe UI', Roboto, 'Helvetica Neue', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif"
)


def escape(text) -> str:
    """``django.utils.html.escape`` without its lazy wrapper (the same characters: ``&<>"'``): the
    charts and the figures' tables escape a thousand short texts a page."""
    return html.escape(str(text))


def format_number(value) -> str:
    """A number in the language's way, thousands grouped (12 345 in Swedish), whatever the page's
    settings. Whole numbers (nearly all the dashboard has) take a quick path."""
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        grouped = f"{abs(value):,}"
        if "," in grouped:  # the language's separator looked up only where there is one to write
            grouped = grouped.replace(",", formats.get_format("THOUSAND_SEPARATOR"))
        return f"-{grouped}" if value < 0 else grouped
    return formats.number_format(value, force_grouping=True)


def _n(value: float) -> str:
    """A coordinate: a dot for decimals whatever the language (never localised)."""
    return format(round(value, 1), "g")


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _short(label: str) -> str:
    label = re.sub(r"\s+", " ", str(label)).strip()
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1].rstrip() + "…"


@dataclass
class Category:
    label: str
    url: str = ""


@dataclass
class Series:
    label: str
    values: Sequence[int]
    colour: str = ""


@dataclass(frozen=True)
class Bar:
    """A rectangle and the text printed with it."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str = ""
    text_x: float = 0
    text_y: float = 0
    text_colour: str = TEXT_COLOUR
    text_anchor: str = "start"


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    colour: str
    label: str

    @property
    def text_x(self) -> float:
        return self.x + 18

    @property
    def text_y(self) -> float:
        return self.y + 11


@dataclass(frozen=True)
class TableRow:
    label: str
    url: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    legend: tuple[LegendItem, ...]
    labels: tuple[Label, ...]
    bars: tuple[Bar, ...]


@dataclass
class BarChart:
    """A horizontal bar chart: one group of bars per category, one bar per series (or one bar
    of stacked segments with ``stacked=True``). ``unit`` follows each value ("kr")."""

    slug: str
    title: str
    description: str
    categories: Sequence[Category | str]
    series: Sequence[Series]
    category_heading: str = ""
    unit: str = ""
    stacked: bool = False
    total_heading: str = ""
    empty_text: str = ""
    width: int = WIDTH

    def __post_init__(self) -> None:
        self.categories = [c if isinstance(c, Category) else Category(str(c)) for c in self.categories]
        self.slug = re.sub(r"[^a-z0-9-]+", "-", str(self.slug).lower()).strip("-") or "chart"
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError("Each series needs one value per category.")

    # --- What the template needs ---------------------------------------------------------------

    @property
    def title_id(self) -> str:
        return f"chart-{self.slug}-title"

    @property
    def desc_id(self) -> str:
        return f"chart-{self.slug}-desc"

    @property
    def is_empty(self) -> bool:
        return not self.categories or not self.series

    def colour_of(self, index: int) -> str:
        series = self.series[index]
        if series.colour:
            return series.colour
        if self.stacked:
            return STACK_COLOURS[index % len(STACK_COLOURS)]
        if len(self.series) == 1:
            return SINGLE_COLOUR
        return BAR_COLOURS[index % len(BAR_COLOURS)] if len(self.series) == 2 else STACK_COLOURS[index % len(STACK_COLOURS)]

    def total(self, index: int) -> int:
        return sum(series.values[index] or 0 for series in self.series)

    def _with_unit(self, value) -> str:
        return f"{format_number(value)}{' ' + self.unit if self.unit else ''}"

    @property
    def table_headings(self) -> list[str]:
        headings = [series.label for series in self.series]
        if self.stacked:
            headings.append(self.total_heading or _("In all"))
        return headings

    @property
    def table_rows(self) -> list[TableRow]:
        rows = []
        for index, category in enumerate(self.categories):
            values = [self._with_unit(series.values[index]) for series in self.series]
            if self.stacked:
                values.append(self._with_unit(self.total(index)))
            rows.append(TableRow(category.label, category.url, tuple(values)))
        return rows

    @cached_property
    def layout(self) -> Layout:
        """Where every rectangle and text goes (in SVG user units, ``width`` wide)."""
        legend: list[LegendItem] = []
        y = 0.0
        if len(self.series) > 1:
            x = 0.0
            for index, series in enumerate(self.series):
                item_width = 18 + _text_width(series.label) + 18
                if x and x + item_width > self.width:
                    x, y = 0.0, y + LEGEND_LINE
                legend.append(LegendItem(x, y + 2, self.colour_of(index), series.label))
                x += item_width
            y += LEGEND_LINE + 4
        if self.stacked:
            largest = max((self.total(i) for i in range(len(self.categories))), default=0)
        else:
            largest = max((v or 0 for s in self.series for v in s.values), default=0)
        room = self.width - VALUE_ROOM
        scale = room / largest if largest else 0
        labels: list[Label] = []
        bars: list[Bar] = []
        for index, category in enumerate(self.categories):
            labels.append(Label(0, y + FONT_SIZE, _short(category.label)))
            y += LABEL_LINE + 2
            if self.stacked:
                x = 0.0
                for series_index, series in enumerate(self.series):
                    value = series.values[index] or 0
                    width = value * scale
                    text = format_number(value) if value else ""
                    fits = bool(text) and width >= _text_width(text) + 6
                    bars.append(
                        Bar(
                            x=round(x, 1),
                            y=y,
                            width=round(max(width - 1, 0) if value else 0, 1),
                            height=BAR_HEIGHT,
                            colour=self.colour_of(series_index),
                            text=text if fits else "",
                            text_x=round(x + width / 2, 1),
                            text_y=y + BAR_HEIGHT - 5,
                            text_colour="#ffffff",
                            text_anchor="middle",
                        )
                    )
                    x += width
                total_text = self._with_unit(self.total(index))
                bars.append(
                    Bar(
                        x=round(x, 1),
                        y=y,
                        width=0,
                        height=BAR_HEIGHT,
                        colour="none",
                        text=total_text,
                        text_x=round(x + 6, 1),
                        text_y=y + BAR_HEIGHT - 5,
                    )
                )
                y += BAR_HEIGHT + BAR_GAP
            else:
                for series_index, series in enumerate(self.series):
                    value = series.values[index] or 0
                    width = value * scale
                    text = self._with_unit(value)
                    if len(self.series) > 1:
                        text = f"{series.label}: {text}"
                    bars.append(
                        Bar(
                            x=0,
                            y=y,
                            width=round(width, 1),
                            height=BAR_HEIGHT,
                            colour=self.colour_of(series_index),
                            text=text,
                            text_x=round(width + 6, 1),
                            text_y=y + BAR_HEIGHT - 5,
                        )
                    )
                    y += BAR_HEIGHT + BAR_GAP
            y += GROUP_GAP - BAR_GAP
        return Layout(
            width=self.width,
            height=int(y + 4),
            legend=tuple(legend),
            labels=tuple(labels),
            bars=tuple(bars),
        )


    def svg(self) -> SafeString:
        """The chart as inline SVG markup (built here rather than in a template loop: a dashboard
        draws hundreds of rectangles, and this is many times faster). Only rectangles and text with
        presentation attributes, which browsers and WeasyPrint draw alike; no style attribute."""
        layout = self.layout
        width, height = layout.width, layout.height
        parts = [
            (
                f'<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" role="img" '
                f'aria-labelledby="{self.title_id} {self.desc_id}" focusable="false" '
                f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
                f'font-size="{FONT_SIZE}" font-family="{FONT_FAMILY}">'
            ),
            f'<title id="{self.title_id}">{escape(self.title)}</title>',
            f'<desc id="{self.desc_id}">{escape(self.description)}</desc>',
        ]
        for item in layout.legend:
            parts.append(
                f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="13" height="13" fill="{item.colour}"/>'
                f'<text x="{_n(item.text_x)}" y="{_n(item.text_y)}" fill="{TEXT_COLOUR}">{escape(item.label)}</text>'
            )
        for label in layout.labels:
            parts.append(
                f'<text x="{_n(label.x)}" y="{_n(label.y)}" fill="{TEXT_COLOUR}" font-weight="600">'
                f"{escape(label.text)}</text>"
            )
        for bar in layout.bars:
            if bar.width:
                parts.append(
                    f'<rect x="{_n(bar.x)}" y="{_n(bar.y)}" width="{_n(bar.width)}" '
                    f'height="{_n(bar.height)}" fill="{bar.colour}"/>'
                )
            if bar.text:
                parts.append(
                    f'<text x="{_n(bar.text_x)}" y="{_n(bar.text_y)}" fill="{bar.text_colour}" '
                    f'text-anchor="{bar.text_anchor}">{escape(bar.text)}</text>'
                )
        parts.append("</svg>")
        return mark_safe("\n".join(parts))  # every text above is escaped


# The generic name other areas may use.
Chart = BarChart


# --- The dashboard's charts ----------------------------------------------------------------------


def dashboard_charts(figures) -> dict[str, BarChart]:
    """The charts of the dashboard (and of the PDFs that show its figures), built from a
    ``selectors.figures.YearFigures``: organisations, initiatives per step and per priority area,
    commitments per förvaltning by form, and their kronor per year."""
    # The years compared: the year and the year before, or (an agreement followed up every other
    # year) the round's period and the one before, "2025–2026" and "2023–2024".
    year, previous = figures.period.label, figures.previous_period.label
    numbers = {"year": year, "previous": previous}
    several = figures.several_years
    none_ran = (
        _("No commitments ran during %(year)s.") % numbers if several else _("No commitments ran during the year.")
    )
    charts: dict[str, BarChart] = {}

    organisations = figures.organisations
    charts["organisations"] = BarChart(
        slug=f"organisations-{figures.year}",
        title=_("Connected organisations, %(previous)s and %(year)s") % numbers,
        description=_(
            "Connected on %(on)s: %(connected)s (on %(previous_on)s: %(connected_previous)s). "
            "New during %(year)s: %(joined)s (%(previous)s: %(joined_previous)s). "
            "Withdrew during %(year)s: %(withdrawn)s (%(previous)s: %(withdrawn_previous)s)."
        )
        % {
            **numbers,
            "on": long_date(organisations.on),
            "previous_on": long_date(organisations.previous_on),
            "connected": format_number(organisations.connected.current),
            "connected_previous": format_number(organisations.connected.previous),
            "joined": format_number(organisations.joined.current),
            "joined_previous": format_number(organisations.joined.previous),
            "withdrawn": format_number(organisations.withdrawn.current),
            "withdrawn_previous": format_number(organisations.withdrawn.previous),
        },
        category_heading=_("Organisations"),
        categories=[
            Category(_("Connected organisations"), organisations.list_url),
            Category(_("New during %(year)s") % numbers if several else _("New during the year")),
            Category(_("Withdrew during %(year)s") % numbers if several else _("Withdrew during the year")),
        ],
        series=[
            Series(
                previous,
                [organisations.connected.previous, organisations.joined.previous, organisations.withdrawn.previous],
            ),
            Series(
                year,
                [organisations.connected.current, organisations.joined.current, organisations.withdrawn.current],
            ),
        ],
    )

    initiatives = figures.initiatives
    step_labels = [f"{row.number}. {row.label}" for row in initiatives.steps]
    charts["initiative_steps"] = BarChart(
        slug=f"initiative-steps-{figures.year}",
        title=_("Initiatives per step, %(previous)s and %(year)s") % numbers,
        description=_(
            "Active and paused initiatives in each of the five steps on %(on)s, %(total)s in all "
            "(%(total_previous)s on %(previous_on)s): %(steps)s."
        )
        % {
            "on": long_date(initiatives.on),
            "previous_on": long_date(initiatives.previous_on),
            "total": format_number(initiatives.total.current),
            "total_previous": format_number(initiatives.total.previous),
            "steps": "; ".join(
                f"{label} {format_number(row.total.current)} ({format_number(row.total.previous)})"
                for label, row in zip(step_labels, initiatives.steps)
            ),
        },
        category_heading=_("Step"),
        categories=[Category(label, row.url) for label, row in zip(step_labels, initiatives.steps)],
        series=[
            Series(previous, [row.total.previous for row in initiatives.steps]),
            Series(year, [row.total.current for row in initiatives.steps]),
        ],
    )

    area_names = [column.name or worded(_("No %(area)s")) for column in initiatives.areas]
    charts["initiative_areas"] = BarChart(
        slug=f"initiative-areas-{figures.year}",
        title=worded(_("Initiatives per %(area)s, %(year)s"), **numbers),
        description=_(
            "Active and paused initiatives per %(area)s on %(on)s (an initiative in two areas "
            "counts in both): %(areas)s."
        )
        % {
            "area": agreement_words().area,
            "on": long_date(initiatives.on),
            "areas": "; ".join(
                f"{name} {format_number(column.total)}" for name, column in zip(area_names, initiatives.areas)
            )
            or "–",
        },
        category_heading=agreement_words().Area,
        categories=[Category(name, column.url) for name, column in zip(area_names, initiatives.areas)],
        series=[Series(year, [column.total for column in initiatives.areas])],
        empty_text=worded(_("No %(areas)s yet.")),
    )

    commitments = figures.commitments
    form_labels = commitments.form_labels
    charts["commitment_forms"] = BarChart(
        slug=f"commitment-forms-{figures.year}",
        title=_("Commitments per förvaltning and form, %(year)s") % numbers,
        description=_(
            "Commitments running during %(year)s: %(total)s in all (%(previous)s: %(total_previous)s), "
            "of them %(forms)s."
        )
        % {
            **numbers,
            "total": format_number(commitments.count.current),
            "total_previous": format_number(commitments.count.previous),
            "forms": ", ".join(
                f"{label} {format_number(cell.count)}" for label, cell in zip(form_labels, commitments.per_form)
            ),
        },
        category_heading=_("Förvaltning"),
        categories=[Category(row.name, row.url) for row in commitments.rows],
        series=[
            Series(label, [row.per_form[index].count for row in commitments.rows])
            for index, label in enumerate(form_labels)
        ],
        stacked=True,
        empty_text=none_ran,
    )
    charts["commitment_amounts"] = BarChart(
        slug=f"commitment-amounts-{figures.year}",
        title=_("Kronor per year per förvaltning, %(previous)s and %(year)s") % numbers,
        description=(
            _(
                "The money contributions to the commitments running at some time during each period: "
                "%(amount)s kr in %(year)s and %(amount_previous)s kr in %(previous)s."
            )
            if several
            else _(
                "The money contributions to the commitments running during the year: %(amount)s kr in "
                "%(year)s and %(amount_previous)s kr in %(previous)s."
            )
        )
        % {
            **numbers,
            "amount": format_number(commitments.amount.current),
            "amount_previous": format_number(commitments.amount.previous),
        },
        category_heading=_("Förvaltning"),
        categories=[Category(row.name, row.url) for row in commitments.rows],
        series=[
            Series(previous, [row.amount.previous for row in commitments.rows]),
            Series(year, [row.amount.current for row in commitments.rows]),
        ],
        unit="kr",
        empty_text=none_ran,
    )
    return charts
