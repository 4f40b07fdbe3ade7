"""The charts and the dashboard's figures in a PDF made by WeasyPrint (``plumbing.pdf``): the
numbers drawn in the SVG come out as text (pdftotext), the same as in the web page."""

import copy
import subprocess

import pytest
from django.core.cache import cache

from collaboration.selectors.figures import dashboard_figures_context
from collaboration.tests.test_charts_svg import stacked, two_years
from collaboration.tests.test_figures_year import YEAR, build_figures_data
from plumbing.pdf import render_pdf

TINY_TEMPLATE = """{% load static collaboration_charts %}<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Diagram</title>
<link rel="stylesheet" href="{% static 'css/charts.css' %}"></head>
<body>{% for chart in charts %}{% bar_chart chart %}{% endfor %}</body></html>"""


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(text.decode().replace("\xa0", " ").split())


@pytest.fixture
def tiny_template(settings, tmp_path):
    (tmp_path / "chart_in_a_pdf.html").write_text(TINY_TEMPLATE, encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return "chart_in_a_pdf.html"


def test_the_charts_values_are_text_in_the_pdf(tiny_template):
    text = pdf_text(render_pdf(tiny_template, {"charts": [two_years(), stacked()]}))

    assert "Kultur- och fritidsförvaltningen" in text
    assert "2025: 12 345 kr" in text
    assert "2024: 10 000 kr" in text
    assert "2024: 2 500 kr" in text
    # The stacked chart: the numbers inside the segments and the total after them.
    assert "30" in text and "10" in text and "40" in text


@pytest.mark.django_db
def test_the_dashboard_figures_come_out_in_a_pdf():
    cache.clear()
    build_figures_data()

    text = pdf_text(render_pdf("collaboration/dashboard_pdf.html", dashboard_figures_context(YEAR)))

    assert "Samverkansgruppens översikt 2024" in text
    assert "Anslutna organisationer 3 4 +1" in text
    assert "Xförvaltningen" in text and "120 000 kr" in text
    assert "2024: 4" in text  # the organisations chart, drawn in SVG
    assert "2 av 3 förvaltningar har lämnat sin rapport" in text
    cache.clear()
