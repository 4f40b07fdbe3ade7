"""Celery tasks: rounds."""

__all__: list[str] = []
