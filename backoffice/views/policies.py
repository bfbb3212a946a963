"""Back-office pages for policies (issue 6)."""

urlpatterns: list = []
