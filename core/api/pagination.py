from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class LogPagination(CursorPagination):
    """For the lists that grow without end (the audit trail, client requests, inspections): ``next``/``previous``
    cursors and no ``count``. An exact count over a million rows is a scan of them all on every page; a cursor reads
    only the page, through the ordering's index, and does not skip or repeat rows while new ones are added
    (docs/BENCHMARKS.md, "Scale"). The view's ``ordering`` (newest first) must lead with an indexed field."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
