"""Where firms sit on Hunan's industrial chains, and how far apart they are: the chain segments of
enterprises (one query), chain adjacency (a supplier upstream of the buyer), great-circle distance."""

from __future__ import annotations

import math

import numpy as np
from django.db import connection

from enterprises.models import ChainSegment, EnterpriseProfile, IndustrialChain

POSITIONS = {"upstream": 0, "midstream": 1, "downstream": 2}
POSITION_LABEL = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}


def haversine_km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    r = 6371.0
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(lon2) - math.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * r * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def chain_segments(enterprise_ids: set[int] | None) -> dict[int, list[tuple[int, str, str, str]]]:
    """Chain segments per enterprise (all enterprises when ``enterprise_ids`` is None)."""
    out: dict[int, list[tuple[int, str, str, str]]] = {}
    if enterprise_ids is not None and not enterprise_ids:
        return out
    # one array parameter instead of thousands of placeholders; ChainSegment's own ordering
    link, profile = EnterpriseProfile.chain_segments.through._meta.db_table, EnterpriseProfile._meta.db_table
    segment, chain = ChainSegment._meta.db_table, IndustrialChain._meta.db_table
    where = "" if enterprise_ids is None else "WHERE p.organization_id = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT p.organization_id, s.chain_id, c.name, s.name, s.position
                           FROM {link} l JOIN {profile} p ON p.id = l.enterpriseprofile_id
                           JOIN {segment} s ON s.id = l.chainsegment_id JOIN {chain} c ON c.id = s.chain_id
                           {where} ORDER BY s.chain_id, s."order", s.id""",
                       [] if enterprise_ids is None else [list(enterprise_ids)])
        rows = cursor.fetchall()
    for org_id, chain_id, chain_name, seg_name, position in rows:
        out.setdefault(org_id, []).append((chain_id, chain_name, seg_name, position))
    return out


def chain_fit(buyer: list[tuple], supplier: list[tuple]) -> tuple[float, str]:
    """1.0 when a supplier segment is upstream of a buyer segment in the same chain; 0.6 in the
    same chain; 0.3 otherwise — with the Chinese line that says which."""
    best, note = 0.3, "产业链位置: 不在同一产业链"
    for chain_id, chain_name, seg_name, position in supplier:
        for b_chain, _b_name, _b_seg, b_position in buyer:
            if chain_id != b_chain:
                continue
            if POSITIONS[position] < POSITIONS[b_position]:
                return 1.0, f"{POSITION_LABEL[position]}: {chain_name}-{seg_name}"
            if best < 0.6:
                best, note = 0.6, f"同链配套: {chain_name}-{seg_name}"
    return best, note


class ChainNotes:
    """The chain-position line of each candidate, computed on access (only the kept top-k)."""

    def __init__(self, buyer: list[tuple], segments: dict[int, list[tuple]], enterprise_ids: np.ndarray) -> None:
        self.buyer, self.segments, self.orgs = buyer, segments, enterprise_ids

    def __len__(self) -> int:
        return len(self.orgs)

    def __getitem__(self, i: int) -> str:
        return chain_fit(self.buyer, self.segments.get(int(self.orgs[i]), []))[1]
