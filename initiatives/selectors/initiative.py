"""Reads of initiatives."""
