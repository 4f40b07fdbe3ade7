"""Issue 17: the dashboard is long (about 4,700 px) and is read in the group's meetings on a
projector: it opens with a table of contents, a <nav> whose links each lead to a section's heading
on the page, in the page's order."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.urls import reverse

from .test_figures_year import YEAR, build_figures_data

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """The contents' links (href, text), and every element id with the text of its element."""

    def __init__(self):
        super().__init__()
        self.nav_label = None
        self.links: list[list[str]] = []
        self.ids: dict[str, str] = {}
        self.id_order: list[str] = []
        self._in_nav = False
        self._link = None
        self._open_ids: list[tuple[str, str]] = []  # (tag, id) of headings being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("class", "").startswith("dashboard-toc"):
            self._in_nav, self.nav_label = True, attrs.get("aria-label")
        if self._in_nav and tag == "a":
            self._link = [attrs["href"], ""]
            self.links.append(self._link)
        if "id" in attrs:
            self.id_order.append(attrs["id"])
            self.ids.setdefault(attrs["id"], "")
            if tag in ("h2", "h3"):
                self._open_ids.append((tag, attrs["id"]))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        if tag == "a":
            self._link = None
        if self._open_ids and self._open_ids[-1][0] == tag:
            self._open_ids.pop()

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data
        for _tag, element_id in self._open_ids:
            self.ids[element_id] += data


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("cached", [False, True])
def test_the_contents_link_to_each_sections_heading(client, group_member, cached):
    build_figures_data()
    client.force_login(group_member)
    url = reverse("collaboration:dashboard") + f"?year={YEAR}"
    if cached:
        client.get(url)  # the figures' HTML now comes from the cache
    page = client.get(url).content.decode()
    parsed = _Page()
    parsed.feed(page)

    assert parsed.nav_label == "Översiktens innehåll"
    hrefs = [href for href, _text in parsed.links]
    assert len(hrefs) == 6
    for href, text in parsed.links:
        assert href.startswith("#")
        target = href[1:]
        assert page.count(f'id="{target}"') == 1, f"{href} leads to exactly one element"
        assert _words(parsed.ids[target]) == _words(text), f"{href}: the link says what its heading says"
    # In the order of the page, and every section of the page is in the contents.
    positions = [parsed.id_order.index(href[1:]) for href in hrefs]
    assert positions == sorted(positions)
    section_headings = re.findall(r'<section class="dashboard-section" aria-labelledby="([^"]+)"', page)
    assert section_headings == [href[1:] for href in hrefs]
    assert [_words(text) for _href, text in parsed.links][3] == f"Uppföljningen av {YEAR}"
    # The contents come before the figures.
    assert page.index("dashboard-toc") < page.index('id="figures-organisations"')
