from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data sets and page benchmarks: the large data set (``load_demo --scale large``),
    ``bench_pages`` and ``bench_report``. Project-wide tools: they read and fill every app, so
    this app stands above all of them and nothing imports it."""

    name = "demo"
    verbose_name = _("Demo data sets and page benchmarks")
