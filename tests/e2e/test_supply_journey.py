"""找配套 end to end in a real browser: a buyer's sourcing need to both sides' contacts, and the
public chain map over the demo data."""

from __future__ import annotations

from django.core.management import call_command
from playwright.sync_api import expect

from enterprises.demo import DEMO_PASSWORD
from enterprises.models import ChainSegment, Region
from matching.models import Match, SourcingNeed
from matching.supply.categories import load_taxonomy
from tests import factories

BUYER_PHONE, SUPPLIER_PHONE = "0731-28886666", "0731-22337788"


def login(page, username: str, password: str = factories.PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".user-menu summary")).to_contain_text(username)


def logout(page) -> None:
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="退出登录").click()


def firm(adcode: str, name: str, phone: str, person: str, segment: str):
    user = factories.enterprise(name=name, region=Region.objects.get(pk=adcode), contact_name=person,
                                contact_phone=phone, contact_email=f"{phone}@example.cn")
    user.membership.organization.enterprise_profile.chain_segments.add(
        ChainSegment.objects.get(chain__slug="construction-machinery", name=segment))
    return user


def test_need_nearby_suppliers_mutual_interest_and_contacts(page, shot):
    load_taxonomy()  # transactional tests flush the migration-loaded categories
    # Given a 株洲 OEM, an upstream hydraulics maker in the same city and another in 长沙
    buyer = firm("430200", "株洲中联整机制造有限公司", BUYER_PHONE, "周采购", "整机制造")
    supplier = firm("430211", "株洲天易液压有限公司", SUPPLIER_PHONE, "李销售", "液压件")
    other = firm("430100", "长沙星沙油缸有限公司", "0731-84001234", "陈经理", "结构件")
    factories.capability(supplier.membership.organization, certifications=["ISO 9001", "IATF 16949"],
                         title="工程机械液压油缸", description="高压液压油缸、液压阀块，适配挖掘机、泵车")
    factories.capability(other.membership.organization, title="重型液压油缸", description="起重机、挖掘机液压油缸",
                         lead_time_days=40)

    # When the buyer posts a sourcing need through 找配套
    login(page, buyer.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="找配套").click()
    page.get_by_role("link", name="发布采购需求").first.click()
    page.locator("#id_category").fill("3444 液压动力机械及元件制造")  # picked from the class list
    page.locator("#id_title").fill("采购挖掘机液压油缸")
    page.locator("#id_description").fill("缸径 140mm，行程 1200mm，工作压力 31.5MPa，挖掘机动臂用液压油缸")
    page.locator("#id_quantity").fill("300")
    page.locator("#id_unit").fill("件")
    page.get_by_label("ISO 9001").check()
    page.get_by_label("省内").check()
    shot(page, "buyer-need-form")
    page.get_by_role("button", name="发布并匹配").click()

    # Then it sees the nearby upstream supplier first, with its certifications and every reason
    cards = page.locator(".match-card")
    expect(cards).to_have_count(2)
    first = cards.first
    expect(first).to_contain_text("株洲天易液压有限公司")
    expect(first).to_contain_text("IATF 16949")
    expect(first).to_contain_text("同在株洲市, 距离 0 km")
    expect(first).to_contain_text("上游: 工程机械-液压件")
    expect(first).to_contain_text("具备 ISO 9001 认证")
    expect(cards.nth(1)).to_contain_text("长沙星沙油缸有限公司")
    expect(page.locator("main")).not_to_contain_text(SUPPLIER_PHONE)
    expect(page.locator("main")).not_to_contain_text("{#")
    shot(page, "buyer-ranked-suppliers")

    # It says “有意向”; contacts stay closed until the supplier says so too
    first.get_by_role("button", name="有意向").click()
    expect(page.locator(".message-success")).to_contain_text("已向株洲天易液压有限公司表达意向")
    expect(page.locator(".match-card").first).to_contain_text("我方已表达意向")
    expect(page.locator(".match-card").first).to_contain_text("双方均表达意向后互相开放联系方式")
    expect(page.locator("main")).not_to_contain_text(SUPPLIER_PHONE)
    logout(page)

    # The supplier finds the buyer's need among its 采购商机 and accepts
    login(page, supplier.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="找配套").click()
    page.get_by_role("link", name="采购商机").click()
    card = page.locator(".match-card").first
    expect(card).to_contain_text("采购挖掘机液压油缸")
    expect(card).to_contain_text("株洲中联整机制造有限公司")
    expect(card).to_contain_text("300 件")
    expect(card).to_contain_text("对方已表达意向")
    expect(page.locator("main")).not_to_contain_text(BUYER_PHONE)
    shot(page, "supplier-opportunities")
    card.get_by_role("button", name="有意向").click()
    expect(page.locator(".message-success")).to_contain_text("双方均已表达意向")
    contact = page.locator(".match-card").first.locator(".contact-card")
    expect(contact).to_contain_text("周采购")
    expect(contact).to_contain_text(BUYER_PHONE)
    shot(page, "supplier-sees-buyer-contact")
    logout(page)

    # The buyer now sees the supplier's contact — and only that supplier's
    login(page, buyer.username)
    need = SourcingNeed.objects.get(enterprise=buyer.membership.organization)
    page.goto(f"/supply/needs/{need.pk}/")
    contact = page.locator(".match-card").first.locator(".contact-card")
    expect(contact).to_contain_text("李销售")
    expect(contact).to_contain_text(SUPPLIER_PHONE)
    expect(page.locator(".match-card").nth(1)).not_to_contain_text("0731-84001234")
    shot(page, "buyer-sees-supplier-contact")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/supply/needs/{need.pk}/")
    shot(page, "buyer-need-phone")
    match = Match.objects.get(need_id=need.pk, offer_org=supplier.membership.organization)
    assert match.interested_at and match.offer_interested_at


def test_chain_map_and_demo_pages_over_the_demo_data(page, shot):
    load_taxonomy()
    call_command("seed_demo", "--scale", "150", "--talents", "3", "--pending", "0")
    call_command("seed_supply")

    # The public chain map: segments by position with their firms, and the gap list
    page.goto("/")
    page.get_by_role("link", name="中小航空发动机及航空航天装备").click()
    expect(page.locator("h1")).to_contain_text("中小航空发动机及航空航天装备产业链图谱")
    expect(page.locator(".chain-column-upstream")).to_contain_text("零部件")
    gaps = page.locator("#gaps")
    expect(gaps).to_contain_text("涡轴发动机燃油喷嘴（双油路离心式）")
    expect(gaps).to_contain_text("仅有省外 1 家")
    shot(page, "chain-map-aero")
    page.goto("/supply/chains/construction-machinery/")
    shot(page, "chain-map-construction")

    # The demo enterprise sees its needs, its capabilities and the buyers waiting for its answer
    login(page, "demo_enterprise", DEMO_PASSWORD)
    page.goto("/supply/needs/")
    expect(page.locator("main")).to_contain_text("数控车削刀片")
    shot(page, "demo-needs")
    page.get_by_role("link", name="数控车削刀片").click()
    expect(page.locator(".match-card").first).to_contain_text("刀片")
    shot(page, "demo-need-detail")
    page.goto("/supply/matches/")
    expect(page.locator(".match-card").first).to_be_visible()
    shot(page, "demo-opportunities")
    page.goto("/supply/capabilities/")
    expect(page.locator("main")).to_contain_text("轨道车辆制动盘与制动夹钳")
    shot(page, "demo-capabilities")
    page.get_by_role("link", name="编辑").first.click()
    shot(page, "demo-capability-form")
