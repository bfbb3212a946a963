"""White-list import: the exact row-by-row report, dry runs that write nothing, all-or-nothing
commits, file limits — as an operator meets them through the API and the service."""

from __future__ import annotations

import pytest

from backoffice import importing
from backoffice.models import ImportJob
from backoffice.services import whitelist as services
from enterprises.models import EnterpriseProfile, Organization, WhitelistBatch, WhitelistEntry
from tests import factories
from tests.backoffice.test_whitelist_support import (
    COUNTS_CREATE,
    EXPECTED_CREATE,
    EXPECTED_REJECT,
    FIRMS,
    LISTED_CODE,
    UNKNOWN_CODE,
    clean_rows,
    csv_bytes,
    fixture_rows,
    make_world,
    mixed_text,
    pairs,
    upload,
    xlsx_bytes,
)

URL = "/api/v1/backoffice/whitelist-batches/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client(as_user, operator):
    return as_user(operator)


def _post(client, name: str, data: bytes, **fields):
    return client.post(URL, {"file": upload(name, data), "number": 5, **fields}, format="multipart")


def _state() -> tuple[int, int, int, int]:
    return (Organization.objects.count(), EnterpriseProfile.objects.count(), WhitelistBatch.objects.count(),
            WhitelistEntry.objects.count())


@pytest.mark.django_db
class TestDryRunReport:
    """Given the registered firms and published batch 2, when the department's file is checked…"""

    def test_exact_row_by_row_report_and_counts(self, client):
        make_world()
        before = _state()
        response = _post(client, "第5批推荐名单.csv", (mixed_text()).encode("utf-8-sig"))
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["dry_run"] is True and body["status"] == "validated" and body["batch"] is None
        assert pairs(body["rows"]) == EXPECTED_CREATE
        assert body["counts"] == COUNTS_CREATE
        by_row = {r["row"]: r for r in body["rows"]}
        assert by_row[6]["message"] == "统一社会信用代码校验位错误，请核对后重新输入。"
        assert by_row[7]["message"] == "统一社会信用代码应为18位，当前为17位。"
        assert by_row[8]["message"] == "与第 3 行的统一社会信用代码重复。"
        assert by_row[9]["message"] == "该企业已在第2批白名单中（已发布）。"
        assert "量子计算" in by_row[10]["message"] and "广州市" in by_row[11]["message"]
        assert by_row[12]["message"] == "平台上尚无该企业：入库时将创建待审核的企业。"
        assert "长沙轨道装备有限公司" in by_row[4]["message"]  # the platform's name differs: a note
        assert by_row[15]["uscc"] == "9143020000000YGX56"  # lower case and spaces compacted
        assert by_row[6]["uscc"] == "9143020000000YGWYK"  # shown as written
        # then nothing was written but the job
        assert _state() == before
        assert ImportJob.objects.get(pk=body["job"]).status == ImportJob.Status.VALIDATED

    def test_reject_policy_makes_the_unknown_firm_an_error(self, client):
        make_world()
        body = _post(client, "名单.csv", mixed_text().encode("utf-8"), unknown_org="reject").json()
        assert pairs(body["rows"]) == EXPECTED_REJECT
        assert body["counts"]["errors"] == 7
        row12 = next(r for r in body["rows"] if r["row"] == 12)
        assert row12["uscc"] == UNKNOWN_CODE and "拒绝" in row12["message"]

    def test_gbk_encoded_csv_gives_the_same_report(self, client):
        make_world()
        body = _post(client, "名单-gbk.csv", mixed_text().encode("gbk")).json()
        assert pairs(body["rows"]) == EXPECTED_CREATE
        assert body["counts"] == COUNTS_CREATE

    def test_xlsx_with_the_same_content_gives_the_same_report(self, client):
        make_world()
        rows = [[int(c) if c.isdigit() and len(c) < 6 else c for c in row] for row in fixture_rows()]
        body = _post(client, "名单.xlsx", xlsx_bytes(rows)).json()
        assert pairs(body["rows"]) == EXPECTED_CREATE
        assert body["counts"] == COUNTS_CREATE

    def test_xlsx_formulas_are_read_as_text_never_evaluated(self, client):
        data = xlsx_bytes([["统一社会信用代码", "企业名称", "所在城市"], ["=1+1", "=HYPERLINK(\"x\")", "株洲"]])
        row = _post(client, "formula.xlsx", data).json()["rows"][0]
        assert (row["uscc"], row["name"], row["status"]) == ("=1+1", '=HYPERLINK("x")', "invalid_uscc")

    def test_a_firm_already_in_this_unpublished_batch_is_already_listed(self, client):
        org = factories.enterprise().membership.organization
        batch = WhitelistBatch.objects.create(number=5, title="t")
        WhitelistEntry.objects.create(batch=batch, organization=org, uscc=org.uscc, name=org.name)
        body = _post(client, "a.csv", csv_bytes(clean_rows([org.uscc]))).json()
        assert body["rows"][0]["status"] == "already_listed"
        assert body["rows"][0]["message"] == "本批次（第5批）已包含该企业。"


@pytest.mark.django_db
class TestCommit:
    def test_clean_file_creates_the_batch_entries_and_pending_firms(self, client):
        known = factories.enterprise().membership.organization
        new_codes = [factories.make_uscc(920000 + i) for i in range(3)]
        data = csv_bytes(clean_rows([known.uscc, *new_codes]))
        response = _post(client, "clean.csv", data, dry_run="false")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "committed" and body["dry_run"] is False
        assert body["batch"]["number"] == 5 and body["batch"]["entries"] == 4
        assert body["batch"]["title"] == "湖南省产融合作制造业企业白名单（第5批）"
        assert body["batch"]["published_at"] is None
        batch = WhitelistBatch.objects.get(number=5)
        entries = list(batch.entries.order_by("row_number"))
        assert [e.row_number for e in entries] == [2, 3, 4, 5]
        assert entries[0].organization == known and entries[0].chain.name == "工程机械"
        assert entries[0].city_id == "430200" and entries[0].department == "株洲市工业和信息化局"
        created = Organization.objects.filter(uscc__in=new_codes)
        assert created.count() == 3
        assert set(created.values_list("verification", "kind", "region_id")) == {("pending", "enterprise", "430200")}
        assert EnterpriseProfile.objects.filter(organization__in=created).count() == 3
        assert {e.organization_id for e in entries[1:]} == set(created.values_list("id", flat=True))
        assert "已创建待审核的企业" in body["rows"][1]["message"]

    def test_commit_with_error_rows_is_refused_and_writes_nothing(self, client):
        make_world()
        before = _state()
        response = _post(client, "名单.csv", mixed_text().encode("utf-8"), dry_run="false")
        assert response.status_code == 400
        body = response.json()
        assert body["error"]["code"] == "validation_error"
        assert body["error"]["message"] == "文件中有 6 行存在问题，未导入任何数据。请修改后重新上传。"
        assert pairs(body["rows"]) == EXPECTED_CREATE and body["status"] == "failed"
        assert _state() == before

    def test_dry_run_then_commit_this_file_from_the_page(self, client, operator):
        from django.test import Client

        codes = [factories.make_uscc(921000 + i) for i in range(2)]
        job_id = _post(client, "clean.csv", csv_bytes(clean_rows(codes))).json()["job"]
        page = Client()
        page.force_login(operator)
        response = page.get(f"/backoffice/whitelist/imports/{job_id}/")
        assert "提交入库" in response.content.decode()
        response = page.post(f"/backoffice/whitelist/imports/{job_id}/commit/")
        commit = ImportJob.objects.exclude(pk=job_id).get()
        assert response.status_code == 302 and response["Location"] == f"/backoffice/whitelist/imports/{commit.pk}/"
        assert commit.status == "committed" and commit.file.name == ImportJob.objects.get(pk=job_id).file.name
        assert WhitelistEntry.objects.filter(batch__number=5).count() == 2
        again = page.post(f"/backoffice/whitelist/imports/{job_id}/commit/", follow=True)
        assert "该文件已提交入库" in again.content.decode()
        assert WhitelistEntry.objects.count() == 2

    def test_commit_rechecks_rows_against_the_database_of_now(self, client):
        """A firm listed and published elsewhere after the dry run makes the commit fail."""
        org = factories.enterprise().membership.organization
        job_id = _post(client, "a.csv", csv_bytes(clean_rows([org.uscc]))).json()["job"]
        other = WhitelistBatch.objects.create(number=3, title="t", published_at="2024-01-01T00:00Z")
        WhitelistEntry.objects.create(batch=other, organization=org, uscc=org.uscc, name=org.name)
        job = services.import_commit(job_id=job_id, actor=factories.OperatorFactory())
        assert job.status == "failed" and job.report[0]["status"] == "already_listed"
        assert not WhitelistBatch.objects.filter(number=5).exists()


@pytest.mark.django_db(transaction=True)
def test_a_failure_mid_commit_writes_nothing(committed_reference_data, operator, monkeypatch, settings, tmp_path):
    """Chunks of two rows: the first chunks' firms and entries are written, then row 6 fails."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "CHUNK", 2)
    real_build = services._entry_build

    def failing_build(row, batch):
        if row.source.row == 6:
            raise RuntimeError("disk full")
        return real_build(row, batch)

    monkeypatch.setattr(services, "_entry_build", failing_build)
    codes = [factories.make_uscc(922000 + i) for i in range(8)]
    before = _state()
    job = services.import_submit(upload=upload("a.csv", csv_bytes(clean_rows(codes))), number=7, dry_run=False,
                                 unknown_org="create", actor=operator)
    assert job.status == "failed"
    assert job.error == "导入过程中发生意外错误，未写入任何数据。请重试，或联系技术支持。"
    assert _state() == before
    assert not Organization.objects.filter(uscc__in=codes).exists()
    assert not WhitelistBatch.objects.filter(number=7).exists()


@pytest.mark.django_db
class TestFileLimits:
    """Bad uploads are refused up front, in Chinese, and write nothing (not even a job)."""

    def _refused(self, client, name: str, data: bytes) -> str:
        response = _post(client, name, data)
        assert response.status_code == 400, response.content
        assert not ImportJob.objects.exists()
        return response.json()["error"]["fields"]["file"][0]

    def test_too_large(self, client, monkeypatch):
        monkeypatch.setattr(importing, "MAX_BYTES", 1000)
        message = self._refused(client, "big.csv", csv_bytes(clean_rows(["x"] * 100)))
        assert message.startswith("文件过大") and "不能超过" in message

    def test_too_many_rows(self, client, monkeypatch):
        monkeypatch.setattr(importing, "MAX_ROWS", 3)
        message = self._refused(client, "long.csv", csv_bytes(clean_rows(["x"] * 4)))
        assert message == "文件超过 3 行数据，请拆分为多个文件后分别导入。"

    @pytest.mark.parametrize(("name", "data", "expected"), [
        ("名单.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, "不支持旧版 Excel 文件（.xls）"),
        ("名单.pdf", b"%PDF-1.4", "只能上传 CSV（.csv）或 Excel（.xlsx）文件。"),
        ("名单.xlsx", "统一社会信用代码,企业名称,所在城市\n".encode(), "内容不是 Excel 工作簿"),
        ("名单.csv", b"PK\x03\x04" + b"0" * 100, "内容是 Excel 工作簿"),
        ("名单.xlsx", b"PK\x03\x04" + b"0" * 100, "Excel 文件已损坏"),
        ("名单.csv", b"", "空文件"),
        ("名单.csv", "统一社会信用代码,企业名称,城市\n".encode(), "没有数据行"),
        ("名单.csv", b"\x81\x30\xff\xfe\xfd" * 10 + b"\x00", "内容不是文本"),
    ])
    def test_wrong_type_or_content(self, client, name, data, expected):
        assert expected in self._refused(client, name, data)

    def test_missing_required_column_names_it(self, client):
        data = csv_bytes([["9143020000000YGWU9", "株洲"]], header=["信用代码", "城市"])
        message = self._refused(client, "a.csv", data)
        assert message.startswith("文件缺少必需的列：企业名称。")

    def test_tab_separated_utf16_text_from_excel(self, client):
        org = factories.enterprise().membership.organization
        text = "湖南省白名单推荐表\n统一社会信用代码\t企业名称\t所在城市\n" + f"{org.uscc}\t{org.name}\t株洲\n"
        body = _post(client, "名单.csv", text.encode("utf-16")).json()
        assert [(r["row"], r["status"]) for r in body["rows"]] == [(3, "ok")]

    def test_header_variants_are_recognised(self):
        columns = importing.map_header(["序号", " 统一社会信用代码（18位）", "企业名称*", "所在市州", "产业链",
                                        "推荐单位"])
        assert columns == {"uscc": 1, "name": 2, "city": 3, "chain": 4, "department": 5}
        assert importing.map_header(["USCC", "Name", "City"]) == {"uscc": 0, "name": 1, "city": 2}

    def test_published_batch_number_is_refused(self, client):
        WhitelistBatch.objects.create(number=5, title="t", published_at="2024-01-01T00:00Z")
        response = _post(client, "a.csv", csv_bytes(clean_rows([factories.make_uscc(923000)])))
        assert response.status_code == 400
        assert response.json()["error"]["fields"]["number"] == [
            "第5批白名单已发布，不能再向其导入企业。请使用新的批次号。"]

    def test_dry_run_defaults_to_true_in_multipart(self, client):
        body = _post(client, "a.csv", csv_bytes(clean_rows([factories.make_uscc(923001)]))).json()
        assert body["dry_run"] is True and not WhitelistEntry.objects.exists()


@pytest.mark.django_db
def test_large_file_is_queued_and_polled(client, django_capture_on_commit_callbacks, monkeypatch):
    """Over the threshold the upload answers 202 with a job; the job's report is polled."""
    monkeypatch.setattr(services, "SYNC_MAX_ROWS", 3)
    codes = [factories.make_uscc(924000 + i) for i in range(5)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(client, "big.csv", csv_bytes(clean_rows(codes)))
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued" and body["total_rows"] == 5 and body["progress"] == 0
    assert len(callbacks) == 1
    polled = client.get(f"/api/v1/backoffice/whitelist-imports/{body['job']}/").json()
    assert polled["status"] == "validated" and polled["progress"] == 100
    assert polled["counts"]["ok"] == 0 and polled["counts"]["unknown_org"] == 5


def test_city_and_chain_spellings(db):
    places, chains = importing.Places.load(), importing.Chains.load()
    for text in ("株洲市", "株洲", " 湖南省株洲市 ", "430200", "430200000000"):
        assert places.resolve(text) == ("430200", "430200"), text
    assert places.resolve("湘西州") == places.resolve("湘西土家族苗族自治州") == ("433100", "433100")
    assert places.resolve("430211") == ("430200", "430211")  # a county: its city, and the county
    assert places.resolve("株洲市天元区") == places.resolve("天元区") == ("430200", "430211")
    assert places.resolve("株洲市某某园区") == ("430200", "430200")
    assert places.resolve("广州市") is None and places.resolve("430000") is None
    assert chains.resolve("工程机械") == chains.resolve("工程机械产业链") == chains.resolve(" construction-machinery ")
    assert chains.resolve("量子计算") is None
    assert FIRMS[LISTED_CODE]


@pytest.mark.django_db
class TestJobLifecycle:
    def _queued(self, operator, monkeypatch) -> ImportJob:
        """A large-file job whose message never left (on-commit callbacks do not run here)."""
        monkeypatch.setattr(services, "SYNC_MAX_ROWS", 0)
        data = csv_bytes(clean_rows([factories.make_uscc(925000)]))
        job = services.import_submit(upload=upload("a.csv", data), number=5, dry_run=True, unknown_org="create",
                                     actor=operator)
        assert job.status == ImportJob.Status.QUEUED
        return job

    def test_a_job_lost_by_the_broker_is_queued_again(self, operator, monkeypatch):
        from datetime import timedelta

        from django.utils import timezone

        from backoffice.tasks.whitelist import whitelist_requeue_stale

        job = self._queued(operator, monkeypatch)
        assert whitelist_requeue_stale() == 0  # too fresh to be called lost
        ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=11))
        assert whitelist_requeue_stale() == 1
        job.refresh_from_db()
        assert job.status == ImportJob.Status.VALIDATED and job.counts["total"] == 1

    def test_a_running_job_whose_worker_died_starts_over_and_a_finished_one_is_left_alone(self, operator,
                                                                                         monkeypatch):
        job = self._queued(operator, monkeypatch)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, processed_rows=400)
        assert services.import_run(job_id=job.pk).status == ImportJob.Status.VALIDATED
        assert services.import_run(job_id=job.pk) is None
