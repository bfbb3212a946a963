"""The 找配套 pages as enterprises use them: a buyer posts a sourcing need and sees ranked nearby
suppliers with their reasons, both sides say “有意向” and only then see each other's contacts;
suppliers keep capabilities and see buyers' needs; the public chain map lists segments, firms and
the needs no Hunan supplier covers. Real PostgreSQL, the Django test client."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import matching.supply.spec  # noqa: F401  (registers the domain whatever other modules imported first)
from enterprises.models import ChainSegment, Membership, Organization, Region
from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.models import Match, MatchRun, SourcingNeed, SupplyCapability
from matching.supply.catalog import JUDGED, read_world
from matching.supply.demo import GAPS
from matching.supply.spec import capability_text_model
from tests import factories

pytestmark = pytest.mark.django_db

BUYER_PHONE, NEAR_PHONE = "0731-28880001", "0731-22990002"
NEED = {"category": "hydraulics", "title": "采购挖掘机液压油缸", "description": "缸径 120mm 液压油缸，挖掘机用",
        "quantity": "200", "unit": "件", "required_certifications": ["ISO 9001"], "max_distance": "province"}


def html_of(response) -> str:
    return response.content.decode()


def field_block(html: str, name: str) -> str:
    found = re.search(rf'id="field-{name}">(.*?)(?=<div class="field|</fieldset>|</form>)', html, re.S)
    assert found, f"field {name} not rendered"
    return found.group(1)


def match_card(html: str, match_id: int) -> str:
    found = re.search(rf'id="match-{match_id}">(.*?)</li>\s*(?:<li class="card match-card|</ol>)', html, re.S)
    assert found, f"match {match_id} not rendered"
    return found.group(1)


def firm(adcode: str, name: str, phone: str = "", segment: ChainSegment | None = None):
    """A verified enterprise in ``adcode`` (its owner user is returned)."""
    user = factories.enterprise(name=name, region=Region.objects.get(pk=adcode), contact_name="王经理",
                                contact_phone=phone, contact_email=f"{phone or name}@example.cn")
    if segment:
        user.membership.organization.enterprise_profile.chain_segments.add(segment)
    return user


def rematch(need_id: int) -> None:
    capability_text_model(refresh=True)
    match_need(get_domain("supply"), need_id)


@pytest.fixture
def world(client, django_capture_on_commit_callbacks):
    """A 株洲 OEM on the construction-machinery chain; suppliers: an upstream hydraulics firm in
    株洲, another in 长沙, one in 深圳 (out of province)."""
    segments = ChainSegment.objects.filter(chain__slug="construction-machinery")
    buyer = firm("430200", "株洲重工整机有限公司", BUYER_PHONE, segments.get(name="整机制造"))
    near = firm("430202", "株洲液压件有限公司", NEAR_PHONE, segments.get(name="液压件"))
    mid = firm("430100", "长沙油缸制造有限公司", "0731-84440003")
    far = firm("440300", "深圳液压科技有限公司", "0755-86660004")
    caps = {key: factories.capability(user.membership.organization, certifications=["ISO 9001", "IATF 16949"])
            for key, user in (("near", near), ("mid", mid), ("far", far))}
    return {"buyer": buyer, "near": near, "mid": mid, "far": far, "caps": caps, "client": client,
            "commit": django_capture_on_commit_callbacks}


def post_need(w, **overrides) -> SourcingNeed:
    """The buyer posts a need through the page; the match run executes after commit."""
    w["client"].force_login(w["buyer"])
    capability_text_model(refresh=True)
    with w["commit"](execute=True):
        response = w["client"].post("/supply/needs/new/", {**NEED, **overrides})
    assert response.status_code == 302, html_of(response)
    need = SourcingNeed.objects.get(enterprise=w["buyer"].membership.organization)
    assert response["Location"] == f"/supply/needs/{need.pk}/"
    return need


def match_of(need: SourcingNeed, cap: SupplyCapability) -> Match:
    return Match.objects.get(domain="supply", need_id=need.pk, offer_id=cap.pk)


# ------------------------------------------------------------------ buyer: posting a need


class TestPostNeed:
    def test_posts_and_sees_ranked_nearby_suppliers_with_every_reason(self, world):
        need = post_need(world, needed_by=(timezone.localdate() + timedelta(days=30)).isoformat(),
                         budget_min_wan="50", budget_max_wan="80")

        assert need.quantity == 200 and need.unit == "件" and need.required_certifications == ["ISO 9001"]
        assert need.budget_min == 500000 and need.budget_max == 800000 and need.created_by == world["buyer"]
        assert need.status == SourcingNeed.Status.MATCHED
        html = html_of(world["client"].get(f"/supply/needs/{need.pk}/"))
        near, mid = match_of(need, world["caps"]["near"]), match_of(need, world["caps"]["mid"])
        assert not Match.objects.filter(need_id=need.pk, offer_id=world["caps"]["far"].pk).exists()  # province
        assert html.index(f'id="match-{near.pk}"') < html.index(f'id="match-{mid.pk}"')  # nearest first
        card = match_card(html, near.pk)
        assert "株洲液压件有限公司" in card and "株洲市" in card and "IATF 16949" in card
        assert "同在株洲市, 距离 0 km" in card and "上游: 工程机械-液压件" in card and "具备 ISO 9001 认证" in card
        assert all(line in card for line in near.explanation)
        assert f'value="{near.score}"' in card and "<meter" in card and "距离 0 km" in card
        assert f"距离 {mid.breakdown['distance_km']:.0f} km" in match_card(html, mid.pk)
        assert ">有意向</button>" in card
        assert "50 万元 – 80 万元" in html and "<script" not in html and "{#" not in html

    def test_list_shows_status_and_supplier_count(self, world):
        need = post_need(world)
        html = html_of(world["client"].get("/supply/needs/"))
        assert f'href="/supply/needs/{need.pk}/"' in html and "采购挖掘机液压油缸" in html
        assert "已匹配" in html and "2 家" in html and "液压件" in html

    def test_a_fresh_need_without_matches_says_matching_then_gives_hints(self, world):
        world["client"].force_login(world["buyer"])
        need = factories.sourcing_need(world["buyer"].membership.organization, category_id="pharma-api",
                                       title="采购头孢原料药", description="头孢类原料药")
        assert "正在匹配，请稍后刷新" in html_of(world["client"].get(f"/supply/needs/{need.pk}/"))

        SourcingNeed.objects.filter(pk=need.pk).update(created_at=timezone.now() - timedelta(minutes=5))
        html = html_of(world["client"].get(f"/supply/needs/{need.pk}/"))
        assert "正在匹配" not in html and "暂时没有符合条件的配套企业" in html

    def test_form_errors_are_chinese_and_nothing_is_written(self, world):
        world["client"].force_login(world["buyer"])
        runs = MatchRun.objects.count()

        response = world["client"].post("/supply/needs/new/", {**NEED, "title": "", "category": "",
                                                               "quantity": "很多"})

        assert response.status_code == 200
        html = html_of(response)
        assert "请填写需求名称。" in field_block(html, "title")
        assert "请选择产品类别。" in field_block(html, "category")
        assert "输入一个数字。" in field_block(html, "quantity")
        assert "提交的内容有误" in html
        assert not SourcingNeed.objects.exists() and MatchRun.objects.count() == runs

    def test_service_errors_land_on_their_fields_and_nothing_is_written(self, world):
        world["client"].force_login(world["buyer"])
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

        html = html_of(world["client"].post("/supply/needs/new/", {
            **NEED, "quantity": "0", "budget_min_wan": "80", "budget_max_wan": "50", "needed_by": yesterday}))

        assert "数量必须大于 0。" in field_block(html, "quantity")
        assert "预算上限不能低于下限。" in field_block(html, "budget_max_wan")
        assert "需求日期不能早于今天。" in field_block(html, "needed_by")
        assert not SourcingNeed.objects.exists()

    def test_the_class_picker_suggests_every_class_and_product_group(self, world):
        world["client"].force_login(world["buyer"])
        html = html_of(world["client"].get("/supply/needs/new/"))
        assert 'list="id_category-options"' in html
        options = re.search(r'<datalist id="id_category-options">(.*?)</datalist>', html, re.S).group(1)
        assert '<option value="3444 液压动力机械及元件制造"></option>' in options
        assert '<option value="液压件（3444）"></option>' in options
        assert options.count("<option") == 609 + 36

    def test_a_class_typed_as_its_label_or_code_is_understood_and_nonsense_refused(self, world):
        world["client"].force_login(world["buyer"])
        refused = world["client"].post("/supply/needs/new/", {**NEED, "category": "铸造件"})
        assert refused.status_code == 200 and "请从列表中选择产品类别" in html_of(refused)
        assert not SourcingNeed.objects.exists()
        need = post_need(world, category="3444 液压动力机械及元件制造", materials="42CrMo、45#钢",
                         specs="HSG-125 ，CY-80")
        assert (need.category_id, need.materials, need.specs) == ("3444", ["42CrMo", "45#钢"], ["HSG-125", "CY-80"])

    def test_an_unverified_firm_sees_why_it_cannot_post(self, client):
        user = factories.enterprise(verification=Organization.Verification.PENDING)
        client.force_login(user)
        assert "贵单位尚未通过平台认证" in html_of(client.get("/supply/needs/new/"))

        response = client.post("/supply/needs/new/", NEED)

        assert response.status_code == 403 and "贵单位尚未通过平台认证" in html_of(response)
        assert not SourcingNeed.objects.exists()

    def test_edit_rematches_and_close_after_confirmation(self, world):
        need = post_need(world)
        form = html_of(world["client"].get(f"/supply/needs/{need.pk}/edit/"))
        assert 'value="采购挖掘机液压油缸"' in form and 'value="200"' in form

        with world["commit"](execute=True):
            world["client"].post(f"/supply/needs/{need.pk}/edit/", {**NEED, "max_distance": "city"})
        assert set(Match.objects.filter(need_id=need.pk, retired_at=None).values_list("offer_id", flat=True)) == {
            world["caps"]["near"].pk}

        assert "确认关闭" in html_of(world["client"].get(f"/supply/needs/{need.pk}/close/"))
        with world["commit"](execute=True):
            response = world["client"].post(f"/supply/needs/{need.pk}/close/")
        assert response.status_code == 302
        need.refresh_from_db()
        assert need.status == SourcingNeed.Status.CLOSED
        html = html_of(world["client"].get(f"/supply/needs/{need.pk}/"))
        assert "该需求已关闭" in html and ">有意向</button>" not in html
        assert world["client"].get(f"/supply/needs/{need.pk}/edit/").status_code == 302


# ------------------------------------------------------------------ both sides: interest and contacts


class TestMutualInterest:
    def test_contacts_open_only_after_both_sides_say_interested(self, world):
        client = Client()  # the supplier's browser, beside the buyer's
        need = post_need(world)
        match = match_of(need, world["caps"]["near"])
        buyer_page = f"/supply/needs/{need.pk}/"
        html = html_of(world["client"].get(buyer_page))
        assert NEAR_PHONE not in html and "双方均表达意向后互相开放联系方式" in match_card(html, match.pk)

        response = world["client"].post(f"/supply/needs/{need.pk}/matches/{match.pk}/interest/")

        assert response.status_code == 302 and response["Location"].endswith(f"#match-{match.pk}")
        html = html_of(world["client"].get(buyer_page))
        assert NEAR_PHONE not in html and "我方已表达意向" in match_card(html, match.pk)
        assert ">有意向</button>" not in match_card(html, match.pk)

        client.force_login(world["near"])
        html = html_of(client.get("/supply/matches/"))
        card = match_card(html, match.pk)
        assert "株洲重工整机有限公司" in card and "采购挖掘机液压油缸" in card and "200 件" in card
        assert "对方已表达意向" in card and BUYER_PHONE not in html

        response = client.post(f"/supply/matches/{match.pk}/interest/", {"next": "/supply/matches/"})

        assert response.status_code == 302 and response["Location"] == f"/supply/matches/#match-{match.pk}"
        card = match_card(html_of(client.get("/supply/matches/")), match.pk)
        assert BUYER_PHONE in card and "王经理" in card and "双方均有意向" in card
        assert NEAR_PHONE in match_card(html_of(world["client"].get(buyer_page)), match.pk)
        other = match_card(html_of(world["client"].get(buyer_page)), match_of(need, world["caps"]["mid"]).pk)
        assert "0731-84440003" not in other  # the other supplier's contact stays closed

    def test_a_second_interest_is_a_message_not_an_error(self, world):
        need = post_need(world)
        match = match_of(need, world["caps"]["near"])
        url = f"/supply/needs/{need.pk}/matches/{match.pk}/interest/"
        world["client"].post(url)
        response = world["client"].post(url, follow=True)
        assert response.status_code == 200 and "您已表达过意向。" in html_of(response)

    def test_another_firm_gets_404_everywhere(self, world, client):
        need = post_need(world)
        match = match_of(need, world["caps"]["near"])
        client.force_login(world["mid"])
        for url in (f"/supply/needs/{need.pk}/", f"/supply/needs/{need.pk}/edit/", f"/supply/needs/{need.pk}/close/"):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/supply/needs/{need.pk}/matches/{match.pk}/interest/").status_code == 404
        assert client.post(f"/supply/matches/{match.pk}/interest/").status_code == 404  # not its match
        assert client.get(f"/supply/capabilities/{world['caps']['near'].pk}/edit/").status_code == 404
        client.force_login(world["buyer"])
        assert client.post(f"/supply/matches/{match.pk}/interest/").status_code == 404  # buyer, not supplier

    def test_pages_are_for_enterprise_members_only(self, client):
        assert client.get("/supply/needs/").status_code == 302  # to the login page
        client.force_login(factories.bank())
        for url in ("/supply/needs/", "/supply/capabilities/", "/supply/matches/"):
            assert client.get(url).status_code == 404, url
        client.force_login(factories.enterprise())
        html = html_of(client.get("/supply/needs/"))
        assert 'href="/supply/needs/" aria-current="page">找配套</a>' in html and "还没有采购需求" in html


# ------------------------------------------------------------------ supplier: capabilities


class TestCapabilities:
    def test_publishes_a_capability_that_meets_an_open_need(self, world, client):
        need = post_need(world)
        maker = firm("430300", "湘潭精工液压有限公司", "0731-58880005")
        client.force_login(maker)
        capability_text_model(refresh=True)
        with world["commit"](execute=True):
            response = client.post("/supply/capabilities/new/", {
                "category": "hydraulics", "title": "挖掘机液压油缸", "description": "高压液压油缸 挖掘机",
                "certifications": ["ISO 9001"], "capacity_per_month": "800", "unit": "件", "lead_time_days": "20",
                "regions_served": ["430200", "430300"], "sample_ability": "on", "active": "on"})

        assert response.status_code == 302 and response["Location"] == "/supply/capabilities/"
        cap = SupplyCapability.objects.get(enterprise=maker.membership.organization)
        assert cap.regions_served == ["430200", "430300"] and cap.sample_ability and cap.lead_time_days == 20
        html = html_of(client.get("/supply/capabilities/"))
        assert "挖掘机液压油缸" in html and "株洲市、湘潭市" in html and "1 条" in html
        html = html_of(client.get("/supply/matches/"))
        assert "采购挖掘机液压油缸" in html and "株洲重工整机有限公司" in html
        assert Match.objects.filter(need_id=need.pk, offer_id=cap.pk, retired_at=None).exists()

        form = html_of(client.get(f"/supply/capabilities/{cap.pk}/edit/"))
        assert re.search(r'value="430200"[^>]*checked', form) and not re.search(r'value="430100"[^>]*checked', form)

    def test_range_errors_land_on_the_fields_and_nothing_is_saved(self, client):
        client.force_login(factories.enterprise())
        html = html_of(client.post("/supply/capabilities/new/", {
            "category": "hydraulics", "title": "液压油缸", "capacity_per_month": "0", "lead_time_days": "5000"}))
        assert "月产能必须大于 0。" in field_block(html, "capacity_per_month")
        assert "交期须在 0–3650 天之间。" in field_block(html, "lead_time_days")
        assert not SupplyCapability.objects.exists()


# ------------------------------------------------------------------ the public chain map


class TestChainMap:
    def test_segments_firms_and_the_gap_list(self, world, client):
        buyer_org = world["buyer"].membership.organization
        local = factories.sourcing_need(buyer_org, title="采购液压油缸（省内有货）")
        outside = factories.sourcing_need(buyer_org, title="采购液压油缸（仅省外）", max_distance="any")
        nothing = factories.sourcing_need(buyer_org, category_id="pharma-api", title="采购冷门原料药",
                                          description="冷门原料药")
        for need in (local, outside, nothing):
            rematch(need.pk)
        # keep only the out-of-province supplier for the second need
        Match.objects.filter(need_id=outside.pk).exclude(offer_id=world["caps"]["far"].pk).update(
            retired_at=timezone.now())

        response = client.get("/supply/chains/construction-machinery/")

        assert response.status_code == 200
        html = html_of(response)
        assert "工程机械产业链图谱" in html and "上游" in html and "中游" in html and "下游" in html
        hydraulics = ChainSegment.objects.get(name="液压件", chain__slug="construction-machinery")
        segment = html[html.index(f'id="segment-{hydraulics.pk}"'):]
        assert "株洲液压件有限公司" in segment[:2000] and "1 家" in segment[:400]
        gaps = html[html.index('id="gaps"'):]
        assert f'id="gap-{outside.pk}"' in gaps and "仅有省外 1 家" in gaps
        assert f'id="gap-{nothing.pk}"' in gaps and "暂无" in gaps
        assert f'id="gap-{local.pk}"' not in gaps
        assert "株洲重工整机有限公司" not in gaps  # buyers are named to operators only
        client.force_login(factories.OperatorFactory())
        html = html_of(client.get("/supply/chains/construction-machinery/"))
        assert "株洲重工整机有限公司" in html.split('id="gaps"')[1]

    def test_unknown_chain_is_404_and_home_links_the_maps(self, client):
        assert client.get("/supply/chains/no-such-chain/").status_code == 404
        assert 'href="/supply/chains/rail-transit/"' in html_of(client.get("/"))


# ------------------------------------------------------------------ query counts


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


class TestQueryCounts:
    def test_need_detail_does_not_grow_with_suppliers(self, client):
        buyer = firm("430200", "株洲买方有限公司")
        need = factories.sourcing_need(buyer.membership.organization)
        factories.capability(factories.firm_in("430200"))
        rematch(need.pk)
        client.force_login(buyer)
        one = count_queries(client, f"/supply/needs/{need.pk}/")
        for _ in range(19):
            factories.capability(factories.firm_in("430100"))
        rematch(need.pk)
        assert Match.objects.filter(need_id=need.pk, retired_at=None).count() == 20
        assert count_queries(client, f"/supply/needs/{need.pk}/") == one

    def test_supplier_matches_do_not_grow_with_rows(self, client):
        supplier = firm("430200", "株洲供应方有限公司")
        factories.capability(supplier.membership.organization)
        client.force_login(supplier)
        needs = [factories.sourcing_need(factories.firm_in("430200"))]
        rematch(needs[0].pk)
        one = count_queries(client, "/supply/matches/")
        for _ in range(19):
            need = factories.sourcing_need(factories.firm_in("430100"))
            match_need(get_domain("supply"), need.pk)
        assert Match.objects.filter(offer_org=supplier.membership.organization).count() == 20
        assert count_queries(client, "/supply/matches/") == one

    def test_chain_map_is_constant(self, world, client):
        one = count_queries(client, "/supply/chains/construction-machinery/")
        segment = ChainSegment.objects.get(chain__slug="construction-machinery", name="液压件")
        for i in range(15):
            firm("430100", f"长沙配套{i}有限公司", segment=segment)
        assert count_queries(client, "/supply/chains/construction-machinery/") == one


# ------------------------------------------------------------------ demo data


def test_seed_supply_builds_a_believable_world_once():
    call_command("seed_demo", "--scale", "80", "--talents", "5", "--pending", "1")
    call_command("seed_supply")

    world = read_world("supply")
    # + the demo firm's two of each, and the chain map's gaps
    assert SupplyCapability.objects.count() == len(world["capabilities"]) + 2 + len(GAPS["capabilities"])
    assert SourcingNeed.objects.count() == len(world["needs"]) + 2 + len(GAPS["needs"])
    demo = Organization.objects.get(memberships__user__username="demo_enterprise")
    assert SourcingNeed.objects.filter(enterprise=demo).count() == 2
    assert SupplyCapability.objects.filter(enterprise=demo).count() == 2
    assert Organization.objects.filter(region__adcode__startswith="44", capabilities__isnull=False).exists()
    # every open need of the world: its top supplier and at least two of its top three make the part
    # or could (grade ≥ 2 in the judged set, labelled blind by two people); each supplier once
    grades = json.loads((JUDGED / "supply" / "qrels.json").read_text(encoding="utf-8"))["grades"]
    names = {f["key"]: f["name"] for f in world["firms"]}
    need_key = {(names[n["firm"]], n["title"]): n["key"] for n in world["needs"]}
    cap_key = {(names[c["firm"]], c["title"]): c["key"] for c in world["capabilities"]}
    gap_titles = {n["title"] for n in GAPS["needs"]}
    for need in SourcingNeed.objects.filter(status__in=["open", "matched"]).select_related("enterprise"):
        matches = list(Match.objects.filter(domain="supply", need_id=need.pk, retired_at=None).order_by("rank"))
        assert len({m.offer_org_id for m in matches}) == len(matches)
        key = need_key.get((need.enterprise.name, need.title))
        if need.title in gap_titles:  # nobody in Hunan makes it (产品匹配, the top band)
            assert not [m for m in matches if m.offer_org.region_id.startswith("43") and m.breakdown["fit_band"] >= 3]
            continue
        if key is None:  # the demo enterprise's own needs
            assert sum(1 for m in matches if m.breakdown["fit_band"] >= 2) >= 3, need.title  # 相近产品 or better
            continue
        titles = dict(SupplyCapability.objects.filter(pk__in=[m.offer_id for m in matches[:3]])
                      .values_list("id", "title"))
        top = [grades[key].get(cap_key.get((m.offer_org.name, titles[m.offer_id])), 0) for m in matches[:3]]
        assert top[0] >= 2 and sum(g >= 2 for g in top) >= 2, (need.title, top)
    # every firm of the world has an owner who can sign in
    owners = set(Membership.objects.filter(user__username__startswith="supply").values_list("organization_id",
                                                                                            flat=True))
    assert len(owners) == len(world["firms"])

    call_command("seed_supply")  # idempotent: a second run changes nothing
    assert SupplyCapability.objects.count() == len(world["capabilities"]) + 2 + len(GAPS["capabilities"])
