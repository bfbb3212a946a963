"""API v1 views of the services area (issue 6)."""

urlpatterns: list = []
