"""Reading white-list files as city departments send them: CSV or Excel (.xlsx).

File parsing only — no database. A file is checked by extension *and* content (an .xlsx is a
zip holding ``xl/workbook.xml``; a CSV is text in UTF-8, UTF-8 with BOM, GBK/GB18030 or
UTF-16), its header row is found among the first rows (title lines above it are common) and
mapped case-, width- and space-insensitively, and every data row comes out as a
:class:`SourceRow` of plain text, numbered as a spreadsheet shows it (the header of a file
without title lines is row 1). Formulas are never evaluated: a cell holding ``=A1`` reads as
the text ``=A1``. Problems raise :class:`FileRejected` with a Chinese message; nothing here
writes anything.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from enterprises.models import IndustrialChain, Region

#: Upload size limit; ``QILIAN_IMPORT_MAX_MB`` in the settings (default 10).
MAX_BYTES = int(getattr(settings, "QILIAN_IMPORT_MAX_MB", 10)) * 1024 * 1024
MAX_ROWS = 50_000
#: An .xlsx may not unpack to more than this (a zip bomb is rejected before openpyxl sees it).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: The header row is looked for among this many first non-empty rows.
HEADER_SEARCH_ROWS = 10

KINDS = ("csv", "xlsx")

#: Field → accepted header spellings (compared after :func:`header_key`).
HEADERS: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "统一社会信用代码证号", "uscc",
             "creditcode", "unifiedsocialcreditcode"),
    "name": ("企业名称", "单位名称", "公司名称", "企业全称", "名称", "企业", "name", "companyname"),
    "city": ("所在城市", "所在市州", "所属市州", "市州", "城市", "地市", "所在地市", "所属城市", "地区", "所在地区",
             "行政区划代码", "city", "adcode"),
    "chain": ("所属产业链", "产业链", "产业链名称", "所在产业链", "chain"),
    "department": ("推荐部门", "推荐单位", "推荐机关", "推荐市州", "department"),
}
REQUIRED = ("uscc", "name", "city")
FIELD_LABELS = {"uscc": "统一社会信用代码", "name": "企业名称", "city": "所在城市", "chain": "所属产业链",
                "department": "推荐部门"}

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NOTE = re.compile(r"[(（\[【].*?[)）\]】]")


class FileRejected(Exception):
    """The file cannot be imported at all (type, size, encoding, header, row limit)."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row as text, numbered as the spreadsheet numbers it."""

    row: int
    uscc: str
    name: str
    city: str
    chain: str
    department: str


def header_key(value: str) -> str:
    """Comparable form of a header: full-width folded, no spaces, notes or asterisks, lower case."""
    text = unicodedata.normalize("NFKC", value or "").translate(_INVISIBLE)
    text = _NOTE.sub("", text)
    return re.sub(r"[\s*:：_\-]", "", text).lower()


_ALIASES = {header_key(alias): field for field, aliases in HEADERS.items() for alias in aliases}


def cell_text(value: Any) -> str:
    """A cell's value as text: numbers without a trailing ``.0``, dates as ISO, formulas verbatim."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).translate(_INVISIBLE)
    return text.replace("\u3000", " ").strip()


def file_kind(name: str, head: bytes) -> str:
    """``csv`` or ``xlsx`` from the extension, confirmed by the first bytes; else :class:`FileRejected`."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "xls":
        raise FileRejected(_("不支持旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 或 CSV 后再上传。"), "file_type")
    if ext not in KINDS:
        raise FileRejected(_("只能上传 CSV（.csv）或 Excel（.xlsx）文件。"), "file_type")
    is_zip = head.startswith(b"PK\x03\x04")
    if ext == "xlsx" and not is_zip:
        raise FileRejected(_("文件扩展名为 .xlsx，但内容不是 Excel 工作簿。请用 Excel 重新保存后上传。"), "file_type")
    if ext == "csv" and (is_zip or head.startswith(b"\xd0\xcf\x11\xe0")):
        raise FileRejected(_("文件扩展名为 .csv，但内容是 Excel 工作簿。请另存为 CSV，或把扩展名改为 .xlsx。"),
                           "file_type")
    if ext == "csv" and b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(_("文件扩展名为 .csv，但内容不是文本。"), "file_type")
    return ext


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise FileRejected(
            _("文件过大（%(size).1f MB），不能超过 %(max)d MB。请拆分为多个文件后分别导入。")
            % {"size": size / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024}, "file_size")
    if size == 0:
        raise FileRejected(_("文件是空的。"), "file_empty")


def decode_text(data: bytes) -> str:
    """CSV bytes as text: UTF-16 (by BOM), UTF-8 (with or without BOM), else GBK/GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected(_("无法识别文件编码。请将 CSV 另存为 UTF-8 或 GBK 编码后再上传。"), "file_encoding")


def _delimiter(text: str) -> str:
    """Comma, tab (Excel's "Unicode text") or semicolon: the commonest in the first lines."""
    lines = [line for line in text[:20_000].splitlines() if line.strip()][:10]
    return max((",", "\t", ";"), key=lambda d: sum(line.count(d) for line in lines))


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = decode_text(data)
    if "\x00" in text:  # binary past the first bytes file_kind() looks at (PostgreSQL refuses NUL in text)
        raise FileRejected(_("文件扩展名为 .csv，但内容不是文本。"), "file_type")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for number, record in enumerate(reader, start=1):
            yield number, [cell_text(c) for c in record]
    except csv.Error as exc:
        raise FileRejected(_("CSV 文件格式有误（第 %(n)d 行附近）：%(err)s") % {"n": reader.line_num, "err": exc},
                           "file_format") from None


def _check_zip(handle: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRejected(_("Excel 文件已损坏或不是有效的 .xlsx 文件。"), "file_type") from None
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise FileRejected(_("文件不是 Excel 工作簿（.xlsx）。"), "file_type")
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRejected(_("Excel 文件解压后过大，无法导入。"), "file_size")
    handle.seek(0)


def _open_sheet(handle: IO[bytes]) -> tuple[Any, Any]:
    """The workbook (close it!) and its first visible sheet, opened read-only, formulas as text."""
    from openpyxl import load_workbook

    _check_zip(handle)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many types for a damaged workbook
        raise FileRejected(_("无法读取该 Excel 文件，请用 Excel 重新保存为 .xlsx 后上传。"), "file_format") from None
    sheets = workbook.worksheets
    if not sheets:
        workbook.close()
        raise FileRejected(_("Excel 文件中没有工作表。"), "file_empty")
    return workbook, next((ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"), sheets[0])


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    sheet.reset_dimensions()  # never trust the recorded size when reading: it may be too small
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [cell_text(v) for v in values]


def _xlsx_rows(handle: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    workbook, sheet = _open_sheet(handle)
    try:
        yield from _sheet_rows(sheet)
    finally:
        workbook.close()


def raw_rows(handle: IO[bytes], kind: str) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells as text)`` for every row of the file (of the first visible sheet)."""
    if kind == "xlsx":
        return _xlsx_rows(handle)
    return _csv_rows(handle.read())


def map_header(cells: list[str]) -> dict[str, int]:
    """Field → column index for the recognised headers of one row (first column wins)."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = _ALIASES.get(header_key(cell))
        if field and field not in columns:
            columns[field] = index
    return columns


def _missing_message(columns: dict[str, int]) -> str:
    missing = "、".join(FIELD_LABELS[f] for f in REQUIRED if f not in columns)
    return _("文件缺少必需的列：%(missing)s。表头须包含“统一社会信用代码”“企业名称”“所在城市”，"
             "可选“所属产业链”“推荐部门”。") % {"missing": missing}


def _rows_after_header(rows: Iterator[tuple[int, list[str]]]) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    best: dict[str, int] = {}
    seen = 0
    for _number, cells in rows:
        if not any(cells):
            continue
        columns = map_header(cells)
        if all(f in columns for f in REQUIRED):
            return columns, rows
        if len(columns) > len(best):
            best = columns
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise FileRejected(_("文件中没有任何内容。"), "file_empty")
    raise FileRejected(_missing_message(best), "missing_columns")


def source_rows(handle: IO[bytes], kind: str) -> Iterator[SourceRow]:
    """Every non-blank data row below the header. Raises :class:`FileRejected` for a missing
    required column or more than :data:`MAX_ROWS` data rows (when it gets there)."""
    columns, rows = _rows_after_header(raw_rows(handle, kind))

    def get(cells: list[str], field: str) -> str:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else ""

    count = 0
    for number, cells in rows:
        values = [get(cells, f) for f in HEADERS]
        if not any(values):
            continue
        count += 1
        if count > MAX_ROWS:
            raise FileRejected(_too_many(), "too_many_rows")
        yield SourceRow(number, *values)


def _too_many() -> str:
    return _("文件超过 %(max)s 行数据，请拆分为多个文件后分别导入。") % {"max": f"{MAX_ROWS:,}"}


def inspect(handle: IO[bytes], kind: str) -> int:
    """Check the header and return the number of data rows (for an .xlsx with a size record in
    the workbook, an estimate read from it: cheap for big files; the job counts exactly).

    Raises :class:`FileRejected` for a missing column, no data rows, or too many rows.
    """
    if kind == "xlsx":
        estimate = _xlsx_estimate(handle)
        handle.seek(0)
        if estimate is not None:
            return estimate
    count = sum(1 for _ in source_rows(handle, kind))
    handle.seek(0)
    if count == 0:
        raise FileRejected(_("文件中没有数据行（表头下面是空的）。"), "file_empty")
    return count


def _xlsx_estimate(handle: IO[bytes]) -> int | None:
    """Rows below the header by the sheet's recorded size (``<dimension>``), when it is there and
    plausible; ``None`` means "count them"."""
    workbook, sheet = _open_sheet(handle)
    try:
        max_row, max_column = sheet.max_row, sheet.max_column
        _columns, rest = _rows_after_header(_sheet_rows(sheet))
        first = next(rest, None)
    finally:
        workbook.close()
    if first is None:
        raise FileRejected(_("文件中没有数据行（表头下面是空的）。"), "file_empty")
    if not max_row or not max_column or max_column < len(REQUIRED) or max_row < first[0]:
        return None
    estimate = max_row - first[0] + 1
    return estimate if estimate <= MAX_ROWS else None


# ---- interpreting the text: city and chain names as departments write them ------------------

HUNAN = "430000"
_CITY_SUFFIXES = ("土家族苗族自治州", "自治州", "市", "州")


def _place_key(value: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "").translate(_INVISIBLE))
    return text.removeprefix("湖南省").removeprefix("湖南")


class Places:
    """Hunan's cities by name (``株洲市``, ``株洲``, ``湘西州``), adcode (6 or 12 digits) or county.

    :meth:`resolve` answers ``(city adcode, region adcode)``: the entry's city, and the most
    precise region known (a county when the file names one), or ``None``.
    """

    def __init__(self, regions: list[tuple[str, str, str, str | None]]) -> None:
        self.by_code: dict[str, tuple[str, str]] = {}
        self.by_name: dict[str, tuple[str, str]] = {}
        self.counties: dict[str, dict[str, str]] = {}  # city adcode → county name → adcode
        county_names: dict[str, list[tuple[str, str]]] = {}
        for adcode, name, level, parent in regions:
            if level == "city":
                self.by_code[adcode] = (adcode, adcode)
                for key in self._city_names(name):
                    self.by_name[key] = (adcode, adcode)
            elif level == "county" and parent:
                self.by_code[adcode] = (parent, adcode)
                if name != "市辖区":
                    county_names.setdefault(_place_key(name), []).append((parent, adcode))
                    self.counties.setdefault(parent, {})[_place_key(name)] = adcode
        for key, found in county_names.items():
            if len(found) == 1:
                self.by_name.setdefault(key, found[0])
        self.prefixes = sorted((k for k, (city, region) in self.by_name.items() if city == region), key=len,
                               reverse=True)

    @staticmethod
    def _city_names(name: str) -> set[str]:
        names = {_place_key(name)}
        for suffix in _CITY_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                short = name[: -len(suffix)]
                names |= {short, short + "州"} if suffix != "市" else {short}
                break
        return names

    @classmethod
    def load(cls) -> Places:
        return cls(list(Region.objects.filter(adcode__startswith=HUNAN[:2]).exclude(adcode=HUNAN)
                        .values_list("adcode", "name", "level", "parent_id")))

    def resolve(self, text: str) -> tuple[str, str] | None:
        key = _place_key(text)
        if re.fullmatch(r"\d{12}", key) and key.endswith("000000"):
            key = key[:6]
        if re.fullmatch(r"\d{6}", key):
            return self.by_code.get(key)
        found = self.by_name.get(key)
        if found is None and key:  # "株洲市天元区": the city, and the county when it is one of its own
            prefix = next((p for p in self.prefixes if key.startswith(p)), None)
            if prefix is not None:
                city = self.by_name[prefix][0]
                found = (city, self.counties.get(city, {}).get(key[len(prefix):], city))
        return found


def _chain_key(value: str) -> str:
    return re.sub(r"[\s·・\-_]", "", unicodedata.normalize("NFKC", value or "").translate(_INVISIBLE)).lower()


class Chains:
    """Industrial chains by name (``工程机械``, ``工程机械产业链``) or slug."""

    def __init__(self, chains: list[tuple[int, str, str]]) -> None:
        self.by_key: dict[str, int] = {}
        for pk, name, slug in chains:
            key = _chain_key(name)
            for variant in (key, key.removesuffix("产业链"), key.removesuffix("产业"), _chain_key(slug)):
                self.by_key.setdefault(variant, pk)
            self.by_key.setdefault(key + "产业链", pk)

    @classmethod
    def load(cls) -> Chains:
        return cls(list(IndustrialChain.objects.values_list("id", "name", "slug")))

    def resolve(self, text: str) -> int | None:
        key = _chain_key(text)
        return self.by_key.get(key) or self.by_key.get(key.removesuffix("产业链"))
