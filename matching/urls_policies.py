"""Portal pages of the policies area (issue 6)."""

urlpatterns: list = []
