"""找政策 end to end in a real browser: an enterprise sees a policy it qualifies for (with the rules
it meets) and a near miss (with what it lacks), confirms the eligible one, and an operator sees
the confirmation in the back-office."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from matching.models import PolicyEligibility
from matching.policies import services as svc
from tests import factories
from tests.e2e.test_financing_journey import login, logout


def publish(operator, title: str, rules: dict, issuer: str = "湖南省工业和信息化厅"):
    policy = svc.policy_create(actor=operator, data={
        "title": title, "issuer": issuer, "summary": f"{title}：面向符合条件的中小企业。", "benefit": "一次性奖励",
        "rules": rules})
    return svc.policy_publish(actor=operator, policy_id=policy.pk)


def test_enterprise_sees_eligible_and_near_miss_confirms_and_operator_sees_it(page, shot):
    # Given a high-tech firm in 株洲 and two published policies: one it meets, one only for 长沙
    operator = factories.OperatorFactory(username="yunying")
    user = factories.enterprise(name="株洲天元齿轮有限公司", region=factories.region("430204"),
                                revenue=Decimal("30000000"))
    profile = user.membership.organization.enterprise_profile
    profile.high_tech = True
    profile.save()
    eligible = publish(operator, "高新技术企业认定奖励",
                       {"regions": ["430000"], "high_tech": True, "revenue_min": 2000})
    publish(operator, '长沙市中小企业"上云上平台"支持', {"regions": ["430100"]}, issuer="长沙市工业和信息化局")

    # When the enterprise opens 找政策 and then 我的政策
    login(page, user.username)
    page.get_by_role("link", name="找政策").click()
    expect(page.locator("h2#pol-results")).to_have_text("共 2 项政策")
    shot(page, "public-search")
    page.get_by_role("link", name="我的政策").click()

    # Then it sees the policy it qualifies for with each rule it meets, and the near miss with what it lacks
    qualifying = page.locator(".pol-eligible")
    expect(qualifying).to_contain_text("高新技术企业认定奖励")
    expect(qualifying.locator(".pol-met")).to_contain_text("已认定为高新技术企业")
    expect(qualifying.locator(".pol-met")).to_contain_text("年营收 3,000 万元, 满足 ≥ 2,000 万元")
    near = page.locator(".pol-near")
    expect(near).to_contain_text('长沙市中小企业"上云上平台"支持')
    expect(near.locator(".pol-missing")).to_have_text("需位于长沙市, 当前: 株洲市")
    shot(page, "my-policies")
    near.get_by_role("link", name='长沙市中小企业"上云上平台"支持').click()
    expect(page.locator(".pol-verdict")).to_have_text("暂不符合，还差以下条件")
    expect(page.locator(".pol-missing")).to_have_text("需位于长沙市, 当前: 株洲市")
    shot(page, "near-miss-detail")
    page.go_back()

    # When it opens the eligible policy and confirms
    qualifying.get_by_role("link", name="高新技术企业认定奖励").click()
    expect(page.locator(".pol-verdict")).to_have_text("您符合条件")
    page.get_by_role("button", name="确认申报").click()
    expect(page.locator(".pol-verdict")).to_have_text("已确认申报")
    shot(page, "confirmed")
    assert PolicyEligibility.objects.get(policy=eligible, confirmed_at__isnull=False).confirmed_by == user
    logout(page)

    # Then the operator sees the firm in the policy's confirmations in the back-office
    login(page, operator.username)
    page.goto("/backoffice/")
    page.get_by_role("link", name="政策管理").click()
    page.get_by_role("link", name="高新技术企业认定奖励").click()
    expect(page.locator("#qualifying-count")).to_have_text("1")
    expect(page.locator("#id_regions option[value='430000']")).to_have_js_property("selected", True)
    shot(page, "operator-policy-form")
    page.get_by_role("link", name="确认申报 1 家").click()
    expect(page.locator("table")).to_contain_text("株洲天元齿轮有限公司")
    shot(page, "operator-confirmations")
