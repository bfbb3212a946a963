"""World objects of the later areas: API tokens, talent jobs, services, activities, policies."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from enterprises.models import User


def build_areas(users: dict[str, User], org_a: Any) -> dict[str, Any]:
    """Objects of the talent, services, activities and policies areas, and API tokens; ids by name."""
    from enterprises.security.tokens import token_create
    from matching.engine.matcher import match_need
    from matching.engine.registry import get_domain
    from matching.models import Match
    from matching.policies.services import policy_create, policy_publish
    from matching.talent.services import block_add
    from tests.factories import jobs as tf
    from tests.factories import market as sh

    owner, operator = users["owner"], users["operator"]
    token, _key = token_create(user=owner, name="ERP 对接")
    job = tf.job(org_a)
    profile = tf.talent(name="王小明", phone="13900000002")
    users["talent"] = profile.user  # the talent role is the matchable talent
    talent_match = tf.run(job)[0]
    block_add(actor=profile.user, organization_id=users["other_ent"].membership.organization_id)
    provider_org = users["provider"].membership.organization
    provider_org.region_id = "430200"
    provider_org.save()
    provider_org.provider_profile.category = "accounting"
    provider_org.provider_profile.save()
    offering = sh.offering(provider_org)
    service_request = sh.service_request(org_a)
    match_need(get_domain("services"), service_request.pk)
    service_match = Match.objects.get(domain="services", need_id=service_request.pk, offer_id=offering.pk)
    activity = sh.platform_event()
    policy = policy_create(actor=operator, data={"title": "株洲市技术改造奖补", "issuer": "株洲市工业和信息化局",
                                                 "summary": "支持企业技术改造", "benefit": "按设备投资额给予奖补",
                                                 "rules": {}})
    with TestCase.captureOnCommitCallbacks(execute=True):
        policy_publish(actor=operator, policy_id=policy.pk)
    return {"api_token": token.pk, "job": job.pk, "talent_match": talent_match.pk,
            "blocked_org": users["other_ent"].membership.organization_id, "provider_org": provider_org.pk,
            "offering": offering.pk, "service_request": service_request.pk, "service_match": service_match.pk,
            "activity": activity.pk, "policy": policy.pk}
