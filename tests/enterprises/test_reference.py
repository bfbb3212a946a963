"""Reference data loaded by migration 0002 (regions, industries, chains) and its loader."""

from __future__ import annotations

import pytest

from enterprises.models import ChainSegment, IndustrialChain, Industry, Region
from enterprises.reference.loader import load_all
from enterprises.reference.regions import classify

HUNAN_CITIES = {
    "430100": "长沙市",
    "430200": "株洲市",
    "430300": "湘潭市",
    "430400": "衡阳市",
    "430500": "邵阳市",
    "430600": "岳阳市",
    "430700": "常德市",
    "430800": "张家界市",
    "430900": "益阳市",
    "431000": "郴州市",
    "431100": "永州市",
    "431200": "怀化市",
    "431300": "娄底市",
    "433100": "湘西土家族苗族自治州",
}

pytestmark = pytest.mark.django_db


def test_hunan_has_exactly_its_14_cities() -> None:
    cities = dict(Region.objects.filter(parent_id="430000").values_list("adcode", "name"))
    assert cities == HUNAN_CITIES
    assert set(Region.objects.filter(parent_id="430000").values_list("level", flat=True)) == {"city"}


def test_changsha_coordinates() -> None:
    changsha = Region.objects.get(adcode="430100")
    assert changsha.level == Region.Level.CITY
    assert changsha.lat == pytest.approx(28.2, abs=0.2)
    assert changsha.lon == pytest.approx(112.9, abs=0.2)


def test_hunan_counties_are_loaded_under_their_city() -> None:
    ningxiang = Region.objects.get(adcode="430182")
    assert (ningxiang.name, ningxiang.level, ningxiang.parent_id) == ("宁乡市", "county", "430100")
    assert ningxiang.lat is not None  # empty in the CSV: inherited from 长沙市
    assert Region.objects.filter(level="county", adcode__startswith="43").count() >= 120
    assert not Region.objects.filter(level="county").exclude(adcode__startswith="43").exists()


def test_other_provinces_have_cities_but_no_counties() -> None:
    shenzhen = Region.objects.get(adcode="440300")
    assert (shenzhen.name, shenzhen.level, shenzhen.parent_id) == ("深圳市", "city", "440000")
    assert not Region.objects.filter(adcode="440309").exists()  # 龙华区
    assert Region.objects.filter(level="province").count() >= 34
    assert Region.objects.filter(level="city").count() > 330


def test_municipalities_and_province_administered_units() -> None:
    for adcode, name in [("110100", "北京市"), ("120100", "天津市"), ("310100", "上海市"), ("500100", "重庆市")]:
        region = Region.objects.get(adcode=adcode)
        assert (region.name, region.level, region.parent_id) == (name, "city", adcode[:2] + "0000")
        assert region.full_name == name
    assert not Region.objects.filter(adcode="500200").exists()
    xiantao = Region.objects.get(adcode="429004")
    assert (xiantao.name, xiantao.level, xiantao.parent_id) == ("仙桃市", "city", "420000")
    assert not Region.objects.filter(adcode__in=["990000", "999900"]).exists()


def test_every_region_has_coordinates_and_non_provinces_a_parent() -> None:
    assert not Region.objects.filter(lat__isnull=True).exists()
    assert not Region.objects.filter(lon__isnull=True).exists()
    assert not Region.objects.exclude(level="province").filter(parent__isnull=True).exists()
    assert not Region.objects.filter(level="province", parent__isnull=False).exists()
    # a county's parent is a city, a city's parent a province
    assert not Region.objects.filter(level="county").exclude(parent__level="city").exists()
    assert not Region.objects.filter(level="city").exclude(parent__level="province").exists()


def test_classify_rules() -> None:
    assert classify("430000") == ("province", None)
    assert classify("430100") == ("city", "430000")
    assert classify("430121") == ("county", "430100")
    assert classify("469001") == ("city", "460000")
    assert classify("440309") is None
    assert classify("500200") is None
    assert classify("990000") is None


def test_industries_13_to_43() -> None:
    manufacturing = Industry.objects.get(code="C")
    assert manufacturing.name == "制造业"
    divisions = dict(Industry.objects.filter(parent_id="C").values_list("code", "name"))
    assert set(divisions) == {str(n) for n in range(13, 44)}
    assert divisions["13"] == "农副食品加工业"
    assert divisions["27"] == "医药制造业"
    assert divisions["35"] == "专用设备制造业"
    assert divisions["37"] == "铁路、船舶、航空航天和其他运输设备制造业"
    assert divisions["43"] == "金属制品、机械和设备修理业"


def test_chain_classes_are_parented_to_their_division() -> None:
    assert Industry.objects.get(code="3514").name == "建筑工程用机械制造"
    assert Industry.objects.get(code="3712").parent_id == "37"
    assert Industry.objects.get(code="3841").name == "锂离子电池制造"
    for code, parent in Industry.objects.filter(code__regex=r"^[0-9]{4}$").values_list("code", "parent_id"):
        assert parent == code[:2]


def test_every_chain_has_segments_at_each_position() -> None:
    chains = list(IndustrialChain.objects.prefetch_related("segments"))
    assert len(chains) >= 10
    slugs = {c.slug for c in chains}
    assert {"construction-machinery", "rail-transit", "aero-engine-aerospace"} <= slugs
    for chain in chains:
        positions = {s.position for s in chain.segments.all()}
        assert positions == {"upstream", "midstream", "downstream"}, chain.slug
        assert 3 <= chain.segments.count() <= 8
        assert chain.description
        assert chain.lead_bank_id is None


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Region, Industry, IndustrialChain, ChainSegment))


def test_loader_is_idempotent() -> None:
    before = _counts()
    assert load_all() > 0
    assert load_all() > 0
    assert _counts() == before
    assert Region.objects.get(adcode="430100").name == "长沙市"


def test_reload_keeps_lead_bank_assignment() -> None:
    import random

    from enterprises.demo.codes import UsccFactory
    from enterprises.models import Organization

    uscc = UsccFactory(random.Random(1)).make("430100")
    bank = Organization.objects.create(kind="bank", name="测试银行", uscc=uscc, region_id="430100")
    chain = IndustrialChain.objects.get(slug="rail-transit")
    chain.lead_bank = bank
    chain.save()
    load_all()
    chain.refresh_from_db()
    assert chain.lead_bank_id == bank.id
