"""The portal's page map: every matching domain's pages and the enterprises app's, in one place.

config/urls.py includes this module once. URL names and namespaces are those the links in pages,
notifications and emails carry, so two namespaces are composed of several domains' patterns:
``financing`` (loan pages and the notification pages) and ``services`` (找服务 and 找活动), and
``portal`` holds the front page with the enterprises app's own pages (registration, profiles,
members, verification).
"""

from django.urls import URLPattern, URLResolver, include, path

from enterprises import urls as enterprise_urls
from matching.engine import urls as notification_urls
from matching.events.activities import urls as activity_urls
from matching.financing import urls as financing_urls
from matching.market import urls as market_urls
from matching.portal import views


def _namespace(name: str, *parts: list[URLPattern | URLResolver]) -> tuple[list, str]:
    """``include`` argument: the patterns of ``parts`` under one application namespace."""
    return [p for part in parts for p in part], name


urlpatterns = [
    path("", include(_namespace("financing", financing_urls.urlpatterns, notification_urls.urlpatterns))),
    path("", include("matching.events.urls")),
    path("", include("matching.supply.urls")),
    path("", include("matching.talent.urls")),
    path("", include(_namespace("services", market_urls.urlpatterns, activity_urls.urlpatterns))),
    path("", include("matching.policies.urls")),
    path("", include(_namespace("portal", [path("", views.home, name="home")], enterprise_urls.urlpatterns))),
]
