"""A deterministic synthetic world at scale N for the matching benchmark.

``build_world(n, seed)`` creates, in one transaction and with ``COPY``: the demo parties
(banks, providers) and N verified enterprises over Hunan's 14 cities and their counties
(``enterprises.demo.world.DemoWorld``), then per domain N needs and N offers:

- financing: N loan requests (one per enterprise) and N bank products spread over the 7 banks —
  most target one county or one city (branch products), some the whole province;
- supply: N sourcing needs and N capabilities filed under GB/T 4754 classes drawn to follow the
  demo supply world's class distribution (an enterprise mostly in its chain's classes), with
  text, materials, processes and specifications recombined from the demo's rows of the same
  class (:mod:`matching.bench.vocab`), and ``search_text`` tokenized as the portal stores it
  (``matching.supply.services.offer_text``).

The same ``(n, seed)`` always gives the same rows (ids depend on the database's sequences).
:func:`supply_classes` describes the classes a built world uses, against the demo's.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import jieba
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from enterprises.demo.fastcopy import copy_insert
from enterprises.demo.world import DemoWorld
from enterprises.models import EnterpriseProfile, Organization, Region
from matching.bench.vocab import CERTS, Side, Vocabulary, demo_vocabulary, draw_classes, shares, total_variation
from matching.engine.text import tokens
from matching.financing.models import FinancingProduct, FinancingRequest
from matching.supply.categories import CLASS, Taxonomy
from matching.supply.models import ProductCategory, SourcingNeed, SupplyCapability

COLLATERALS = ("real_estate", "equipment", "receivables", "ip", "guarantee", "deposit")
PRODUCT_TYPES = ("credit", "mortgage", "guarantee", "supply_chain", "ip_pledge", "tech")
PURPOSES = ("working_capital", "equipment", "tech_upgrade", "rnd", "expansion", "orders")


@dataclass
class WorldSummary:
    scale: int
    seed: int
    enterprises: int = 0
    financing_needs: int = 0
    financing_offers: int = 0
    supply_needs: int = 0
    supply_offers: int = 0


#: jieba's blocks: it segments each run of Han characters, letters and digits on its own and
#: yields every other character alone, so a text's tokens are its blocks' tokens, in order.
_BLOCKS = jieba.re_han_default


@lru_cache(maxsize=200_000)
def _tokens(block: str) -> tuple[str, ...]:
    return tuple(tokens(block))


def offer_search_text(title: str, description: str, materials: list[str], processes: list[str],
                      specs: list[str]) -> str:
    """What ``matching.supply.services.offer_text`` stores for a row with these fields (the same
    text, the same tokenizer), segmenting each jieba block once per process: blocks repeat a lot
    in a world recombined from a few hundred rows."""
    text = " ".join(p for p in (title, description, " ".join(materials), " ".join(processes), " ".join(specs)) if p)
    seen: dict[str, None] = {}
    for block in _BLOCKS.split(text):
        if block:
            for token in _tokens(block):
                seen.setdefault(token, None)
    return " ".join(seen)


class BenchWorld:
    """Generates the rows; :func:`build_world` persists them."""

    def __init__(self, n: int, seed: int) -> None:
        self.n, self.seed = n, seed
        self.rng = random.Random(seed * 7919 + n)
        self.now = timezone.now()
        self.today = date.today()

    def load_lookups(self) -> None:
        ents = list(Organization.objects.filter(kind="enterprise", verification="verified")
                    .order_by("id").values_list("id", "region_id", "region__parent_id"))
        self.enterprises = ents
        self.banks = list(Organization.objects.filter(kind="bank").order_by("id").values_list("id", flat=True))
        chains: dict[int, str] = {}
        for org_id, slug in (EnterpriseProfile.objects.filter(organization_id__in=[e[0] for e in ents])
                             .values_list("organization_id", "chain_segments__chain__slug")):
            if slug and org_id not in chains:
                chains[org_id] = slug
        self.chain_of = chains
        classes = ProductCategory.objects.filter(level=CLASS).values_list("code", flat=True)
        self.vocab: Vocabulary = demo_vocabulary(frozenset(classes))
        self.cities = sorted(Region.objects.filter(parent_id="430000").values_list("adcode", flat=True))
        self.counties = sorted(Region.objects.filter(parent_id__in=self.cities).values_list("adcode", flat=True))
        self.chain_ids = sorted(EnterpriseProfile.chain_segments.field.related_model.objects
                                .values_list("chain_id", flat=True).distinct())
        self.industries = sorted({i for i in EnterpriseProfile.objects.filter(organization_id__in=[e[0] for e in
                                  ents[:2000]]).values_list("industry_id", flat=True) if i})

    def classes_for(self, side: Side, org_ids: list[int]) -> list[str]:
        """A GB/T 4754 class per row, following the demo world's classes of ``side`` (an
        enterprise mostly in its chain's classes)."""
        return draw_classes(self.rng, side, [self.chain_of.get(org_id, "") for org_id in org_ids])

    # ---- financing ------------------------------------------------------------------------
    def products(self) -> list[dict]:
        rng, out = self.rng, []
        for i in range(self.n):
            lo = Decimal(int(10 ** rng.uniform(5, 7)) // 10000 * 10000 + 10000)
            hi = (lo * Decimal(10 ** rng.uniform(0.5, 1.5))).quantize(Decimal(1))
            t_lo = rng.choice((1, 3, 6, 12))
            r_lo = Decimal(rng.randint(300, 550)) / 100
            reach = rng.random()
            regions = ([rng.choice(self.counties)] if reach < 0.75 else [rng.choice(self.cities)] if reach < 0.97
                       else [])
            coll = rng.random()
            collateral = ([] if coll < 0.3 else ["none"] if coll < 0.5
                          else sorted(rng.sample(COLLATERALS, rng.randint(1, 2))))
            out.append({
                "bank_id": self.banks[i % len(self.banks)], "name": f"产品{i:06d}", "type": rng.choice(PRODUCT_TYPES),
                "description": "", "amount_min": lo, "amount_max": hi, "term_min": t_lo,
                "term_max": rng.choice((12, 24, 36, 60)), "rate_min": r_lo,
                "rate_max": r_lo + Decimal(rng.randint(50, 300)) / 100, "collateral": collateral, "regions": regions,
                "chains": [rng.choice(self.chain_ids)] if self.chain_ids and rng.random() < 0.3 else [],
                "industries": [rng.choice(self.industries)] if self.industries and rng.random() < 0.1 else [],
                "whitelist_only": rng.random() < 0.1,
                "min_specialized_level": "none" if rng.random() < 0.85 else rng.choice(("innovative", "provincial")),
                "min_credit_rating": "" if rng.random() < 0.7 else rng.choice(("A", "BBB", "AA")),
                "min_years": rng.choice((0, 0, 1, 2, 3)),
                "min_revenue": Decimal(0) if rng.random() < 0.8 else Decimal(5_000_000),
                "approval_days": rng.randint(3, 20), "active": True,
            })  # fmt: skip
        return out

    def requests(self) -> list[dict]:
        rng, out = self.rng, []
        for i in range(self.n):
            org_id = self.enterprises[i % len(self.enterprises)][0]
            coll = sorted(rng.sample(COLLATERALS, rng.randint(0, 2)))
            out.append({
                "enterprise_id": org_id, "amount": Decimal(int(10 ** rng.uniform(5.3, 7.3)) // 10000 * 10000),
                "term": rng.choice((6, 12, 12, 24, 36)), "purpose": rng.choice(PURPOSES), "purpose_detail": "",
                "collateral": coll, "max_rate": None if rng.random() < 0.5 else Decimal(rng.randint(400, 800)) / 100,
                "urgency": rng.choice(("low", "normal", "high")), "status": "open",
            })  # fmt: skip
        return out

    # ---- supply ---------------------------------------------------------------------------
    def capabilities(self) -> list[dict]:
        rng, out = self.rng, []
        firms = [self.enterprises[(i * 7 + 3) % len(self.enterprises)] for i in range(self.n)]
        classes = self.classes_for(self.vocab.capabilities, [firm[0] for firm in firms])
        for (org_id, _county, city), code in zip(firms, classes, strict=True):
            text = self.vocab.capability_text(rng, code)
            out.append({
                "enterprise_id": org_id, "category_id": code, **text,
                "certifications": sorted(rng.sample(CERTS, rng.randint(0, 2))),
                "capacity_per_month": Decimal(rng.choice((200, 500, 1000, 5000, 20000))) if rng.random() < 0.8
                else None, "lead_time_days": rng.randint(5, 60) if rng.random() < 0.85
                else None, "regions_served": [] if rng.random() < 0.85 else [city],
                "sample_ability": rng.random() < 0.4, "active": True, "search_text": _search_text(text),
            })  # fmt: skip
        return out

    def needs(self) -> list[dict]:
        rng, out = self.rng, []
        firms = [self.enterprises[(i * 13 + 5) % len(self.enterprises)][0] for i in range(self.n)]
        for org_id, code in zip(firms, self.classes_for(self.vocab.needs, firms), strict=True):
            text = self.vocab.need_text(rng, code)
            dist = rng.random()
            out.append({
                "enterprise_id": org_id, "category_id": code, **text,
                "quantity": Decimal(rng.choice((50, 100, 500, 2000))) if rng.random() < 0.7 else None,
                "required_certifications": [rng.choice(CERTS[:2])] if rng.random() < 0.2
                else [], "needed_by": self.today + timedelta(days=rng.randint(10, 90)) if rng.random() < 0.6
                else None, "max_distance": "city" if dist < 0.25 else "province" if dist < 0.8 else "any",
                "status": "open", "search_text": _search_text(text),
            })  # fmt: skip
        return out


def _search_text(text: dict) -> str:
    return offer_search_text(text["title"], text["description"], text["materials"], text["processes"],
                             text["specs"])


def build_world(n: int, seed: int = 2026) -> WorldSummary:
    """Create the benchmark world at scale ``n`` in an empty (migrated) database."""
    summary = WorldSummary(scale=n, seed=seed)
    with transaction.atomic():
        DemoWorld(scale=n, seed=seed, talents=1, pending=0).build()
        world = BenchWorld(n, seed)
        world.load_lookups()
        summary.enterprises = len(world.enterprises)
        for model, rows in ((FinancingProduct, world.products()), (FinancingRequest, world.requests()),
                            (SupplyCapability, world.capabilities()), (SourcingNeed, world.needs())):
            copy_insert(model, rows, world.now)
        summary.financing_offers = summary.financing_needs = summary.supply_offers = summary.supply_needs = n
    with connection.cursor() as cursor:
        for table in ("matching_financingproduct", "matching_financingrequest", "matching_supplycapability",
                      "matching_sourcingneed", "enterprises_organization", "enterprises_enterpriseprofile"):
            cursor.execute(f"ANALYZE {table}")
    return summary


def _class_counts(model: type[SupplyCapability] | type[SourcingNeed]) -> Counter[str]:
    """Rows per GB/T 4754 class (a product group counts as its class, a group-level category as itself)."""
    taxonomy = Taxonomy.load()
    out: Counter[str] = Counter()
    for category, count in model.objects.values_list("category_id").annotate(n=Count("id")):
        out[taxonomy.place(category)[2] or category] += count
    return out


def class_figures(bench: Counter[str], demo: dict[str, float], names: dict[str, str], top: int = 10) -> dict:
    """Distinct classes, the ``top`` largest with their shares (and the demo's), the largest
    share, and the total-variation distance to the demo's distribution."""
    mine = shares(bench)
    ranked = sorted(mine.items(), key=lambda kv: (-kv[1], kv[0]))
    return {"rows": sum(bench.values()), "classes": len(mine), "demo_classes": len(demo),
            "largest_share": round(ranked[0][1], 4) if ranked else 0.0,
            "tv_vs_demo": round(total_variation(mine, demo), 4),
            "top": [{"class": code, "name": names.get(code, ""), "share": round(share, 4),
                     "demo_share": round(demo.get(code, 0.0), 4)} for code, share in ranked[:top]]}


def supply_classes() -> dict:
    """How the built world's capabilities and needs spread over GB/T 4754 classes, against the
    demo supply world's (``benchmarks/judged/supply/world.json``)."""
    classes = ProductCategory.objects.filter(level=CLASS)
    names = dict(classes.values_list("code", "name"))
    vocab = demo_vocabulary(frozenset(names))
    return {"capabilities": class_figures(_class_counts(SupplyCapability), vocab.capabilities.shares(), names),
            "needs": class_figures(_class_counts(SourcingNeed), vocab.needs.shares(), names)}
