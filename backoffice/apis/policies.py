"""Back-office API for policies (issue 6)."""

urlpatterns: list = []
