"""Read side of the statistics: snapshots, the charts and tables built from them, CSV, public figures.

Pages and the API read ``StatsSnapshot`` rows written by ``backoffice.services.stats.stats_compute``
(a Celery job); nothing here recomputes on a page view, except :func:`stats_section` and
:func:`public_figures` on a fresh install that has no snapshot yet. A chart's CSV export and its
``json_script`` data come from the same :class:`Chart` table, so they always agree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.models import StatsSnapshot
from backoffice.services.stats import KEYS, section_compute
from matching.models import Domain

WAN = Decimal(10_000)
#: Cells starting with these are formulas to a spreadsheet: exported with a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: ``?by=`` of the stats API → snapshot key.
API_SECTIONS = {"chain": "financing.by_chain", "city": "financing.by_city", "month": "financing.by_month",
                "funnel": "financing.funnel", "bank": "financing.banks", "domain": "domains"}
#: Columns of each API row (also the header of the API's CSV).
API_COLUMNS = {
    "chain": ["label", "requests", "requested", "matched", "funded", "granted"],
    "city": ["label", "requests", "requested", "matched", "funded", "granted"],
    "month": ["label", "requests", "requested", "matched", "funded", "granted"],
    "funnel": ["step", "requests"],
    "bank": ["bank_id", "bank", "matches", "interested", "answered", "on_time", "on_time_share", "breaches",
             "median_response_hours", "loans", "granted_amount"],
    "domain": ["domain", "posted", "matched", "succeeded"],
}


# ---- snapshots ---------------------------------------------------------------------------------

def stats_snapshots() -> dict[str, StatsSnapshot]:
    """Every stored section by key (one query; missing keys are absent)."""
    return {s.key: s for s in StatsSnapshot.objects.filter(key__in=KEYS)}


def snapshots_computed_at(snapshots: dict[str, StatsSnapshot]) -> datetime | None:
    """When the shown numbers were computed (the oldest section), or None if never."""
    return min((s.computed_at for s in snapshots.values()), default=None)


def stats_section(*, key: str) -> tuple[dict[str, Any], datetime | None]:
    """One section from its snapshot, or computed now (not stored; ``computed_at`` None) if the
    job has not run yet."""
    snapshot = StatsSnapshot.objects.filter(key=key).first()
    if snapshot is not None:
        return snapshot.data, snapshot.computed_at
    return section_compute(key=key), None


def public_figures() -> dict[str, Any]:
    """The home page's figures: ``enterprises`` (firms served: verified enterprises),
    ``loans_granted``, ``granted_amount`` (Decimal, yuan) and ``granted_yi`` (str, 亿元),
    ``matches`` (matches made) and ``computed_at`` (None when computed on the spot)."""
    data, computed_at = stats_section(key="public")
    return {**data, "granted_amount": Decimal(data["granted_amount"]), "computed_at": computed_at}


def stats_rows(*, by: str, domain: str | None = None) -> tuple[list[dict[str, Any]], datetime | None]:
    """Rows of one breakdown for the API: ``by`` chain, city, month, funnel, bank (financing only)
    or domain (every domain, or the one asked for). Raises ValidationError otherwise."""
    if by not in API_SECTIONS:
        raise ValidationError({"by": [_("不支持的分组方式：%(by)s。") % {"by": by}]})
    if domain and domain not in Domain.values:
        raise ValidationError({"domain": [_("未知的领域：%(d)s。") % {"d": domain}]})
    if by != "domain" and domain not in (None, "", Domain.FINANCING):
        raise ValidationError({"domain": [_("by=%(by)s 的统计目前只支持找资金（financing）领域。") % {"by": by}]})
    data, computed_at = stats_section(key=API_SECTIONS[by])
    rows = data.get("rows", [])
    if by == "domain" and domain:
        rows = [row for row in rows if row["domain"] == domain]
    return rows, computed_at


# ---- charts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Chart:
    """One chart (or table) of the statistics page: a table whose first column holds the labels and
    whose ``series`` columns are plotted. Its CSV export is exactly this table."""

    name: str
    title: str
    kind: str  # "line", "bar", "hbar" (ranked horizontal bars) or "table" (no chart)
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    series: tuple[int, ...] = ()
    unit: str = ""
    note: str = ""

    @property
    def script_id(self) -> str:
        return f"chart-{self.name}-data"

    def payload(self) -> dict[str, Any]:
        """What ``static/js/stats-charts.js`` draws (rendered with ``json_script``)."""
        return {"kind": self.kind, "title": self.title, "unit": self.unit, "labels": [r[0] for r in self.rows],
                "datasets": [{"label": self.columns[i], "data": [r[i] for r in self.rows]} for i in self.series]}

    def display_rows(self) -> list[list[str]]:
        """The table as people read it: thousands separators, two decimals, "—" for no value."""
        return [[_display(v) for v in row] for row in self.rows]


def _display(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"


def _wan(amount: str | Decimal | None) -> float:
    return float((Decimal(amount or 0) / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _rows(snapshots: dict[str, StatsSnapshot], key: str) -> list[dict[str, Any]]:
    snapshot = snapshots.get(key)
    return list(snapshot.data.get("rows", [])) if snapshot else []


def _month_range(rows: list[dict[str, Any]], until: datetime) -> list[str]:
    """Every month from the first with data (at most 11 months before ``until``'s) to the last."""
    end = timezone.localtime(until)
    y, m = end.year, end.month - 11
    if m < 1:
        y, m = y - 1, m + 12
    labels = sorted({r["label"] for r in rows} | {f"{y:04d}-{m:02d}", f"{end.year:04d}-{end.month:02d}"})
    y, m = map(int, labels[0].split("-"))
    months = []
    while f"{y:04d}-{m:02d}" <= labels[-1]:
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _amount_columns(first: str) -> list[str]:
    return [first, _("申请金额（万元）"), _("获贷金额（万元）"), _("需求（笔）"), _("已匹配（笔）"), _("获贷（笔）")]


def _amount_row(label: str, row: dict[str, Any]) -> list[Any]:
    return [label, _wan(row.get("requested")), _wan(row.get("granted")), row.get("requests", 0),
            row.get("matched", 0), row.get("funded", 0)]


def trend_chart(snapshots: dict[str, StatsSnapshot]) -> Chart:
    rows = _rows(snapshots, "financing.by_month")
    by_month = {r["label"]: r for r in rows}
    until = snapshots["financing.by_month"].computed_at if "financing.by_month" in snapshots else timezone.now()
    table = [_amount_row(m, by_month.get(m, {})) for m in _month_range(rows, until)] if rows else []
    return Chart("trend", _("融资需求与获贷金额月度趋势"), "line", _amount_columns(_("月份")), table, (1, 2), _("万元"),
                 _("按需求发布月份（北京时间）统计，不含已撤回的需求。"))


def chain_chart(snapshots: dict[str, StatsSnapshot]) -> Chart:
    rows = sorted(_rows(snapshots, "financing.by_chain"), key=lambda r: (-Decimal(r["requested"]), r["label"]))
    return Chart("chains", _("各产业链融资需求与获贷"), "bar", _amount_columns(_("产业链")),
                 [_amount_row(r["label"], r) for r in rows], (1, 2), _("万元"),
                 _("企业身处多条产业链时，其需求计入每一条链，故各链之和可能大于总数。"))


def city_chart(snapshots: dict[str, StatsSnapshot]) -> Chart:
    rows = sorted(_rows(snapshots, "financing.by_city"), key=lambda r: (-Decimal(r["requested"]), r["label"]))
    return Chart("cities", _("各市州融资需求排名"), "hbar", _amount_columns(_("市州")),
                 [_amount_row(r["label"], r) for r in rows], (1, 2), _("万元"), _("按企业注册地所在地级市（州）统计。"))


def funnel_labels() -> dict[str, str]:
    return {"posted": _("发布需求"), "matched": _("获得匹配"), "interested": _("企业有意向"),
            "contacted": _("银行已对接"), "funded": _("获得贷款")}


def funnel_chart(snapshots: dict[str, StatsSnapshot]) -> Chart:
    rows = _rows(snapshots, "financing.funnel")
    labels = funnel_labels()
    posted = rows[0]["requests"] if rows else 0
    table, previous = [], None
    for row in rows:
        n = row["requests"]
        table.append([labels.get(row["step"], row["step"]), n, _pct(n, posted),
                      _pct(n, previous) if previous is not None else None])
        previous = n
    return Chart("funnel", _("融资对接转化漏斗"), "hbar",
                 [_("环节"), _("需求（笔）"), _("占发布需求（%）"), _("较上一环节（%）")], table, (1,), _("笔"),
                 _("一笔需求只要有一个匹配到达该环节即计入；不含已撤回的需求。"))


def bank_table(snapshots: dict[str, StatsSnapshot]) -> Chart:
    table = [[r["bank"], r["matches"], r["interested"], r["answered"], r["on_time"],
              round(100 * r["on_time_share"], 2) if r.get("on_time_share") is not None else None, r["breaches"],
              r["median_response_hours"], r["loans"], _wan(r["granted_amount"])]
             for r in _rows(snapshots, "financing.banks")]
    return Chart("banks", _("银行响应与放款记分卡"), "table",
                 [_("银行"), _("匹配"), _("企业有意向"), _("已答复"), _("按时答复"), _("按时答复率（%）"),
                  _("超时（SLA）"), _("响应时间中位数（小时）"), _("获贷（笔）"), _("获贷金额（万元）")], table,
                 note=_("超时：答复晚于期限，或已升级至主办银行。按时答复率＝按时答复 ÷ 进入答复时限的匹配。"))


def domain_table(snapshots: dict[str, StatsSnapshot]) -> Chart:
    table = [[Domain(r["domain"]).label, r["posted"], r["matched"], r["succeeded"]]
             for r in _rows(snapshots, "domains") if r["domain"] in Domain.values]
    return Chart("domains", _("各领域匹配概况"), "table", [_("领域"), _("发布需求"), _("匹配"), _("成功")], table,
                 note=_("发布需求指至少得到过一次匹配的需求；尚未上线的领域显示为 0。"))


CHARTS = {"trend": trend_chart, "chains": chain_chart, "cities": city_chart, "funnel": funnel_chart,
          "banks": bank_table, "domains": domain_table}


def stats_charts(snapshots: dict[str, StatsSnapshot]) -> dict[str, Chart]:
    """Every chart and table of the statistics page, by name (no queries)."""
    return {name: build(snapshots) for name, build in CHARTS.items()}


def headline_figures(snapshots: dict[str, StatsSnapshot]) -> list[tuple[str, str]]:
    """The key financing figures as (label, value) pairs for the top of the page."""
    t = snapshots["financing.totals"].data if "financing.totals" in snapshots else None
    if t is None:
        return []
    hours = t.get("median_response_hours")
    return [
        (_("融资需求"), _("%(n)s 笔") % {"n": f"{t['requests']:,}"}),
        (_("申请金额"), _("%(n)s 亿元") % {"n": t["requested_yi"]}),
        (_("已匹配需求"), _("%(n)s 笔") % {"n": f"{t['matched_requests']:,}"}),
        (_("已获贷"), _("%(n)s 笔") % {"n": f"{t['funded_requests']:,}"}),
        (_("获贷金额"), _("%(n)s 亿元") % {"n": t["granted_yi"]}),
        (_("银行响应中位数"), _("%(n)s 小时") % {"n": hours} if hours is not None else "—"),
    ]


# ---- CSV ---------------------------------------------------------------------------------------

def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(columns: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads the Chinese), a header row, CRLF lines;
    text cells that a spreadsheet would run as a formula are prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_cell(c) for c in columns])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
