"""Portal pages of the services area (issue 6)."""

urlpatterns: list = []
