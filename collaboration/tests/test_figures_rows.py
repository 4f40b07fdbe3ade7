"""The dashboard's long loops written in Python (``collaboration_figures``: the commitments per
förvaltning and the initiatives per step; ``collaboration_charts.bar_chart``: a chart and its table)
write the markup of the template code they replaced, to the character, in both languages: the old
template code is rendered here side by side with the tags, and the whole figures block with it."""

import dataclasses

import pytest
from django.template import engines
from django.template.loader import get_template, render_to_string
from django.utils import translation

from collaboration.charts import BarChart, Series, dashboard_charts
from collaboration.selectors.figures import AdministrationRow, Cell, Pair, compute_year_figures
from collaboration.templatetags.collaboration_charts import bar_chart

from .test_figures_year import YEAR, build_figures_data

pytestmark = pytest.mark.django_db

# The template code the tags replaced (templates/collaboration/_dashboard_figures.html before).
OLD_COMMITMENT_ROWS = """          {% for row in commitments.rows %}
            <tr>
              <th scope="row">{% if row.url %}<a href="{{ row.url }}" lang="sv">{{ row.name }}</a>{% else %}<span lang="sv">{{ row.name }}</span>{% endif %}</th>
              {% if commitments.by_party %}<td lang="sv">{{ row.party|default:"–" }}</td>{% endif %}
              {% for cell in row.per_form %}<td class="num">{% if cell.url and cell.count %}<a href="{{ cell.url }}">{{ cell.count }}</a>{% else %}{{ cell.count }}{% endif %}</td>{% endfor %}
              <td class="num fw-semibold">{{ row.count.current }}</td>
              <td class="num">{{ row.count.change|signed_change }}</td>
              <td class="num text-nowrap">{% blocktranslate with amount=row.amount.current|grouped %}{{ amount }} kr{% endblocktranslate %}</td>
              <td class="num text-nowrap">{% blocktranslate with amount=row.amount.change|signed_change %}{{ amount }} kr{% endblocktranslate %}</td>
            </tr>
          {% endfor %}"""
OLD_STEP_ROWS = """        {% for row in initiatives.steps %}
          <tr>
            <th scope="row">{% if row.url %}<a href="{{ row.url }}">{{ row.number }}. {{ row.label }}</a>{% else %}{{ row.number }}. {{ row.label }}{% endif %}</th>
            {% for cell in row.cells %}<td class="num">{% if cell.url and cell.count %}<a href="{{ cell.url }}">{{ cell.count }}</a>{% else %}{{ cell.count }}{% endif %}</td>{% endfor %}
            <td class="num fw-semibold">{{ row.total.current }}</td>
            <td class="num">{{ row.total.previous }}</td>
            <td class="num">{{ row.total.change|signed_change }}</td>
          </tr>
        {% endfor %}"""
LOAD = "{% load i18n l10n collaboration_charts collaboration_figures %}"


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture
def figures(db):
    build_figures_data()
    figures = compute_year_figures(YEAR)
    commitments = figures.commitments
    # Several public parties, a name to escape, a row without a link, amounts in the thousands.
    rows = (
        *commitments.rows,
        AdministrationRow(
            pk=999,
            name="Kultur- & fritids<förvaltningen>",
            per_form=tuple(Cell(count, "") for count in (1, 0, 2, 1234)[: len(commitments.per_form)]),
            count=Pair(1237, 3),
            amount=Pair(1_234_567, 2_000_000),
            url="",
            party="",
        ),
    )
    return dataclasses.replace(figures, commitments=dataclasses.replace(commitments, rows=rows, by_party=True))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_rows_are_the_templates(figures, language):
    with translation.override(language):
        for by_party in (True, False):
            commitments = dataclasses.replace(figures.commitments, by_party=by_party)
            old = _render(LOAD + OLD_COMMITMENT_ROWS.strip(), commitments=commitments)
            new = _render(LOAD + "{% commitment_rows commitments %}", commitments=commitments)
            assert new == old
        assert "Kultur- &amp; fritids&lt;förvaltningen&gt;" in new
        old = _render(LOAD + OLD_STEP_ROWS.strip(), initiatives=figures.initiatives)
        new = _render(LOAD + "{% step_rows initiatives %}", initiatives=figures.initiatives)
        assert new == old


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_charts_are_the_template(figures, language):
    with translation.override(language):
        charts = list(dashboard_charts(figures).values())
        charts.append(BarChart(slug="tom", title="Tomt <diagram>", description="–", categories=[], series=[]))
        charts.append(
            BarChart(
                slug="tom-text", title="T", description="–", categories=["a & b"], series=[Series("<s>", [3])],
                empty_text="Inga siffror & så",
            )
        )
        for chart in charts:
            old = render_to_string(
                "collaboration/_chart.html", {"chart": chart, "layout": None if chart.is_empty else chart.layout}
            )
            assert bar_chart(chart) == old


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_whole_figures_block_is_the_templates(figures, language):
    source = get_template("collaboration/_dashboard_figures.html").template.source
    old_source = source.replace("{% commitment_rows commitments %}", OLD_COMMITMENT_ROWS.strip()).replace(
        "{% step_rows initiatives %}", OLD_STEP_ROWS.strip()
    )
    assert old_source != source
    # (the charts: ``bar_chart`` is compared with its template above)
    with translation.override(language):
        context = {"figures": figures, "charts": dashboard_charts(figures)}
        new = render_to_string("collaboration/_dashboard_figures.html", context)
        old = engines["django"].from_string(old_source).render(context)
    assert new == old
