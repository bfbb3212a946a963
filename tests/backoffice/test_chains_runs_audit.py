"""Back-office: lead banks change routing, match-run monitor, audit of sensitive actions, access."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from enterprises.models import ChainBank, ChainSegment, IndustrialChain
from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.models import Match, MatchRun
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain_world():
    ent = factories.enterprise()
    segment = ChainSegment.objects.order_by("id").first()
    ent.membership.organization.enterprise_profile.chain_segments.add(segment)
    bank_a, bank_b = factories.bank().membership.organization, factories.bank().membership.organization
    pa, pb = factories.product(bank_a), factories.product(bank_b)
    request = factories.loan_request(ent.membership.organization)
    return {"chain": segment.chain, "a": bank_a, "b": bank_b, "pa": pa, "pb": pb, "request": request}


def lead_flags(request_id: int) -> dict[int, bool]:
    return dict(Match.objects.filter(need_id=request_id).values_list("offer_id", "lead_bank"))


def test_assigning_a_lead_bank_changes_routing(chain_world, as_user, operator, django_capture_on_commit_callbacks):
    w = chain_world
    client = as_user(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.put(f"/api/v1/backoffice/chains/{w['chain'].pk}/lead-bank/", {"bank": w["a"].pk},
                              format="json")
    assert response.status_code == 200 and response.json()["lead_bank"]["id"] == w["a"].pk
    assert lead_flags(w["request"].pk) == {w["pa"].pk: True, w["pb"].pk: False}

    with django_capture_on_commit_callbacks(execute=True):
        client.put(f"/api/v1/backoffice/chains/{w['chain'].pk}/lead-bank/", {"bank": w["b"].pk}, format="json")
    assert lead_flags(w["request"].pk) == {w["pa"].pk: False, w["pb"].pk: True}
    roles = list(ChainBank.objects.filter(chain=w["chain"]).order_by("id").values_list("bank_id", "end_date"))
    assert roles[0][0] == w["a"].pk and roles[0][1] is not None
    assert roles[1] == (w["b"].pk, None)

    again = client.put(f"/api/v1/backoffice/chains/{w['chain'].pk}/lead-bank/", {"bank": w["b"].pk}, format="json")
    assert again.status_code == 409


def test_an_unverified_bank_cannot_lead(chain_world, as_user, operator):
    pending = factories.bank(verification="pending").membership.organization
    response = as_user(operator).put(f"/api/v1/backoffice/chains/{chain_world['chain'].pk}/lead-bank/",
                                     {"bank": pending.pk}, format="json")
    assert response.status_code == 400
    assert IndustrialChain.objects.get(pk=chain_world["chain"].pk).lead_bank_id is None


def test_lead_bank_page_assigns_and_shows_history(chain_world, client, operator,
                                                   django_capture_on_commit_callbacks):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/backoffice/chains/{chain_world['chain'].pk}/", {"bank": chain_world["a"].pk},
                               follow=True)
    assert response.status_code == 200
    assert chain_world["a"].name in response.content.decode()
    listing = client.get("/backoffice/chains/").content.decode()
    assert chain_world["chain"].name in listing and chain_world["a"].name in listing


def test_operators_start_a_full_rematch_and_retry_a_failed_run(chain_world, as_user, operator,
                                                                django_capture_on_commit_callbacks):
    client = as_user(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/backoffice/match-runs/", {"domain": "financing"}, format="json")
    assert response.status_code == 202
    run = MatchRun.objects.get(pk=response.json()["id"])
    assert run.status == "succeeded" and run.chunks_total == 1 and run.chunks_done == 1
    assert Match.objects.filter(need_id=chain_world["request"].pk).count() == 2

    failed = MatchRun.objects.create(domain="financing", scope="need", target_id=chain_world["request"].pk,
                                     status="failed", error="OperationalError: boom")
    listed = client.get("/api/v1/backoffice/match-runs/", {"status": "failed"}).json()
    assert [r["id"] for r in listed["results"]] == [failed.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/v1/backoffice/match-runs/{failed.pk}/retry/").status_code == 202
    failed.refresh_from_db()
    assert failed.status == "succeeded"
    assert client.post(f"/api/v1/backoffice/match-runs/{failed.pk}/retry/").status_code == 409


def test_sensitive_actions_leave_audit_entries(chain_world, as_user, operator, client):
    pending = factories.enterprise(verification="pending").membership.organization
    as_user(operator).post(f"/api/v1/backoffice/organizations/{pending.pk}/verify/", {"decision": "approve"},
                           format="json")
    entry = LogEntry.objects.get_for_object(pending).order_by("-timestamp").first()
    assert entry.actor == operator and entry.changes_dict["verification"] == ["pending", "verified"]

    as_user(operator).put(f"/api/v1/backoffice/chains/{chain_world['chain'].pk}/lead-bank/",
                          {"bank": chain_world["a"].pk}, format="json")
    assert LogEntry.objects.get_for_object(chain_world["chain"]).filter(actor=operator).exists()

    bank_user = chain_world["a"].memberships.get().user
    as_user(bank_user).patch(f"/api/v1/financing/products/{chain_world['pa'].pk}/", {"name": "改名产品"},
                             format="json")
    product_entry = LogEntry.objects.get_for_object(chain_world["pa"]).order_by("-timestamp").first()
    assert product_entry.actor == bank_user

    client.force_login(operator)
    page = client.get("/backoffice/audit/", {"actor": operator.username}).content.decode()
    assert pending.name in page
    assert client.get("/backoffice/audit/", {"tab": "views"}).status_code == 200


BACKOFFICE_PAGES = ["/backoffice/", "/backoffice/chains/", "/backoffice/runs/", "/backoffice/audit/"]


@pytest.mark.parametrize("path", BACKOFFICE_PAGES)
def test_non_operators_get_404_on_pages(client, path):
    client.force_login(factories.enterprise())
    assert client.get(path).status_code == 404
    client.force_login(factories.bank())
    assert client.get(path).status_code == 404


def test_non_operators_get_403_on_api(chain_world, as_user, api):
    bank_user = chain_world["a"].memberships.get().user
    for method, path, body in [("put", f"/api/v1/backoffice/chains/{chain_world['chain'].pk}/lead-bank/",
                                {"bank": chain_world["a"].pk}),
                               ("get", "/api/v1/backoffice/match-runs/", None),
                               ("post", "/api/v1/backoffice/match-runs/", {"domain": "financing"})]:
        assert getattr(as_user(bank_user), method)(path, body, format="json").status_code == 403
        assert getattr(api, method)(path, body, format="json").status_code == 401
    assert IndustrialChain.objects.get(pk=chain_world["chain"].pk).lead_bank_id is None


def test_pages_render_for_operators(chain_world, client, operator):
    match_need(get_domain("financing"), chain_world["request"].pk)
    client.force_login(operator)
    for path in BACKOFFICE_PAGES:
        assert client.get(path).status_code == 200, path
