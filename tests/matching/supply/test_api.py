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
@pytest.mark.parametrize(("payload", "field", "message"), [
    ({"category": "nope"}, "category", "未知的产品类别：nope。"), ({"quantity": "0"}, "quantity", "数量必须大于 0。"),
    ({"budget_min": "500", "budget_max": "100"}, "budget_max", "预算上限不能低于下限。"),
    ({"required_certifications": ["XYZ"]}, "required_certifications", None),
    ({"title": "采购"}, "title", "请写明要采购的产品"),
    ({"specs": ["!!!"]}, "specs", "规格型号“!!!”无法识别"),
    ({"specs": ["QT450-10"] * 3 + [f"M{i}" for i in range(10)]}, "specs", "该字段不能超过 10 个元素。"),
    ({"materials": ["球墨铸铁" * 10]}, "materials", "请确保这个字段不能超过 32 个字符。")])
def test_bad_need_input_is_refused_in_chinese_and_nothing_written(as_user, payload, field, message):
    data = {"category": "hydraulics", "title": "采购挖掘机液压油缸", **payload}
    response = as_user(factories.enterprise()).post("/api/v1/supply/needs/", data, format="json")
    assert response.status_code == 400
    errors = response.json()["error"]["fields"]
    assert field in errors and (message is None or errors[field][0].startswith(message))
    assert not SourcingNeed.objects.exists()


@pytest.mark.django_db
def test_materials_processes_and_specs_are_kept_and_shown(as_user):
    client = as_user(factories.enterprise())
    body = client.post("/api/v1/supply/capabilities/", {
        "category": "3391", "title": "球墨铸铁箱体铸件", "materials": ["球墨铸铁", " 灰铸铁 ", "球墨铸铁"],
        "processes": ["树脂砂铸造"], "specs": ["QT450-10", "HT250"]}, format="json").json()
    assert (body["materials"], body["processes"], body["specs"]) == (["球墨铸铁", "灰铸铁"], ["树脂砂铸造"],
                                                                    ["QT450-10", "HT250"])


@pytest.mark.django_db
def test_categories_are_public_paginated_and_searchable_in_chinese(api):
    page = api.get("/api/v1/supply/categories/").json()
    assert page["count"] == 31 + 179 + 609 + 36 and len(page["results"]) == 20
    assert page["results"][0] == {"code": "13", "name": "农副食品加工业", "name_zh": "农副食品加工业", "parent": None,
                                  "level": "division", "chain": None}
    found = api.get("/api/v1/supply/categories/", {"q": "铸造", "level": "class"}).json()["results"]
    assert {"3391", "3392"} <= {c["code"] for c in found} and {c["level"] for c in found} == {"class"}
    assert api.get("/api/v1/supply/categories/", {"q": "339"}).json()["count"] == 1 + 4 + 1  # group, classes, 铸锻件
    old = api.get("/api/v1/supply/categories/", {"q": "液压件", "level": "product"}).json()["results"]
    assert [(c["code"], c["parent"]) for c in old] == [("hydraulics", "3444")]  # old codes stay, under their class


@pytest.mark.django_db
def test_categories_refuse_an_unknown_level_in_the_error_shape(api):
    response = api.get("/api/v1/supply/categories/", {"level": "subclass"})
    assert response.status_code == 400 and "level" in response.json()["error"]["fields"]


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
