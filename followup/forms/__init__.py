"""Forms of the follow-up app, one module per area."""
