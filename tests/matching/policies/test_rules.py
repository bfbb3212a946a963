"""Policy eligibility rules (找政策): each rule field at its boundaries, the Chinese lines a firm
reads, rule validation, and the Python and SQL forms agreeing on a varied population."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enterprises.models import ChainSegment, EnterpriseProfile, IndustrialChain, Region, WhitelistBatch
from enterprises.sizing import size_class
from matching.policies.rules import evaluate, load_facts, qualifying_orgs
from matching.policies.services import rules_clean
from tests import factories

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def make_firm(region: str = "430204", **facts):
    """A verified enterprise in ``region`` whose profile has exactly the given facts."""
    org = factories.firm_in(region)
    profile = org.enterprise_profile
    segments = facts.pop("segments", [])
    for key, value in {"employees": None, "annual_revenue": None, **facts}.items():
        setattr(profile, key, value)
    profile.size_class = size_class(profile.employees, profile.annual_revenue)
    profile.save()
    profile.chain_segments.set(segments)
    return org


def check(org, rules):
    return evaluate(load_facts([org.pk])[org.pk], rules)


def segment(slug: str) -> ChainSegment:
    return ChainSegment.objects.filter(chain__slug=slug).order_by("id").first()


class TestRevenue:
    def test_exactly_at_the_minimum_qualifies_and_one_yuan_below_does_not(self):
        at = make_firm(annual_revenue=Decimal("20000000.00"))
        below = make_firm(annual_revenue=Decimal("19999999.00"))
        assert check(at, {"revenue_min": 2000}) == (["年营收 2,000 万元, 满足 ≥ 2,000 万元"], [])
        assert check(below, {"revenue_min": 2000}) == ([], ["年营收需 ≥ 2000 万元, 当前 1999.9999 万元"])

    def test_the_issue_examples_read_exactly(self):
        assert check(make_firm(annual_revenue=Decimal("23000000")), {"revenue_min": 2000})[0] == [
            "年营收 2,300 万元, 满足 ≥ 2,000 万元"]
        assert check(make_firm(annual_revenue=Decimal("15000000")), {"revenue_min": 2000})[1] == [
            "年营收需 ≥ 2000 万元, 当前 1500 万元"]

    def test_maximum_is_inclusive(self):
        assert check(make_firm(annual_revenue=Decimal("400000000")), {"revenue_max": 40000})[1] == []
        assert check(make_firm(annual_revenue=Decimal("400000001")), {"revenue_max": 40000})[1] == [
            "年营收需 ≤ 40000 万元, 当前 40000.0001 万元"]

    def test_unfilled_revenue_is_missing(self):
        assert check(make_firm(), {"revenue_min": 2000}) == ([], ["年营收需 ≥ 2000 万元, 当前未填写"])


def test_min_years_boundary_by_founded_year():
    assert check(make_firm(founded_year=YEAR - 3), {"min_years": 3}) == (["成立 3 年, 满足 ≥ 3 年"], [])
    assert check(make_firm(founded_year=YEAR - 2), {"min_years": 3}) == ([], ["成立年限需 ≥ 3 年, 当前 2 年"])
    assert check(make_firm(), {"min_years": 3})[1] == ["成立年限需 ≥ 3 年, 当前未填写"]


def test_specialized_levels_are_ordered():
    rules = {"specialized_min": "provincial"}
    assert check(make_firm(specialized_level="national"), rules)[1] == []
    assert check(make_firm(specialized_level="provincial"), rules)[1] == []
    assert check(make_firm(specialized_level="innovative"), rules)[1] == [
        "需为省级专精特新中小企业及以上, 当前: 创新型中小企业"]
    assert check(make_firm(), rules)[1] == ["需为省级专精特新中小企业及以上, 当前: 无"]


def test_region_containment_county_city_province():
    firm = make_firm("430204")  # 株洲市石峰区
    for code in ("430000", "430200", "430204"):
        assert check(firm, {"regions": [code]})[1] == [], code
    assert check(firm, {"regions": ["430100"]})[1] == ["需位于长沙市, 当前: 株洲市"]
    assert check(firm, {"regions": ["430102"]})[1] == ["需位于芙蓉区, 当前: 石峰区"]
    assert check(firm, {"regions": ["440000"]})[1] == ["需位于广东省, 当前: 湖南省"]
    assert check(firm, {"regions": ["430100", "430200"]})[0] == [
        "位于湖南省株洲市石峰区, 满足 申报地区: 长沙市或株洲市"]


def test_industry_prefix_covers_finer_codes_only():
    firm = make_firm(industry_id="3453")
    assert check(firm, {"industries": ["34"]})[1] == []
    assert check(firm, {"industries": ["C"]})[1] == []
    assert check(firm, {"industries": ["35"]})[1] == [
        "所属行业需为35 专用设备制造业, 当前: 3453 齿轮及齿轮减、变速箱制造"]
    division = make_firm(industry_id="34")
    assert check(division, {"industries": ["3453"]})[1] != []
    assert check(make_firm(), {"industries": ["34"]})[1] == ["所属行业需为34 通用设备制造业, 当前: 未填写"]


def test_certifications_are_all_required():
    firm = make_firm(certifications=["CRCC", "ISO 9001"])
    assert check(firm, {"certifications": ["ISO 9001", "CRCC"]})[0] == ["已具备资质认证: ISO 9001、CRCC"]
    assert check(firm, {"certifications": ["ISO 9001", "IATF 16949"]})[1] == [
        "需具备资质认证: ISO 9001、IATF 16949, 当前缺少: IATF 16949"]


def test_chains_flags_size_and_employees():
    firm = make_firm(segments=[segment("rail-transit")], employees=300, annual_revenue=Decimal("20000000"),
                     high_tech=True)
    assert check(firm, {"chains": ["rail-transit"]})[0] == ["属于先进轨道交通装备产业链, 满足 产业链: 先进轨道交通装备"]
    assert check(firm, {"chains": ["construction-machinery"]})[1] == ["需属于工程机械产业链, 当前: 先进轨道交通装备"]
    assert check(firm, {"high_tech": True, "single_champion": True}) == (
        ["已认定为高新技术企业"], ["需为制造业单项冠军, 当前: 否"])
    assert check(firm, {"size_classes": ["medium"]})[1] == []
    assert check(firm, {"size_classes": ["small", "micro"]})[1] == ["企业规模需为小型、微型, 当前: 中型"]
    assert check(firm, {"employees_min": 300, "employees_max": 300})[1] == []
    assert check(firm, {"employees_min": 301})[1] == ["从业人员需 ≥ 301 人, 当前 300 人"]
    assert check(make_firm(), {"size_classes": ["small"]})[1] == ["企业规模需为小型, 当前: 未填写"]


def test_whitelist_needs_a_published_batch():
    published = WhitelistBatch.objects.create(number=3, title="第三批", published_at=timezone.now())
    draft = WhitelistBatch.objects.create(number=4, title="第四批")
    assert check(make_firm(whitelist_batch=published), {"whitelist": True})[0] == [
        "已列入产融合作制造业企业白名单（第3批）"]
    assert check(make_firm(whitelist_batch=draft), {"whitelist": True})[1] == [
        "需列入产融合作制造业企业白名单, 当前: 未列入"]


def test_no_profile_means_every_fact_unknown():
    org = factories.OrganizationFactory()
    met, missing = evaluate(load_facts([org.pk])[org.pk], {"revenue_min": 1, "high_tech": True})
    assert met == [] and missing == ["需为高新技术企业, 当前: 否", "年营收需 ≥ 1 万元, 当前未填写"]


class TestValidation:
    def error(self, rules) -> list[str]:
        with pytest.raises(ValidationError) as exc:
            rules_clean(rules)
        return exc.value.message_dict["rules"]

    def test_unknown_key_wrong_type_and_bounds(self):
        assert self.error({"revenue": 1}) == ["未知的申报条件：revenue。"]
        assert self.error({"revenue_min": "很多"}) == ["最低年营收应为数字。"]
        assert self.error({"regions": "430100"}) == ["申报地区应为列表。"]
        assert self.error({"high_tech": "yes"}) == ["高新技术企业应为 true 或 false。"]
        assert self.error({"revenue_min": 3000, "revenue_max": 2000}) == ["年营收下限不能大于上限。"]
        assert self.error({"employees_min": 10, "employees_max": 5}) == ["从业人员下限不能大于上限。"]
        assert self.error({"specialized_min": "gold"}) == ["未知的专精特新等级：gold。"]

    def test_unknown_codes(self):
        assert self.error({"regions": ["439999"]}) == ["申报地区包含未知的代码：439999。"]
        assert self.error({"chains": ["no-such-chain"]}) == ["产业链包含未知的代码：no-such-chain。"]
        assert self.error({"industries": ["99"]}) == ["行业包含未知的代码：99。"]
        assert self.error({"certifications": ["ISO 1"]}) == ["资质认证包含未知的代码：ISO 1。"]

    def test_normalizes(self):
        chain = IndustrialChain.objects.get(slug="rail-transit")
        assert rules_clean({"chains": [chain.pk], "high_tech": False, "regions": ["430200", "430100"],
                            "specialized_min": "none", "revenue_min": "2000.50"}) == {
            "regions": ["430100", "430200"], "chains": ["rail-transit"], "revenue_min": 2000.5}


def test_python_and_sql_forms_agree_on_a_varied_population():
    rnd = random.Random(2026)
    counties = list(Region.objects.filter(parent_id__in=["430100", "430200", "430300"], level="county")
                    .values_list("adcode", flat=True))
    segments = list(ChainSegment.objects.filter(chain__slug__in=["rail-transit", "construction-machinery",
                                                                  "biomedicine"]))
    batch = WhitelistBatch.objects.create(number=1, title="第一批", published_at=timezone.now())
    draft = WhitelistBatch.objects.create(number=2, title="第二批")
    firms = []
    for _ in range(60):
        firms.append(make_firm(
            rnd.choice([*counties, "430200"]),
            industry_id=rnd.choice([None, "34", "3453", "3432", "35", "27"]),
            segments=rnd.sample(segments, rnd.choice([0, 1, 2])),
            employees=rnd.choice([None, 10, 50, 300, 1200]),
            annual_revenue=rnd.choice([None, Decimal("2500000"), Decimal("20000000"), Decimal("19999999"),
                                       Decimal("500000000")]),
            specialized_level=rnd.choice(["none", "innovative", "provincial", "national"]),
            high_tech=rnd.random() < .4, single_champion=rnd.random() < .1,
            certifications=rnd.sample(["ISO 9001", "CRCC", "IATF 16949"], rnd.choice([0, 1, 2])),
            founded_year=rnd.choice([None, YEAR, YEAR - 2, YEAR - 3, YEAR - 10]),
            whitelist_batch=rnd.choice([None, None, batch, draft]),
        ))
    factories.OrganizationFactory(verification="pending")  # never qualifies: not verified
    rule_sets = [
        {}, {"regions": ["430200"]}, {"regions": ["430100", "430304"]}, {"industries": ["34"]},
        {"industries": ["3453", "35"]}, {"chains": ["rail-transit"]}, {"size_classes": ["small", "medium"]},
        {"specialized_min": "provincial"}, {"whitelist": True}, {"high_tech": True, "single_champion": True},
        {"min_years": 3}, {"revenue_min": 2000}, {"revenue_max": 2000}, {"certifications": ["ISO 9001", "CRCC"]},
        {"employees_min": 50, "employees_max": 300},
        {"regions": ["430000"], "specialized_min": "innovative", "revenue_min": 250, "min_years": 2},
    ]
    ids = [f.pk for f in firms]
    facts = load_facts(ids)
    for rules in rule_sets:
        rules = rules_clean(rules)
        in_python = {pk for pk in ids if not evaluate(facts[pk], rules)[1]}
        in_sql = set(qualifying_orgs(rules).filter(pk__in=ids).values_list("pk", flat=True))
        assert in_python == in_sql, rules
    assert 0 < len(set(qualifying_orgs({"specialized_min": "provincial"}).values_list("pk", flat=True))) < 60
    assert EnterpriseProfile.objects.count() >= 60
