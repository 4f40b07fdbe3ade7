"""The server-drawn bar charts: an SVG image with a title and a description, every value printed as
text (Swedish formatted), colours with enough contrast, and the same numbers in a table."""

import re

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from collaboration.charts import (
    BAR_COLOURS,
    SINGLE_COLOUR,
    STACK_COLOURS,
    TEXT_COLOUR,
    VALUE_ROOM,
    WIDTH,
    BarChart,
    Category,
    Series,
    dashboard_charts,
)
from collaboration.selectors.figures import compute_year_figures
from plumbing.dates import long_date


def two_years() -> BarChart:
    return BarChart(
        slug="belopp 2025",
        title="Kronor per år per förvaltning",
        description="Pengabidragen per förvaltning 2024 och 2025.",
        category_heading="Förvaltning",
        categories=[Category("Kultur- och fritidsförvaltningen", "/samverkansataganden/?administration=1"), "Socialförvaltningen"],
        series=[Series("2024", [10_000, 2_500]), Series("2025", [12_345, 0])],
        unit="kr",
    )


def stacked() -> BarChart:
    return BarChart(
        slug="former",
        title="Åtaganden per form",
        description="Antal åtaganden per förvaltning och form.",
        categories=["Kultur- och fritidsförvaltningen", "Socialförvaltningen"],
        series=[Series("IOP", [30, 1]), Series("Gemensamt projekt", [10, 0]), Series("Annan", [0, 1])],
        stacked=True,
    )


def render(chart: BarChart) -> str:
    return render_to_string("collaboration/_chart.html", {"chart": chart, "layout": None if chart.is_empty else chart.layout})


def test_the_chart_is_an_image_labelled_by_its_title_and_description():
    html = render(two_years())

    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-belopp-2025-title chart-belopp-2025-desc"' in svg
    assert '<title id="chart-belopp-2025-title">Kronor per år per förvaltning</title>' in html
    assert '<desc id="chart-belopp-2025-desc">Pengabidragen per förvaltning 2024 och 2025.</desc>' in html


def test_every_bar_has_its_value_and_year_printed_swedish_style():
    html = render(two_years())
    texts = [text.replace("\xa0", " ") for text in re.findall(r"<text[^>]*>([^<]*)</text>", html)]

    assert "2025: 12 345 kr" in texts
    assert "2024: 10 000 kr" in texts
    assert "2025: 0 kr" in texts
    assert "Kultur- och fritidsförvaltningen" in texts


def test_the_same_numbers_are_in_a_table_with_a_caption():
    html = render(two_years())
    table = re.search(r"<table.*?</table>", html, re.DOTALL).group(0)

    assert "<caption>Kronor per år per förvaltning</caption>" in table
    assert '<th scope="col">Förvaltning</th><th scope="col">2024</th><th scope="col">2025</th>' in table
    assert "<tr><th scope=\"row\">Kultur- och fritidsförvaltningen</th><td>10\xa0000 kr</td><td>12\xa0345 kr</td></tr>" in table
    # The table is for screen readers: no links hidden from sight (the visible tables have them).
    assert "<a " not in table


def test_coordinates_are_never_written_with_a_decimal_comma():
    html = render(two_years())

    for name, value in re.findall(r'\s(x|y|width|height)="([^"]*)"', html):
        assert re.fullmatch(r"[0-9]+(\.[0-9]+)?", value), (name, value)
    assert 'viewBox="0 0 640 ' in html


def test_bars_are_as_long_as_their_values():
    layout = two_years().layout
    bars = {bar.text.replace("\xa0", " "): bar for bar in layout.bars}

    longest = WIDTH - VALUE_ROOM
    assert bars["2025: 12 345 kr"].width == longest
    assert bars["2024: 10 000 kr"].width == round(longest * 10_000 / 12_345, 1)
    assert bars["2025: 0 kr"].width == 0


def test_stacked_segments_carry_their_numbers_when_they_fit_and_the_total_follows():
    chart = stacked()
    layout = chart.layout
    first_row = [bar for bar in layout.bars if bar.y == layout.bars[0].y]

    segments, total = first_row[:-1], first_row[-1]
    assert [segment.text for segment in segments] == ["30", "10", ""]  # a zero segment is not drawn
    assert all(segment.text_colour == "#ffffff" for segment in segments if segment.text)
    assert total.text == "40"
    assert total.x == pytest.approx(sum(segment.width for segment in segments) + 1 * 2, abs=1.5)
    assert "<th scope=\"col\">Totalt</th>" in render(chart)


def test_a_segment_too_narrow_for_its_number_leaves_it_to_the_table():
    chart = stacked()
    second_row = [bar for bar in chart.layout.bars if bar.y == chart.layout.bars[-1].y]

    assert [bar.text for bar in second_row] == ["", "", "", "2"]
    assert "<td>1</td><td>0</td><td>1</td><td>2</td>" in render(chart)


def test_a_chart_without_categories_says_so_and_draws_nothing():
    chart = BarChart(slug="tom", title="Åtaganden", description="–", categories=[], series=[], empty_text="Inga åtaganden.")

    html = render(chart)

    assert "<svg" not in html and "<table" not in html
    assert "Inga åtaganden." in html


def test_long_labels_are_shortened_in_the_picture_but_whole_in_the_table():
    long_name = "Hållbar utveckling med utgångspunkt i Agenda 2030 och mycket mer än så, i hela kommunen och regionen"
    chart = BarChart(slug="lang", title="Områden", description="–", categories=[long_name], series=[Series("2025", [3])])

    html = render(chart)

    assert long_name in re.search(r"<table.*?</table>", html, re.DOTALL).group(0)
    label = chart.layout.labels[0].text
    assert label.endswith("…") and len(label) <= 84


def test_each_series_needs_a_value_per_category():
    with pytest.raises(ValueError):
        BarChart(slug="fel", title="–", description="–", categories=["a", "b"], series=[Series("2025", [1])])


def _contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_bars_stand_out_from_the_page_and_numbers_inside_them_are_readable():
    for colour in (*BAR_COLOURS, SINGLE_COLOUR, *STACK_COLOURS):
        assert _contrast(colour, "#ffffff") >= 3, colour  # WCAG 1.4.11, graphical objects
    for colour in STACK_COLOURS:
        assert _contrast("#ffffff", colour) >= 4.5, colour  # white numbers inside a segment
    assert _contrast(TEXT_COLOUR, "#ffffff") >= 4.5
    # The two years differ in lightness too, not only in hue.
    assert _contrast(*BAR_COLOURS) >= 2


@pytest.mark.django_db
def test_the_dashboards_charts_say_their_dates_as_people_write_them():
    """The descriptions name the days the figures stand on in words, in the reader's language (the
    plumbing's ``long_date``): "den 31 december 2024", "on 31 December 2024"."""
    for language, on, month in (("sv", "den", "december"), ("en", "on", "December")):
        with translation.override(language):
            charts = dashboard_charts(compute_year_figures(2024))
            assert long_date(datetime.date(2024, 12, 31)) == f"31 {month} 2024"
        for name in ("organisations", "initiative_steps"):
            assert f"{on} 31 {month} 2024" in charts[name].description
            assert f"{on} 31 {month} 2023" in charts[name].description
        assert f"{on} 31 {month} 2024" in charts["initiative_areas"].description
