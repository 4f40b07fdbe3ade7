"""Celery tasks: reports."""

__all__: list[str] = []
