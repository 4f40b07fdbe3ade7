"""What every list page shares: the page numbers to show, the filters as a query string (for the
pagination and the download links), the context of a filtered list, and its page links."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# Two page numbers on each side of the current one, one at each end, "…" between.
ON_EACH_SIDE = 2
ON_ENDS = 1


def page_range(page, *, on_each_side: int = ON_EACH_SIDE, on_ends: int = ON_ENDS):
    """The page numbers to link to around ``page`` (a ``Page``), with ``…`` where some are left out."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side, on_ends=on_ends)


def filter_query(values: dict) -> str:
    """The filters that have a value, as a query string (``q=schack&area=3``)."""
    return urlencode({key: value for key, value in values.items() if value})


def with_query(url: str, query: str) -> str:
    """``url`` with the list's filters, for a download of what the list shows."""
    return f"{url}?{query}" if query else url


def filtered_list_context(context: dict, *, form, query: str) -> dict:
    """What the template of a filtered, paginated list (a ``ListView``'s ``context``) needs besides
    its rows: the filter form, the filters as a query string, whether any is set, how many rows
    there are in all, and the page numbers."""
    return {
        "form": form,
        "filter_query": query,
        "is_filtered": bool(query),
        "result_count": context["paginator"].count,
        "page_range": page_range(context["page_obj"]),
    }


def pagination(
    page,
    numbers,
    *,
    label: str,
    param: str = "page",
    query: str = "",
    base_url: str = "",
    anchor: str = "",
) -> SafeString:
    """``accounts/organisation_pagination.html`` written in Python, for the public lists (issue 16,
    point 2: about 0.5 ms of each page went to the template's tags): the same elements and
    attributes, with ``numbers`` from ``page_range``; nothing when there is one page only."""
    if not page.has_other_pages():
        return mark_safe("")
    start = f"{escape(base_url)}?{f'{escape(query)}&amp;' if query else ''}{escape(param)}="
    end = escape(anchor)
    hidden_page = escape(gettext("page"))
    page_word = escape(gettext("Page"))
    items = []
    if page.has_previous():
        items.append(
            f'<li class="page-item"><a class="page-link" href="{start}{page.previous_page_number()}{end}">'
            f'{escape(gettext("Previous"))}<span class="visually-hidden"> {hidden_page}</span></a></li>'
        )
    for number in numbers:
        if not isinstance(number, int):  # the paginator's ELLIPSIS
            items.append('<li class="page-item disabled"><span class="page-link" aria-hidden="true">…</span></li>')
        elif number == page.number:
            items.append(
                f'<li class="page-item active"><a class="page-link" href="{start}{number}{end}" aria-current="page">'
                f'<span class="visually-hidden">{page_word} </span>{number}</a></li>'
            )
        else:
            items.append(
                f'<li class="page-item"><a class="page-link" href="{start}{number}{end}">'
                f'<span class="visually-hidden">{page_word} </span>{number}</a></li>'
            )
    if page.has_next():
        items.append(
            f'<li class="page-item"><a class="page-link" href="{start}{page.next_page_number()}{end}">'
            f'{escape(gettext("Next"))}<span class="visually-hidden"> {hidden_page}</span></a></li>'
        )
    return mark_safe(
        f'<nav aria-label="{escape(label)}">\n  <ul class="pagination flex-wrap">\n    '
        + "\n    ".join(items)
        + "\n  </ul>\n</nav>\n"
    )
