"""API v1 paths of the matching app (shared/API.md): each package's ``urlpatterns``, in one place."""

from matching.engine import api as engine_api
from matching.events import api as events_api
from matching.events.activities import api as activities_api
from matching.financing import api as financing_api
from matching.market import api as market_api
from matching.policies import api as policies_api
from matching.portal import api as portal_api
from matching.supply import api as supply_api
from matching.talent import api as talent_api

urlpatterns = [
    *supply_api.urlpatterns,
    *events_api.urlpatterns,
    *talent_api.urlpatterns,
    *market_api.urlpatterns,
    *activities_api.urlpatterns,
    *policies_api.urlpatterns,
    *financing_api.urlpatterns,
    *engine_api.urlpatterns,
    *portal_api.urlpatterns,
]
