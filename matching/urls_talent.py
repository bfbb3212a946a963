"""Portal pages of the talent area (issue 6)."""

urlpatterns: list = []
