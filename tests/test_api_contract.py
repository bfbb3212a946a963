"""The API as a contract: schema without warnings, one scoping mechanism, constant query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import BaseAPIView
from enterprises.models import Organization
from tests import factories


def _api_views(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None) or getattr(entry.callback, "cls", None)
            path = prefix + str(entry.pattern)
            if path.startswith("api/v1/") and view_class is not None:
                yield path, view_class


def test_every_api_view_goes_through_the_scoping_base_class():
    """A new endpoint that bypasses config.api.BaseAPIView, or forgets its selector, fails here."""
    views = list(_api_views())
    assert len(views) >= 15
    for path, view_class in views:
        assert issubclass(view_class, BaseAPIView), f"{path}: {view_class.__name__} must derive from BaseAPIView"
        if view_class.tenant_scoped:
            assert view_class.selector or view_class.object_selector, f"{path}: tenant-scoped view without selector"


def test_a_view_with_a_raw_queryset_is_refused_at_import():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        type("LeakyView", (BaseAPIView,), {"queryset": Organization.objects.all()})


@pytest.mark.django_db
def test_openapi_schema_generates_without_warnings(capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    assert "Warning" not in capsys.readouterr().err


@pytest.mark.django_db
def test_schema_and_docs_are_served(api):
    schema = api.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/auth/token/", "/api/v1/register/", "/api/v1/me/", "/api/v1/enterprises/me/",
                 "/api/v1/backoffice/organizations/{id}/verify/"):
        assert path in paths
    assert api.get("/api/docs/").status_code == 200


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(ctx.captured_queries)


@pytest.mark.django_db
class TestQueryCounts:
    """Queries per list endpoint must not grow with the number of rows (at 1 and at 50)."""

    def test_verification_queue(self, as_user, operator):
        client = as_user(operator)
        factories.OrganizationFactory(verification="pending")
        one = _count(client, "/api/v1/backoffice/organizations/?page_size=100")
        for _ in range(49):
            factories.OrganizationFactory(verification="pending")
        assert _count(client, "/api/v1/backoffice/organizations/?page_size=100") == one

    def test_bank_branches(self, as_user):
        from enterprises.services import bank_branch_save

        user = factories.bank()
        profile = user.membership.organization.bank_profile
        client = as_user(user)
        bank_branch_save(profile=profile, data={"name": "网点0", "region": "430100"}, coverage=["430100"])
        one = _count(client, "/api/v1/banks/me/branches/?page_size=100")
        for i in range(1, 50):
            bank_branch_save(profile=profile, data={"name": f"网点{i}", "region": "430100"},
                             coverage=["430100", "430200"])
        assert _count(client, "/api/v1/banks/me/branches/?page_size=100") == one

    def test_members(self, as_user):
        owner = factories.enterprise()
        client = as_user(owner)
        one = _count(client, "/api/v1/organizations/me/members/?page_size=100")
        for _ in range(49):
            factories.member(owner.membership.organization, role="member")
        assert _count(client, "/api/v1/organizations/me/members/?page_size=100") == one

    def test_reference_lists(self, api):
        assert _count(api, "/api/v1/chains/") <= 2
        assert _count(api, "/api/v1/regions/?parent=430000") == 1
        assert _count(api, "/api/v1/industries/") == 1


@pytest.mark.django_db
def test_reference_endpoints_are_public_and_filterable(api):
    cities = api.get("/api/v1/regions/", {"parent": "430000"}).json()
    assert len(cities) == 14
    assert {"adcode": "430200", "name": "株洲市"}.items() <= cities[1].items()
    assert cities[0]["level"] == "city" and cities[0]["parent"] == "430000"
    industries = api.get("/api/v1/industries/").json()
    assert [i["code"] for i in industries] == [str(n) for n in range(13, 44)]
    chains = api.get("/api/v1/chains/").json()
    assert chains and all({"id", "name", "segments", "lead_bank"} <= set(c) for c in chains)
    assert {s["position"] for c in chains for s in c["segments"]} <= {"upstream", "midstream", "downstream"}
