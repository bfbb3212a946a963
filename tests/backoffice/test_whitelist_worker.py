"""10,000 white-list rows through a real Celery worker: the upload answers at once (202), the
job records its progress as it goes (the page shows it and refreshes itself), and the dry run
and then the commit finish with every row."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.test import Client

from backoffice.models import ImportJob
from enterprises.models import Organization, WhitelistBatch, WhitelistEntry
from tests import factories
from tests.backoffice.test_whitelist_support import csv_bytes, upload

pytestmark = pytest.mark.worker

ROWS = 10_000
CITIES = ["株洲市", "长沙", "430300", "湘西州", "衡阳市"]
CHAINS = ["工程机械", "先进轨道交通装备产业链", "生物医药", ""]


def _follow(job_id: int, page: Client, timeout: float = 180) -> tuple[ImportJob, set[int], bool]:
    """Poll the job until it finishes; return it, the progress values seen, and whether the
    page showed a self-refreshing progress bar while the job ran."""
    seen: set[int] = set()
    page_checked = False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ImportJob.objects.defer("report").get(pk=job_id)
        seen.add(job.processed_rows)
        if job.status in (ImportJob.Status.VALIDATED, ImportJob.Status.COMMITTED, ImportJob.Status.FAILED):
            return ImportJob.objects.get(pk=job_id), seen, page_checked
        if job.status == ImportJob.Status.RUNNING and not page_checked:
            html = page.get(f"/backoffice/whitelist/imports/{job_id}/").content.decode()
            page_checked = '<meta http-equiv="refresh" content="2">' in html and "<progress" in html
        time.sleep(0.05)
    raise AssertionError(f"import {job_id} did not finish within {timeout} s")


def test_ten_thousand_rows_import_through_the_worker_with_progress(real_worker, as_user, operator):
    known = factories.enterprise().membership.organization
    codes = [known.uscc] + [factories.make_uscc(3_000_000 + i) for i in range(ROWS - 1)]
    rows = [[code, f"白名单批量企业{i:05d}有限公司", CITIES[i % 5], CHAINS[i % 4], "湖南省工业和信息化厅"]
            for i, code in enumerate(codes)]
    api = as_user(operator)
    page = Client()
    page.force_login(operator)
    timings: dict[str, float] = {}
    jobs: list[ImportJob] = []
    try:
        # given a department's file of 10,000 firms, when the operator checks it
        started = time.monotonic()
        response = api.post("/api/v1/backoffice/whitelist-batches/",
                            {"file": upload("第6批.csv", csv_bytes(rows)), "number": 6}, format="multipart")
        assert response.status_code == 202, response.content
        assert response.json()["status"] == "queued" and response.json()["total_rows"] == ROWS
        dry, seen, page_checked = _follow(response.json()["job"], page)
        jobs.append(dry)
        timings["dry run"] = time.monotonic() - started
        # then every row was checked, the progress moved on the way, and nothing was written
        assert dry.status == ImportJob.Status.VALIDATED, dry.error
        assert dry.processed_rows == dry.total_rows == ROWS
        assert dry.counts["ok"] == 1 and dry.counts["unknown_org"] == ROWS - 1 and dry.counts["errors"] == 0
        assert any(0 < n < ROWS for n in seen), seen
        assert not WhitelistBatch.objects.filter(number=6).exists()

        # when the operator commits the checked file from its page
        started = time.monotonic()
        response = page.post(f"/backoffice/whitelist/imports/{dry.pk}/commit/")
        commit_id = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
        commit, _seen, page_checked_commit = _follow(commit_id, page)
        jobs.append(commit)
        timings["commit"] = time.monotonic() - started
        assert commit.status == ImportJob.Status.COMMITTED, commit.error
        assert commit.processed_rows == commit.total_rows == ROWS
        assert page_checked or page_checked_commit
        batch = WhitelistBatch.objects.get(number=6)
        assert WhitelistEntry.objects.filter(batch=batch).count() == ROWS
        assert WhitelistEntry.objects.get(batch=batch, uscc=known.uscc).organization == known
        assert Organization.objects.filter(uscc__in=codes[1:], verification="pending").count() == ROWS - 1
        assert api.get(f"/api/v1/backoffice/whitelist-imports/{commit.pk}/").json()["batch"]["entries"] == ROWS
    finally:
        for job in jobs[:1]:
            job.file.delete(save=False)  # the commit job shares the dry run's file
        _record(timings)


def _record(timings: dict[str, float]) -> None:
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    line = ", ".join(f"{k}: {v:.1f} s" for k, v in timings.items())
    (artifacts / "whitelist-import-10000.txt").write_text(f"{ROWS} rows through the worker — {line}\n")
    print(f"\n{ROWS} white-list rows through the worker — {line}")
