"""Celery tasks: meetings."""

__all__: list[str] = []
