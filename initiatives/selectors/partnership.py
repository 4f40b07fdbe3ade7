"""Reads of collaboration commitments."""
