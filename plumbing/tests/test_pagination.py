"""The public lists' page links written in Python (plumbing/lists.py ``pagination``) are the
markup of ``accounts/organisation_pagination.html``: rendered side by side, in both languages, at
the first, a middle and the last page, with and without filters, a base address and an anchor."""

import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

from plumbing.lists import page_range, pagination

INCLUDE = Template(
    '{% include "accounts/organisation_pagination.html" with page_obj=page_obj page_range=page_range '
    "label=label param=param query=query base_url=base_url anchor=anchor %}"
)
TAG = Template(
    "{% load pagination %}{% pagination page_obj page_range label query=query param=param "
    "base_url=base_url anchor=anchor %}"
)


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("count", [3, 30, 300, 2600])
@pytest.mark.parametrize("number", [1, 2, 5, 60, 104])
@pytest.mark.parametrize(
    ("query", "param", "base_url", "anchor", "label"),
    [
        ("", "page", "", "", "Pages"),
        ("q=Lund+%26+%3C%C3%B6%3E&kind=stiftelse", "page", "", "", 'Sidor "med" <organisationer> & mer'),
        ("", "historik", "/organisationer/1/hantera/", "#history", "History"),
    ],
)
def test_the_same_links_as_the_template(language, count, number, query, param, base_url, anchor, label):
    paginator = Paginator(list(range(count)), 25)
    page = paginator.get_page(number)
    context = {
        "page_obj": page,
        "page_range": list(page_range(page)),
        "label": label,
        "param": param,
        "query": query,
        "base_url": base_url,
        "anchor": anchor,
    }
    with translation.override(language):
        old = INCLUDE.render(Context(context))
        new = TAG.render(Context(context))
    assert _squeezed(new) == _squeezed(old)
    if count > 25:
        assert 'aria-current="page"' in new
    else:
        assert new.strip() == ""


def test_the_function_escapes_what_it_is_given():
    page = Paginator(list(range(60)), 25).get_page(2)
    html = pagination(page, page_range(page), label="<b>", query="a=1&b=<2>")
    assert 'aria-label="&lt;b&gt;"' in html
    assert 'href="?a=1&amp;b=&lt;2&gt;&amp;page=1"' in html
