"""White-list uploads and CSV exports under arbitrary input: a file is read or refused with a
Chinese message (never another error); no exported cell can run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice import importing
from backoffice.importing import FileRejected
from backoffice.selectors_stats import csv_bytes
from backoffice.views.whitelist import csv_safe
from tests.properties import DB_PROFILE, PROFILE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER = ["统一社会信用代码", "企业名称", "所在城市", "所属产业链", "推荐部门"]
CJK = re.compile(r"[\u4e00-\u9fff]")
# Cell text as departments type it: Chinese, Latin, digits, punctuation, formula starters.
cell_text = st.text(alphabet="湖南株洲长沙湘潭企业有限公司机械ABCxyz0123456789 ,.\"'=+-@()（）", max_size=20)


def read(name: str, data: bytes) -> list:
    """What the upload does before storing a file, then what the job does with it."""
    importing.check_size(len(data))
    kind = importing.file_kind(name, data[:8192])
    importing.inspect(io.BytesIO(data), kind)
    return list(importing.source_rows(io.BytesIO(data), kind))


def xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused_in_chinese(name: str, data: bytes) -> list | None:
    try:
        return read(name, data)
    except FileRejected as exc:
        assert CJK.search(exc.message) and exc.code, exc.message
        return None


names = st.sampled_from(["名单.csv", "名单.CSV", "名单.xlsx", "名单.xls", "名单.txt", "名单", "a.csv.exe"])
blobs = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),  # looks like a zip, is not
    st.text(max_size=500).map(lambda t: t.encode("utf-8")),
    st.text(max_size=300).map(lambda t: t.encode("utf-16")),
)


@settings(PROFILE)
@given(names, blobs)
def test_any_file_is_read_or_refused_with_a_chinese_message(name, data):
    rows = refused_in_chinese(name, data)
    if rows is not None:
        assert name.lower().endswith((".csv", ".xlsx"))


@settings(PROFILE)
@given(st.binary(min_size=1, max_size=300))
def test_a_zip_that_is_not_a_workbook_is_refused_as_xlsx(junk):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", junk)
    with pytest.raises(FileRejected) as exc:
        read("名单.xlsx", out.getvalue())
    assert exc.value.code == "file_type"


@settings(PROFILE)
@given(st.lists(st.lists(cell_text, min_size=5, max_size=5), min_size=1, max_size=8),
       st.sampled_from(["csv-utf-8-sig", "csv-gb18030", "xlsx"]))
def test_well_formed_files_read_back_cell_for_cell(rows, form):
    rows = [[c if c.strip() else "x" for c in row] for row in rows]  # no blank rows or cells
    if form == "xlsx":
        name, data = "名单.xlsx", xlsx([HEADER, *rows])
    else:
        text = io.StringIO()
        csv.writer(text).writerows([HEADER, *rows])
        name, data = "名单.csv", text.getvalue().encode(form[4:])
    read_rows = read(name, data)
    assert [[r.uscc, r.name, r.city, r.chain, r.department] for r in read_rows] == [
        [importing.cell_text(c) for c in row] for row in rows]
    assert [r.row for r in read_rows] == list(range(2, len(rows) + 2))  # numbered as the sheet shows


def test_too_large_and_empty_files_are_refused_in_chinese():
    with pytest.raises(FileRejected) as exc:
        importing.check_size(importing.MAX_BYTES + 1)
    assert exc.value.code == "file_size" and "文件过大" in exc.value.message
    with pytest.raises(FileRejected) as exc:
        importing.check_size(0)
    assert exc.value.code == "file_empty"


@settings(PROFILE)
@given(st.text(max_size=30))
def test_an_exported_cell_never_starts_like_a_formula(text):
    safe = csv_safe(text)  # the white-list report's cells
    assert not safe.startswith(FORMULA_START)
    document = csv_bytes(["c"], [[text]]).decode("utf-8-sig")  # the statistics exports
    _header, row = list(csv.reader(io.StringIO(document, newline="")))
    assert not row[0].startswith(FORMULA_START) and row[0] in (text, "'" + text)
    assert safe == text or safe == "'" + text  # nothing else changes


@pytest.mark.django_db
@settings(DB_PROFILE)
# Text as a decoded upload can hold it: no NUL (refused as not text), no lone surrogates.
@given(st.lists(st.tuples(*[st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]),
                                    max_size=20)] * 2),
                min_size=1, max_size=5))
def test_the_import_report_download_never_carries_a_formula(client, operator, cells):
    from backoffice.models import ImportJob

    job = ImportJob.objects.create(batch_number=3, file="imports/x.csv", original_name="x.csv", status="validated",
                                   report=[{"row": i + 2, "uscc": u, "name": n, "city": "=1+1", "chain": "@SUM(A1)",
                                            "department": "-1", "status": "ok", "message": "+cmd"}
                                           for i, (u, n) in enumerate(cells)])
    client.force_login(operator)
    response = client.get(f"/backoffice/whitelist/imports/{job.pk}/report.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == len(cells) + 1
    for row in rows:
        assert not any(cell.startswith(FORMULA_START) for cell in row), row


@pytest.mark.django_db
def test_a_nul_byte_deep_in_a_csv_is_not_a_crash(as_user, operator, settings, tmp_path):
    """The type check looks at the first 8 KB; a NUL further down is refused as not text too,
    not stored (PostgreSQL refuses NUL in text and JSON: the job failed "unexpectedly")."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    lines = ["统一社会信用代码,企业名称,所在城市"] + [f"91430200MA4L{i:05d}X,株洲企业{i},株洲市" for i in range(400)]
    data = ("\n".join([*lines, "9143020000000YGWU9,株洲\x00坏企业,株洲市"]) + "\n").encode("utf-8")
    assert data.index(b"\x00") > 8192
    response = as_user(operator).post("/api/v1/backoffice/whitelist-batches/", {
        "file": SimpleUploadedFile("名单.csv", data, content_type="text/csv"), "number": 5}, format="multipart")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["error"]["fields"]["file"] == ["文件扩展名为 .csv，但内容不是文本。"]
