"""The demo policies: ten published Hunan policies; the demo enterprise qualifies for some and
nearly misses others; seeding twice changes nothing and notifies nobody twice."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from enterprises.models import User
from matching.models import Notification, Policy
from matching.policies.selectors import eligible_for_viewer

pytestmark = pytest.mark.django_db


def test_demo_policies_published_with_the_demo_enterprise_qualifying_and_nearly_missing(
        django_capture_on_commit_callbacks):
    call_command("seed_demo", "--scale", "120", "--talents", "2", "--pending", "1")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_policies")
    assert Policy.objects.filter(status="published").count() == 10
    assert all(p.rules for p in Policy.objects.all())
    demo = User.objects.get(username="demo_enterprise")
    items = eligible_for_viewer(viewer=demo)
    eligible = {i["policy"].title for i in items if i["eligible"]}
    near = {i["policy"].title: i["missing"] for i in items if not i["eligible"]}
    assert {'省级专精特新"小巨人"企业培育支持', "高新技术企业认定奖励", "产融合作白名单企业贷款贴息"} <= eligible
    assert near['国家级专精特新重点"小巨人"企业奖补'] == [
        '需为国家级专精特新"小巨人"及以上, 当前: 省级专精特新中小企业']
    assert near['长沙市中小企业"上云上平台"支持'] == ["需位于长沙市, 当前: 株洲市"]
    told = Notification.objects.filter(user=demo, kind="policy").count()
    assert told == len(eligible)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_policies")
    assert Policy.objects.count() == 10
    assert Notification.objects.filter(user=demo, kind="policy").count() == told
