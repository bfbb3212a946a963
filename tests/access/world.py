"""The fixture world of the access-control matrix: every role, and one object of every kind.

Enterprise A (``owner`` + ``member``) and enterprise C (``other_ent``) sit in the same chain,
whose lead bank is ``lead_bank``. ``bank`` is matched with A's loan request and holds its
consent; ``other_bank`` has a product that matches nothing. A third enterprise X supplies A's
sourcing need and meets A at a scheduled matchmaking event. Built once per test module.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.test import Client, TestCase
from django.utils import timezone
from rest_framework.test import APIClient

from enterprises.models import ChainSegment, IndustrialChain, Invitation, Membership, User
from tests import factories

ROLES = ("anon", "owner", "member", "other_ent", "bank", "other_bank", "lead_bank", "talent", "provider", "operator")


def _commit():
    """Run the on-commit hooks (Celery jobs, eager) of the block at its end, inside the module's transaction."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def build_world() -> dict[str, Any]:
    """Create the users, organizations and objects; returns ids by name and users by role."""
    from backoffice.models import ImportJob
    from enterprises.models import BankBranch, WhitelistBatch, WhitelistEntry
    from matching.engine.transitions import match_transition
    from matching.events.services import event_publish, registration_create
    from matching.financing.services import consent_grant, request_save
    from matching.models import Match, MatchRun, Meeting, Notification
    from tests.factories.events import make_event, match_between

    operator = factories.OperatorFactory(username="matrix_operator")
    segment = ChainSegment.objects.order_by("id").first()
    owner = factories.enterprise(name="株洲齿轮配套有限公司", contact_name="李建国", contact_phone="0731-22880001",
                                 contact_email="lijianguo@gear.example.cn", address="株洲市天元区黄河南路 88 号")
    org_a = owner.membership.organization
    member = factories.member(org_a, role=Membership.Role.MEMBER)
    other_ent = factories.enterprise(name="湘潭电机配件有限公司")
    supplier = factories.enterprise(name="长沙液压件有限公司")
    for user in (owner, other_ent):
        user.membership.organization.enterprise_profile.chain_segments.add(segment)
    bank, other_bank, lead_bank = factories.bank(), factories.bank(), factories.bank()
    IndustrialChain.objects.filter(pk=segment.chain_id).update(lead_bank=lead_bank.membership.organization)
    product = factories.product(bank.membership.organization, name="链易贷")
    other_product = factories.product(other_bank.membership.organization, name="小额贷",
                                      amount_min=Decimal("10000"), amount_max=Decimal("20000"))
    talent = factories.talent(username="matrix_talent")
    provider = factories.provider(name="长沙知识产权服务有限公司")

    with _commit():
        request = request_save(actor=owner, data={"amount": Decimal("3000000"), "term": 12,
                                                  "purpose": "working_capital", "collateral": [],
                                                  "max_rate": Decimal("4.50"), "urgency": "normal"})
    match = Match.objects.get(domain="financing", need_id=request.pk, offer_id=product.pk)
    with _commit():
        match_transition(match_id=match.pk, actor=owner, to="interested")
        consent = consent_grant(actor=owner, request_id=request.pk, bank_id=bank.membership.organization_id)
    other_request = factories.loan_request(other_ent.membership.organization)

    supply_match = match_between(owner, supplier)
    capability = factories.capability(org_a, title="齿轮箱精密加工")
    event = make_event(operator)
    with _commit():
        event_publish(actor=operator, event_id=event.pk) if event.status == "draft" else None
        registration_create(actor=owner, event_id=event.pk, role="buyer")
        registration_create(actor=supplier, event_id=event.pk, role="supplier")
    meeting = Meeting.objects.create(event=event, slot=0, table=1, buyer=org_a,
                                     supplier=supplier.membership.organization, match=supply_match,
                                     score=supply_match.score)
    notification = Notification.objects.create(user=owner, kind="test", title="测试通知", link="/dashboard/")
    branch = BankBranch.objects.create(bank=bank.membership.organization.bank_profile, name="株洲分行",
                                       region=factories.region("430200"))
    invitation = Invitation.objects.create(organization=org_a, email="new@gear.example.cn", invited_by=owner,
                                           expires_at=timezone.now() + dt.timedelta(days=7))
    batch = WhitelistBatch.objects.create(number=90, title="白名单第90批")
    entry = WhitelistEntry.objects.create(batch=batch, organization=org_a, uscc=org_a.uscc, name=org_a.name)
    job = ImportJob.objects.create(batch_number=90, file="imports/matrix.csv", original_name="matrix.csv",
                                   created_by=operator)
    run = MatchRun.objects.create(domain="supply", scope="need", target_id=supply_match.need_id, status="failed")
    users = {"owner": owner, "member": member, "other_ent": other_ent, "bank": bank, "other_bank": other_bank,
             "lead_bank": lead_bank, "talent": talent, "provider": provider, "operator": operator}
    ids = {
        "request": request.pk, "other_request": other_request.pk, "match": match.pk, "consent": consent.pk,
        "product": product.pk, "other_product": other_product.pk, "supply_need": supply_match.need_id,
        "supply_match": supply_match.pk, "capability": capability.pk, "event": event.pk, "meeting": meeting.pk,
        "notification": notification.pk, "branch": branch.pk, "membership": member.membership.pk,
        "invitation": invitation.token, "batch": batch.pk, "entry": entry.pk, "import_job": job.pk, "run": run.pk,
        "chain": segment.chain_id, "chain_slug": segment.chain.slug, "org_a": org_a.pk,
        "bank_org": bank.membership.organization_id, "stats_csv": "trend",
    }
    from tests.access.world_areas import build_areas

    ids.update(build_areas(users, org_a))
    return {"users": users, "ids": ids, "org_a": org_a}


def portal_client(user: User | None) -> Client:
    """A browser session for the user; anonymous for None."""
    client = Client(raise_request_exception=False)
    if user is None:
        return client
    client.force_login(user)  # tests/conftest.py makes this pass the second factor where it is required
    return client


def api_client(user: User | None) -> APIClient:
    """An API client with a new token of the user (as tests/conftest.py's ``as_user``); anonymous for None."""
    client = APIClient(raise_request_exception=False)
    if user is None:
        return client
    from enterprises.models import ApiToken
    from enterprises.security.tokens import token_create

    token, key = token_create(user=user, name="matrix")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
