"""API v1 views of the policies area (issue 6)."""

urlpatterns: list = []
