"""``GET /api/v1/backoffice/stats/``: the statistics' rows as JSON, or as CSV with ``format=csv``."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice import selectors_stats as stats
from backoffice.permissions import OperatorAPIView
from matching.models import Domain


class StatsCSVRenderer(BaseRenderer):
    """Renders the view's ``rows`` (or an error) as UTF-8 CSV with a BOM and a header row.

    DRF picks it for ``?format=csv`` (its URL format override) or ``Accept: text/csv``; the
    view's ``csv_columns`` name and order the columns.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None,
               renderer_context: dict[str, Any] | None = None) -> bytes:
        if isinstance(data, dict) and "error" in data:
            error = data["error"]
            return stats.csv_bytes(["code", "message"], [[error.get("code", ""), error.get("message", "")]])
        view = (renderer_context or {}).get("view")
        columns = list(getattr(view, "csv_columns", None) or [])
        rows = data.get("rows", []) if isinstance(data, dict) else []
        if not columns and rows:
            columns = list(rows[0])
        return stats.csv_bytes(columns, [[row.get(c) for c in columns] for row in rows])


class StatsQuery(serializers.Serializer):
    by = serializers.ChoiceField(choices=list(stats.API_SECTIONS), default="month")
    domain = serializers.ChoiceField(choices=Domain.choices, required=False)


STATS_RESPONSE = inline_serializer("BackofficeStats", {
    "by": serializers.CharField(),
    "domain": serializers.CharField(allow_null=True),
    "computed_at": serializers.DateTimeField(
        allow_null=True, help_text="统计快照的计算时间；null 表示尚无快照、为即时计算的结果。"),
    "rows": serializers.ListField(child=serializers.DictField(), help_text=(
        "by=chain|city|month: label, requests, requested, matched, funded, granted（金额为元，两位小数字符串）；"
        "by=funnel: step（posted|matched|interested|contacted|funded）, requests；"
        "by=bank: bank_id, bank, matches, interested, answered, on_time, on_time_share, breaches, "
        "median_response_hours, loans, granted_amount；by=domain: domain, posted, matched, succeeded, by_status。")),
})


class StatsAPI(OperatorAPIView):
    """The platform statistics (operators only), read from the latest snapshot."""

    renderer_classes = [JSONRenderer, StatsCSVRenderer]
    csv_columns: list[str] = []

    @extend_schema(
        summary="平台统计（运营人员）",
        description=("按产业链、市州、月份分组的融资统计，转化漏斗、银行记分卡和各领域概况；"
                     "数字来自统计任务（每 15 分钟）写入的快照。format=csv 时返回带 BOM 的 UTF-8 CSV。"),
        parameters=[
            OpenApiParameter("by", str, enum=list(stats.API_SECTIONS), default="month", description="分组方式"),
            OpenApiParameter("domain", str, enum=Domain.values, description="领域；分组统计目前只有 financing"),
            OpenApiParameter("format", str, enum=["json", "csv"], default="json", description="返回格式"),
        ],
        responses={
            (200, "application/json"): STATS_RESPONSE,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV：表头行 + 每行一条记录"),
        },
    )
    def get(self, request: Request) -> Response:
        query = StatsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        by, domain = query.validated_data["by"], query.validated_data.get("domain")
        rows, computed_at = stats.stats_rows(by=by, domain=domain)
        self.csv_columns = stats.API_COLUMNS[by]
        response = Response({"by": by, "domain": domain or (None if by == "domain" else Domain.FINANCING),
                             "computed_at": computed_at, "rows": rows})
        if getattr(request, "accepted_renderer", None) and request.accepted_renderer.format == "csv":
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            response["Content-Disposition"] = f'attachment; filename="qilian-stats-{by}-{stamp}.csv"'
        return response


urlpatterns = [path("stats/", StatsAPI.as_view(), name="api-backoffice-stats")]
