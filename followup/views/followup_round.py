"""followup_round views (to be written)."""

urlpatterns: list = []
