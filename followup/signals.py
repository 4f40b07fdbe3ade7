"""Signals of the yearly follow-up, for the apps above it (which the follow-up never imports)."""

from django.dispatch import Signal

__all__ = ["round_closed"]

# Sent after the transaction that closed a round has committed; ``followup_round`` is the round.
# The collaboration group's dashboard stores the figures of the years the round covers.
round_closed = Signal()
