"""Services matching (找服务): hard rules in SQL, ranking with one Chinese reason per criterion,
rematch when requests and offerings change, and the interest → contact flow."""

from __future__ import annotations

import pytest

from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.engine.transitions import match_transition
from matching.market import services as svc
from matching.market.spec import offering_text_model
from matching.models import Match, Notification, ServiceRequest
from tests import factories
from tests.factories.market import offering, owner, provider_org, service_request

pytestmark = pytest.mark.django_db


def _matched(req) -> list[int]:
    offering_text_model(refresh=True)
    match_need(get_domain("services"), req.pk)
    return list(Match.objects.filter(domain="services", need_id=req.pk, retired_at=None)
                .order_by("rank").values_list("offer_id", flat=True))


def test_only_the_same_category_is_matched():
    firm = factories.firm_in("430104")
    audit = offering(provider_org())
    lawyer = offering(provider_org(category="law"), category="law", title="常年法律顾问")
    matched = _matched(service_request(firm))
    assert audit.pk in matched and lawyer.pk not in matched


def test_regions_must_cover_the_firm_county_city_or_province():
    firm = factories.firm_in("430104")  # 长沙 岳麓区
    anywhere = offering(provider_org(), regions=[])
    changsha = offering(provider_org(), regions=["430100"])
    hunan = offering(provider_org(), regions=["430000"])
    county = offering(provider_org(), regions=["430104"])
    zhuzhou = offering(provider_org(), regions=["430200"])
    guangdong = offering(provider_org(), regions=["440000"])
    matched = _matched(service_request(firm))
    assert set(matched) == {anywhere.pk, changsha.pk, hunan.pk, county.pk}
    assert zhuzhou.pk not in matched and guangdong.pk not in matched


def test_lowest_price_must_be_within_the_budget_when_both_are_known():
    firm = factories.firm_in("430104")
    cheap = offering(provider_org(), price_min=8000, price_max=50000)
    dear = offering(provider_org(), price_min=40000, price_max=80000)
    unpriced = offering(provider_org(), price_min=None, price_max=None)
    assert set(_matched(service_request(firm, budget_max=30000))) == {cheap.pk, unpriced.pk}
    assert {cheap.pk, dear.pk, unpriced.pk} <= set(_matched(service_request(firm, budget_max=None)))


def test_unverified_inactive_and_own_offerings_are_never_matched():
    firm = factories.firm_in("430104")
    pending = offering(provider_org(verification="pending"))
    inactive = offering(provider_org(), active=False)
    ok = offering(provider_org())
    assert _matched(service_request(firm)) == [ok.pk]
    assert pending.pk and inactive.pk


def test_unverified_enterprise_and_closed_request_get_no_matches():
    offering(provider_org())
    pending_firm = factories.enterprise(verification="pending").membership.organization
    assert _matched(service_request(pending_firm)) == []
    closed = service_request(factories.firm_in("430104"), status=ServiceRequest.Status.CLOSED)
    assert _matched(closed) == []


def test_local_fast_and_affordable_provider_ranks_first_with_reasons():
    firm = factories.firm_in("430104")  # 长沙
    far = offering(provider_org("430200"), response_days=10, price_min=25000, price_max=60000)
    near = offering(provider_org("430102"), response_days=1, price_min=5000, price_max=20000)
    assert _matched(service_request(firm)) == [near.pk, far.pk]
    best = Match.objects.get(domain="services", offer_id=near.pk)
    other = Match.objects.get(domain="services", offer_id=far.pk)
    assert best.score > other.score
    assert set(best.breakdown) >= {"text", "locality", "response", "price", "credibility"}
    lines = best.explanation
    assert len(lines) == 5
    head, shared = lines[0].split(": ")
    # the shared words name what both texts say; their exact cut depends on jieba's dictionary
    # (domain words added by other areas join 高新+技术), so test them against the request's own words
    request_words = set(ServiceRequest.objects.get(pk=best.need_id).search_text.split())
    assert head.startswith("服务内容相似度 0.") and shared and set(shared.split("、")) <= request_words
    assert lines[1] == "本地服务: 机构同在长沙市"
    assert lines[2] == "承诺 1 个工作日内响应"
    assert lines[3] == "报价 5000 元–2 万元, 预算上限 3 万元"
    assert lines[4].startswith("平台认证机构, 发布 1 项服务")
    assert other.explanation[1] == "省内服务: 机构位于株洲市"


def test_a_new_offering_is_matched_to_open_requests_and_both_sides_are_told(django_capture_on_commit_callbacks):
    commit = django_capture_on_commit_callbacks
    firm = factories.firm_in("430104")
    with commit(execute=True):
        req = svc.request_save(actor=owner(firm), data={"category": "accounting", "title": "高新技术企业专项审计",
                                                        "budget_max": 30000})
    assert Match.objects.filter(domain="services", need_id=req.pk).count() == 0
    provider = provider_org()
    with commit(execute=True):
        item = svc.offering_save(actor=owner(provider), data={
            "category": "accounting", "title": "高新技术企业认定专项审计", "price_min": 6000, "price_max": 15000})
    assert Match.objects.filter(domain="services", need_id=req.pk, offer_id=item.pk, retired_at=None).exists()
    assert ServiceRequest.objects.get(pk=req.pk).status == "matched"
    assert Notification.objects.filter(user=owner(firm), kind="services_new_offerings").exists()
    assert Notification.objects.filter(user=owner(provider), kind="services_new_request").exists()
    with commit(execute=True):
        svc.offering_deactivate(actor=owner(provider), offering_id=item.pk)
    assert Match.objects.get(domain="services", offer_id=item.pk).retired_at is not None


def test_raising_a_price_over_the_budget_retires_the_match(django_capture_on_commit_callbacks):
    commit = django_capture_on_commit_callbacks
    firm = factories.firm_in("430104")
    provider = provider_org()
    with commit(execute=True):
        item = svc.offering_save(actor=owner(provider), data={"category": "accounting", "title": "专项审计",
                                                              "price_min": 6000})
    with commit(execute=True):
        req = svc.request_save(actor=owner(firm), data={"category": "accounting", "title": "专项审计",
                                                        "budget_max": 10000})
    assert Match.objects.filter(need_id=req.pk, domain="services", retired_at=None).count() == 1
    with commit(execute=True):
        svc.offering_save(actor=owner(provider), offering_id=item.pk, data={"price_min": 12000})
    assert Match.objects.filter(need_id=req.pk, domain="services", retired_at=None).count() == 0


def test_provider_sees_the_enterprise_contact_only_after_its_interest():
    firm = factories.firm_in("430104")
    firm.contact_name, firm.contact_phone = "王经理", "13800000000"
    firm.save()
    provider = provider_org()
    offering(provider)
    req = service_request(firm)
    _matched(req)
    match = Match.objects.get(domain="services", need_id=req.pk)
    assert svc.contact_for(match, viewer_org_id=provider.pk) is None
    assert svc.contact_for(match, viewer_org_id=firm.pk)["phone"] == "0731-88886666"
    svc.match_interest(actor=owner(firm), match_id=match.pk)
    match.refresh_from_db()
    assert match.status == "interested"
    assert svc.contact_for(match, viewer_org_id=provider.pk) == {
        "organization": firm.name, "person": "王经理", "phone": "13800000000", "email": ""}
    assert Notification.objects.filter(user=owner(provider), kind="services_interest").exists()
    match_transition(match_id=match.pk, actor=owner(provider), to="contacted")
    match_transition(match_id=match.pk, actor=owner(provider), to="succeeded", outcome={"note": "已签约"})
    assert ServiceRequest.objects.get(pk=req.pk).status == "fulfilled"
    assert Notification.objects.filter(user=owner(firm), kind="services_contacted").exists()


def test_nightly_domain_rematch_matches_every_open_request(django_capture_on_commit_callbacks):
    from matching.engine.runs import run_create
    from matching.models import MatchRun

    offering(provider_org())
    open_req = service_request(factories.firm_in("430104"))
    closed = service_request(factories.firm_in("430104"), status=ServiceRequest.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        run = run_create(domain="services", scope="domain")
    assert MatchRun.objects.get(pk=run.pk).status == "succeeded"
    assert Match.objects.filter(domain="services", need_id=open_req.pk, retired_at=None).count() == 1
    assert not Match.objects.filter(domain="services", need_id=closed.pk).exists()
