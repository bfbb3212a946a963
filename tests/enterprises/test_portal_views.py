"""The server-rendered portal: Chinese first, English complete, thin views over the services."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import (
    BankBranch,
    ChainSegment,
    EnterpriseProfile,
    Invitation,
    Membership,
    Organization,
    TalentProfile,
    User,
)
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Hunan-2026-secure"


def text_of(response) -> str:
    return response.content.decode()


def field_block(html: str, name: str) -> str:
    """The HTML of the field wrapper ``<div ... id="field-NAME">`` (up to the next field)."""
    match = re.search(rf'id="field-{name}">(.*?)(?=<div class="field|</fieldset>|</form>)', html, re.S)
    assert match, f"field {name} not rendered"
    return match.group(1)


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Organization.objects.count(), Membership.objects.count()


def registration(**overrides) -> dict:
    data = {
        "kind": "enterprise",
        "name": "株洲精密液压件有限公司",
        "uscc": factories.make_uscc(),
        "region": "430200",
        "address": "株洲市天元区黄河南路 1 号",
        "username": "zz_hydraulic",
        "email": "boss@zzhy.cn",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def pending_org(name: str = "待审核企业", kind: str = Organization.Kind.ENTERPRISE) -> Organization:
    org = factories.OrganizationFactory(name=name, kind=kind, verification=Organization.Verification.PENDING)
    factories.member(org)
    return org


def english(client) -> None:
    client.cookies["django_language"] = "en"


# ------------------------------------------------------------------ home and language


class TestHome:
    def test_chinese_by_default_with_live_counts(self, client):
        factories.enterprise()
        factories.enterprise()
        pending_org()  # not counted: only verified parties are

        response = client.get("/")

        assert response.status_code == 200
        html = text_of(response)
        assert 'lang="zh-Hans"' in html
        assert "找资金、找人才、找配套、找服务、找政策" in html
        assert re.search(r"<dt>已认证企业</dt><dd>2</dd>", html)
        assert "工程机械" in html  # the chains from the reference data
        assert 'name="viewport"' in html
        assert "<script" not in html

    def test_english_with_the_language_cookie(self, client):
        factories.enterprise()
        english(client)

        html = text_of(client.get("/"))

        assert 'lang="en"' in html
        assert "Verified enterprises" in html
        assert re.search(r"<dt>Verified enterprises</dt><dd>1</dd>", html)
        assert "已认证企业" not in html

    def test_english_with_accept_language(self, client):
        html = text_of(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
        assert "Sign up" in html
        assert "Verified enterprises" in html

    def test_language_switch_post_sets_english(self, client):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})

        assert response.status_code == 302
        assert response["Location"] == "/dashboard/"
        assert client.cookies["django_language"].value == "en"
        assert "Verified enterprises" in text_of(client.get("/"))

    def test_404_page_is_translated(self, client):
        assert "页面不存在" in text_of(client.get("/no-such-page/"))
        english(client)
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "Page not found" in text_of(response)


# ------------------------------------------------------------------ registration and sign-in


class TestRegister:
    def test_bad_uscc_shows_the_chinese_error_next_to_the_field_and_writes_nothing(self, client):
        before = counts()

        response = client.post("/register/", registration(uscc="91430200MA4L1234X0"))

        assert response.status_code == 200
        block = field_block(text_of(response), "uscc")
        assert "统一社会信用代码校验位错误" in block
        assert 'aria-invalid="true"' in block
        assert counts() == before
        assert "_auth_user_id" not in client.session

    def test_weak_password_and_mismatch_land_on_the_password_fields(self, client):
        response = client.post("/register/", registration(password1="12345678", password2="12345679"))
        html = text_of(response)
        assert "两次输入的密码不一致" in field_block(html, "password2")
        assert not User.objects.exists()

    def test_organization_fields_are_required_for_organizations(self, client):
        html = text_of(client.post("/register/", registration(name="", uscc="", region="")))
        assert "请填写单位名称" in field_block(html, "name")
        assert "请填写统一社会信用代码" in field_block(html, "uscc")
        assert "请选择所在地区" in field_block(html, "region")

    def test_region_select_groups_cities_by_province_hunan_first(self, client):
        html = text_of(client.get("/register/"))
        groups = re.findall(r'<optgroup label="([^"]+)">', html)
        assert groups[0] == "湖南省"
        assert "广东省" in groups
        assert '<option value="430200">株洲市</option>' in html

    def test_success_logs_in_and_shows_the_pending_banner(self, client):
        response = client.post("/register/", registration(), follow=True)

        assert response.redirect_chain[-1][0] == "/dashboard/"
        html = text_of(response)
        assert "注册成功，等待平台审核" in html
        assert "等待审核" in html
        org = Organization.objects.get()
        assert org.verification == Organization.Verification.PENDING
        assert org.memberships.get().user.username == "zz_hydraulic"
        assert int(client.session["_auth_user_id"]) == User.objects.get().pk

    def test_talent_registers_without_organization(self, client):
        response = client.post(
            "/register/", registration(kind="talent", name="", uscc="", region="", username="li_welder"), follow=True
        )
        html = text_of(response)
        assert "个人档案完整度" in html
        assert not Organization.objects.exists()
        assert TalentProfile.objects.filter(user__username="li_welder").exists()


class TestLogin:
    def test_login_and_logout(self, client):
        user = factories.enterprise()
        response = client.post("/login/", {"username": user.username, "password": factories.PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == "/dashboard/"

        assert client.get("/logout/").status_code == 405  # sign-out is a POST form
        response = client.post("/logout/", follow=True)
        assert response.redirect_chain[-1][0] == "/"
        assert "您已安全退出" in text_of(response)
        assert "_auth_user_id" not in client.session

    def test_wrong_password_is_refused(self, client):
        user = factories.enterprise()
        response = client.post("/login/", {"username": user.username, "password": "nope-nope"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    def test_dashboard_requires_login(self, client):
        response = client.get("/dashboard/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=/dashboard/")


# ------------------------------------------------------------------ dashboard and profiles


class TestDashboard:
    def test_rejected_organization_sees_the_reason_and_a_link_to_edit(self, client):
        org = factories.OrganizationFactory(
            verification=Organization.Verification.REJECTED, rejection_reason="营业执照名称与填写不一致"
        )
        client.force_login(factories.member(org))

        html = text_of(client.get("/dashboard/"))

        assert "认证未通过" in html
        assert "营业执照名称与填写不一致" in html
        assert 'href="/profile/organization/"' in html

    def test_operator_sees_the_queue_link_and_admin(self, client, operator):
        pending_org()
        client.force_login(operator)
        html = text_of(client.get("/dashboard/"))
        assert 'href="/backoffice/verification/"' in html
        assert 'href="/admin/"' in html
        assert "1 家单位待审核" in html


class TestEnterpriseProfile:
    def test_update_computes_and_shows_the_size_class(self, client):
        user = factories.enterprise(employees=None, revenue=None)
        segments = list(ChainSegment.objects.filter(chain__slug="construction-machinery")[:2])
        client.force_login(user)

        response = client.post("/profile/enterprise/", {
            "industry": "34", "employees": "25", "revenue_wan": "300", "specialized_level": "provincial",
            "high_tech": "on", "credit_rating": "AA", "certifications": ["ISO 9001", "IATF 16949"],
            "chain_segments": [s.pk for s in segments], "products": "液压油缸", "founded_year": "2012",
        }, follow=True)

        profile = EnterpriseProfile.objects.get(organization__memberships__user=user)
        assert profile.size_class == "small"
        assert profile.annual_revenue == Decimal("3000000.00")
        assert profile.employees == 25
        assert profile.industry_id == "34"
        assert profile.high_tech is True
        assert profile.certifications == ["IATF 16949", "ISO 9001"]
        assert set(profile.chain_segments.all()) == set(segments)
        html = text_of(response)
        assert "企业规模（系统按工信部联企业〔2011〕300号自动计算）" in html
        assert re.search(r'class="size-value">小型<', html)
        assert 'value="300"' in html  # revenue shown back in 万元

    def test_invalid_input_shows_errors_and_changes_nothing(self, client):
        user = factories.enterprise(employees=120)
        client.force_login(user)
        response = client.post("/profile/enterprise/", {
            "employees": "-3", "revenue_wan": "abc", "specialized_level": "national", "founded_year": "1800",
        })
        html = text_of(response)
        assert "确保该值大于或等于0" in field_block(html, "employees")
        assert "errorlist" in field_block(html, "revenue_wan")
        assert "errorlist" in field_block(html, "founded_year")
        assert EnterpriseProfile.objects.get(organization__memberships__user=user).employees == 120

    def test_a_bank_user_gets_404(self, client):
        client.force_login(factories.bank())
        response = client.get("/profile/enterprise/")
        assert response.status_code == 404
        assert "页面不存在" in text_of(response)

    def test_a_talent_gets_404_on_organization_pages(self, client):
        client.force_login(factories.talent())
        assert client.get("/profile/organization/").status_code == 404
        assert client.get("/profile/bank/").status_code == 404
        assert client.get("/organization/members/").status_code == 404


class TestOrganizationEdit:
    def test_update_contacts_and_region(self, client):
        user = factories.enterprise()
        client.force_login(user)
        org = user.membership.organization
        response = client.post("/profile/organization/", {
            "name": org.name, "region": "430100", "address": "长沙市岳麓区", "contact_name": "王经理",
            "contact_phone": "0731-88888888", "contact_email": "wang@example.cn",
        })
        assert response.status_code == 302
        org.refresh_from_db()
        assert (org.region_id, org.contact_name) == ("430100", "王经理")
        assert org.is_verified

    def test_renaming_a_verified_organization_sends_it_back_to_review(self, client):
        user = factories.enterprise()
        client.force_login(user)
        org = user.membership.organization
        response = client.post(
            "/profile/organization/", {"name": "新名称有限公司", "region": org.region_id}, follow=True
        )
        assert "需重新等待平台审核" in text_of(response)
        org.refresh_from_db()
        assert org.verification == Organization.Verification.PENDING


class TestBankProfile:
    def test_branch_add_edit_and_delete_after_confirmation(self, client):
        user = factories.bank()
        client.force_login(user)

        response = client.post("/profile/bank/", {"short_name": "长沙银行", "description": "服务湖南中小企业"})
        assert response.status_code == 302
        response = client.post("/profile/bank/branches/new/", {
            "name": "株洲分行", "region": "430200", "address": "株洲市芦淞区", "coverage": ["430200", "430211"],
        })
        assert response.status_code == 302
        branch = BankBranch.objects.get()
        assert sorted(branch.coverage.values_list("pk", flat=True)) == ["430200", "430211"]
        assert "株洲分行" in text_of(client.get("/profile/bank/"))

        confirm = client.get(f"/profile/bank/branches/{branch.pk}/delete/")
        assert "确定要删除网点" in text_of(confirm)
        assert BankBranch.objects.exists()
        client.post(f"/profile/bank/branches/{branch.pk}/delete/")
        assert not BankBranch.objects.exists()

    def test_another_banks_branch_is_404(self, client):
        other = factories.bank()
        client.force_login(other)
        client.post("/profile/bank/branches/new/", {"name": "网点", "region": "430100"})
        branch = BankBranch.objects.get()
        client.force_login(factories.bank())
        assert client.get(f"/profile/bank/branches/{branch.pk}/").status_code == 404
        assert client.post(f"/profile/bank/branches/{branch.pk}/delete/").status_code == 404
        assert BankBranch.objects.exists()


class TestTalentProfile:
    def test_skills_are_split_and_cities_saved(self, client):
        user = factories.talent()
        client.force_login(user)
        response = client.post("/profile/talent/", {
            "full_name": "李焊工", "skills": "焊接, 数控编程、PLC，焊接", "education": "vocational",
            "experience_years": "6", "cities": ["430100", "430200"], "expected_salary": "8000",
            "resume": "十年焊接经验", "visibility": "matchable",
        })
        assert response.status_code == 302
        profile = TalentProfile.objects.get(user=user)
        assert profile.skills == ["焊接", "数控编程", "PLC"]
        assert sorted(profile.cities.values_list("pk", flat=True)) == ["430100", "430200"]
        assert "焊接、数控编程、PLC" in text_of(client.get("/profile/talent/"))
        assert "100%" in text_of(client.get("/dashboard/"))


# ------------------------------------------------------------------ members and invitations


class TestMembers:
    def test_owner_invites_and_the_colleague_accepts_and_is_logged_in(self, client):
        owner = factories.enterprise()
        client.force_login(owner)
        response = client.post("/organization/members/", {"email": "li@example.cn", "role": "member"}, follow=True)
        assert "已向 li@example.cn 发送邀请" in text_of(response)
        invitation = Invitation.objects.get()
        assert f"/invitations/{invitation.token}/" in text_of(response)

        client.logout()
        page = client.get(f"/invitations/{invitation.token}/")
        assert owner.membership.organization.name in text_of(page)
        response = client.post(
            f"/invitations/{invitation.token}/",
            {"username": "li_colleague", "password1": PASSWORD, "password2": PASSWORD},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == "/dashboard/"
        newcomer = User.objects.get(username="li_colleague")
        assert newcomer.membership.organization == owner.membership.organization
        assert int(client.session["_auth_user_id"]) == newcomer.pk

    def test_invalid_invitation_token(self, client):
        response = client.get("/invitations/not-a-token/")
        assert response.status_code == 404
        assert "邀请链接无效或已过期" in text_of(response)

    def test_owner_removes_a_member_after_confirmation(self, client):
        owner = factories.enterprise()
        org = owner.membership.organization
        colleague = factories.member(org, role=Membership.Role.MEMBER)
        client.force_login(owner)

        confirm = client.get(f"/organization/members/{colleague.membership.pk}/remove/")
        assert "确定要将" in text_of(confirm)
        client.post(f"/organization/members/{colleague.membership.pk}/remove/")

        assert not Membership.objects.filter(user=colleague).exists()
        colleague.refresh_from_db()
        assert colleague.is_active is False

    def test_a_plain_member_cannot_invite_or_remove(self, client):
        owner = factories.enterprise()
        member = factories.member(owner.membership.organization, role=Membership.Role.MEMBER)
        client.force_login(member)
        html = text_of(client.get("/organization/members/"))
        assert "邀请同事" not in html
        response = client.post("/organization/members/", {"email": "x@example.cn", "role": "member"}, follow=True)
        assert "只有本单位管理员可以管理成员" in text_of(response)
        assert not Invitation.objects.exists()
        assert client.get(f"/organization/members/{owner.membership.pk}/remove/").status_code == 403


# ------------------------------------------------------------------ back-office


class TestVerificationQueue:
    def test_non_operators_get_404(self, client):
        assert client.get("/backoffice/verification/").status_code == 404
        client.force_login(factories.enterprise())
        assert client.get("/backoffice/verification/").status_code == 404
        org = pending_org()
        assert client.post(f"/backoffice/verification/{org.pk}/", {"decision": "approve"}).status_code == 404
        org.refresh_from_db()
        assert org.verification == Organization.Verification.PENDING

    def test_lists_pending_rows_with_tabs_search_and_empty_state(self, client, operator):
        pending_org("长沙智能装备有限公司")
        pending_org("湘潭电机配套有限公司")
        factories.enterprise(name="已认证企业甲")
        client.force_login(operator)

        html = text_of(client.get("/backoffice/verification/"))
        assert "长沙智能装备有限公司" in html and "湘潭电机配套有限公司" in html
        assert "已认证企业甲" not in html
        assert "株洲市" in html  # region column

        html = text_of(client.get("/backoffice/verification/", {"q": "湘潭"}))
        assert "湘潭电机配套有限公司" in html and "长沙智能装备有限公司" not in html

        html = text_of(client.get("/backoffice/verification/", {"status": "rejected"}))
        assert "没有未通过的单位" in html

    def test_operator_approves(self, client, operator):
        org = pending_org()
        client.force_login(operator)

        response = client.post(
            f"/backoffice/verification/{org.pk}/",
            {"decision": "approve", "next": "/backoffice/verification/"},
            follow=True,
        )

        assert response.redirect_chain[-1][0] == "/backoffice/verification/"
        assert "已通过" in text_of(response)
        org.refresh_from_db()
        assert org.verification == Organization.Verification.VERIFIED
        assert org.verified_by == operator

    def test_approving_twice_is_a_conflict_message(self, client, operator):
        org = factories.OrganizationFactory()  # verified already
        client.force_login(operator)
        response = client.post(f"/backoffice/verification/{org.pk}/", {"decision": "approve"}, follow=True)
        assert "该单位已是“已认证”状态" in text_of(response)

    def test_reject_needs_a_reason(self, client, operator):
        org = pending_org()
        client.force_login(operator)

        response = client.post(f"/backoffice/verification/{org.pk}/", {"decision": "reject", "reason": "  "})

        assert response.status_code == 200
        assert "驳回时必须填写原因" in field_block(text_of(response), "reason")
        org.refresh_from_db()
        assert org.verification == Organization.Verification.PENDING
        assert org.rejection_reason == ""

    def test_operator_rejects_with_a_reason(self, client, operator):
        org = pending_org()
        client.force_login(operator)
        response = client.post(
            f"/backoffice/verification/{org.pk}/", {"decision": "reject", "reason": "营业执照照片不清晰"}
        )
        assert response.status_code == 302
        org.refresh_from_db()
        assert org.verification == Organization.Verification.REJECTED
        assert org.rejection_reason == "营业执照照片不清晰"

    def test_bulk_approve_selected(self, client, operator):
        a, b, c = pending_org("甲"), pending_org("乙"), pending_org("丙")
        client.force_login(operator)

        response = client.post("/backoffice/verification/bulk/", {"ids": [a.pk, b.pk]}, follow=True)

        assert "已批量通过 2 家单位的认证" in text_of(response)
        states = dict(Organization.objects.values_list("pk", "verification"))
        assert states == {a.pk: "verified", b.pk: "verified", c.pk: "pending"}

    def test_paginates_twenty_per_page(self, client, operator):
        for i in range(23):
            pending_org(f"分页测试企业{i:02d}")
        client.force_login(operator)
        first = text_of(client.get("/backoffice/verification/"))
        second = text_of(client.get("/backoffice/verification/", {"page": 2}))
        assert first.count('name="ids"') == 20
        assert second.count('name="ids"') == 3
        assert "第 2 / 2 页" in second

    def test_number_of_queries_does_not_grow_with_rows(self, client, operator):
        client.force_login(operator)

        def queries_for_page() -> int:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get("/backoffice/verification/")
            assert response.status_code == 200
            return len(ctx.captured_queries)

        pending_org("一家")
        one = queries_for_page()
        for i in range(29):
            pending_org(f"第{i}家", kind=[Organization.Kind.BANK, Organization.Kind.PROVIDER][i % 2])
        thirty = queries_for_page()
        assert Organization.objects.filter(verification="pending").count() == 30
        assert one == thirty


class TestQueryCounts:
    """List pages answer in a fixed number of queries, however many rows they show."""

    @staticmethod
    def queries(client, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def test_members_page(self, client):
        owner = factories.enterprise()
        org = owner.membership.organization
        client.force_login(owner)
        client.post("/organization/members/", {"email": "a@example.cn", "role": "member"})
        few = self.queries(client, "/organization/members/")
        for i in range(10):
            factories.member(org, role=Membership.Role.MEMBER)
            client.post("/organization/members/", {"email": f"m{i}@example.cn", "role": "member"})
        assert self.queries(client, "/organization/members/") == few

    def test_bank_branches(self, client):
        client.force_login(factories.bank())
        client.post("/profile/bank/branches/new/", {"name": "网点0", "region": "430100", "coverage": ["430100"]})
        few = self.queries(client, "/profile/bank/")
        for i in range(1, 10):
            client.post("/profile/bank/branches/new/", {
                "name": f"网点{i}", "region": "430200", "coverage": ["430200", "430211", "430100"],
            })
        assert BankBranch.objects.count() == 10
        assert self.queries(client, "/profile/bank/") == few

    def test_home_page(self, client):
        factories.enterprise()
        few = self.queries(client, "/")
        for _ in range(5):
            factories.enterprise()
        cache.clear()  # the figures and the chains are cached for a minute: count the uncached page again
        assert self.queries(client, "/") == few
