"""report views (to be written)."""

urlpatterns: list = []
