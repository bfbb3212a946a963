"""Services API (找服务、找机构): own offerings and requests, Chinese validation, other tenants 404,
the public directory's filters and constant query counts, contacts through /api/v1/matches/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.models import Match
from tests import factories
from tests.factories.market import offering, owner, provider_org, service_request

pytestmark = pytest.mark.django_db
OFFERINGS, REQUESTS, DIRECTORY = "/api/v1/services/offerings/", "/api/v1/services/requests/", \
    "/api/v1/services/directory/"


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def test_provider_publishes_edits_and_deactivates_its_offering(as_user):
    client = as_user(owner(provider_org()))
    created = client.post(OFFERINGS, {"category": "testing", "title": "CMA 产品检测", "price_min": 2000,
                                      "price_max": 8000, "regions": ["430100"], "response_days": 3}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert client.patch(f"{OFFERINGS}{pk}/", {"price_max": 9000}, format="json").json()["price_max"] == 9000
    assert client.get(OFFERINGS).json()["results"][0]["title"] == "CMA 产品检测"
    assert client.post(f"{OFFERINGS}{pk}/deactivate/").json()["active"] is False


@pytest.mark.parametrize(("payload", "field", "message"), [
    ({"price_min": 9000, "price_max": 5000}, "price_max", "价格上限不能低于价格下限。"),
    ({"category": "astrology"}, "category", "未知的服务类别：astrology。"),
    ({"regions": ["999999"]}, "regions", "服务地区中包含未知的行政区划代码。"),
    ({"response_days": 0}, "response_days", "响应时间须在 1–60 个工作日之间。"),
])
def test_offering_validation_messages_are_chinese(as_user, payload, field, message):
    client = as_user(owner(provider_org()))
    body = {"category": "testing", "title": "检测", **payload}
    response = client.post(OFFERINGS, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"][field] == [message]


def test_enterprise_cannot_publish_offerings_and_unverified_provider_is_refused(as_user):
    enterprise = as_user(owner(factories.firm_in("430104")))
    assert enterprise.post(OFFERINGS, {"category": "law", "title": "法律顾问"}, format="json").status_code == 403
    pending = as_user(owner(provider_org(verification="pending")))
    response = pending.post(OFFERINGS, {"category": "law", "title": "法律顾问"}, format="json")
    assert response.status_code == 403 and "认证" in response.json()["error"]["message"]


def test_enterprise_posts_edits_and_closes_a_request(as_user):
    client = as_user(owner(factories.firm_in("430104")))
    bad = client.post(REQUESTS, {"category": "law", "title": "合同审查", "budget_max": 0}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["budget_max"] == ["预算必须大于 0。"]
    created = client.post(REQUESTS, {"category": "law", "title": "合同审查", "budget_max": 5000}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert client.patch(f"{REQUESTS}{pk}/", {"budget_max": 8000}, format="json").json()["budget_max"] == 8000
    assert client.post(f"{REQUESTS}{pk}/close/").json()["status"] == "closed"
    response = client.patch(f"{REQUESTS}{pk}/", {"budget_max": 9000}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"


def test_another_tenants_offering_and_request_answer_404(as_user):
    mine, theirs = provider_org(), provider_org()
    item = offering(theirs)
    client = as_user(owner(mine))
    assert client.get(f"{OFFERINGS}{item.pk}/").status_code == 404
    assert client.patch(f"{OFFERINGS}{item.pk}/", {"title": "x"}, format="json").status_code == 404
    assert client.post(f"{OFFERINGS}{item.pk}/deactivate/").status_code == 404
    req = service_request(factories.firm_in("430104"))
    other = as_user(owner(factories.firm_in("430200")))
    assert other.get(f"{REQUESTS}{req.pk}/").status_code == 404
    assert other.patch(f"{REQUESTS}{req.pk}/", {"title": "x"}, format="json").status_code == 404
    assert other.post(f"{REQUESTS}{req.pk}/close/").status_code == 404


def test_directory_is_public_and_lists_only_verified_providers_and_active_offerings(api):
    listed = provider_org(name="湖南湘诚会计师事务所")
    offering(listed)
    offering(listed, title="已下架的代理记账", active=False)
    offering(provider_org(name="未认证会计师事务所", verification="pending"))
    response = api.get(DIRECTORY)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [p["name"] for p in results] == ["湖南湘诚会计师事务所"]
    assert [o["title"] for o in results[0]["offerings"]] == ["高新技术企业认定专项审计"]
    assert results[0]["city"] == "长沙市"


def test_directory_filters_by_category_city_with_counties_and_keyword(api):
    yuelu = provider_org("430104", name="岳麓会计师事务所")  # a county of 长沙
    offering(yuelu)
    changsha = provider_org("430100", "law", name="长沙律师事务所")
    offering(changsha, category="law", title="知识产权诉讼", description="专利侵权诉讼与商标维权")
    zhuzhou = provider_org("430211", "testing", name="株洲检验检测中心")
    offering(zhuzhou, category="testing", title="CMA 检测报告", description="产品性能检测")

    def names(**params) -> list[str]:
        return sorted(p["name"] for p in api.get(DIRECTORY, params).json()["results"])

    assert names(city="430100") == ["岳麓会计师事务所", "长沙律师事务所"]
    assert names(city="430200") == ["株洲检验检测中心"]
    assert names(category="law") == ["长沙律师事务所"]
    assert names(q="专利侵权") == ["长沙律师事务所"]
    assert names(q="高新技术企业 审计") == ["岳麓会计师事务所"]
    assert names(q="律师") == ["长沙律师事务所"]  # the provider's name is searchable
    assert names(q="专利 审计") == []  # every word must match
    assert names(city="430100", category="testing") == []


def test_directory_rejects_unknown_filters_in_chinese(api):
    response = api.get(DIRECTORY, {"city": "999999", "category": "magic"})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["city"] == ["未知的城市：999999（请使用地级行政区划代码）。"]
    assert fields["category"] == ["未知的服务类别：magic。"]


def test_directory_query_count_does_not_grow_with_rows(api):
    offering(provider_org())
    one = _count(api, f"{DIRECTORY}?page_size=100")
    for _ in range(49):
        org = provider_org()
        offering(org)
        offering(org, title="税务筹划")
    assert _count(api, f"{DIRECTORY}?page_size=100") == one


def test_own_list_query_counts_do_not_grow_with_rows(as_user):
    provider = provider_org()
    firm = factories.firm_in("430104")
    offering(provider)
    service_request(firm)
    p_client, e_client = as_user(owner(provider)), as_user(owner(firm))
    p_one, e_one = _count(p_client, f"{OFFERINGS}?page_size=100"), _count(e_client, f"{REQUESTS}?page_size=100")
    for _ in range(49):
        offering(provider)
        service_request(firm)
    assert _count(p_client, f"{OFFERINGS}?page_size=100") == p_one
    assert _count(e_client, f"{REQUESTS}?page_size=100") == e_one


def test_matches_api_shows_enterprise_contact_to_provider_only_after_interest(
        as_user, django_capture_on_commit_callbacks):
    firm = factories.firm_in("430104")
    firm.contact_phone = "13900001111"
    firm.save()
    provider = provider_org()
    offering(provider)
    e_client, p_client = as_user(owner(firm)), as_user(owner(provider))
    with django_capture_on_commit_callbacks(execute=True):
        e_client.post(REQUESTS, {"category": "accounting", "title": "高新技术企业专项审计", "budget_max": 30000},
                      format="json")
    rows = p_client.get("/api/v1/matches/?domain=services").json()["results"]
    assert len(rows) == 1 and rows[0]["contact"] is None
    assert rows[0]["offer_name"] == f"{provider.name}·高新技术企业认定专项审计"
    seen = e_client.get("/api/v1/matches/?domain=services").json()["results"][0]
    assert seen["contact"]["organization"] == provider.name
    assert seen["explanation"][1] == "本地服务: 机构同在长沙市"
    moved = e_client.post(f"/api/v1/matches/{seen['id']}/transition/", {"to": "interested"}, format="json")
    assert moved.status_code == 200, moved.json()
    after = p_client.get("/api/v1/matches/?domain=services").json()["results"][0]
    assert after["contact"]["phone"] == "13900001111"
    assert Match.objects.get(pk=seen["id"]).interested_at is not None
    assert p_client.post(f"/api/v1/matches/{seen['id']}/transition/", {"to": "contacted"},
                         format="json").status_code == 200
