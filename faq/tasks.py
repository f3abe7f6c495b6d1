"""Celery tasks of the knowledge base (thin: each calls one service)."""

from celery import shared_task

from faq import services


@shared_task(name="faq.flush_view_counts")
def flush_view_counts() -> int:
    """Move the view counts gathered in the cache into the database."""
    return services.view_counts_flush()
