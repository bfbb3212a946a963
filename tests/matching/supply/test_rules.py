"""找配套: Chinese text, each hard rule at its boundary, distance and chain ordering, contacts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from enterprises.models import ChainSegment
from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.engine.text import tokens
from matching.models import Match
from matching.supply.services import contact_for, match_interest
from matching.supply.spec import capability_text_model
from tests import factories

pytestmark = pytest.mark.django_db
spec = get_domain("supply")


def offers(need) -> list[int]:
    capability_text_model(refresh=True)
    match_need(spec, need.pk)
    return list(Match.objects.filter(domain="supply", need_id=need.pk, retired_at=None)
                .order_by("-score", "offer_id").values_list("offer_id", flat=True))


def test_jieba_segments_real_product_text_with_domain_words():
    got = tokens("高精度液压油缸及阀块，适用于挖掘机和混凝土泵车，IATF16949认证")
    assert {"液压油缸", "阀块", "挖掘机", "iatf16949"} <= set(got)
    assert "及" not in got and "，" not in got
    assert "线束" in tokens("新能源汽车高压线束总成")


@pytest.fixture
def buyer():
    return factories.firm_in("430200")  # 株洲


def test_same_or_related_category_is_a_candidate_unrelated_is_not(buyer):
    same = factories.capability(factories.firm_in("430200"))
    sibling = factories.capability(factories.firm_in("430200"), category_id="bearings", title="回转支承",
                                   description="挖掘机回转支承轴承")
    sibling_no_text = factories.capability(factories.firm_in("430200"), category_id="bearings", title="深沟球轴承",
                                           description="电机用深沟球轴承")
    unrelated = factories.capability(factories.firm_in("430200"), category_id="pharma-api", title="原料药",
                                     description="头孢类原料药")
    got = offers(factories.sourcing_need(buyer))
    assert same.pk in got and sibling.pk in got
    assert sibling_no_text.pk not in got and unrelated.pk not in got


def test_cross_category_text_similarity_above_the_threshold_qualifies(buyer):
    textual = factories.capability(factories.firm_in("430100"), category_id="chemicals",
                                   title="液压油缸密封件", description="液压油缸 挖掘机 密封")
    assert textual.pk in offers(factories.sourcing_need(buyer))


@pytest.mark.parametrize(("held", "required", "ok"), [
    (["ISO 9001", "IATF 16949"], ["IATF 16949"], True), (["ISO 9001"], ["IATF 16949"], False),
    (["ISO 9001"], [], True), (["IATF 16949"], ["IATF 16949", "ISO 14001"], False)])
def test_every_required_certification_must_be_held(buyer, held, required, ok):
    cap = factories.capability(factories.firm_in("430200"), certifications=held)
    assert (cap.pk in offers(factories.sourcing_need(buyer, required_certifications=required))) is ok


@pytest.mark.parametrize(("capacity", "unit", "ok"), [("200", "件", True), ("199.99", "件", False),
                                                      ("10", "吨", True), (None, "件", True)])
def test_monthly_capacity_covers_the_quantity_when_both_are_known(buyer, capacity, unit, ok):
    cap = factories.capability(factories.firm_in("430200"), capacity_per_month=Decimal(capacity) if capacity else None,
                               unit=unit)
    assert (cap.pk in offers(factories.sourcing_need(buyer))) is ok


@pytest.mark.parametrize(("served", "ok"), [([], True), (["430200"], True), (["430000"], True), (["430100"], False)])
def test_supplier_must_serve_the_buyers_region(buyer, served, ok):
    cap = factories.capability(factories.firm_in("430100"), regions_served=served)
    assert (cap.pk in offers(factories.sourcing_need(buyer))) is ok


@pytest.mark.parametrize(("supplier_region", "max_distance", "ok"), [
    ("430200", "city", True), ("430100", "city", False), ("430100", "province", True),
    ("440300", "province", False), ("440300", "any", True)])
def test_distance_limit(buyer, supplier_region, max_distance, ok):
    cap = factories.capability(factories.firm_in(supplier_region))
    assert (cap.pk in offers(factories.sourcing_need(buyer, max_distance=max_distance))) is ok


def test_a_firm_is_never_its_own_supplier(buyer):
    own = factories.capability(buyer)
    assert own.pk not in offers(factories.sourcing_need(buyer))


def test_same_city_outranks_an_otherwise_equal_supplier_in_another_province(buyer):
    far = factories.capability(factories.firm_in("440300"))
    near = factories.capability(factories.firm_in("430200"))
    need = factories.sourcing_need(buyer, max_distance="any")
    assert offers(need) == [near.pk, far.pk]
    by_offer = {m.offer_id: m for m in Match.objects.filter(need_id=need.pk)}
    assert by_offer[near.pk].breakdown["distance_km"] == 0
    assert by_offer[far.pk].breakdown["distance_km"] > 500
    assert any(line.startswith("同在株洲市, 距离 0 km") for line in by_offer[near.pk].explanation)


def test_an_upstream_supplier_in_the_buyers_chain_outranks_an_unrelated_one(buyer):
    chain_segments = ChainSegment.objects.filter(chain__slug="construction-machinery")
    buyer.enterprise_profile.chain_segments.add(chain_segments.get(position="midstream"))
    upstream, other = factories.firm_in("430100"), factories.firm_in("430100")
    upstream.enterprise_profile.chain_segments.add(chain_segments.filter(position="upstream").first())
    a = factories.capability(upstream)
    b = factories.capability(other)
    need = factories.sourcing_need(buyer)
    assert offers(need) == [a.pk, b.pk]
    line = next(x for x in Match.objects.get(need_id=need.pk, offer_id=a.pk).explanation if x.startswith("上游"))
    assert "工程机械-" in line


def test_lead_time_within_the_needed_by_date_scores_higher(buyer):
    fast = factories.capability(factories.firm_in("430200"), lead_time_days=10)
    slow = factories.capability(factories.firm_in("430200"), lead_time_days=60)
    need = factories.sourcing_need(buyer, needed_by=timezone.localdate() + timedelta(days=20))
    match_need(spec, need.pk)
    by_offer = {m.offer_id: m for m in Match.objects.filter(need_id=need.pk)}
    assert by_offer[fast.pk].breakdown["lead_time"] > by_offer[slow.pk].breakdown["lead_time"]


def test_contacts_are_shared_only_when_both_sides_are_interested(buyer):
    buyer.contact_name, buyer.contact_phone = "王经理", "0731-1111"
    buyer.save()
    supplier = factories.firm_in("430200")
    supplier.contact_name, supplier.contact_phone = "李工", "0731-2222"
    supplier.save()
    factories.capability(supplier)
    need = factories.sourcing_need(buyer)
    match_need(spec, need.pk)
    match = Match.objects.get(need_id=need.pk)
    buyer_user, supplier_user = buyer.memberships.get().user, supplier.memberships.get().user

    match_interest(actor=buyer_user, match_id=match.pk)
    match.refresh_from_db()
    assert match.status == "interested" and contact_for(match, viewer_org_id=buyer.pk) is None

    match_interest(actor=supplier_user, match_id=match.pk)
    match.refresh_from_db()
    assert contact_for(match, viewer_org_id=buyer.pk)["phone"] == "0731-2222"
    assert contact_for(match, viewer_org_id=supplier.pk)["person"] == "王经理"


def test_a_new_capability_is_matched_against_open_needs(buyer, django_capture_on_commit_callbacks):
    from matching.supply.services import capability_save

    need = factories.sourcing_need(buyer)
    supplier = factories.enterprise()
    with django_capture_on_commit_callbacks(execute=True):
        cap = capability_save(actor=supplier, data={"category": "hydraulics", "title": "液压油缸",
                                                    "description": "挖掘机液压油缸", "certifications": ["ISO 9001"]})
    assert Match.objects.filter(domain="supply", need_id=need.pk, offer_id=cap.pk).exists()
