"""White-list batches after import: publishing flags firms (banks and the firm see it), removal
with a reason keeps history; the pages, the CSV report, and who may see any of it."""

from __future__ import annotations

import csv
import io
import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backoffice.models import ImportJob
from backoffice.services import whitelist as services
from enterprises.models import EnterpriseProfile, WhitelistBatch, WhitelistEntry
from matching.models import MatchRun
from tests import factories
from tests.backoffice.test_whitelist_support import clean_rows, csv_bytes, upload

API = "/api/v1/backoffice"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def page(operator) -> Client:
    client = Client()
    client.force_login(operator)
    return client


def _committed_batch(operator, users, number: int = 5) -> WhitelistBatch:
    codes = [u.membership.organization.uscc for u in users]
    job = services.import_submit(upload=upload("a.csv", csv_bytes(clean_rows(codes))), number=number,
                                 dry_run=False, unknown_org="create", actor=operator)
    assert job.status == "committed", job.error
    return job.batch


@pytest.mark.django_db
class TestPublishAndRemove:
    def test_publish_flags_every_listed_firm_and_the_firm_and_api_show_it(self, as_user, operator):
        users = [factories.enterprise() for _ in range(3)]
        batch = _committed_batch(operator, users)
        removed = batch.entries.get(organization=users[2].membership.organization)
        services.entry_remove(entry_id=removed.pk, actor=operator, reason="企业申请退出")
        assert not EnterpriseProfile.objects.filter(whitelist_batch__isnull=False).exists()  # not published yet

        loan = factories.loan_request(users[0].membership.organization)

        response = as_user(operator).post(f"{API}/whitelist-batches/{batch.pk}/publish/")
        assert response.status_code == 200, response.content
        assert response.json()["published_at"] and response.json()["entries"] == 2
        # white-list eligibility changed: the firm's open loan request is rematched
        assert MatchRun.objects.filter(domain="financing", scope="need", target_id=loan.pk).count() == 1
        flagged = set(EnterpriseProfile.objects.filter(whitelist_batch=batch).values_list("organization", flat=True))
        assert flagged == {users[0].membership.organization_id, users[1].membership.organization_id}

        me = as_user(users[0]).get("/api/v1/enterprises/me/").json()
        assert me["whitelist_batch"] == 5
        portal = Client()
        portal.force_login(users[0])
        assert "白名单第5批" in portal.get("/profile/enterprise/").content.decode()
        again = as_user(operator).post(f"{API}/whitelist-batches/{batch.pk}/publish/")
        assert again.status_code == 409 and again.json()["error"]["message"] == "第5批白名单已发布。"

    def test_remove_with_reason_clears_the_flag_and_keeps_history(self, as_user, operator, page):
        users = [factories.enterprise() for _ in range(2)]
        batch = _committed_batch(operator, users)
        services.batch_publish(batch_id=batch.pk, actor=operator)
        entry = batch.entries.get(organization=users[0].membership.organization)

        response = as_user(operator).post(f"{API}/whitelist-batches/{batch.pk}/entries/{entry.pk}/remove/",
                                          {"reason": "  不再符合 条件  "}, format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["removed_reason"] == "不再符合 条件" and body["removed_by"] == operator.username
        entry.refresh_from_db()
        assert entry.removed_at and entry.removed_by == operator
        assert EnterpriseProfile.objects.get(organization=users[0].membership.organization).whitelist_batch is None
        assert EnterpriseProfile.objects.get(organization=users[1].membership.organization).whitelist_batch == batch
        assert WhitelistEntry.objects.filter(batch=batch).count() == 2  # history kept
        logged = LogEntry.objects.get_for_object(entry).filter(changes__has_key="removed_reason").get()
        assert logged.actor == operator  # token-authenticated API calls are attributed too

        html = page.get(f"/backoffice/whitelist/batches/{batch.pk}/").content.decode()
        assert f"<s>{entry.name}</s>" in html and "不再符合 条件" in html
        listed = as_user(operator).get(f"{API}/whitelist-batches/").json()["results"][0]
        assert (listed["entries"], listed["removed"]) == (1, 1)
        again = as_user(operator).post(f"{API}/whitelist-batches/{batch.pk}/entries/{entry.pk}/remove/",
                                       {"reason": "再次"}, format="json")
        assert again.status_code == 409

    def test_remove_without_reason_is_refused_in_chinese(self, as_user, operator, page):
        batch = _committed_batch(operator, [factories.enterprise()])
        entry = batch.entries.get()
        response = as_user(operator).post(f"{API}/whitelist-batches/{batch.pk}/entries/{entry.pk}/remove/",
                                          {"reason": "   "}, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"reason": ["请填写移出原因。"]}
        html = page.post(f"/backoffice/whitelist/batches/{batch.pk}/entries/{entry.pk}/remove/",
                         {"reason": ""}).content.decode()
        assert "请填写移出原因。" in html
        entry.refresh_from_db()
        assert entry.removed_at is None

    def test_an_entry_of_another_batch_is_not_found(self, as_user, operator):
        batch = _committed_batch(operator, [factories.enterprise()])
        other = WhitelistBatch.objects.create(number=9, title="t")
        entry = batch.entries.get()
        response = as_user(operator).post(f"{API}/whitelist-batches/{other.pk}/entries/{entry.pk}/remove/",
                                          {"reason": "x"}, format="json")
        assert response.status_code == 404

    def test_publish_and_remove_through_the_pages(self, operator, page):
        users = [factories.enterprise() for _ in range(2)]
        batch = _committed_batch(operator, users)
        confirm = page.get(f"/backoffice/whitelist/batches/{batch.pk}/publish/").content.decode()
        assert "确认发布" in confirm and "2 家企业" in confirm
        response = page.post(f"/backoffice/whitelist/batches/{batch.pk}/publish/", follow=True)
        assert "第5批白名单已发布，2 家企业已标记为白名单企业。" in response.content.decode()
        entry = batch.entries.first()
        response = page.post(f"/backoffice/whitelist/batches/{batch.pk}/entries/{entry.pk}/remove/",
                             {"reason": "信息有误"}, follow=True)
        assert "已将“" in response.content.decode()
        assert EnterpriseProfile.objects.filter(whitelist_batch=batch).count() == 1


@pytest.mark.django_db
class TestPages:
    def test_upload_through_the_page_then_read_the_report(self, page):
        org = factories.enterprise().membership.organization
        html = page.get("/backoffice/whitelist/").content.decode()
        assert 'name="file"' in html and re.search(r'<input type="checkbox" name="dry_run"[^>]* checked', html)
        data = csv_bytes([*clean_rows([org.uscc]), ["123", "坏代码有限公司", "株洲", "", ""]])
        response = page.post("/backoffice/whitelist/", {"file": upload("名单.csv", data), "number": 5,
                                                         "unknown_org": "create", "dry_run": "on"})
        job = ImportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/backoffice/whitelist/imports/{job.pk}/"
        html = page.get(response["Location"]).content.decode()
        assert "校验完成：1 行有误" in html and "提交入库" not in html
        assert html.index("坏代码有限公司") < html.index(org.name)  # errors first
        assert 'http-equiv="refresh"' not in html
        filtered = page.get(f"{response['Location']}?status=ok").content.decode()
        assert org.name in filtered and "坏代码有限公司" not in filtered

    def test_upload_errors_are_shown_on_the_form(self, page):
        response = page.post("/backoffice/whitelist/", {"file": upload("名单.pdf", b"%PDF"), "number": 5,
                                                         "unknown_org": "create"})
        assert response.status_code == 200
        assert "只能上传 CSV（.csv）或 Excel（.xlsx）文件。" in response.content.decode()
        assert not ImportJob.objects.exists()

    def test_a_running_job_shows_progress_and_refreshes_itself(self, page, operator):
        job = ImportJob.objects.create(batch_number=5, file="imports/x.csv", original_name="大文件.csv",
                                       status="running", total_rows=10000, processed_rows=2500, created_by=operator)
        html = page.get(f"/backoffice/whitelist/imports/{job.pk}/").content.decode()
        assert '<meta http-equiv="refresh" content="2">' in html
        assert '<progress max="100" value="25"' in html and "2500 / 10000" in html
        assert "<script" not in html

    def test_batch_page_searches_by_name_or_code(self, page, operator):
        users = [factories.enterprise() for _ in range(2)]
        batch = _committed_batch(operator, users)  # named 白名单测试企业0有限公司, …1有限公司 in the file
        html = page.get(f"/backoffice/whitelist/batches/{batch.pk}/?q=企业0").content.decode()
        assert "白名单测试企业0有限公司" in html and "白名单测试企业1有限公司" not in html
        code = users[1].membership.organization.uscc
        html = page.get(f"/backoffice/whitelist/batches/{batch.pk}/?q={code.lower()}").content.decode()
        assert "白名单测试企业1有限公司" in html and "白名单测试企业0有限公司" not in html


@pytest.mark.django_db
def test_report_csv_neutralizes_formulas_and_opens_in_excel(page, operator):
    data = csv_bytes([["=cmd|' /C calc'!A0", "+SUM(1)", "-2", "@x", ""],
                      ["9143020000000YGWU9", "=HYPERLINK(\"http://evil\")", "株洲", "", "普通部门"]])
    job = services.import_submit(upload=upload("a.csv", data), number=5, dry_run=True, unknown_org="create",
                                 actor=operator)
    response = page.get(f"/backoffice/whitelist/imports/{job.pk}/report.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["行号", "统一社会信用代码", "企业名称"]
    assert rows[1][1:4] == ["'=cmd|' /C calc'!A0", "'+SUM(1)", "'-2"]
    assert rows[2][2] == "'=HYPERLINK(\"http://evil\")" and rows[2][5] == "普通部门"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.django_db
class TestWhoMaySee:
    """Non-operators get 404 on every page, 403 on every endpoint; anonymous callers 401."""

    def _urls(self, operator):
        batch = _committed_batch(operator, [factories.enterprise()])
        entry = batch.entries.get()
        job = ImportJob.objects.get()
        pages = ["/backoffice/whitelist/", f"/backoffice/whitelist/imports/{job.pk}/",
                 f"/backoffice/whitelist/imports/{job.pk}/report.csv", f"/backoffice/whitelist/batches/{batch.pk}/",
                 f"/backoffice/whitelist/batches/{batch.pk}/publish/",
                 f"/backoffice/whitelist/batches/{batch.pk}/entries/{entry.pk}/remove/"]
        apis = [("get", f"{API}/whitelist-batches/"), ("post", f"{API}/whitelist-batches/"),
                ("get", f"{API}/whitelist-batches/{batch.pk}/entries/"),
                ("post", f"{API}/whitelist-batches/{batch.pk}/publish/"),
                ("post", f"{API}/whitelist-batches/{batch.pk}/entries/{entry.pk}/remove/"),
                ("get", f"{API}/whitelist-imports/{job.pk}/")]
        return pages, apis, batch

    def test_pages_and_api(self, api, as_user, operator):
        pages, apis, batch = self._urls(operator)
        for user in (factories.enterprise(), factories.bank(), factories.UserFactory(is_staff=False)):
            client = Client()
            client.force_login(user)
            for url in pages:
                assert client.get(url).status_code == 404, url
                assert client.post(url, {"reason": "x"}).status_code == 404, url
            token = as_user(user)
            for method, url in apis:
                assert getattr(token, method)(url, {"reason": "x"}).status_code == 403, url
        for url in pages:
            assert Client().get(url).status_code == 404, url
        for method, url in apis:
            response = getattr(api, method)(url)
            assert response.status_code == 401, url
            assert response.json()["error"]["code"] == "not_authenticated"
        batch.refresh_from_db()
        assert batch.published_at is None and not WhitelistEntry.objects.exclude(removed_at=None).exists()


@pytest.mark.django_db
class TestQueryCounts:
    def _count(self, client, url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def test_batches_list_api_and_page(self, as_user, operator, page):
        client = as_user(operator)
        WhitelistBatch.objects.create(number=1, title="t")
        counts = (self._count(client, f"{API}/whitelist-batches/"), self._count(page, "/backoffice/whitelist/"))
        for n in range(2, 12):
            WhitelistBatch.objects.create(number=n, title="t")
        assert (self._count(client, f"{API}/whitelist-batches/"), self._count(page, "/backoffice/whitelist/")) \
            == counts

    def test_entries_api_and_batch_page(self, as_user, operator, page):
        client = as_user(operator)
        batch = _committed_batch(operator, [factories.enterprise()])
        url, page_url = f"{API}/whitelist-batches/{batch.pk}/entries/", f"/backoffice/whitelist/batches/{batch.pk}/"
        counts = (self._count(client, url), self._count(page, page_url))
        more = [factories.enterprise() for _ in range(20)]
        for i, user in enumerate(more):
            org = user.membership.organization
            WhitelistEntry.objects.create(batch=batch, organization=org, uscc=org.uscc, name=org.name,
                                          city_id="430200", chain_id=batch.entries.first().chain_id, row_number=i)
            if i % 2:
                services.entry_remove(entry_id=batch.entries.last().pk, actor=operator, reason="x")
        assert (self._count(client, url), self._count(page, page_url)) == counts
