"""Back-office API paths under /api/v1/backoffice/, one list per area."""

from backoffice.apis import chains, events, policies, runs, stats, whitelist

urlpatterns = [*whitelist.urlpatterns, *chains.urlpatterns, *runs.urlpatterns, *stats.urlpatterns,
               *policies.urlpatterns, *events.urlpatterns]
