"""``{% pagination page_obj page_range label query=... %}``: a list's page links, written in Python
(plumbing/lists.py), the markup of ``accounts/organisation_pagination.html``."""

from django import template

from plumbing.lists import pagination as write_pagination

register = template.Library()


@register.simple_tag
def pagination(page_obj, page_range, label, *, query="", param="page", base_url="", anchor=""):
    """The page links of ``page_obj`` (``page_range``: the numbers to show), named ``label``."""
    return write_pagination(
        page_obj, page_range, label=label, param=param, query=query, base_url=base_url, anchor=anchor
    )
