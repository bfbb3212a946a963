"""Helpers shared by the white-list tests (no tests here): the fixture file, the firms it refers
to, and builders for CSV and .xlsx uploads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from enterprises.models import Organization, WhitelistBatch, WhitelistEntry
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = ["统一社会信用代码", "企业名称", "所在城市", "所属产业链", "推荐部门"]

#: The registered firms of the fixture file: code → (name on the platform, adcode).
FIRMS = {
    "9143020000000YGWU9": ("株洲华锐精密制造有限公司", "430200"),
    "9143010000000YGWW7": ("长沙轨道装备有限公司", "430100"),  # the file says 股份有限公司
    "9143030000000YGWXL": ("湘潭电机配套有限公司", "430300"),
    "9143020000000YGX0N": ("株洲已在名单有限公司", "430200"),
    "9143060000000YGX1E": ("岳阳未知产业链有限公司", "430600"),
    "9143060000000YGX2H": ("岳阳外省城市有限公司", "430600"),
    "9143310000000YGX43": ("湘西民族药业有限公司", "433100"),
    "9143020000000YGX56": ("株洲小写代码有限公司", "430200"),
}
UNKNOWN_CODE = "9143040000000YGX3A"  # row 12: not on the platform
LISTED_CODE = "9143020000000YGX0N"  # row 9: in published batch 2

#: The exact report of the fixture under the ``create`` policy: (row, status, error).
EXPECTED_CREATE = [
    (3, "ok", False), (4, "ok", False), (5, "ok", False), (6, "invalid_uscc", True), (7, "invalid_uscc", True),
    (8, "duplicate_in_file", True), (9, "already_listed", True), (10, "unknown_chain", True),
    (11, "unknown_region", True), (12, "unknown_org", False), (14, "ok", False), (15, "ok", False),
]
EXPECTED_REJECT = [(r, s, True) if s == "unknown_org" else (r, s, e) for r, s, e in EXPECTED_CREATE]
COUNTS_CREATE = {"ok": 5, "invalid_uscc": 2, "duplicate_in_file": 1, "invalid_name": 0, "already_listed": 1,
                 "unknown_region": 1, "unknown_chain": 1, "unknown_org": 1, "total": 12, "errors": 6}


def mixed_text() -> str:
    """The fixture file's text (it is stored as UTF-8 with a BOM)."""
    return (FIXTURES / "whitelist_mixed.csv").read_text(encoding="utf-8-sig")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def csv_bytes(rows: list[list[object]], header: list[str] | None = None, encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    """An .xlsx whose first sheet holds ``rows`` from A1 (an empty list is a blank row)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value not in (None, ""):
                sheet.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def fixture_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(mixed_text())))


def make_world() -> dict[str, Organization]:
    """The firms the fixture refers to (verified, each with an owner), and published batch 2
    listing the firm of row 9. Returns code → organization."""
    orgs = {}
    for code, (name, adcode) in FIRMS.items():
        user = factories.enterprise(uscc=code, name=name, region=factories.region(adcode))
        orgs[code] = user.membership.organization
    batch2 = WhitelistBatch.objects.create(number=2, title="湖南省产融合作制造业企业白名单（第2批）",
                                           published_at=timezone.now())
    WhitelistEntry.objects.create(batch=batch2, organization=orgs[LISTED_CODE], uscc=LISTED_CODE,
                                  name=FIRMS[LISTED_CODE][0])
    return orgs


def pairs(report: list[dict]) -> list[tuple[int, str, bool]]:
    return [(r["row"], r["status"], r["error"]) for r in report]


def clean_rows(codes: list[str], city: str = "株洲市", chain: str = "工程机械") -> list[list[object]]:
    return [[code, f"白名单测试企业{i}有限公司", city, chain, "株洲市工业和信息化局"] for i, code in enumerate(codes)]
