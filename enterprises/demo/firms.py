"""Deterministic generation of demo enterprises (pure Python; persistence is in ``world``)."""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from enterprises.demo.catalog import CHAIN_DEMO, CITY_SHORT, CITY_WEIGHTS, ChainDemo, SegmentDemo
from enterprises.demo.people import mobile, person_name
from enterprises.sizing import size_class

ZIHAO_CHARS = (
    "恒鑫华宏瑞博盛晟远达金正中天润丰德泰嘉信永力隆新合湘楚麓凯航"
    "创智精联源科通顺兴富海祥和安诚立卓宇星辰昊亿腾峰豪伟益友明捷"
)
ROADS = (
    "创业路",
    "科技大道",
    "兴业路",
    "工业大道",
    "湘江路",
    "建设路",
    "金桥路",
    "银杉路",
    "长兴路",
    "新塘路",
    "园区路",
)
PARKS = ("经济技术开发区", "高新技术产业开发区", "工业园", "产业园")

#: Median revenue per employee (yuan per year) by chain; demo assumption.
PRODUCTIVITY: dict[str, float] = {
    "construction-machinery": 700_000,
    "rail-transit": 550_000,
    "aero-engine-aerospace": 450_000,
    "secure-computing": 600_000,
    "new-display": 550_000,
    "energy-storage-materials": 900_000,
    "hard-materials": 500_000,
    "power-transmission": 650_000,
    "nev-icv": 700_000,
    "biomedicine": 500_000,
    "petrochemical": 1_500_000,
}
CREDIT_GRADES = ("AAA", "AA", "A", "BBB", "BB", "B", "C")
CREDIT_WEIGHTS = {
    "micro": (1, 5, 20, 35, 25, 10, 4),
    "small": (3, 15, 35, 30, 12, 4, 1),
    "medium": (10, 30, 35, 18, 5, 2, 0),
    "large": (30, 40, 20, 8, 2, 0, 0),
}
UPSTREAM_SUFFIX = "，为省内外主机厂配套"


@dataclass
class FirmSpec:
    """Everything needed to persist one demo enterprise."""

    name: str
    city: str
    county: str
    chain: str
    segments: list[str]
    industry: str
    employees: int
    revenue: Decimal
    size_class: str
    specialized: str
    high_tech: bool
    single_champion: bool
    credit: str
    certifications: list[str]
    products: str
    founded: int
    address: str
    contact_name: str
    contact_phone: str
    whitelist_batch: int | None = None
    verified: bool = True


def _cum(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


class FirmFactory:
    """Draws plausible enterprises for Hunan's chains from a seeded random generator."""

    def __init__(
        self, rng: random.Random, counties: dict[str, list[tuple[str, str]]], city_names: dict[str, str], year: int
    ) -> None:
        self.rng = rng
        self.counties = counties  # city adcode → [(county adcode, county name)]
        self.city_names = city_names
        self.year = year
        self.names: set[str] = set()
        self.slugs = list(CHAIN_DEMO)
        self.chain_cum = _cum([CHAIN_DEMO[s].weight for s in self.slugs])
        self.cities = list(CITY_WEIGHTS)
        self.city_cum = {
            slug: _cum([CITY_WEIGHTS[c] * CHAIN_DEMO[slug].city_boost.get(c, 1.0) for c in self.cities])
            for slug in self.slugs
        }
        self.segment_names = {
            slug: [n for n, s in CHAIN_DEMO[slug].segments.items() if s.weight > 0] for slug in self.slugs
        }
        self.segment_cum = {
            slug: _cum([CHAIN_DEMO[slug].segments[n].weight for n in self.segment_names[slug]]) for slug in self.slugs
        }
        self.county_names = {code: name for pairs in counties.values() for code, name in pairs}

    # --- choices -----------------------------------------------------------------------------
    def _pick(self, items: list[str], cum: list[float]) -> str:
        return items[bisect.bisect_right(cum, self.rng.random() * cum[-1])]

    def pick_chain(self) -> str:
        """A chain slug, weighted by the chain's share of demo enterprises."""
        return self._pick(self.slugs, self.chain_cum)

    def pick_city(self, chain: str) -> str:
        """A Hunan city adcode, weighted by city size and the chain's home cities."""
        return self._pick(self.cities, self.city_cum[chain])

    def pick_county(self, chain: str, city: str) -> str:
        """A county of ``city``: a chain's hot spot (e.g. 宁乡 for batteries) or any at random."""
        roll = self.rng.random()
        for county, probability in CHAIN_DEMO[chain].hot_counties.items():
            if county[:4] == city[:4]:
                if roll < probability:
                    return county
                roll -= probability
        return self.rng.choice(self.counties[city])[0]

    def pick_segments(self, chain: str) -> list[str]:
        """One segment (weighted), sometimes two."""
        names = self.segment_names[chain]
        first = self._pick(names, self.segment_cum[chain])
        if len(names) > 1 and self.rng.random() < 0.2:
            second = self.rng.choice([n for n in names if n != first])
            return [first, second]
        return [first]

    # --- attributes ----------------------------------------------------------------------------
    def employees(self) -> int:
        """Employees drawn from a mixture skewed to small firms."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.22:
            return rng.randint(3, 19)
        if roll < 0.72:
            return 20 + int(rng.random() ** 2 * 280)
        if roll < 0.95:
            return 300 + int(rng.random() ** 1.5 * 700)
        return 1000 + int(rng.random() ** 2 * 7000)

    def revenue(self, chain: str, employees: int) -> Decimal:
        """Revenue consistent with headcount: employees × productivity (log-normal), in whole 万."""
        per_head = PRODUCTIVITY[chain] * math.exp(self.rng.gauss(0, 0.45))
        return Decimal(max(10, round(employees * per_head / 10_000)) * 10_000)

    def specialized(self, size: str) -> str:
        """专精特新 level: most none, some innovative/provincial, few national (SMEs only)."""
        roll = self.rng.random()
        if size in ("small", "medium"):
            for level, p in (("national", 0.05), ("provincial", 0.13), ("innovative", 0.18)):
                if roll < p:
                    return level
                roll -= p
        elif size == "micro":
            if roll < 0.02:
                return "provincial"
            if roll < 0.10:
                return "innovative"
        return "none"

    def certifications(self, chain: ChainDemo, slug: str, segments: list[SegmentDemo], size: str) -> list[str]:
        """ISO management systems plus the certifications typical of the chain and segment."""
        rng = self.rng
        certs: list[str] = []
        if rng.random() < (0.55 if size == "micro" else 0.88):
            certs.append("ISO 9001")
        heavy = slug in ("petrochemical", "energy-storage-materials", "hard-materials")
        if rng.random() < (0.7 if heavy else 0.4):
            certs.append("ISO 14001")
        if rng.random() < (0.55 if heavy else 0.3):
            certs.append("ISO 45001")
        for segment in segments:
            certs += [c for c in segment.certs if rng.random() < (0.5 if c == "TSG" else 0.75)]
        certs += [c for c in chain.extra_certs if rng.random() < 0.25]
        return list(dict.fromkeys(certs))

    def products(self, chain: str, segments: list[SegmentDemo], upstream: bool) -> str:
        """Chinese products text from the segments' product lists."""
        rng = self.rng
        items = rng.sample(segments[0].products, k=min(len(segments[0].products), rng.randint(2, 3)))
        if len(segments) > 1 and segments[1].products:
            items.append(rng.choice(segments[1].products))
        text = "、".join(dict.fromkeys(items))
        return text + UPSTREAM_SUFFIX if upstream and rng.random() < 0.4 else text

    def company_name(self, city: str, words: tuple[str, ...], size: str) -> str:
        """City (or 湖南) + two-character 字号 + product word + legal suffix, unique in this run."""
        rng = self.rng
        for attempt in range(50):
            prefix = "湖南" if rng.random() < 0.15 else CITY_SHORT[city]
            zihao = "".join(rng.sample(ZIHAO_CHARS, k=3 if attempt > 20 else 2))
            word = rng.choice(words)
            if word.endswith(("科技", "服务", "工程", "技术")):
                suffix = "有限公司"
            elif size in ("medium", "large") and rng.random() < 0.3:
                suffix = "股份有限公司"
            else:
                suffix = rng.choices(("有限公司", "科技有限公司", "制造有限公司"), weights=(5, 4, 1))[0]
                if word.endswith("制造"):
                    suffix = "有限公司"
            name = f"{prefix}{zihao}{word}{suffix}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("无法生成不重复的企业名称")

    def whitelist_batch(self, specialized: str, size: str, credit: str) -> int | None:
        """About 15% of firms are on a white-list batch, better firms more often."""
        p = (
            0.07
            + 0.12 * (specialized != "none")
            + 0.08 * (size in ("medium", "large"))
            + 0.05 * (credit in ("AAA", "AA"))
        )
        if self.rng.random() >= p:
            return None
        return self.rng.choices((1, 2, 3, 4), weights=(4, 3, 3, 2))[0]

    # --- the firm ------------------------------------------------------------------------------
    def make(
        self,
        chain: str | None = None,
        city: str | None = None,
        county: str | None = None,
        segments: list[str] | None = None,
        verified: bool = True,
    ) -> FirmSpec:
        """One enterprise; any of chain, city, county and segments may be imposed."""
        rng = self.rng
        chain = chain or self.pick_chain()
        spec = CHAIN_DEMO[chain]
        city = city or self.pick_city(chain)
        county = county or self.pick_county(chain, city)
        segments = segments or self.pick_segments(chain)
        seg_specs = [spec.segments[n] for n in segments]
        employees = max(self.employees(), seg_specs[0].min_staff + rng.randint(0, seg_specs[0].min_staff))
        revenue = self.revenue(chain, employees)
        size = size_class(employees, revenue)
        specialized = self.specialized(size) if verified else "none"
        credit = rng.choices(CREDIT_GRADES, weights=CREDIT_WEIGHTS[size])[0]
        if (size in ("micro", "small") and rng.random() < 0.05) or not verified:
            credit = ""
        upstream_words = {"液压件", "发动机", "底盘", "结构件"}
        age_range = {"micro": (1, 10), "small": (3, 20), "medium": (8, 30), "large": (12, 40)}[size]
        return FirmSpec(
            name=self.company_name(city, seg_specs[0].words, size),
            city=city,
            county=county,
            chain=chain,
            segments=segments,
            industry=rng.choice(seg_specs[0].codes),
            employees=employees,
            revenue=revenue,
            size_class=size,
            specialized=specialized,
            high_tech=rng.random() < (0.7 if specialized != "none" else 0.25),
            single_champion=(specialized == "national" and rng.random() < 0.08)
            or (size == "large" and rng.random() < 0.03),
            credit=credit,
            certifications=self.certifications(spec, chain, seg_specs, size),
            products=self.products(chain, seg_specs, bool(upstream_words & set(segments))),
            founded=self.year - rng.randint(*age_range),
            address=f"湖南省{self.city_names[city]}{self.county_names[county]}{rng.choice(PARKS)}"
            f"{rng.choice(ROADS)}{rng.randint(1, 399)}号",
            contact_name=person_name(rng),
            contact_phone=mobile(rng),
            whitelist_batch=self.whitelist_batch(specialized, size, credit) if verified else None,
            verified=verified,
        )
