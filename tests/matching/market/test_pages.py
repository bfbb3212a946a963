"""找服务、找机构 pages: the public directory with filters and empty state, provider detail,
a provider's services and opportunities (contact only after interest), an enterprise's requests."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.models import Match, ServiceOffering, ServiceRequest
from tests import factories
from tests.factories.market import offering, owner, provider_org, service_request

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_directory_page_filters_paginates_and_shows_an_empty_state(client):
    law = provider_org("430102", "law", name="湖南潇湘律师事务所")
    offering(law, category="law", title="常年法律顾问", description="合同审查、劳动用工合规")
    offering(provider_org("430211", name="株洲会计师事务所"))
    offering(provider_org(name="未认证事务所", verification="pending"))
    page = client.get("/services/directory/").content.decode()
    assert "湖南潇湘律师事务所" in page and "株洲会计师事务所" in page and "未认证事务所" not in page
    assert "常年法律顾问" in page
    filtered = client.get("/services/directory/", {"city": "430200"}).content.decode()
    assert "株洲会计师事务所" in filtered and "湖南潇湘律师事务所" not in filtered
    empty = client.get("/services/directory/", {"q": "航空发动机"}).content.decode()
    assert "没有找到符合条件的服务机构" in empty and "查看全部机构" in empty
    for i in range(13):
        provider_org(name=f"机构{i:02d}")
    second = client.get("/services/directory/", {"page": 2}).content.decode()
    assert "第 2 / 2 页" in second


def test_directory_page_query_count_is_constant(client):
    offering(provider_org())
    with CaptureQueriesContext(connection) as one:
        client.get("/services/directory/")
    for _ in range(11):
        offering(provider_org())
    with CaptureQueriesContext(connection) as many:
        client.get("/services/directory/")
    assert len(many.captured_queries) == len(one.captured_queries)


def test_provider_detail_offers_a_request_link_to_enterprises_only(client):
    provider = provider_org(name="长沙麓谷技术转移服务中心", category="tech_transfer")
    offering(provider, category="tech_transfer", title="科技成果转化对接", regions=["430100"])
    offering(provider, title="下架服务", active=False)
    page = client.get(f"/services/providers/{provider.pk}/").content.decode()
    assert "科技成果转化对接" in page and "下架服务" not in page and "长沙市" in page
    assert "发起需求" not in page
    _login(client, owner(factories.firm_in("430104")))
    assert "/services/requests/new/?category=tech_transfer" in client.get(
        f"/services/providers/{provider.pk}/").content.decode()
    pending = provider_org(verification="pending")
    assert client.get(f"/services/providers/{pending.pk}/").status_code == 404


def test_provider_publishes_and_deactivates_a_service_through_the_pages(client, django_capture_on_commit_callbacks):
    provider = provider_org()
    _login(client, owner(provider))
    bad = client.post("/services/offerings/new/", {"category": "testing", "title": "检测", "price_min": 900,
                                                   "price_max": 100, "response_days": 3})
    assert "价格上限不能低于价格下限。" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/services/offerings/new/", {
            "category": "testing", "title": "CMA 检测", "price_min": 1000, "price_max": 5000,
            "response_days": 3, "regions": ["430100", "430200"]})
    assert response.status_code == 302
    item = ServiceOffering.objects.get(provider=provider)
    assert item.regions == ["430100", "430200"]
    assert "CMA 检测" in client.get("/services/offerings/").content.decode()
    client.post(f"/services/offerings/{item.pk}/deactivate/")
    item.refresh_from_db()
    assert item.active is False
    other = offering(provider_org())
    assert client.get(f"/services/offerings/{other.pk}/edit/").status_code == 404


def test_enterprise_request_interest_then_provider_sees_contact(client, django_capture_on_commit_callbacks):
    firm = factories.firm_in("430104")
    firm.contact_name, firm.contact_phone = "赵总", "13712345678"
    firm.save()
    provider = provider_org()
    offering(provider)
    _login(client, owner(firm))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/services/requests/new/", {"category": "accounting", "title": "高企专项审计",
                                                           "description": "研发费用专项审计", "budget_max": 30000})
    req = ServiceRequest.objects.get(enterprise=firm)
    assert response.status_code == 302 and response["Location"] == f"/services/requests/{req.pk}/"
    detail = client.get(f"/services/requests/{req.pk}/").content.decode()
    assert provider.name in detail and "本地服务: 机构同在长沙市" in detail and "有意向" in detail
    match = Match.objects.get(domain="services", need_id=req.pk)

    client.force_login(owner(provider))
    before = client.get("/services/opportunities/").content.decode()
    assert "高企专项审计" in before and "13712345678" not in before and "企业表达意向后" in before

    client.force_login(owner(firm))
    client.post(f"/services/requests/{req.pk}/matches/{match.pk}/interest/")
    client.force_login(owner(provider))
    after = client.get("/services/opportunities/").content.decode()
    assert "13712345678" in after and "赵总" in after and "已联系企业" in after
    client.post(f"/services/opportunities/{match.pk}/move/", {"to": "contacted"})
    match.refresh_from_db()
    assert match.status == "contacted"


def test_other_tenants_request_pages_answer_404(client):
    req = service_request(factories.firm_in("430104"))
    _login(client, owner(factories.firm_in("430200")))
    assert client.get(f"/services/requests/{req.pk}/").status_code == 404
    assert client.get(f"/services/requests/{req.pk}/edit/").status_code == 404
    assert client.post(f"/services/requests/{req.pk}/close/").status_code == 404
    client.force_login(owner(provider_org()))
    assert client.get("/services/requests/").status_code == 404


def test_enterprise_closes_a_request(client):
    firm = factories.firm_in("430104")
    req = service_request(firm)
    _login(client, owner(firm))
    client.post(f"/services/requests/{req.pk}/close/")
    req.refresh_from_db()
    assert req.status == "closed"
    assert "该需求已关闭" in client.get(f"/services/requests/{req.pk}/").content.decode()


def test_editing_keeps_regions_set_outside_hunan_through_the_api(client):
    provider = provider_org()
    item = offering(provider, regions=["430100", "440300"])
    client.force_login(owner(provider))
    page = client.get(f"/services/offerings/{item.pk}/edit/").content.decode()
    assert "深圳市" in page
    client.post(f"/services/offerings/{item.pk}/edit/", {
        "category": "accounting", "title": "专项审计", "response_days": 2, "regions": ["430100", "440300"]})
    item.refresh_from_db()
    assert item.title == "专项审计" and item.regions == ["430100", "440300"]
