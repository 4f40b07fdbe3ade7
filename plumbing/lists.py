"""What every list page shares: the page numbers to show, the filters as a query string (for the
pagination and the download links), and the context of a filtered list."""

from __future__ import annotations

from urllib.parse import urlencode

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
