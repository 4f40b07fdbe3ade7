"""meeting views (to be written)."""

urlpatterns: list = []
