"""API v1 views of the talent area (issue 6)."""

urlpatterns: list = []
