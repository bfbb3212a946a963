"""The statistics page, its CSV exports and the stats API: what operators see, what others don't."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.models import StatsSnapshot
from backoffice.selectors_stats import stats_charts, stats_snapshots
from backoffice.services.stats import stats_compute
from tests import factories
from tests.backoffice.test_stats import W, World, build_world

pytestmark = pytest.mark.django_db
PLOTTED = ("trend", "chains", "cities", "funnel")
TABLES = ("banks", "domains")


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def browser(operator) -> Client:
    client = Client()
    client.force_login(operator)
    return client


def chart_data(html: str, name: str) -> dict:
    found = re.search(rf'<script id="chart-{name}-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no json_script for {name}"
    return json.loads(found.group(1))


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_page_shows_the_snapshot_and_when_it_was_computed(world, browser):
    computed_at = stats_compute()
    html = browser.get("/backoffice/stats/").content.decode()
    assert "统计时间：" in html and timezone.localtime(computed_at).strftime("%Y-%m-%d %H:%M") in html
    assert "0.15 亿元" in html and "0.03 亿元" in html  # requested, granted
    assert 'src="/static/vendor/chartjs/chart.umd.min.js" defer' in html
    assert 'src="/static/js/stats-charts.js" defer' in html
    assert "<script>" not in html and " onclick=" not in html  # no inline JavaScript (CSP)
    funnel = chart_data(html, "funnel")
    assert funnel["labels"] == ["发布需求", "获得匹配", "企业有意向", "银行已对接", "获得贷款"]
    assert funnel["datasets"][0]["data"] == [4, 3, 3, 2, 1]
    cities = chart_data(html, "cities")
    assert cities["kind"] == "hbar" and cities["labels"] == ["长沙市", "株洲市"]  # ranked by amount requested
    assert cities["datasets"][0]["data"] == [1100.0, 400.0] and cities["datasets"][1]["data"] == [0.0, 260.0]
    trend = chart_data(html, "trend")
    assert len(trend["labels"]) == 12 and trend["labels"][-1] == timezone.localtime().strftime("%Y-%m")
    assert trend["datasets"][0]["data"][-1] == 1500.0 and trend["datasets"][1]["data"][-1] == 260.0
    assert "湘江银行" in html and "麓山银行" in html  # the scorecard table


def test_the_page_reads_the_snapshot_not_the_live_data_and_recompute_updates_it(world, browser,
                                                                                django_capture_on_commit_callbacks):
    first = stats_compute()
    factories.loan_request(world.requests["r4"].enterprise, amount=50 * W)
    html = browser.get("/backoffice/stats/").content.decode()
    assert chart_data(html, "funnel")["datasets"][0]["data"][0] == 4  # still the snapshot

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/backoffice/stats/recompute/")
    assert response.status_code == 302 and response["Location"] == "/backoffice/stats/"
    html = browser.get("/backoffice/stats/").content.decode()
    assert chart_data(html, "funnel")["datasets"][0]["data"][0] == 5
    assert StatsSnapshot.objects.get(key="financing.funnel").computed_at > first
    assert "统计已重新计算" in html  # tasks run eagerly in tests, as in the embedded mode


def test_before_the_first_computation_the_page_says_so(browser):
    html = browser.get("/backoffice/stats/").content.decode()
    assert "统计尚未生成" in html and "立即重新计算" in html and "chart.umd.min.js" not in html


@pytest.mark.parametrize("name", PLOTTED)
def test_each_chart_csv_has_exactly_the_chart_data(world, browser, name):
    stats_compute()
    data = chart_data(browser.get("/backoffice/stats/").content.decode(), name)
    response = browser.get(f"/backoffice/stats/export/{name}.csv")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert rows and [row[0] for row in rows] == data["labels"]
    for dataset in data["datasets"]:
        column = header.index(dataset["label"])
        assert [float(row[column]) for row in rows] == dataset["data"]


@pytest.mark.parametrize("name", TABLES)
def test_table_csv_matches_the_table(world, browser, name):
    stats_compute()
    chart = stats_charts(stats_snapshots())[name]
    header, *rows = read_csv(browser.get(f"/backoffice/stats/export/{name}.csv"))
    assert header == chart.columns and len(rows) == len(chart.rows)
    for row, expected in zip(rows, chart.rows, strict=True):
        assert row[0] == expected[0]
        assert [float(c) if c else None for c in row[1:]] == [None if v is None else float(v) for v in expected[1:]]
    html = browser.get("/backoffice/stats/").content.decode()
    assert all(f"<th scope=\"row\">{expected[0]}</th>" in html for expected in chart.rows)


def test_csv_neutralizes_formulas(world, browser):
    world.bank_b.name = "=HYPERLINK(\"http://evil.example\",\"点我\")"
    world.bank_b.save(update_fields=["name"])
    stats_compute()
    _header, *rows = read_csv(browser.get("/backoffice/stats/export/banks.csv"))
    assert {row[0] for row in rows} == {"湘江银行", "'=HYPERLINK(\"http://evil.example\",\"点我\")"}


def test_an_unknown_export_is_404(browser):
    assert browser.get("/backoffice/stats/export/secrets.csv").status_code == 404


def test_the_page_query_count_does_not_grow_with_the_data(browser):
    def count() -> int:
        stats_compute()
        with CaptureQueriesContext(connection) as ctx:
            assert browser.get("/backoffice/stats/").status_code == 200
        return len(ctx.captured_queries)

    build_world()
    small = count()
    for _ in range(3):
        build_world()
    assert count() == small


# ---- who may see it ------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "url"), [("get", "/backoffice/stats/"), ("post", "/backoffice/stats/recompute/"),
                                             ("get", "/backoffice/stats/export/trend.csv")])
def test_non_operators_get_404_on_pages(method, url):
    for user in (None, factories.enterprise(), factories.bank(), factories.talent()):
        client = Client()
        if user:
            client.force_login(user)
        assert getattr(client, method)(url).status_code == 404
    assert not StatsSnapshot.objects.exists()


def test_the_api_is_for_operators_only(api, as_user):
    assert api.get("/api/v1/backoffice/stats/?by=chain").status_code == 401
    for user in (factories.enterprise(), factories.bank()):
        response = as_user(user).get("/api/v1/backoffice/stats/?by=chain")
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
        assert as_user(user).get("/api/v1/backoffice/stats/?by=chain&format=csv").status_code == 403


# ---- the API -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("by", "key"), [("chain", "financing.by_chain"), ("city", "financing.by_city"),
                                         ("month", "financing.by_month"), ("funnel", "financing.funnel"),
                                         ("bank", "financing.banks")])
def test_api_rows_are_the_snapshot(world, as_user, operator, by, key):
    computed_at = stats_compute()
    body = as_user(operator).get(f"/api/v1/backoffice/stats/?by={by}&domain=financing").json()
    assert body["by"] == by and body["domain"] == "financing"
    assert body["rows"] == StatsSnapshot.objects.get(key=key).data["rows"]
    assert datetime.fromisoformat(body["computed_at"]) == computed_at


def test_api_csv(world, as_user, operator):
    stats_compute()
    response = as_user(operator).get("/api/v1/backoffice/stats/?by=city&domain=financing&format=csv")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == ["label", "requests", "requested", "matched", "funded", "granted"]
    assert ["株洲市", "2", "4000000.00", "2", "1", "2600000.00"] in rows and len(rows) == 2
    funnel = as_user(operator).get("/api/v1/backoffice/stats/?by=funnel&format=csv")
    assert read_csv(funnel)[1:] == [["posted", "4"], ["matched", "3"], ["interested", "3"], ["contacted", "2"],
                                    ["funded", "1"]]


def test_api_domains_and_bad_input(world, as_user, operator):
    client = as_user(operator)
    body = client.get("/api/v1/backoffice/stats/?by=domain&domain=talent").json()
    assert body["rows"] == [{"domain": "talent", "posted": 0, "matched": 0, "succeeded": 0,
                             "by_status": body["rows"][0]["by_status"]}]
    assert body["computed_at"] is None  # no snapshot yet: computed on the spot
    assert len(client.get("/api/v1/backoffice/stats/?by=domain").json()["rows"]) == 5
    bad = client.get("/api/v1/backoffice/stats/?by=chain&domain=talent")
    assert bad.status_code == 400 and bad.json()["error"]["fields"] == {
        "domain": ["by=chain 的统计目前只支持找资金（financing）领域。"]}
    assert client.get("/api/v1/backoffice/stats/?by=galaxy").json()["error"]["code"] == "validation_error"
