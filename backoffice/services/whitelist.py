"""White-list batches (产融合作制造业企业白名单): import a file, publish a batch, remove a firm.

An import is an :class:`~backoffice.models.ImportJob`. :func:`import_submit` checks the upload
(type by extension and content, size, header, row count), stores it and runs the job: in the
request for files of up to ``SYNC_MAX_ROWS`` rows, otherwise in the Celery task
``backoffice.whitelist_import`` (queued after commit). :func:`import_run` processes a job:

* a **dry run** gives every row one status and a Chinese message, and writes nothing but the
  job's report;
* a **commit** checks the rows, then — in ONE transaction, under an advisory lock that also
  serializes publishing and removal — checks them again against the database as it is now
  and, only if no row is an error, writes the batch (created, or an unpublished one reused),
  its entries and, under the ``create`` policy, a *pending* enterprise (with its profile) for
  each unknown USCC. Anything else rolls the whole transaction back: a failed commit writes
  nothing but the job's own status and report.

Row statuses, the first that applies: ``invalid_uscc`` (length, characters, check character),
``duplicate_in_file`` (second and later occurrences), ``invalid_name`` (empty or too long),
``already_listed`` (a published, not removed entry of any batch, or any entry of this batch),
``unknown_region``, ``unknown_chain``, ``unknown_org`` (no organization with that USCC: an
error under ``reject``, a note under ``create``; an error too when the USCC is a bank's or a
provider's), else ``ok``.
"""

from __future__ import annotations

import logging
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from auditlog.context import set_actor
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice import importing
from backoffice.importing import FileRejected, SourceRow
from backoffice.models import ImportJob
from backoffice.services.whitelist_batches import (  # noqa: F401 - re-exported: one import for callers
    _lock,
    batch_entries,
    batch_publish,
    batches_overview,
    entry_remove,
    imports_stale,
    recent_imports,
)
from backoffice.tasks.whitelist import whitelist_import
from config.exceptions import Conflict
from config.queueing import enqueue_on_commit
from enterprises.models import EnterpriseProfile, Organization, User, WhitelistBatch, WhitelistEntry
from enterprises.permissions import ensure_operator
from enterprises.validators import validate_uscc

logger = logging.getLogger(__name__)

SYNC_MAX_ROWS = 2000  # larger files go to the Celery worker
CHUNK = 500  # rows per database round trip, and how often progress is recorded
MAX_BATCH_NUMBER = 999

OK, INVALID_USCC, DUPLICATE, INVALID_NAME = "ok", "invalid_uscc", "duplicate_in_file", "invalid_name"
LISTED, UNKNOWN_REGION, UNKNOWN_CHAIN, UNKNOWN_ORG = "already_listed", "unknown_region", "unknown_chain", "unknown_org"
STATUSES = (OK, INVALID_USCC, DUPLICATE, INVALID_NAME, LISTED, UNKNOWN_REGION, UNKNOWN_CHAIN, UNKNOWN_ORG)


def batch_title(number: int) -> str:
    """The official title of a batch (stored as published, in Chinese)."""
    return f"湖南省产融合作制造业企业白名单（第{number}批）"


@dataclass(slots=True)
class CheckedRow:
    """A file row with its status, message and what it resolved to (ids for the commit)."""

    source: SourceRow
    uscc: str
    status: str = OK
    message: str = ""
    error: bool = False
    city_id: str | None = None
    region_id: str | None = None
    chain_id: int | None = None
    organization_id: int | None = None

    def fail(self, status: str, message: str) -> CheckedRow:
        self.status, self.message, self.error = status, message, True
        return self

    def report(self) -> dict[str, Any]:
        s = self.source
        return {"row": s.row, "uscc": self.uscc, "name": s.name, "city": s.city, "chain": s.chain,
                "department": s.department, "status": self.status, "message": self.message, "error": self.error}


def _code(text: str) -> tuple[str | None, str]:
    """The compacted USCC, or ``None`` and validate_uscc's Chinese message."""
    if not text.strip():
        return None, _("缺少统一社会信用代码。")
    try:
        return validate_uscc(unicodedata.normalize("NFKC", text)), ""
    except ValidationError as exc:
        return None, exc.messages[0]


def _facts(codes: set[str], number: int) -> tuple[dict[str, tuple[int, str, str]], dict[str, str]]:
    """Organizations by USCC (id, kind, name) and why a USCC is already listed (two queries)."""
    if not codes:
        return {}, {}
    orgs = {uscc: (pk, kind, name) for pk, uscc, kind, name in
            Organization.objects.filter(uscc__in=codes).values_list("id", "uscc", "kind", "name")}
    listed: dict[str, str] = {}
    entries = (WhitelistEntry.objects.filter(uscc__in=codes, batch__published_at__isnull=False, removed_at=None)
               | WhitelistEntry.objects.filter(uscc__in=codes, batch__number=number))
    for uscc, n, removed in entries.order_by("batch__number").values_list("uscc", "batch__number", "removed_at"):
        if n == number:
            listed[uscc] = (_("本批次（第%(n)d批）中该企业曾被移出，同一批次不能再次导入。") if removed
                            else _("本批次（第%(n)d批）已包含该企业。")) % {"n": n}
        else:
            listed.setdefault(uscc, _("该企业已在第%(n)d批白名单中（已发布）。") % {"n": n})
    return orgs, listed


class RowChecker:
    """Gives each row of one pass over a file its status (it remembers the codes seen)."""

    def __init__(self, *, number: int, unknown_org: str) -> None:
        self.number = number
        self.create_unknown = unknown_org == ImportJob.UnknownOrg.CREATE
        self.places = importing.Places.load()
        self.chains = importing.Chains.load()
        self.seen: dict[str, int] = {}

    def check(self, rows: list[SourceRow]) -> list[CheckedRow]:
        """Check the next rows of the file, in file order (two queries per call)."""
        parsed = [(row, *_code(row.uscc)) for row in rows]
        orgs, listed = _facts({code for _row, code, _problem in parsed if code}, self.number)
        return [self._row(row, code, problem, orgs, listed) for row, code, problem in parsed]

    def _row(self, row: SourceRow, code: str | None, problem: str, orgs: dict, listed: dict) -> CheckedRow:
        if code is None:
            return CheckedRow(row, row.uscc).fail(INVALID_USCC, problem)
        checked = CheckedRow(row, code)
        first = self.seen.setdefault(code, row.row)
        if first != row.row:
            return checked.fail(DUPLICATE, _("与第 %(n)d 行的统一社会信用代码重复。") % {"n": first})
        name = row.name.strip()
        if not name or len(name) > 128:
            return checked.fail(INVALID_NAME,
                                _("企业名称为空。") if not name else _("企业名称过长（不能超过128个字）。"))
        if code in listed:
            return checked.fail(LISTED, listed[code])
        place = self.places.resolve(row.city)
        if place is None:
            return checked.fail(UNKNOWN_REGION, _("所在城市为空。") if not row.city else _(
                "无法识别的城市“%(city)s”：请填写湖南省的市州名称（如“株洲市”）或行政区划代码。") % {"city": row.city})
        checked.city_id, checked.region_id = place
        if row.chain:
            checked.chain_id = self.chains.resolve(row.chain)
            if checked.chain_id is None:
                return checked.fail(UNKNOWN_CHAIN, _("未知的产业链“%(chain)s”：请使用平台的产业链名称（如“工程机械”），"
                                                     "或留空。") % {"chain": row.chain})
        return self._organization(checked, orgs.get(code), name)

    def _organization(self, checked: CheckedRow, org: tuple[int, str, str] | None, name: str) -> CheckedRow:
        if org is None:
            if not self.create_unknown:
                return checked.fail(UNKNOWN_ORG, _("平台上尚无该企业；按所选规则（拒绝），此行不予导入。"))
            checked.status, checked.message = UNKNOWN_ORG, _("平台上尚无该企业：入库时将创建待审核的企业。")
            return checked
        org_id, kind, registered = org
        if kind != Organization.Kind.ENTERPRISE:
            return checked.fail(UNKNOWN_ORG, _("该统一社会信用代码在平台上登记为“%(kind)s”，不是企业。")
                                % {"kind": Organization.Kind(kind).label})
        checked.organization_id = org_id
        if registered != name:
            checked.message = (_("名称与平台登记不一致（平台：%(name)s），将关联到平台上的该企业。")
                               % {"name": registered})
        return checked


def report_counts(report: list[dict[str, Any]]) -> dict[str, int]:
    """Rows per status (every status, zeros included), plus ``total`` and ``errors``."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in report:
        counts[row["status"]] += 1
    counts["total"] = len(report)
    counts["errors"] = sum(1 for row in report if row["error"])
    return counts


# ---- jobs ------------------------------------------------------------------------------------

def _check_number(number: int) -> None:
    if not 1 <= number <= MAX_BATCH_NUMBER:
        raise ValidationError({"number": [_("批次号应为 1 至 %(max)d 之间的整数。") % {"max": MAX_BATCH_NUMBER}]})
    if WhitelistBatch.objects.filter(number=number, published_at__isnull=False).exists():
        raise ValidationError(
            {"number": [_("第%(n)d批白名单已发布，不能再向其导入企业。请使用新的批次号。") % {"n": number}]})


def import_submit(*, upload: UploadedFile, number: int, dry_run: bool, unknown_org: str, actor: User) -> ImportJob:
    """Check and store an uploaded file as a new job, then run it (small) or queue it (large).

    Operators only. Raises ``ValidationError`` (``file``, ``number``, ``unknown_org``) — with
    nothing written — for a wrong type, size, encoding, header, an empty or too long file, or a
    published batch. Returns the job: finished for small files, ``queued`` for large ones.
    """
    ensure_operator(actor)
    _check_number(number)
    if unknown_org not in ImportJob.UnknownOrg.values:
        raise ValidationError({"unknown_org": [_("未注册企业的处理方式必须是“create”或“reject”。")]})
    try:
        importing.check_size(upload.size or 0)
        upload.seek(0)
        kind = importing.file_kind(upload.name or "", upload.read(8192))
        upload.seek(0)
        total = importing.inspect(upload, kind)
    except FileRejected as exc:
        raise ValidationError({"file": [exc.message]}) from None
    upload.seek(0)
    job = ImportJob(batch_number=number, dry_run=dry_run, unknown_org=unknown_org, total_rows=total,
                    original_name=(upload.name or "")[:255], created_by=actor)
    job.file.save(f"{uuid.uuid4().hex}.{kind}", upload, save=False)
    job.save()
    return _dispatch(job)


def import_commit(*, job_id: int, actor: User) -> ImportJob:
    """Commit the file of a clean dry run: a new job (``dry_run=False``) on the same stored file.

    Raises ``Http404``, ``Conflict`` (not a finished dry run, error rows, already committed) or
    ``ValidationError`` (the batch was published meanwhile). The rows are checked again.
    """
    ensure_operator(actor)
    source = ImportJob.objects.defer("report").filter(pk=job_id).first()
    if source is None:
        raise Http404(_("未找到该导入记录。"))
    if not source.dry_run or source.status != ImportJob.Status.VALIDATED:
        raise Conflict(_("只能提交已完成校验的文件。"))
    if source.counts.get("errors"):
        raise Conflict(_("该文件有错误行，不能入库。请修改文件后重新上传。"))
    _check_number(source.batch_number)
    earlier = committing(source)
    if earlier is not None:
        raise Conflict(_("该文件已提交入库（导入 #%(id)d）。") % {"id": earlier.pk})
    job = ImportJob.objects.create(batch_number=source.batch_number, dry_run=False, unknown_org=source.unknown_org,
                                   file=source.file.name, original_name=source.original_name,
                                   total_rows=source.total_rows, created_by=actor)
    return _dispatch(job)


def committing(job: ImportJob) -> ImportJob | None:
    """The commit job made from this dry run's file, unless it failed."""
    return (ImportJob.objects.defer("report").filter(file=job.file.name, dry_run=False)
            .exclude(status=ImportJob.Status.FAILED).exclude(pk=job.pk).order_by("-id").first())


def _dispatch(job: ImportJob) -> ImportJob:
    if job.total_rows <= SYNC_MAX_ROWS:
        import_run(job_id=job.pk)
        job.refresh_from_db()
    else:
        enqueue_on_commit(whitelist_import, job.pk)
    return job


def import_run(*, job_id: int) -> ImportJob | None:
    """Process a ``queued`` job (or restart a ``running`` one whose worker died): dry run or commit.

    Safe to run twice: a finished job is left alone (returns ``None``), and a commit re-checks
    its rows under the lock. Records progress every ``CHUNK`` rows. Never raises for a bad file
    or a failed commit: the job ends ``failed`` with a Chinese ``error`` (and nothing written).
    """
    claimed = ImportJob.objects.filter(pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]) \
        .update(status=ImportJob.Status.RUNNING, processed_rows=0, error="")
    if not claimed:
        return None
    job = ImportJob.objects.defer("report").get(pk=job_id)
    try:
        rows = _checked(job, RowChecker(number=job.batch_number, unknown_org=job.unknown_org))
        if job.dry_run:
            _finish(job, ImportJob.Status.VALIDATED, rows)
        else:
            _commit(job, rows)
    except FileRejected as exc:
        _fail(job, exc.message)
    except SoftTimeLimitExceeded:
        _fail(job, _("处理超时，未写入任何数据。请拆分文件后重试。"))
    except Exception:
        logger.exception("white-list import %s failed", job_id)
        _fail(job, _("导入过程中发生意外错误，未写入任何数据。请重试，或联系技术支持。"))
    return ImportJob.objects.get(pk=job_id)


def _checked(job: ImportJob, checker: RowChecker) -> list[CheckedRow]:
    """Every row of the job's file, checked; progress recorded every ``CHUNK`` rows."""
    kind = job.file.name.rsplit(".", 1)[-1].lower()
    rows: list[CheckedRow] = []
    chunk: list[SourceRow] = []
    with job.file.open("rb") as handle:
        for source in importing.source_rows(handle, kind):
            chunk.append(source)
            if len(chunk) == CHUNK:
                rows += checker.check(chunk)
                chunk = []
                ImportJob.objects.filter(pk=job.pk).update(
                    processed_rows=len(rows), total_rows=max(job.total_rows, len(rows) + 1))
    rows += checker.check(chunk)
    if not rows:
        raise FileRejected(_("文件中没有数据行（表头下面是空的）。"))
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=len(rows), total_rows=len(rows))
    return rows


class _Refused(Exception):
    def __init__(self, message: str, rows: list[CheckedRow]) -> None:
        super().__init__(message)
        self.message, self.rows = message, rows


def _refusal(rows: list[CheckedRow]) -> str | None:
    errors = sum(1 for r in rows if r.error)
    return _("文件中有 %(n)d 行存在问题，未导入任何数据。请修改后重新上传。") % {"n": errors} if errors else None


def _commit(job: ImportJob, rows: list[CheckedRow]) -> None:
    refusal = _refusal(rows)
    if refusal:
        _finish(job, ImportJob.Status.FAILED, rows, error=refusal)
        return
    try:
        with set_actor(job.created_by), transaction.atomic():  # audit entries name the operator
            _lock()
            if ImportJob.objects.select_for_update().get(pk=job.pk).status != ImportJob.Status.RUNNING:
                return  # another run of this job finished it meanwhile
            batch = WhitelistBatch.objects.select_for_update().filter(number=job.batch_number).first()
            if batch is not None and batch.published_at:
                raise _Refused(_("第%(n)d批白名单已发布，不能再导入。") % {"n": batch.number}, rows)
            checker = RowChecker(number=job.batch_number, unknown_org=job.unknown_org)
            sources = [r.source for r in rows]
            rows = [r for i in range(0, len(sources), CHUNK) for r in checker.check(sources[i:i + CHUNK])]
            refusal = _refusal(rows)
            if refusal:
                raise _Refused(refusal, rows)
            if batch is None:
                batch = WhitelistBatch.objects.create(number=job.batch_number, title=batch_title(job.batch_number))
            _write(batch, rows)
            _finish(job, ImportJob.Status.COMMITTED, rows, batch=batch)
    except _Refused as refused:
        _finish(job, ImportJob.Status.FAILED, refused.rows, error=refused.message)


def _write(batch: WhitelistBatch, rows: list[CheckedRow]) -> None:
    """Pending organizations (with profiles) for unknown USCCs, then the entries; in chunks."""
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        new = [Organization(kind=Organization.Kind.ENTERPRISE, name=r.source.name.strip(), uscc=r.uscc,
                            region_id=r.region_id, verification=Organization.Verification.PENDING)
               for r in chunk if r.organization_id is None]
        if new:
            Organization.objects.bulk_create(new)
            EnterpriseProfile.objects.bulk_create([EnterpriseProfile(organization=org) for org in new])
            ids = {org.uscc: org.pk for org in new}
            for r in chunk:
                if r.organization_id is None:
                    r.organization_id = ids[r.uscc]
                    r.message = _("平台上尚无该企业：已创建待审核的企业。")
        WhitelistEntry.objects.bulk_create([_entry_build(r, batch) for r in chunk])


def _entry_build(row: CheckedRow, batch: WhitelistBatch) -> WhitelistEntry:
    """The entry for one checked row (called once per row inside the commit transaction)."""
    s = row.source
    return WhitelistEntry(batch=batch, organization_id=row.organization_id, uscc=row.uscc, name=s.name.strip(),
                          city_id=row.city_id, chain_id=row.chain_id, department=s.department[:128],
                          row_number=s.row)


def _finish(job: ImportJob, status: str, rows: list[CheckedRow], *, error: str = "",
            batch: WhitelistBatch | None = None) -> None:
    job.status, job.error, job.batch, job.finished_at = status, error, batch, timezone.now()
    job.report = [r.report() for r in rows]
    job.counts = report_counts(job.report)
    job.total_rows = job.processed_rows = len(rows)
    job.save(update_fields=["status", "error", "batch", "finished_at", "report", "counts", "total_rows",
                            "processed_rows"])


def _fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error=message,
                                               finished_at=timezone.now())
