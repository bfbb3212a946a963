"""Back-office pages (namespace ``backoffice``), one URL list per area, gathered here."""

from backoffice.views import audit, chains, events, home, platform_events, policies, runs, stats, whitelist

app_name = "backoffice"

urlpatterns = [
    *home.urlpatterns,
    *whitelist.urlpatterns,
    *chains.urlpatterns,
    *runs.urlpatterns,
    *stats.urlpatterns,
    *audit.urlpatterns,
    *events.urlpatterns,
    *platform_events.urlpatterns,
    *policies.urlpatterns,
]
