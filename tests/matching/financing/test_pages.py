"""The financing pages, as the enterprise and the bank use them: post a loan request in 万元, see
ranked matches with their reasons, show interest, consent, and the bank's queue, request page,
answers and dashboard; everyone's notifications. Real PostgreSQL, the Django test client."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from enterprises.models import ChainSegment, IndustrialChain, Organization
from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.engine.transitions import match_transition
from matching.financing import services as fin
from matching.models import (
    Consent,
    DataAccessLog,
    FinancingProduct,
    FinancingRequest,
    Match,
    MatchRun,
    MatchStatus,
    Notification,
)
from tests import factories

pytestmark = pytest.mark.django_db

LOAN = {"amount_wan": "300", "term": "12", "purpose": "working_capital", "purpose_detail": "采购原材料",
        "max_rate": "4.50", "urgency": "normal"}


def html_of(response) -> str:
    return response.content.decode()


def field_block(html: str, name: str) -> str:
    """The HTML of the field wrapper ``<div ... id="field-NAME">`` (up to the next field)."""
    found = re.search(rf'id="field-{name}">(.*?)(?=<div class="field|</fieldset>|</form>)', html, re.S)
    assert found, f"field {name} not rendered"
    return found.group(1)


def match_card(html: str, match_id: int) -> str:
    found = re.search(rf'id="match-{match_id}">(.*?)</li>\s*(?:<li class="card match-card|</ol>)', html, re.S)
    assert found, f"match {match_id} not rendered"
    return found.group(1)


def answer(match: Match, **fields) -> dict:
    """A bank's answer form for one match: the match id plus its prefixed fields."""
    return {"match": match.pk, **{f"m{match.pk}-{key}": value for key, value in fields.items()}}


def rematch(request_id: int, top_k: int | None = None) -> None:
    match_need(get_domain("financing"), request_id, top_k=top_k)


def named_bank(name: str):
    user = factories.bank()
    Organization.objects.filter(pk=user.membership.organization_id).update(name=name)
    user.membership.organization.refresh_from_db()
    return user


@pytest.fixture
def world(client, django_capture_on_commit_callbacks):
    """A verified 株洲 enterprise on a chain whose lead bank is bank A; banks A and B each with a product."""
    ent = factories.enterprise(name="株洲齿轮配套有限公司", contact_phone="0731-22880000", address="株洲市天元区")
    org = ent.membership.organization
    segment = ChainSegment.objects.order_by("id").first()
    org.enterprise_profile.chain_segments.add(segment)
    bank_a, bank_b = named_bank("湖南链银行"), named_bank("潇湘税银行")
    IndustrialChain.objects.filter(pk=segment.chain_id).update(lead_bank=bank_a.membership.organization)
    pa = factories.product(bank_a.membership.organization, name="链易贷", chains=[segment.chain_id])
    pb = factories.product(bank_b.membership.organization, name="税易贷", rate_min=Decimal("3.5"))
    return {"ent": ent, "org": org, "bank_a": bank_a, "bank_b": bank_b, "pa": pa, "pb": pb,
            "client": client, "commit": django_capture_on_commit_callbacks}


def post_loan(w, **overrides) -> FinancingRequest:
    """The enterprise posts a request through the page; the match run executes after commit."""
    w["client"].force_login(w["ent"])
    with w["commit"](execute=True):
        response = w["client"].post("/financing/requests/new/", {**LOAN, **overrides})
    assert response.status_code == 302, html_of(response)
    loan = FinancingRequest.objects.get(enterprise=w["org"])
    assert response["Location"] == f"/financing/requests/{loan.pk}/"
    return loan


def match_of(loan: FinancingRequest, product: FinancingProduct) -> Match:
    return Match.objects.get(domain="financing", need_id=loan.pk, offer_id=product.pk)


# ------------------------------------------------------------------ enterprise: posting a request


class TestPostRequest:
    def test_posts_in_wan_and_sees_ranked_matches_with_reasons_and_the_lead_bank_badge(self, world):
        loan = post_loan(world, collateral=["receivables", "equipment"])

        assert loan.amount == Decimal("3000000.00") and loan.term == 12
        assert loan.collateral == ["receivables", "equipment"] and loan.max_rate == Decimal("4.50")
        assert loan.created_by == world["ent"] and loan.status == FinancingRequest.Status.MATCHED
        html = html_of(world["client"].get(f"/financing/requests/{loan.pk}/"))
        assert "300 万元" in html
        lead, other = match_of(loan, world["pa"]), match_of(loan, world["pb"])
        assert html.index(f'id="match-{lead.pk}"') < html.index(f'id="match-{other.pk}"')  # ranked
        card = match_card(html, lead.pk)
        assert "湖南链银行 · 链易贷" in card and "主办银行" in card
        assert "额度匹配: 申请 300 万, 产品 50 万–500 万" in card
        assert all(line in card for line in lead.explanation)
        assert f'value="{lead.score}"' in card and "<meter" in card
        assert "主办银行" not in match_card(html, other.pk)
        assert "<script" not in html

    def test_list_shows_amount_status_and_match_count(self, world):
        loan = post_loan(world)
        html = html_of(world["client"].get("/financing/requests/"))
        assert f'href="/financing/requests/{loan.pk}/"' in html
        assert "300 万元" in html and "已匹配" in html and "流动资金" in html
        assert re.search(r'<td data-label="匹配产品">2 个</td>', html)

    def test_empty_list_invites_a_first_request(self, client):
        client.force_login(factories.enterprise())
        html = html_of(client.get("/financing/requests/"))
        assert "还没有融资需求" in html and 'href="/financing/requests/new/"' in html

    def test_bad_input_shows_chinese_errors_on_the_fields_and_writes_nothing(self, world):
        world["client"].force_login(world["ent"])
        runs = MatchRun.objects.count()

        response = world["client"].post("/financing/requests/new/", {**LOAN, "amount_wan": "0", "term": "400"})

        assert response.status_code == 200
        html = html_of(response)
        assert "申请金额必须大于 0。" in field_block(html, "amount_wan")
        assert "期限须在 1–360 个月之间。" in field_block(html, "term")
        assert "提交的内容有误" in html
        assert not FinancingRequest.objects.exists() and MatchRun.objects.count() == runs

    def test_missing_purpose_and_text_amount_are_refused_by_the_form(self, world):
        world["client"].force_login(world["ent"])
        html = html_of(world["client"].post("/financing/requests/new/",
                                            {**LOAN, "amount_wan": "三百", "purpose": ""}))
        assert "请选择资金用途。" in field_block(html, "purpose")
        assert field_block(html, "amount_wan").count("<li>") == 1
        assert not FinancingRequest.objects.exists()

    def test_an_unverified_enterprise_sees_why_it_cannot_post(self, client):
        user = factories.enterprise(verification=Organization.Verification.PENDING)
        client.force_login(user)

        assert "贵单位尚未通过平台认证" in html_of(client.get("/financing/requests/new/"))
        response = client.post("/financing/requests/new/", LOAN)

        assert response.status_code == 403
        assert "贵单位尚未通过平台认证，认证通过后才能发布需求或产品。" in html_of(response)
        assert not FinancingRequest.objects.exists()
        assert "贵单位尚未通过平台认证" in html_of(client.get("/financing/requests/"))

    def test_edit_converts_wan_and_rematches(self, world):
        loan = post_loan(world)
        form = html_of(world["client"].get(f"/financing/requests/{loan.pk}/edit/"))
        assert 'value="300"' in field_block(form, "amount_wan")

        with world["commit"](execute=True):
            response = world["client"].post(f"/financing/requests/{loan.pk}/edit/", {**LOAN, "amount_wan": "1200.5"})

        assert response.status_code == 302
        loan.refresh_from_db()
        assert loan.amount == Decimal("12005000.00")
        assert not Match.objects.filter(need_id=loan.pk, retired_at=None).exists()  # above both products' range

    def test_matching_in_progress_then_hints_when_nothing_fits(self, world):
        world["client"].force_login(world["ent"])
        loan = factories.loan_request(world["org"], amount=Decimal("900000000"))
        assert "正在匹配，请稍后刷新" in html_of(world["client"].get(f"/financing/requests/{loan.pk}/"))

        FinancingRequest.objects.filter(pk=loan.pk).update(created_at=timezone.now() - timedelta(minutes=5))
        html = html_of(world["client"].get(f"/financing/requests/{loan.pk}/"))
        assert "正在匹配" not in html and "暂时没有符合条件的金融产品" in html
        assert "完善企业档案" in html

    def test_near_misses_say_what_is_missing(self, world):
        factories.product(world["pb"].bank, name="白名单专享贷", whitelist_only=True)
        loan = post_loan(world)
        html = html_of(world["client"].get(f"/financing/requests/{loan.pk}/"))
        near = html[html.index('id="near-misses"'):]
        assert "白名单专享贷" in near and "仅限产融合作白名单企业" in near

    def test_withdraw_after_confirmation(self, world):
        loan = post_loan(world)
        confirm = world["client"].get(f"/financing/requests/{loan.pk}/withdraw/")
        assert "确认撤回" in html_of(confirm)

        response = world["client"].post(f"/financing/requests/{loan.pk}/withdraw/")

        assert response.status_code == 302
        loan.refresh_from_db()
        assert loan.status == FinancingRequest.Status.WITHDRAWN
        assert set(Match.objects.filter(need_id=loan.pk).values_list("status", flat=True)) == {"expired"}
        html = html_of(world["client"].get(f"/financing/requests/{loan.pk}/"))
        assert "该需求已撤回" in html and ">有意向</button>" not in html


# ------------------------------------------------------------------ enterprise: acting on matches


class TestEnterpriseAnswers:
    def test_interest_starts_the_banks_clock_shown_in_local_time(self, world):
        loan = post_loan(world)
        match = match_of(loan, world["pa"])

        response = world["client"].post(f"/financing/requests/{loan.pk}/matches/{match.pk}/interest/")

        assert response.status_code == 302 and response["Location"].endswith(f"#match-{match.pk}")
        match.refresh_from_db()
        assert match.status == MatchStatus.INTERESTED and match.due_at
        card = match_card(html_of(world["client"].get(f"/financing/requests/{loan.pk}/")), match.pk)
        due = timezone.localtime(match.due_at).strftime("%Y-%m-%d %H:%M")
        assert f"银行应在 {due} 前答复" in card
        assert "有意向</span>" in card and ">有意向</button>" not in card

    def test_overdue_and_escalated_answers_are_flagged(self, world):
        loan = post_loan(world)
        match = match_of(loan, world["pa"])
        match_transition(match_id=match.pk, actor=world["ent"], to=MatchStatus.INTERESTED)
        Match.objects.filter(pk=match.pk).update(due_at=timezone.now() - timedelta(hours=1))
        fin.matches_escalate_overdue()

        card = match_card(html_of(world["client"].get(f"/financing/requests/{loan.pk}/")), match.pk)

        assert "已超时未答复" in card and "已提醒主办银行和平台跟进" in card

    def test_consent_then_withdraw_it_after_confirmation(self, world):
        loan = post_loan(world)
        match = match_of(loan, world["pb"])

        world["client"].post(f"/financing/requests/{loan.pk}/matches/{match.pk}/consent/")

        consent = Consent.objects.get(request=loan, bank=world["pb"].bank, withdrawn_at=None)
        card = match_card(html_of(world["client"].get(f"/financing/requests/{loan.pk}/")), match.pk)
        assert "已授权该银行查看企业信息" in card
        withdraw_url = f"/financing/requests/{loan.pk}/consents/{consent.pk}/withdraw/"
        assert withdraw_url in card
        assert "确认撤回授权" in html_of(world["client"].get(withdraw_url))
        assert Consent.objects.get(pk=consent.pk).withdrawn_at is None  # GET only asks

        world["client"].post(withdraw_url)

        assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None
        card = match_card(html_of(world["client"].get(f"/financing/requests/{loan.pk}/")), match.pk)
        assert "授权该银行查看企业信息" in card and "未授权" in card

    def test_decline_needs_a_reason(self, world):
        loan = post_loan(world)
        match = match_of(loan, world["pb"])
        url = f"/financing/requests/{loan.pk}/matches/{match.pk}/decline/"

        html = html_of(world["client"].post(url, {"decline_reason": "", "note": ""}))
        assert "请选择原因。" in field_block(html, "decline_reason")
        assert Match.objects.get(pk=match.pk).status == MatchStatus.SUGGESTED

        world["client"].post(url, {"decline_reason": "rate", "note": "利率偏高"})
        match.refresh_from_db()
        assert match.status == MatchStatus.DECLINED and match.decline_reason == "rate"
        card = match_card(html_of(world["client"].get(f"/financing/requests/{loan.pk}/")), match.pk)
        assert "您已标记为不感兴趣，原因：利率或费用不匹配（利率偏高）" in card and "有意向</button>" not in card

    def test_another_enterprise_gets_404_everywhere(self, world, client):
        loan = post_loan(world)
        match = match_of(loan, world["pa"])
        client.force_login(factories.enterprise())
        for url in (f"/financing/requests/{loan.pk}/", f"/financing/requests/{loan.pk}/edit/",
                    f"/financing/requests/{loan.pk}/withdraw/",
                    f"/financing/requests/{loan.pk}/matches/{match.pk}/decline/"):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/financing/requests/{loan.pk}/matches/{match.pk}/interest/").status_code == 404
        assert client.post(f"/financing/requests/{loan.pk}/matches/{match.pk}/consent/").status_code == 404
        assert Match.objects.get(pk=match.pk).status == MatchStatus.SUGGESTED
        assert not Consent.objects.exists()

    def test_pages_are_for_the_right_kind_of_member(self, world, client):
        assert client.get("/financing/requests/")["Location"].startswith("/login/")
        client.force_login(world["bank_a"])
        assert client.get("/financing/requests/").status_code == 404
        client.force_login(world["ent"])
        for url in ("/bank/queue/", "/bank/products/", "/bank/dashboard/", "/bank/requests/1/"):
            assert client.get(url).status_code == 404, url


# ------------------------------------------------------------------ bank: request page and answers


class TestBankRequestPage:
    def test_identity_only_after_consent_and_opening_marks_viewed(self, world, client):
        loan = post_loan(world)
        client.force_login(world["bank_a"])

        html = html_of(client.get(f"/bank/requests/{loan.pk}/"))

        assert "株洲齿轮配套有限公司" not in html and world["org"].uscc not in html and "0731-22880000" not in html
        assert "企业授权后可查看企业名称、信用代码与联系方式" in html
        assert "株洲市" in html and "300 万元" in html and "流动资金" in html
        assert match_of(loan, world["pa"]).status == MatchStatus.VIEWED
        assert not DataAccessLog.objects.exists()

        fin.consent_grant(actor=world["ent"], request_id=loan.pk, bank_id=world["pa"].bank_id)
        html = html_of(client.get(f"/bank/requests/{loan.pk}/"))

        assert "株洲齿轮配套有限公司" in html and world["org"].uscc in html and "0731-22880000" in html
        assert DataAccessLog.objects.filter(viewer=world["bank_a"], subject_org=world["org"]).count() == 1

    def test_a_lead_bank_without_a_match_sees_the_summary_only(self, world, client):
        loan = post_loan(world)
        lead = factories.bank()
        IndustrialChain.objects.filter(lead_bank=world["bank_a"].membership.organization).update(
            lead_bank=lead.membership.organization)
        client.force_login(lead)

        html = html_of(client.get(f"/bank/requests/{loan.pk}/"))

        assert "主办银行可查看此需求" in html and "300 万元" in html
        assert "株洲齿轮配套有限公司" not in html and "已联系企业" not in html

    def test_a_bank_without_a_match_gets_404(self, world, client):
        loan = post_loan(world)
        client.force_login(factories.bank())
        assert client.get(f"/bank/requests/{loan.pk}/").status_code == 404
        assert client.post(f"/bank/requests/{loan.pk}/contacted/").status_code == 404
        match = match_of(loan, world["pa"])
        assert client.post(f"/bank/requests/{loan.pk}/outcome/",
                           answer(match, amount_wan="1", rate="3", term="1")).status_code == 404

    def test_contacted_then_the_grant_funds_the_request(self, world, client):
        loan = post_loan(world)
        match = match_of(loan, world["pa"])
        match_transition(match_id=match.pk, actor=world["ent"], to=MatchStatus.INTERESTED)
        client.force_login(world["bank_a"])
        page = html_of(client.get(f"/bank/requests/{loan.pk}/"))
        assert "已联系企业" in page and "请在" in page

        assert client.post(f"/bank/requests/{loan.pk}/contacted/", {"match": match.pk}).status_code == 302
        assert Match.objects.get(pk=match.pk).status == MatchStatus.CONTACTED

        bad = client.post(f"/bank/requests/{loan.pk}/outcome/", answer(match, amount_wan="280", rate="40", term="12"))
        assert "年利率须在 0–36% 之间。" in field_block(html_of(bad), f"m{match.pk}-rate")
        assert Match.objects.get(pk=match.pk).status == MatchStatus.CONTACTED

        with world["commit"](execute=True):
            done = client.post(f"/bank/requests/{loan.pk}/outcome/",
                               answer(match, amount_wan="280", rate="3.65", term="12"))

        assert done.status_code == 302
        loan.refresh_from_db()
        assert loan.status == FinancingRequest.Status.FUNDED and loan.granted_amount == Decimal("2800000.00")
        assert match_of(loan, world["pb"]).status == MatchStatus.EXPIRED
        world["client"].force_login(world["ent"])
        html = html_of(world["client"].get(f"/financing/requests/{loan.pk}/"))
        funded = html[html.index('id="funded"'):html.index("</div>", html.index('id="funded"'))]
        assert "湖南链银行" in funded and "280 万元" in funded and "3.65%" in funded and "12 个月" in funded

    def test_bank_declines_with_a_reason(self, world, client):
        loan = post_loan(world)
        client.force_login(world["bank_b"])

        match = match_of(loan, world["pb"])
        html = html_of(client.post(f"/bank/requests/{loan.pk}/decline/", answer(match, decline_reason="")))
        assert "请选择原因。" in field_block(html, f"m{match.pk}-decline_reason")

        client.post(f"/bank/requests/{loan.pk}/decline/",
                    answer(match, decline_reason="capacity", note="本季度额度已满"))
        match.refresh_from_db()
        assert match.status == MatchStatus.DECLINED and match.decline_note == "本季度额度已满"
        assert Notification.objects.filter(user=world["ent"], kind="bank_declined").exists()
        world["client"].force_login(world["ent"])
        card = match_card(html_of(world["client"].get(f"/financing/requests/{loan.pk}/")), match.pk)
        assert "银行已婉拒，原因：暂无额度或产能（本季度额度已满）" in card

    def test_a_bank_sees_a_request_once_whatever_number_of_its_products_fit(self, world, client):
        second = factories.product(world["pa"].bank, name="链易贷二号", rate_min=Decimal("4.2"))
        loan = post_loan(world)
        top = match_of(loan, world["pa"])
        assert not Match.objects.filter(need_id=loan.pk, offer_id=second.pk).exists()
        assert top.breakdown["also"] == [second.pk]
        client.force_login(world["bank_a"])

        html = html_of(client.get(f"/bank/requests/{loan.pk}/"))
        assert html.count('id="match-') == 1 and f'id="match-{top.pk}"' in html

        match_transition(match_id=top.pk, actor=world["ent"], to=MatchStatus.INTERESTED)
        client.post(f"/bank/requests/{loan.pk}/contacted/", {"match": top.pk})
        assert Match.objects.get(pk=top.pk).status == MatchStatus.CONTACTED
        assert client.post(f"/bank/requests/{loan.pk}/contacted/", {"match": 999999}).status_code == 404

    def test_an_illegal_move_is_a_message_not_an_error(self, world, client):
        loan = post_loan(world)
        client.force_login(world["bank_a"])
        response = client.post(f"/bank/requests/{loan.pk}/contacted/", follow=True)
        assert response.status_code == 200
        assert "不能从“推荐”变为“已对接”" in html_of(response)


# ------------------------------------------------------------------ bank: queue, products, dashboard


def queue_world(count: int, bank_user=None):
    """``count`` 株洲 enterprises on one chain, each with a request matched to the bank's one product."""
    if bank_user is None:
        bank_user = factories.bank()
        factories.product(bank_user.membership.organization, name="普惠贷")
    segment = factories.first_segment()
    ids = []
    for _i in range(count):
        org = factories.enterprise().membership.organization
        org.enterprise_profile.chain_segments.add(segment)
        loan = factories.loan_request(org)
        rematch(loan.pk)
        ids.append(loan.pk)
    return bank_user, ids


class TestBankQueue:
    def test_rows_are_anonymized_with_score_status_and_consent(self, world, client):
        loan = post_loan(world)
        fin.consent_grant(actor=world["ent"], request_id=loan.pk, bank_id=world["pa"].bank_id)
        client.force_login(world["bank_a"])

        html = html_of(client.get("/bank/queue/"))

        assert f'href="/bank/requests/{loan.pk}/"' in html
        assert "株洲齿轮配套有限公司" not in html and world["org"].uscc not in html
        row = html[html.index("<tbody>"):html.index("</tbody>")]
        assert "株洲市" in row and "300 万元" in row and "推荐" in row and "已授权" in row and "主办银行" in row
        assert f"{match_of(loan, world['pa']).score:.0f}" in row

    def test_filters_by_city_and_overdue(self, world, client):
        zz = post_loan(world)
        cs_user = factories.enterprise(region=factories.region("430100"))
        cs = factories.loan_request(cs_user.membership.organization, amount=Decimal("1000000"))
        rematch(cs.pk)
        match = match_transition(match_id=match_of(zz, world["pa"]).pk, actor=world["ent"], to="interested")
        Match.objects.filter(pk=match.pk).update(due_at=timezone.now() - timedelta(hours=2))
        client.force_login(world["bank_a"])

        everything = html_of(client.get("/bank/queue/"))
        changsha = html_of(client.get("/bank/queue/", {"city": "430100"}))
        overdue = html_of(client.get("/bank/queue/", {"overdue": "on"}))
        big = html_of(client.get("/bank/queue/", {"amount_min_wan": "200"}))

        assert f"/bank/requests/{zz.pk}/" in everything and f"/bank/requests/{cs.pk}/" in everything
        assert f"/bank/requests/{cs.pk}/" in changsha and f"/bank/requests/{zz.pk}/" not in changsha
        assert f"/bank/requests/{zz.pk}/" in overdue and f"/bank/requests/{cs.pk}/" not in overdue
        assert "已超时" in overdue and "row-overdue" in overdue
        assert f"/bank/requests/{zz.pk}/" in big and f"/bank/requests/{cs.pk}/" not in big

    def test_bad_filters_are_reported_not_a_500(self, world, client):
        client.force_login(world["bank_a"])
        response = client.get("/bank/queue/", {"chain": "x", "amount_min_wan": "abc"})
        assert response.status_code == 200
        assert "<ul class=\"errorlist\"" in html_of(response)

    def test_empty_state(self, client):
        client.force_login(factories.bank())
        assert "队列暂时为空" in html_of(client.get("/bank/queue/"))

    def test_paginates_twenty_a_page_keeping_filters(self, client):
        bank_user, ids = queue_world(21)
        client.force_login(bank_user)
        first = html_of(client.get("/bank/queue/", {"ordering": "-created_at"}))
        assert first.count('href="/bank/requests/') == 20 and "共 21 条" in first
        assert "?ordering=-created_at&amp;page=2" in first
        second = html_of(client.get("/bank/queue/", {"ordering": "-created_at", "page": 2}))
        assert second.count('href="/bank/requests/') == 1 and f"/bank/requests/{ids[0]}/" in second


class TestBankProducts:
    def test_publish_in_wan_edit_and_take_off_the_shelf(self, client):
        bank_user = factories.bank()
        client.force_login(bank_user)
        chain = IndustrialChain.objects.order_by("id").first()
        data = {"name": "技改贷", "type": "mortgage", "amount_min_wan": "100", "amount_max_wan": "2000",
                "term_min": "12", "term_max": "60", "rate_min": "3.2", "rate_max": "5.5",
                "collateral": ["equipment", "real_estate"], "regions": ["430200", "430100"], "chains": [chain.pk],
                "min_specialized_level": "innovative", "min_credit_rating": "A", "min_years": "2",
                "min_revenue_wan": "500", "approval_days": "10", "active": "on"}

        assert client.post("/bank/products/new/", data).status_code == 302

        product = FinancingProduct.objects.get(bank=bank_user.membership.organization)
        assert (product.amount_min, product.amount_max) == (Decimal("1000000.00"), Decimal("20000000.00"))
        assert product.min_revenue == Decimal("5000000.00") and product.regions == ["430200", "430100"]
        assert product.chains == [chain.pk] and product.active
        listing = html_of(client.get("/bank/products/"))
        assert "技改贷" in listing and "100 万元 – 2000 万元" in listing
        form = html_of(client.get(f"/bank/products/{product.pk}/edit/"))
        assert 'value="2000"' in field_block(form, "amount_max_wan")

        assert "确认下架" in html_of(client.get(f"/bank/products/{product.pk}/delete/"))
        client.post(f"/bank/products/{product.pk}/delete/")
        product.refresh_from_db()
        assert not product.active

    def test_range_errors_land_on_the_fields_and_nothing_is_saved(self, client):
        client.force_login(factories.bank())
        data = {"name": "反向贷", "type": "credit", "amount_min_wan": "500", "amount_max_wan": "100",
                "term_min": "12", "term_max": "6", "rate_min": "3", "rate_max": "40",
                "min_specialized_level": "none", "min_years": "0", "approval_days": "7"}
        html = html_of(client.post("/bank/products/new/", data))
        assert "最高额度不能低于最低额度。" in field_block(html, "amount_max_wan")
        assert "最长期限不能短于最短期限。" in field_block(html, "term_max")
        assert "年利率须在 0–36% 之间。" in field_block(html, "rate_max")
        assert not FinancingProduct.objects.exists()

    def test_another_banks_product_is_404(self, world, client):
        client.force_login(world["bank_b"])
        assert client.get(f"/bank/products/{world['pa'].pk}/edit/").status_code == 404
        assert client.post(f"/bank/products/{world['pa'].pk}/delete/").status_code == 404
        assert FinancingProduct.objects.get(pk=world["pa"].pk).active


class TestBankDashboard:
    def test_counts_overdue_granted_and_led_chains(self, world, client):
        loan = post_loan(world)
        match = match_of(loan, world["pa"])
        match_transition(match_id=match.pk, actor=world["ent"], to="interested")
        match_transition(match_id=match.pk, actor=world["bank_a"], to="contacted")
        match_transition(match_id=match.pk, actor=world["bank_a"], to="succeeded",
                         outcome={"amount": "150000000", "rate": "3.5", "term": 12})
        client.force_login(world["bank_a"])

        html = html_of(client.get("/bank/dashboard/"))

        assert "1.5 亿元" in html and "主办产业链" in html
        chain = IndustrialChain.objects.get(lead_bank=world["bank_a"].membership.organization)
        assert chain.name in html and f"?chain={chain.pk}" in html


# ------------------------------------------------------------------ notifications


class TestNotifications:
    def test_list_badge_open_and_mark_all_read(self, world):
        loan = post_loan(world)
        client = world["client"]
        unread = Notification.objects.filter(user=world["ent"], read_at=None)
        assert unread.count() == 1

        dashboard = html_of(client.get("/dashboard/"))
        assert re.search(r'class="nav-badge"><span class="visually-hidden">未读：</span>1</span>', dashboard)
        page = html_of(client.get("/notifications/"))
        note = unread.get()
        assert "notification-unread" in page and note.title in page

        opened = client.get(f"/notifications/{note.pk}/")
        assert opened.status_code == 302 and opened["Location"] == f"/financing/requests/{loan.pk}/"
        assert not unread.exists()

        fin.consent_grant(actor=world["ent"], request_id=loan.pk, bank_id=world["pa"].bank_id)
        client.force_login(world["bank_a"])
        assert "nav-badge" in html_of(client.get("/notifications/"))
        client.post("/notifications/read-all/")
        assert not Notification.objects.filter(user=world["bank_a"], read_at=None).exists()
        assert "nav-badge" not in html_of(client.get("/notifications/"))

    def test_someone_elses_notification_is_404(self, world, client):
        post_loan(world)
        note = Notification.objects.filter(user=world["ent"]).first()
        client.force_login(world["bank_b"])
        assert client.get(f"/notifications/{note.pk}/").status_code == 404
        assert Notification.objects.get(pk=note.pk).read_at is None

    def test_notification_links_resolve_to_these_pages(self, world):
        post_loan(world)
        for link in set(Notification.objects.values_list("link", flat=True)):
            assert resolve(link).namespace == "financing", link
        assert resolve("/financing/requests/7/").url_name == "request_detail"
        assert resolve("/bank/requests/7/").url_name == "bank_request"


# ------------------------------------------------------------------ query counts


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


class TestQueryCounts:
    def test_queue_page_does_not_grow_with_rows(self, client):
        bank_user, _ids = queue_world(1)
        client.force_login(bank_user)
        one = count_queries(client, "/bank/queue/")
        queue_world(29, bank_user)
        assert Match.objects.filter(offer_org=bank_user.membership.organization).count() == 30
        assert count_queries(client, "/bank/queue/") == one

    def test_request_detail_does_not_grow_with_matches(self, world):
        world["client"].force_login(world["ent"])
        loan = factories.loan_request(world["org"])
        rematch(loan.pk)
        Match.objects.filter(need_id=loan.pk).exclude(offer_id=world["pa"].pk).delete()
        fin.consent_grant(actor=world["ent"], request_id=loan.pk, bank_id=world["pa"].bank_id)
        one = count_queries(world["client"], f"/financing/requests/{loan.pk}/")

        for i in range(29):
            factories.product(factories.bank().membership.organization, name=f"产品{i}")
        rematch(loan.pk, top_k=30)
        other = Match.objects.filter(need_id=loan.pk).exclude(offer_org=world["pa"].bank).first()
        fin.consent_grant(actor=world["ent"], request_id=loan.pk, bank_id=other.offer_org_id)

        assert Match.objects.filter(need_id=loan.pk, retired_at=None).count() == 30
        assert count_queries(world["client"], f"/financing/requests/{loan.pk}/") == one

    def test_bank_request_page_is_constant(self, world, client):
        loan = post_loan(world)
        fin.consent_grant(actor=world["ent"], request_id=loan.pk, bank_id=world["pa"].bank_id)
        client.force_login(world["bank_a"])
        client.get(f"/bank/requests/{loan.pk}/")  # first visit marks the match viewed
        assert count_queries(client, f"/bank/requests/{loan.pk}/") <= 20

    def test_notifications_page_does_not_grow_with_rows(self, world):
        loan = post_loan(world)
        one = count_queries(world["client"], "/notifications/")
        from matching.engine.notifications import notify

        notify(user_ids=[world["ent"].pk] * 1, kind="x", title="t", link=f"/financing/requests/{loan.pk}/")
        for _i in range(25):
            notify(user_ids=[world["ent"].pk], kind="x", title="t")
        assert count_queries(world["client"], "/notifications/") == one


# ------------------------------------------------------------------ English


class TestEnglish:
    def test_enterprise_and_bank_pages_in_english(self, world, client):
        world["client"].cookies["django_language"] = "en"
        loan = post_loan(world)
        html = html_of(world["client"].get(f"/financing/requests/{loan.pk}/"))
        assert 'lang="en"' in html
        for text in ("Loan requests", "Matched financing products (2)", "Lead bank", "Why it matches",
                     "Let this bank see our details", "¥3 million", "12 months"):
            assert text in html, text
        for chinese in ("匹配的金融产品", "授权该银行查看企业信息", "万元", "融资需求"):
            assert chinese not in html, chinese

        client.cookies["django_language"] = "en"
        client.force_login(world["bank_a"])
        queue = html_of(client.get("/bank/queue/"))
        assert "Request queue" in queue and "Best match first" in queue and "需求队列" not in queue
        page = html_of(client.get(f"/bank/requests/{loan.pk}/"))
        assert "Once the enterprise consents you can see its name, credit code and contact details" in page
