"""Policies end to end through the services and the API: publishing notifies qualifying firms
once, profile changes re-evaluate, confirming interest, the eligible list, operators only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enterprises.services.profiles import enterprise_profile_update
from matching.models import Notification, Policy, PolicyEligibility
from matching.policies import services as svc
from tests import factories

pytestmark = pytest.mark.django_db
TITLE = "长沙市规上工业企业技术改造奖补"


@pytest.fixture
def publish(operator, django_capture_on_commit_callbacks):
    """``publish(rules, **fields)`` → a published policy, its notification task run."""

    def make(rules: dict, **fields) -> Policy:
        data = {"title": TITLE, "issuer": "长沙市工业和信息化局", "summary": "支持企业技术改造",
                "benefit": "按设备投资额给予奖补", "rules": rules, **fields}
        policy = svc.policy_create(actor=operator, data=data)
        with django_capture_on_commit_callbacks(execute=True):
            svc.policy_publish(actor=operator, policy_id=policy.pk)
        return policy

    return make


def policy_notices(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind="policy"))


def owner_in(adcode: str = "430102", revenue: str = "30000000"):
    return factories.enterprise(region=factories.region(adcode), revenue=Decimal(revenue))


class TestNotifications:
    def test_publishing_tells_each_qualifying_firm_once_with_a_link(self, publish, operator,
                                                                   django_capture_on_commit_callbacks):
        inside, outside = owner_in("430102"), owner_in("430204")
        colleague = factories.member(inside.membership.organization, role="member")
        policy = publish({"regions": ["430100"], "revenue_min": 2000})
        [notice] = policy_notices(inside)
        assert notice.title == f"您可能符合《{TITLE}》申报条件，确认后即可申报"
        assert notice.link == f"/policies/{policy.pk}/"
        assert len(policy_notices(colleague)) == 1 and policy_notices(outside) == []
        with django_capture_on_commit_callbacks(execute=True):
            svc.policy_withdraw(actor=operator, policy_id=policy.pk)
            svc.policy_publish(actor=operator, policy_id=policy.pk)
        assert len(policy_notices(inside)) == 1

    def test_profile_changes_notify_new_qualifications_once_even_after_flipping(
            self, publish, django_capture_on_commit_callbacks):
        user = owner_in("430102", revenue="15000000")
        policy = publish({"revenue_min": 2000})
        assert policy_notices(user) == []
        profile = user.membership.organization.enterprise_profile
        for revenue in ("25000000", "26000000", "10000000", "25000000"):  # in, saved again, out, back in
            with django_capture_on_commit_callbacks(execute=True):
                enterprise_profile_update(profile=profile, data={"annual_revenue": Decimal(revenue)})
        assert len(policy_notices(user)) == 1
        assert PolicyEligibility.objects.get(policy=policy).notified_at is not None

    def test_a_rules_change_of_a_published_policy_reaches_newly_qualifying_firms(
            self, publish, operator, django_capture_on_commit_callbacks):
        small = owner_in(revenue="15000000")
        policy = publish({"revenue_min": 2000})
        with django_capture_on_commit_callbacks(execute=True):
            svc.policy_update(actor=operator, policy_id=policy.pk, data={"rules": {"revenue_min": 1000}})
        assert len(policy_notices(small)) == 1

    def test_white_listing_re_evaluates_firms(self, publish, operator, django_capture_on_commit_callbacks):
        from backoffice.services.whitelist_batches import batch_publish
        from enterprises.models import WhitelistBatch, WhitelistEntry

        user = owner_in()
        publish({"whitelist": True})
        org = user.membership.organization
        batch = WhitelistBatch.objects.create(number=5, title="第五批")
        WhitelistEntry.objects.create(batch=batch, organization=org, uscc=org.uscc, name=org.name)
        with django_capture_on_commit_callbacks(execute=True):
            batch_publish(batch_id=batch.pk, actor=operator)
        assert len(policy_notices(user)) == 1

    def test_outside_the_validity_window_nobody_is_told(self, publish):
        user = owner_in()
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        publish({}, valid_from=yesterday - dt.timedelta(days=30), valid_until=yesterday)
        publish({}, valid_from=timezone.localdate() + dt.timedelta(days=1))
        assert policy_notices(user) == []


class TestConfirm:
    def test_an_eligible_firm_confirms_once(self, publish, as_user):
        user = owner_in()
        policy = publish({"revenue_min": 2000})
        client = as_user(user)
        first = client.post(f"/api/v1/policies/{policy.pk}/confirm/")
        assert first.status_code == 200, first.content
        again = client.post(f"/api/v1/policies/{policy.pk}/confirm/")
        assert again.json()["confirmed_at"] == first.json()["confirmed_at"]
        assert PolicyEligibility.objects.filter(policy=policy, confirmed_by=user).count() == 1

    def test_a_firm_that_does_not_qualify_is_told_what_it_misses(self, publish, as_user):
        user = owner_in(revenue="15000000")
        policy = publish({"revenue_min": 2000})
        response = as_user(user).post(f"/api/v1/policies/{policy.pk}/confirm/")
        assert response.status_code == 409
        assert response.json()["error"]["message"] == "贵企业当前不符合申报条件：年营收需 ≥ 2000 万元, 当前 1500 万元"
        assert not PolicyEligibility.objects.filter(policy=policy, confirmed_at__isnull=False).exists()

    def test_closed_drafts_and_non_enterprises(self, publish, operator, as_user):
        user = owner_in()
        expired = publish({}, valid_until=timezone.localdate() - dt.timedelta(days=1))
        assert as_user(user).post(f"/api/v1/policies/{expired.pk}/confirm/").json()["error"]["message"] == \
            "该政策不在申报期内，不能确认申报。"
        draft = svc.policy_create(actor=operator, data={"title": "草稿", "issuer": "x", "summary": "x",
                                                        "benefit": "x"})
        assert as_user(user).post(f"/api/v1/policies/{draft.pk}/confirm/").status_code == 404
        assert as_user(factories.bank()).post(f"/api/v1/policies/{expired.pk}/confirm/").status_code == 404


class TestEligibleAPI:
    def test_eligible_first_then_near_misses_with_what_is_missing(self, publish, as_user):
        user = owner_in("430102", revenue="15000000")
        publish({"regions": ["430100"]}, title="长沙政策")
        publish({"revenue_min": 2000}, title="营收政策")
        publish({"revenue_min": 2000, "high_tech": True}, title="两项差距")
        publish({"revenue_min": 2000, "high_tech": True, "single_champion": True}, title="三项差距")
        data = as_user(user).get("/api/v1/policies/eligible/").json()
        assert [(d["policy"]["title"], d["eligible"]) for d in data] == [
            ("长沙政策", True), ("营收政策", False), ("两项差距", False)]
        assert data[0]["met"] == ["位于湖南省长沙市芙蓉区, 满足 申报地区: 长沙市"] and data[0]["missing"] == []
        assert data[1]["missing"] == ["年营收需 ≥ 2000 万元, 当前 1500 万元"]
        assert data[0]["policy"]["rule_lines"] == ["申报地区: 长沙市"]

    def test_only_enterprise_members(self, as_user, api):
        assert as_user(factories.bank()).get("/api/v1/policies/eligible/").status_code == 404
        assert api.get("/api/v1/policies/eligible/").status_code == 401

    def test_query_count_does_not_grow_with_policies(self, publish, as_user):
        client = as_user(owner_in())
        publish({"regions": ["430100"], "revenue_min": 1})

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/api/v1/policies/eligible/").status_code == 200
            return len(ctx.captured_queries)

        count()  # warms the per-process cache of reference names
        one = count()
        for i in range(49):
            publish({"chains": ["rail-transit"], "industries": ["34"], "regions": ["430000"]} if i % 2 else
                    {"revenue_min": 1}, title=f"政策{i}")
        assert count() == one


class TestBackofficeAPI:
    def test_operators_create_with_rules_publish_and_see_confirmations(self, operator, as_user):
        client = as_user(operator)
        created = client.post("/api/v1/backoffice/policies/", {
            "title": "技改补贴", "issuer": "湖南省工业和信息化厅", "summary": "技术改造", "benefit": "补贴",
            "rules": {"regions": ["430100"], "revenue_min": 2000}}, format="json")
        assert created.status_code == 201, created.content
        pk = created.json()["id"]
        assert created.json()["rules"] == {"regions": ["430100"], "revenue_min": 2000}
        bad = client.patch(f"/api/v1/backoffice/policies/{pk}/", {"rules": {"revenue_min": 5, "revenue_max": 1}},
                           format="json")
        assert bad.status_code == 400 and bad.json()["error"]["fields"]["rules"] == ["年营收下限不能大于上限。"]
        user = owner_in()
        assert client.post(f"/api/v1/backoffice/policies/{pk}/publish/").json()["status"] == "published"
        assert client.post(f"/api/v1/backoffice/policies/{pk}/publish/").status_code == 409
        as_user(user).post(f"/api/v1/policies/{pk}/confirm/")
        rows = client.get(f"/api/v1/backoffice/policies/{pk}/confirmations/").json()["results"]
        assert [r["organization_name"] for r in rows] == [user.membership.organization.name]
        assert client.post(f"/api/v1/backoffice/policies/{pk}/withdraw/").json()["status"] == "withdrawn"
        assert as_user(user).get(f"/api/v1/policies/{pk}/").status_code == 404

    def test_others_are_refused(self, as_user, enterprise_user, api):
        assert as_user(enterprise_user).post("/api/v1/backoffice/policies/", {}, format="json").status_code == 403
        assert api.get("/api/v1/backoffice/policies/").status_code == 401


def test_a_policy_whose_window_opens_later_is_announced_by_the_daily_run(publish):
    from matching.policies.tasks import policies_notify_open

    user = owner_in()
    policy = publish({}, valid_from=timezone.localdate() + dt.timedelta(days=1))
    assert policy_notices(user) == []
    Policy.objects.filter(pk=policy.pk).update(valid_from=timezone.localdate())  # the day has come
    assert policies_notify_open() == 1 and policies_notify_open() == 0
    assert len(policy_notices(user)) == 1


def test_keyword_search_goes_through_the_gin_index(publish):
    from matching.policies.selectors import policies_public

    publish({}, title='专精特新"小巨人"企业奖补')
    Policy.objects.bulk_create(Policy(title=f"第{i}号扶持政策", issuer="某局", summary=f"摘要{i}", benefit="奖励",
                                      status="published", published_at=timezone.now()) for i in range(400))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE matching_policy")
    plan = policies_public(q="小巨人 专精特新").explain()
    assert "policy_search" in plan and "~~" not in plan  # the GIN index, and no LIKE
    assert [p.title for p in policies_public(q="小巨人")] == ['专精特新"小巨人"企业奖补']
