"""group views (to be written)."""

urlpatterns: list = []
