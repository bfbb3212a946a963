"""找资金 end to end in a real browser: an enterprise's loan request to a bank's grant."""

from __future__ import annotations

from decimal import Decimal

from playwright.sync_api import expect

from enterprises.models import ChainSegment, IndustrialChain
from matching.models import FinancingRequest
from tests import factories


def login(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".user-menu summary")).to_contain_text(username)


def logout(page) -> None:
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="退出登录").click()


def test_request_matches_interest_consent_bank_grant_and_statistics(page, shot):
    # Given a verified enterprise on a chain whose lead bank has a matching product
    ent = factories.enterprise(name="株洲天元齿轮有限公司", contact_phone="0731-28881234",
                               address="株洲市天元区黄河南路 88 号")
    org = ent.membership.organization
    segment = ChainSegment.objects.order_by("id").first()
    org.enterprise_profile.chain_segments.add(segment)
    bank_user = factories.bank(name="演示银行湖南省分行")
    bank = bank_user.membership.organization
    IndustrialChain.objects.filter(pk=segment.chain_id).update(lead_bank=bank)
    factories.product(bank, name="链易贷", chains=[segment.chain_id])

    # When the enterprise posts a loan request of 300 万元
    login(page, ent.username)
    page.goto("/financing/requests/new/")
    page.locator("#id_amount_wan").fill("300")
    page.locator("#id_term").fill("12")
    page.locator("#id_purpose").select_option("equipment")
    page.locator("#id_max_rate").fill("4.5")
    page.get_by_role("button", name="发布并匹配").click()

    # Then it sees the matched product with its score, every reason, and the lead-bank badge
    card = page.locator(".match-card").first
    expect(card).to_contain_text("演示银行湖南省分行 · 链易贷")
    expect(card).to_contain_text("主办银行")
    expect(card).to_contain_text("额度匹配: 申请 300 万, 产品 50 万–500 万")
    shot(page, "enterprise-matches")

    # It marks interest and consents to this bank seeing its details
    card.get_by_role("button", name="有意向").click()
    page.locator(".match-card").first.get_by_role("button", name="授权该银行查看企业信息").click()
    expect(page.locator(".match-card").first).to_contain_text("已授权")
    logout(page)

    # The bank finds it in its queue and, with consent, sees the full profile
    login(page, bank_user.username)
    page.goto("/bank/queue/")
    expect(page.locator("main")).to_contain_text("株洲市")
    expect(page.locator("main")).not_to_contain_text("株洲天元齿轮有限公司")  # the queue stays anonymized
    page.locator("main a[href^='/bank/requests/']").first.click()
    expect(page.locator("main")).to_contain_text("株洲天元齿轮有限公司")
    expect(page.locator("main")).to_contain_text(org.uscc)
    expect(page.locator("main")).to_contain_text("0731-28881234")
    page.get_by_role("button", name="已联系企业").click()
    page.locator("summary", has_text="记录放款结果").click()
    page.locator("input[name$='amount_wan']").fill("280")
    page.locator("input[name$='-rate']").fill("3.65")
    page.locator("input[name$='-term']").fill("12")
    page.get_by_role("button", name="确认放款").click()
    shot(page, "bank-granted")
    loan = FinancingRequest.objects.get(enterprise=org)
    assert loan.status == "funded" and loan.granted_amount == Decimal("2800000.00")
    logout(page)

    # The enterprise sees "funded", and the home page statistics include the amount
    login(page, ent.username)
    page.goto(f"/financing/requests/{loan.pk}/")
    expect(page.locator("#funded")).to_contain_text("280")
    page.goto("/")
    expect(page.locator("#stat-granted")).to_contain_text("280 万元")
    shot(page, "home-stats")
