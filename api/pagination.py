"""Cursor pagination: stable pages while new rows arrive, no counting of the whole list."""

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100
    ordering = ("-created_at", "-id")


class PositionCursor(Cursor):
    ordering = ("position", "id")
