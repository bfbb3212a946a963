"""Policy pages: the public 找政策 search, the detail with the firm's standing, 我的政策, and the
back-office (operators only): rules as form fields, preview, publish / withdraw, CSV export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from matching.models import Policy, PolicyEligibility
from matching.policies import services as svc
from tests import factories

pytestmark = pytest.mark.django_db


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def publish(operator, django_capture_on_commit_callbacks):
    def make(title: str, rules: dict | None = None, **fields) -> Policy:
        data = {"title": title, "issuer": "湖南省工业和信息化厅", "summary": f"{title}的摘要",
                "benefit": "一次性奖励", "rules": rules or {}, **fields}
        policy = svc.policy_create(actor=operator, data=data)
        with django_capture_on_commit_callbacks(execute=True):
            svc.policy_publish(actor=operator, policy_id=policy.pk)
        return policy

    return make


def text(response) -> str:
    return response.content.decode()


def test_public_search_filters_and_empty_state(publish, operator):
    publish('专精特新"小巨人"企业奖补', {"specialized_min": "national"})
    publish("长沙市技术改造奖补", {"regions": ["430100"]}, issuer="长沙市工业和信息化局")
    publish("工程机械产业链配套奖励", {"chains": ["construction-machinery"]})
    svc.policy_create(actor=operator, data={"title": "草稿政策", "issuer": "x", "summary": "x", "benefit": "x"})
    page = text(browser().get("/policies/"))
    assert "共 3 项政策" in page and "草稿政策" not in page
    assert "共 1 项政策" in text(browser().get("/policies/", {"q": "小巨人"}))
    assert "共 1 项政策" in text(browser().get("/policies/", {"issuer": "长沙市工业和信息化局"}))
    by_city = text(browser().get("/policies/", {"region": "430200"}))  # 株洲: the 长沙 policy is not open to it
    assert "共 2 项政策" in by_city and "长沙市技术改造奖补" not in by_city
    assert "共 2 项政策" in text(browser().get("/policies/", {"chain": "rail-transit"}))
    empty = text(browser().get("/policies/", {"q": "不存在的关键词"}))
    assert "没有找到符合条件的政策。" in empty


def test_api_search_matches_the_page(publish, api):
    publish("高新技术企业认定奖励", {"high_tech": True})
    publish("中小企业数字化转型补贴")
    data = api.get("/api/v1/policies/", {"q": "高新技术企业"}).json()
    assert [p["title"] for p in data["results"]] == ["高新技术企业认定奖励"]
    assert data["results"][0]["rule_lines"] == ["高新技术企业"]


def test_detail_tells_an_enterprise_whether_it_qualifies_and_lets_it_confirm(publish):
    user = factories.enterprise(region=factories.region("430102"), revenue=Decimal("30000000"))
    policy = publish("长沙市技术改造奖补", {"regions": ["430100"], "revenue_min": 2000})
    other = publish("高新技术企业认定奖励", {"high_tech": True})
    page = text(browser(user).get(f"/policies/{policy.pk}/"))
    assert "您符合条件" in page and "年营收 3,000 万元, 满足 ≥ 2,000 万元" in page and "确认申报" in page
    missing = text(browser(user).get(f"/policies/{other.pk}/"))
    assert "暂不符合" in missing and "需为高新技术企业, 当前: 否" in missing
    response = browser(user).post(f"/policies/{policy.pk}/confirm/", follow=True)
    assert "已确认申报" in text(response)
    assert PolicyEligibility.objects.get(policy=policy).confirmed_by == user
    refused = browser(user).post(f"/policies/{other.pk}/confirm/", follow=True)
    assert "贵企业当前不符合申报条件：需为高新技术企业, 当前: 否" in text(refused)
    anonymous = text(browser().get(f"/policies/{policy.pk}/"))
    assert "登录企业账号后" in anonymous and "申报地区: 长沙市" in anonymous


def test_my_policies_lists_qualifying_and_near_misses(publish):
    user = factories.enterprise(region=factories.region("430204"), revenue=Decimal("15000000"))
    publish("株洲市专项", {"regions": ["430200"]})
    publish("营收达标奖励", {"revenue_min": 2000})
    page = text(browser(user).get("/policies/mine/"))
    assert page.index("株洲市专项") < page.index("差一点符合的政策") < page.index("营收达标奖励")
    assert "年营收需 ≥ 2000 万元, 当前 1500 万元" in page
    assert browser(factories.bank()).get("/policies/mine/").status_code == 404


def test_backoffice_pages_are_for_operators_only(publish, enterprise_user):
    policy = publish("测试政策")
    for url in ("/backoffice/policies/", "/backoffice/policies/new/", f"/backoffice/policies/{policy.pk}/",
                f"/backoffice/policies/{policy.pk}/publish/", f"/backoffice/policies/{policy.pk}/confirmations/"):
        assert browser(enterprise_user).get(url).status_code == 404, url
        assert browser().get(url).status_code == 404, url


def test_operator_builds_rules_from_form_fields_previews_and_publishes(operator, django_capture_on_commit_callbacks):
    factories.enterprise(region=factories.region("430102"), revenue=Decimal("30000000"))
    factories.enterprise(region=factories.region("430204"), revenue=Decimal("30000000"))
    client = browser(operator)
    form = {"title": "长沙市技改奖补", "issuer": "长沙市工业和信息化局", "summary": "支持技改", "benefit": "奖补",
            "regions": ["430100"], "revenue_min": "2000", "size_classes": ["small", "medium"],
            "specialized_min": "", "certifications": []}
    preview = client.post("/backoffice/policies/new/", {**form, "preview": "1"})
    assert "当前有 1 家认证企业符合" not in text(preview)  # no policy yet: the count is shown on its own
    assert '<span id="qualifying-count">1</span>' in text(preview) and not Policy.objects.exists()
    saved = client.post("/backoffice/policies/new/", form)
    policy = Policy.objects.get()
    assert saved.status_code == 302 and policy.rules == {"regions": ["430100"], "size_classes": ["medium", "small"],
                                                         "revenue_min": 2000}
    bad = client.post(f"/backoffice/policies/{policy.pk}/", {**form, "revenue_max": "100"})
    assert bad.status_code == 400 and "年营收下限不能大于上限。" in text(bad)
    assert "确定发布“长沙市技改奖补”吗？当前有 1 家认证企业符合条件" in text(
        client.get(f"/backoffice/policies/{policy.pk}/publish/"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/backoffice/policies/{policy.pk}/publish/")
    policy.refresh_from_db()
    assert policy.status == "published" and PolicyEligibility.objects.filter(policy=policy).count() == 1
    edit = text(client.get(f"/backoffice/policies/{policy.pk}/"))
    assert 'value="430100" selected' in edit and 'value="2000"' in edit
    client.post(f"/backoffice/policies/{policy.pk}/withdraw/")
    policy.refresh_from_db()
    assert policy.status == "withdrawn"


def test_confirmations_list_and_csv(publish, operator):
    user = factories.enterprise(name="湘江精密机械有限公司")
    policy = publish("政策A")
    svc.policy_confirm(actor=user, policy_id=policy.pk)
    page = text(browser(operator).get(f"/backoffice/policies/{policy.pk}/confirmations/"))
    assert "湘江精密机械有限公司" in page
    response = browser(operator).get(f"/backoffice/policies/{policy.pk}/confirmations/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "企业名称" and rows[1][0] == "湘江精密机械有限公司" and rows[1][5] == user.username


def test_public_list_query_count_does_not_grow(publish, api):
    def count(url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(url).status_code == 200
        return len(ctx.captured_queries)

    publish("政策0", {"regions": ["430100"], "chains": ["rail-transit"]})
    count("/api/v1/policies/?page_size=100")
    one = count("/api/v1/policies/?page_size=100")
    page_one = count("/policies/")
    for i in range(1, 50):
        publish(f"政策{i}", {"industries": ["34"], "certifications": ["ISO 9001"]})
    assert count("/api/v1/policies/?page_size=100") == one
    assert count("/policies/") == page_one


def test_an_unverified_firm_is_told_why_it_cannot_apply(publish):
    user = factories.enterprise(verification="pending")
    policy = publish("面向所有企业的政策")
    page = text(browser(user).get(f"/policies/{policy.pk}/"))
    assert "暂不能申报" in page and "贵企业尚未通过平台认证，认证通过后才能申报。" in page and "确认申报" not in page


def test_backoffice_list_query_count_does_not_grow(publish, operator):
    client = browser(operator)
    publish("政策0")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/backoffice/policies/").status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for i in range(1, 25):
        publish(f"政策{i}")
    assert count() == one
