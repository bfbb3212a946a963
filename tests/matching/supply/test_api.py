"""找配套 over the API: both directions, contacts after mutual interest, scoping, validation."""

from __future__ import annotations

import time

import pytest

from matching.models import Match, SourcingNeed, SupplyCapability
from tests import factories


def post(client, path, data, commit=None):
    if commit is None:
        return client.post(path, data, format="json")
    with commit(execute=True):
        return client.post(path, data, format="json")


@pytest.mark.django_db
def test_need_then_capability_both_directions_and_contacts(as_user, django_capture_on_commit_callbacks):
    commit = django_capture_on_commit_callbacks
    buyer = factories.enterprise(contact_name="王经理", contact_phone="0731-1111")
    supplier = factories.enterprise(contact_name="李工", contact_phone="0731-2222")
    b, s = as_user(buyer), as_user(supplier)

    need = post(b, "/api/v1/supply/needs/", {"category": "hydraulics", "title": "采购液压油缸",
                                             "description": "挖掘机用液压油缸", "quantity": "100", "unit": "件",
                                             "max_distance": "province"}, commit)
    assert need.status_code == 201, need.json()
    need_id = need.json()["id"]
    assert b.get("/api/v1/matches/", {"domain": "supply", "need": need_id}).json()["count"] == 0

    cap = post(s, "/api/v1/supply/capabilities/", {"category": "hydraulics", "title": "液压油缸",
                                                   "description": "高压液压油缸 挖掘机", "capacity_per_month": "300",
                                                   "unit": "件", "lead_time_days": 20}, commit)
    assert cap.status_code == 201, cap.json()
    seen = b.get("/api/v1/matches/", {"domain": "supply", "need": need_id}).json()
    assert seen["count"] == 1
    match = seen["results"][0]
    assert "distance_km" in match["breakdown"] and match["contact"] is None
    assert s.get("/api/v1/matches/", {"domain": "supply", "offer": cap.json()["id"]}).json()["count"] == 1

    assert b.post(f"/api/v1/matches/{match['id']}/interest/").json()["contact"] is None
    mutual = s.post(f"/api/v1/matches/{match['id']}/interest/").json()
    assert mutual["contact"] == {"organization": buyer.membership.organization.name, "person": "王经理",
                                 "phone": "0731-1111", "email": ""}
    assert b.get(f"/api/v1/matches/{match['id']}/").json()["contact"]["phone"] == "0731-2222"
    assert s.post(f"/api/v1/matches/{match['id']}/interest/").status_code == 409


@pytest.mark.django_db
def test_another_firm_cannot_see_or_act(as_user):
    owner = factories.enterprise()
    need = factories.sourcing_need(owner.membership.organization)
    stranger = as_user(factories.enterprise())
    assert stranger.get(f"/api/v1/supply/needs/{need.pk}/").status_code == 404
    assert stranger.patch(f"/api/v1/supply/needs/{need.pk}/", {"title": "x"}, format="json").status_code == 404
    assert stranger.post(f"/api/v1/supply/needs/{need.pk}/close/").status_code == 404
    assert SourcingNeed.objects.get(pk=need.pk).status == "open"


@pytest.mark.django_db
@pytest.mark.parametrize(("payload", "field"), [
    ({"category": "nope"}, "category"), ({"quantity": "0"}, "quantity"),
    ({"budget_min": "500", "budget_max": "100"}, "budget_max"), ({"required_certifications": ["XYZ"]},
                                                                 "required_certifications")])
def test_bad_need_input_is_refused_and_nothing_written(as_user, payload, field):
    data = {"category": "hydraulics", "title": "采购", **payload}
    response = as_user(factories.enterprise()).post("/api/v1/supply/needs/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not SourcingNeed.objects.exists()


@pytest.mark.django_db
def test_categories_are_public(api):
    codes = {c["code"] for c in api.get("/api/v1/supply/categories/").json()}
    assert {"34", "hydraulics", "wiring-harness", "battery-materials"} <= codes


@pytest.mark.worker
def test_bidirectional_matching_through_a_real_worker(real_worker, as_user):
    buyer, supplier = factories.enterprise(), factories.enterprise()
    need_id = as_user(buyer).post("/api/v1/supply/needs/", {"category": "wiring-harness", "title": "采购高压线束",
                                                           "description": "新能源汽车高压线束总成"},
                                  format="json").json()["id"]
    cap_id = as_user(supplier).post("/api/v1/supply/capabilities/",
                                    {"category": "wiring-harness", "title": "高压线束",
                                     "description": "新能源汽车高压线束",
                                     "certifications": ["IATF 16949"]}, format="json").json()["id"]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not Match.objects.filter(need_id=need_id, offer_id=cap_id).exists():
        time.sleep(0.2)
    assert Match.objects.filter(domain="supply", need_id=need_id, offer_id=cap_id).exists()
    assert SupplyCapability.objects.get(pk=cap_id).search_text
    assert SourcingNeed.objects.get(pk=need_id).status == "matched"
