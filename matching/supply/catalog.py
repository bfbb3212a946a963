"""A supply world in a file — firms, what they make, what they buy — loaded into the database.

The world is ``benchmarks/judged/supply/world.json``: realistic Hunan firms, capabilities and
sourcing needs written by a domain expert, frozen for the relevance judgements (``make eval``) and
used as the supply demo (``seed_supply``). Loading never writes the file. Firms become verified
enterprises in their city with a profile (size, 专精特新 level, white list, chain segment) and,
for the demo, an owner who can sign in; capabilities and needs become rows with the same text
the portal stores. Keys of the file (``f001``, ``c001``, ``n001``) map to database ids in the
returned :class:`Loaded`.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from enterprises.demo.codes import UsccFactory
from enterprises.models import ChainSegment, EnterpriseProfile, Membership, Organization, Region, User
from enterprises.models.profiles import Certification, WhitelistBatch
from enterprises.sizing import size_class
from matching.supply.models import ProductCategory, SourcingNeed, SupplyCapability
from matching.supply.services import offer_text

JUDGED = Path(__file__).resolve().parents[2] / "benchmarks" / "judged"

#: Spellings a firm may type for a certification the portal knows.
CERT_ALIASES = {"AS9100D": "AS9100", "ISO9001": "ISO 9001", "IATF16949": "IATF 16949", "ISO13485": "ISO 13485",
                "ISO14001": "ISO 14001", "ISO45001": "ISO 45001", "EN15085": "EN 15085"}


@dataclass
class Loaded:
    """Database ids by the world's keys, and back."""

    firms: dict[str, int] = field(default_factory=dict)
    capabilities: dict[str, int] = field(default_factory=dict)
    needs: dict[str, int] = field(default_factory=dict)

    def capability_key(self) -> dict[int, str]:
        return {v: k for k, v in self.capabilities.items()}

    def need_key(self) -> dict[int, str]:
        return {v: k for k, v in self.needs.items()}


def read_world(domain: str = "supply") -> dict[str, Any]:
    return json.loads((JUDGED / domain / "world.json").read_text(encoding="utf-8"))


def _certs(values: list[str]) -> list[str]:
    known = set(Certification.values)
    out = []
    for v in values or ():
        v = CERT_ALIASES.get(v.replace(" ", ""), CERT_ALIASES.get(v, v))
        if v in known and v not in out:
            out.append(v)
    return out


def _region(adcode: str) -> str:
    """The adcode when loaded, else its prefecture's, else its province's (reference data is coarse
    outside Hunan)."""
    for code in (adcode, adcode[:4] + "00", adcode[:2] + "0000"):
        if Region.objects.filter(pk=code).exists():
            return code
    raise ValueError(f"unknown region {adcode}")


@transaction.atomic
def load_world(world: dict[str, Any], *, seed: int = 2026, email_domain: str = "",
               owners: bool = False, batch: WhitelistBatch | None = None) -> Loaded:
    """Create the world's firms, capabilities and needs (in one transaction); needs' dates are
    counted from today. ``owners``: each firm gets an owner (``supply<key>``, unusable password)
    and a contact e-mail at ``email_domain``; white-listed firms join ``batch`` (a batch of their
    own by default). Returns the key → id maps."""
    out = Loaded()
    now = timezone.now()
    usccs = UsccFactory(random.Random(seed), set(Organization.objects.values_list("uscc", flat=True)))
    if batch is None:
        batch, _created = WhitelistBatch.objects.get_or_create(number=90,
                                                               defaults={"title": "评测白名单", "published_at": now})
    segments = {(s.chain.slug, s.name): s for s in ChainSegment.objects.select_related("chain")}
    for firm in world["firms"]:
        region = _region(firm["city"])
        email = f"supply{firm['key'][1:]}@{email_domain}" if email_domain else ""
        org = Organization.objects.create(
            kind=Organization.Kind.ENTERPRISE, name=firm["name"], uscc=usccs.make(region[:4] + "00"),
            region_id=region, verification=Organization.Verification.VERIFIED, verified_at=now,
            contact_name=firm.get("contact") or "采购部", contact_phone=firm.get("phone") or "0731-00000000",
            contact_email=email)
        if owners:
            user = User.objects.create(username=f"supply{firm['key'][1:]}", kind=User.Kind.ENTERPRISE, email=email,
                                       password="!demo-unusable")
            Membership.objects.create(user=user, organization=org, role=Membership.Role.OWNER)
        revenue = Decimal(firm.get("revenue_wan") or 0) * 10_000
        profile = EnterpriseProfile.objects.create(
            organization=org, employees=firm.get("employees"), annual_revenue=revenue,
            size_class=size_class(firm.get("employees"), revenue),
            specialized_level=firm.get("specialized_level") or "none",
            whitelist_batch=batch if firm.get("whitelisted") else None,
            certifications=_certs(firm.get("certifications")))
        segment = segments.get((firm.get("chain") or "", firm.get("segment") or ""))
        if segment is not None:
            profile.chain_segments.add(segment)
        out.firms[firm["key"]] = org.pk
    out.capabilities = load_capabilities(world["capabilities"], out.firms)
    out.needs = load_needs(world["needs"], out.firms)
    return out


def load_capabilities(rows: list[dict[str, Any]], firms: dict[str, int]) -> dict[str, int]:
    """Create capabilities written as in the world file for the firms in ``firms`` (key → id);
    one statement. Returns their ids by key."""
    categories = {c.code: c for c in ProductCategory.objects.all()}
    caps = []
    for c in rows:
        cap = SupplyCapability(
            enterprise_id=firms[c["firm"]], category=categories[c["class"]], title=c["title"],
            description=c.get("description") or "", materials=c.get("materials") or [],
            processes=c.get("processes") or [], specs=c.get("specs") or [],
            certifications=_certs(c.get("certifications")),
            capacity_per_month=c.get("capacity_per_month"), unit=c.get("unit") or "",
            lead_time_days=c.get("lead_time_days"),
            regions_served=[_region(r) for r in c.get("regions_served") or []],
            sample_ability=bool(c.get("sample_ability")))
        cap.search_text = offer_text(cap)
        caps.append(cap)
    return {c["key"]: cap.pk for c, cap in zip(rows, SupplyCapability.objects.bulk_create(caps), strict=True)}


def load_needs(rows: list[dict[str, Any]], firms: dict[str, int]) -> dict[str, int]:
    """Create sourcing needs written as in the world file (``needed_in_days`` from today) for the
    firms in ``firms``; one statement. Returns their ids by key."""
    categories = {c.code: c for c in ProductCategory.objects.all()}
    needs = []
    for n in rows:
        days = n.get("needed_in_days")
        need = SourcingNeed(
            enterprise_id=firms[n["firm"]], category=categories[n["class"]], title=n["title"],
            description=n.get("description") or "", materials=n.get("materials") or [],
            processes=n.get("processes") or [], specs=n.get("specs") or [], quantity=n.get("quantity"),
            unit=n.get("unit") or "", required_certifications=_certs(n.get("required_certifications")),
            needed_by=(timezone.localdate() + timedelta(days=days)) if days is not None else None,
            max_distance=n.get("max_distance") or "province")
        need.search_text = offer_text(need)
        needs.append(need)
    return {n["key"]: need.pk for n, need in zip(rows, SourcingNeed.objects.bulk_create(needs), strict=True)}
