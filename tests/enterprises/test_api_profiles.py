"""Each role reaches only its own organization and profile; wrong kinds and other tenants get 404."""

from __future__ import annotations

import pytest

from enterprises.models import BankBranch, ChainSegment, EnterpriseProfile, Membership, Organization
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    return {
        "enterprise": factories.enterprise(),
        "bank": factories.bank(),
        "provider": factories.provider(),
        "talent": factories.talent(),
        "operator": factories.OperatorFactory(),
    }


ME_ENDPOINTS = {
    "/api/v1/enterprises/me/": "enterprise",
    "/api/v1/banks/me/": "bank",
    "/api/v1/providers/me/": "provider",
    "/api/v1/talents/me/": "talent",
}


@pytest.mark.parametrize("path", list(ME_ENDPOINTS))
@pytest.mark.parametrize("role", ["enterprise", "bank", "provider", "talent", "operator"])
def test_profile_endpoints_answer_only_their_own_kind(roles, as_user, path, role):
    response = as_user(roles[role]).get(path)
    if ME_ENDPOINTS[path] == role:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", [*ME_ENDPOINTS, "/api/v1/organizations/me/", "/api/v1/me/"])
def test_anonymous_gets_401(api, path):
    assert api.get(path).status_code == 401


def test_organization_me_is_the_callers_own(roles, as_user):
    other = factories.enterprise()
    body = as_user(other).get("/api/v1/organizations/me/").json()
    assert body["id"] == other.membership.organization_id
    assert body["id"] != roles["enterprise"].membership.organization_id


def test_member_can_edit_own_organization_and_a_rename_sends_it_back_to_review(as_user):
    user = factories.enterprise(role="member")
    response = as_user(user).patch("/api/v1/organizations/me/", {"name": "株洲新名称有限公司", "region": "430100"},
                                   format="json")
    assert response.status_code == 200
    assert response.json()["name"] == "株洲新名称有限公司"
    assert response.json()["region"] == "430100"
    assert response.json()["verification"] == "pending"


def test_uscc_cannot_be_changed(as_user, enterprise_user):
    org = enterprise_user.membership.organization
    as_user(enterprise_user).patch("/api/v1/organizations/me/", {"uscc": "91110000600037341L"}, format="json")
    org.refresh_from_db()
    assert org.uscc != "91110000600037341L"


class TestEnterpriseProfile:
    def test_size_class_is_computed_and_read_only(self, as_user, enterprise_user):
        client = as_user(enterprise_user)
        response = client.patch("/api/v1/enterprises/me/",
                                {"employees": 20, "annual_revenue": "3000000.00", "size_class": "large"},
                                format="json")
        assert response.status_code == 200
        assert response.json()["size_class"] == "small"
        assert response.json()["annual_revenue"] == "3000000.00"

        response = client.patch("/api/v1/enterprises/me/", {"annual_revenue": "2990000.00"}, format="json")
        assert response.json()["size_class"] == "micro"

    @pytest.mark.parametrize(("field", "value", "fragment"), [
        ("employees", -1, "不能为负数"),
        ("annual_revenue", "-5.00", "不能为负数"),
        ("industry", "99", "未知的行业代码"),
        ("chain_segments", [999999], "不存在的产业链环节"),
    ])
    def test_bad_values_are_refused_and_nothing_changes(self, as_user, enterprise_user, field, value, fragment):
        before = EnterpriseProfile.objects.get(organization=enterprise_user.membership.organization)
        response = as_user(enterprise_user).patch("/api/v1/enterprises/me/", {field: value, "products": "新产品"},
                                                  format="json")
        assert response.status_code == 400
        assert fragment in response.json()["error"]["fields"][field][0]
        after = EnterpriseProfile.objects.get(pk=before.pk)
        assert (after.employees, after.products) == (before.employees, before.products)

    def test_chain_segments_and_industry_are_saved(self, as_user, enterprise_user):
        segments = list(ChainSegment.objects.values_list("id", flat=True)[:2])
        response = as_user(enterprise_user).patch(
            "/api/v1/enterprises/me/",
            {"industry": "37", "chain_segments": segments, "certifications": ["ISO 9001", "EN 15085"],
             "specialized_level": "provincial"},
            format="json",
        )
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["industry"] == "37"
        assert sorted(body["chain_segments"]) == sorted(segments)
        assert body["certifications"] == ["EN 15085", "ISO 9001"]
        assert body["whitelist_batch"] is None


class TestBankBranches:
    def test_bank_adds_a_branch_covering_cities(self, as_user):
        user = factories.bank()
        response = as_user(user).post("/api/v1/banks/me/branches/",
                                      {"name": "株洲分行", "region": "430200", "coverage": ["430200", "430300"]},
                                      format="json")
        assert response.status_code == 201, response.json()
        assert sorted(response.json()["coverage"]) == ["430200", "430300"]
        listing = as_user(user).get("/api/v1/banks/me/branches/").json()
        assert listing["count"] == 1

    def test_another_bank_cannot_delete_my_branch(self, as_user):
        mine, theirs = factories.bank(), factories.bank()
        branch_id = as_user(mine).post("/api/v1/banks/me/branches/", {"name": "长沙分行", "region": "430100"},
                                       format="json").json()["id"]
        response = as_user(theirs).delete(f"/api/v1/banks/me/branches/{branch_id}/")
        assert response.status_code == 404
        assert BankBranch.objects.filter(pk=branch_id).exists()

    def test_unknown_coverage_region_is_refused(self, as_user):
        response = as_user(factories.bank()).post(
            "/api/v1/banks/me/branches/", {"name": "X", "region": "430100", "coverage": ["000000"]}, format="json")
        assert response.status_code == 400
        assert not BankBranch.objects.exists()


class TestTalentProfile:
    def test_talent_edits_skills_cities_and_visibility(self, as_user):
        user = factories.talent()
        response = as_user(user).patch(
            "/api/v1/talents/me/",
            {"skills": ["焊工", "机器人焊接", "焊工"], "cities": ["430100", "430200"], "visibility": "matchable",
             "expected_salary": "8000.00", "education": "vocational", "experience_years": 5},
            format="json",
        )
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["skills"] == ["焊工", "机器人焊接"]
        assert sorted(body["cities"]) == ["430100", "430200"]
        assert body["visibility"] == "matchable"

    @pytest.mark.parametrize(("payload", "field"), [
        ({"expected_salary": "-1.00"}, "expected_salary"),
        ({"experience_years": 61}, "experience_years"),
        ({"cities": ["123456"]}, "cities"),
    ])
    def test_bad_values_are_refused(self, as_user, payload, field):
        response = as_user(factories.talent()).patch("/api/v1/talents/me/", payload, format="json")
        assert response.status_code == 400
        assert field in response.json()["error"]["fields"]


class TestMembers:
    def test_owner_invites_and_the_invitee_joins_with_the_role(self, as_user, mailoutbox,
                                                               django_capture_on_commit_callbacks):
        owner = factories.enterprise()
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(owner).post("/api/v1/organizations/me/members/",
                                           {"email": "colleague@example.cn", "role": "member"}, format="json")
        assert response.status_code == 201
        assert mailoutbox and "colleague@example.cn" in mailoutbox[0].to
        from enterprises.models import Invitation
        from enterprises.services import invitation_accept

        token = Invitation.objects.get().token
        user = invitation_accept(token=token, username="colleague", password="Hunan-2026-secure")
        assert user.membership.organization == owner.membership.organization
        assert user.membership.role == "member"
        assert as_user(owner).get("/api/v1/organizations/me/members/").json()["count"] == 2

    def test_a_member_cannot_invite(self, as_user):
        org_member = factories.enterprise(role="member")
        response = as_user(org_member).post("/api/v1/organizations/me/members/", {"email": "x@example.cn"},
                                            format="json")
        assert response.status_code == 403

    def test_owner_removes_a_member_but_not_the_last_owner(self, as_user):
        owner = factories.enterprise()
        org = owner.membership.organization
        colleague = factories.member(org, role="member")
        client = as_user(owner)
        assert client.delete(f"/api/v1/organizations/me/members/{colleague.membership.pk}/").status_code == 204
        assert not Membership.objects.filter(user=colleague).exists()
        response = client.delete(f"/api/v1/organizations/me/members/{owner.membership.pk}/")
        assert response.status_code == 409
        assert "唯一的管理员" in response.json()["error"]["message"]

    def test_owner_cannot_remove_another_organizations_member(self, as_user):
        owner, stranger = factories.enterprise(), factories.enterprise()
        response = as_user(owner).delete(f"/api/v1/organizations/me/members/{stranger.membership.pk}/")
        assert response.status_code == 404
        assert Membership.objects.filter(pk=stranger.membership.pk).exists()


class TestVerification:
    def test_operator_approves_then_a_second_approve_is_409(self, as_user, operator):
        org = factories.enterprise(verification="pending").membership.organization
        client = as_user(operator)
        response = client.post(f"/api/v1/backoffice/organizations/{org.pk}/verify/", {"decision": "approve"},
                               format="json")
        assert response.status_code == 200
        assert response.json()["verification"] == "verified"
        again = client.post(f"/api/v1/backoffice/organizations/{org.pk}/verify/", {"decision": "approve"},
                            format="json")
        assert again.status_code == 409

    def test_reject_needs_a_reason_which_the_organization_then_sees(self, as_user, operator):
        owner = factories.enterprise(verification="pending")
        org = owner.membership.organization
        client = as_user(operator)
        response = client.post(f"/api/v1/backoffice/organizations/{org.pk}/verify/", {"decision": "reject"},
                               format="json")
        assert response.status_code == 400
        assert "原因" in response.json()["error"]["fields"]["reason"][0]
        org.refresh_from_db()
        assert org.verification == "pending"

        client.post(f"/api/v1/backoffice/organizations/{org.pk}/verify/",
                    {"decision": "reject", "reason": "营业执照照片不清晰"}, format="json")
        seen = as_user(owner).get("/api/v1/organizations/me/").json()
        assert seen["verification"] == "rejected"
        assert seen["rejection_reason"] == "营业执照照片不清晰"

    @pytest.mark.parametrize("role", ["enterprise", "bank", "talent"])
    def test_non_operators_cannot_verify_or_list(self, roles, as_user, role):
        org = factories.enterprise(verification="pending").membership.organization
        client = as_user(roles[role])
        assert client.post(f"/api/v1/backoffice/organizations/{org.pk}/verify/", {"decision": "approve"},
                           format="json").status_code == 403
        assert client.get("/api/v1/backoffice/organizations/").status_code == 403
        org.refresh_from_db()
        assert org.verification == Organization.Verification.PENDING

    def test_unknown_organization_is_404(self, as_user, operator):
        response = as_user(operator).post("/api/v1/backoffice/organizations/987654/verify/",
                                          {"decision": "approve"}, format="json")
        assert response.status_code == 404

    def test_queue_search_by_uscc_and_name(self, as_user, operator):
        target = factories.OrganizationFactory(verification="pending", name="衡阳变压器配件厂")
        factories.OrganizationFactory(verification="pending", name="岳阳石化助剂厂")
        client = as_user(operator)
        by_name = client.get("/api/v1/backoffice/organizations/", {"search": "变压器"}).json()
        assert [r["id"] for r in by_name["results"]] == [target.pk]
        by_uscc = client.get("/api/v1/backoffice/organizations/", {"search": target.uscc.lower()}).json()
        assert [r["id"] for r in by_uscc["results"]] == [target.pk]
