"""API pagination (its own module: DRF reads it while defining its generic views)."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``?page=`` and ``?page_size=`` (≤ 100)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
