"""找配套: Chinese text, each hard rule at its boundary, distance and chain ordering, contacts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.utils import timezone

from enterprises.models import ChainSegment
from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.engine.text import tokens
from matching.models import Match
from matching.supply import fit as fit_module
from matching.supply.attributes import Attributes
from matching.supply.fit import supply_fit
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


def test_the_supplier_that_makes_the_part_fits_and_the_explanation_says_so_first(buyer):
    maker = factories.capability(factories.firm_in("430200"))  # 工程机械液压油缸, class 3444 (液压件)
    need = factories.sourcing_need(buyer)  # 采购液压油缸
    assert offers(need) == [maker.pk]
    match = Match.objects.get(need_id=need.pk)
    assert match.explanation[0].startswith("产品匹配：工程机械液压油缸（同属 3444 液压动力机械及元件制造）")
    assert match.breakdown["fit_band"] == 3


def test_the_class_alone_is_not_enough_nor_a_shared_generic_word(buyer):
    """Among excavator suppliers (so 挖掘机 is a common word, as on the real platform), a gear pump
    filed as 液压件 and a slewing bearing for excavators are no hydraulic-cylinder suppliers."""
    for title in ("挖掘机驾驶室", "挖掘机履带板", "挖掘机斗齿", "挖掘机动臂焊接件", "挖掘机配重铸件"):
        factories.capability(factories.firm_in("430100"), category_id="3514", title=title,
                             description=f"{title}，为挖掘机主机厂配套")
    same_class_other_product = factories.capability(factories.firm_in("430200"), category_id="3444",
                                                    title="齿轮泵", description="高压齿轮泵，农机配套")
    bearing_for_excavators = factories.capability(factories.firm_in("430200"), category_id="bearings",
                                                  title="回转支承", description="挖掘机回转支承轴承")
    unrelated = factories.capability(factories.firm_in("430200"), category_id="pharma-api", title="原料药",
                                     description="头孢类原料药")
    maker = factories.capability(factories.firm_in("430200"))
    got = offers(factories.sourcing_need(buyer))
    assert got[0] == maker.pk
    assert not {same_class_other_product.pk, bearing_for_excavators.pk, unrelated.pk} & set(got)


def test_the_same_class_with_a_word_in_common_comes_last_as_the_same_kind_of_product(buyer):
    """A gear-pump maker filed under 3444 like the buyer's cylinders, in the buyer's own city, is
    listed — as 同类产品, after the cylinder maker 100 km away — and one with no word in common is not."""
    maker = factories.capability(factories.firm_in("430100"))  # 工程机械液压油缸, 长沙
    pump = factories.capability(factories.firm_in("430200"), category_id="3444", title="齿轮泵",
                                description="高压齿轮泵，用于液压系统")
    silent = factories.capability(factories.firm_in("430200"), category_id="3444", title="气动三联件",
                                  description="过滤减压阀、油雾器")
    need = factories.sourcing_need(buyer)
    assert offers(need) == [maker.pk, pump.pk]
    kin = Match.objects.get(need_id=need.pk, offer_id=pump.pk)
    assert kin.explanation[0].startswith("同类产品：齿轮泵（同属 3444 液压动力机械及元件制造）")
    assert kin.breakdown["fit_band"] == 0
    assert not Match.objects.filter(need_id=need.pk, offer_id=silent.pk).exists()


def test_same_class_and_same_material_is_possibly_related_a_shared_word_alone_is_the_same_kind():
    """The fit itself, at its bands: for a grey-iron counterweight (3391), a grey-iron foundry casting
    motor frames with little text in common is 可能相关 (above a weak fit of another trade), a steel
    foundry in the class with the same little text is only 同类产品 at the floor, and a word in common
    outside the class is nothing."""
    need = {"attributes": Attributes.of("挖掘机配重铸件 HT200", "灰铸铁配重", ["灰铸铁"], [], [])}
    offers_ = [("灰铸铁电机机座", ["灰铸铁"], True), ("铸钢阀体", ["铸钢"], True), ("挖掘机履带总成", [], False)]
    frame = {"same_class": np.array([same for *_x, same in offers_]), "same_group": np.array([False] * 3),
             "same_division": np.array([False] * 3), "text_sim": np.array([0.02, 0.02, 0.02]),
             "title_sim": np.zeros(3),
             "attributes": np.array([Attributes.of(t, "", m, [], []) for t, m, _s in offers_], dtype=object)}
    grey, steel, tracks = supply_fit(need, frame)
    assert grey == fit_module.SAME_KIND and fit_module.BANDS[0] <= grey < fit_module.BANDS[1]
    assert steel == fit_module.KIN == fit_module.FLOOR
    assert tracks == 0


def test_another_class_fits_when_its_text_says_it_makes_the_part(buyer):
    """A supplier may file the part elsewhere (机械零部件加工 instead of 液压件): the text decides."""
    maker = factories.capability(factories.firm_in("430100"), category_id="3484", title="液压油缸加工",
                                 description="挖掘机液压油缸缸筒、活塞杆加工及装配")
    assert maker.pk in offers(factories.sourcing_need(buyer))


def test_a_conflicting_material_ranks_below_and_a_shared_grade_above(buyer):
    steel = factories.capability(factories.firm_in("430200"), category_id="3391", title="变速箱壳体铸件",
                                 description="铸钢壳体", materials=["铸钢"])
    ductile = factories.capability(factories.firm_in("430200"), category_id="3391", title="变速箱壳体铸件",
                                   description="球墨铸铁壳体", materials=["球墨铸铁"])
    graded = factories.capability(factories.firm_in("430200"), category_id="3391", title="变速箱壳体铸件",
                                  description="球墨铸铁壳体 QT450-10", materials=["球墨铸铁"])
    need = factories.sourcing_need(buyer, category_id="3391", title="变速箱壳体铸件", description="球墨铸铁",
                                   specs=["QT450-10"])
    got = offers(need)
    assert got.index(graded.pk) < got.index(ductile.pk)
    fits = {m.offer_id: m.breakdown["fit"] for m in Match.objects.filter(need_id=need.pk)}
    assert steel.pk not in fits or fits[steel.pk] < fits[ductile.pk]
    line = Match.objects.get(need_id=need.pk, offer_id=graded.pk).explanation[0]
    assert "材质一致：球墨铸铁" in line and "规格一致：QT450-10" in line


def test_one_supplier_one_match_with_its_other_fitting_capabilities_listed(buyer):
    firm = factories.firm_in("430200")
    best = factories.capability(firm, title="挖掘机液压油缸", description="挖掘机液压油缸，缸径 80–200mm")
    other = factories.capability(firm, title="液压油缸", description="起重机液压缸")
    need = factories.sourcing_need(buyer)
    assert offers(need) == [best.pk]
    assert Match.objects.get(need_id=need.pk).breakdown["also"] == [other.pk]


@pytest.mark.parametrize(("held", "required", "ok"), [
    (["ISO 9001", "IATF 16949"], ["IATF 16949"], True), (["ISO 9001"], ["IATF 16949"], False),
    (["ISO 9001"], [], True), (["IATF 16949"], ["IATF 16949", "ISO 14001"], False)])
def test_every_required_certification_must_be_held(buyer, held, required, ok):
    cap = factories.capability(factories.firm_in("430200"), certifications=held)
    assert (cap.pk in offers(factories.sourcing_need(buyer, required_certifications=required))) is ok


@pytest.mark.parametrize(("capacity", "unit", "ok"), [("66.67", "件", True), ("66.66", "件", False),
                                                      ("10", "吨", True), (None, "件", True)])
def test_monthly_capacity_covers_a_third_of_the_quantity_when_both_are_known(buyer, capacity, unit, ok):
    """200 件 delivered over up to three months: 66.67 a month will do, 66.66 will not."""
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


@pytest.mark.parametrize(("lead", "ok"), [(19, True), (20, True), (21, False), (None, True)])
def test_a_supplier_that_cannot_deliver_before_the_needs_date_is_not_offered(buyer, lead, ok):
    cap = factories.capability(factories.firm_in("430200"), lead_time_days=lead)
    need = factories.sourcing_need(buyer, needed_by=timezone.localdate() + timedelta(days=20))
    assert (cap.pk in offers(need)) is ok


def test_a_shorter_lead_time_is_preferred_among_suppliers_that_fit_equally(buyer):
    fast = factories.capability(factories.firm_in("430200"), lead_time_days=5)
    slow = factories.capability(factories.firm_in("430200"), lead_time_days=40)
    need = factories.sourcing_need(buyer, needed_by=timezone.localdate() + timedelta(days=60))
    match_need(spec, need.pk)
    by_offer = {m.offer_id: m for m in Match.objects.filter(need_id=need.pk)}
    assert by_offer[fast.pk].breakdown["lead_time"] >= by_offer[slow.pk].breakdown["lead_time"]
    assert by_offer[fast.pk].score >= by_offer[slow.pk].score


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
