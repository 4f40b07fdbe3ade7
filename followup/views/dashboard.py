"""dashboard views (to be written)."""

urlpatterns: list = []
