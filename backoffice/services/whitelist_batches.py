"""White-list batches after import: publishing, removal with history, and the read helpers
of the batch pages (split from ``whitelist.py``, which holds the import and its commit)."""

from __future__ import annotations

import logging
import zlib
from datetime import timedelta
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.models import ImportJob
from config.exceptions import Conflict
from enterprises.models import EnterpriseProfile, Organization, User, WhitelistBatch, WhitelistEntry
from enterprises.permissions import ensure_operator
from matching.engine.runs import run_create
from matching.financing.eligibility import MATCHABLE_STATUSES
from matching.models import FinancingRequest
from matching.policies.services import policies_reevaluate_on_commit  # re-check policies

logger = logging.getLogger(__name__)

_LOCK_KEY = zlib.crc32(b"qilian.whitelist") & 0x7FFFFFFF


def _lock() -> None:
    """Serialize white-list commits, publishing and removal (held until the transaction ends)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])



def batch_publish(*, batch_id: int, actor: User) -> WhitelistBatch:
    """Publish a batch: set ``published_at`` and flag every listed (not removed) firm's profile
    with this batch in one UPDATE (banks read the flag). Operators only; one transaction.

    Raises ``Http404``; ``Conflict`` if already published, empty, or if a firm in it is listed
    in another published batch meanwhile. The flagged firms' open loan requests are rematched.
    """
    ensure_operator(actor)
    with set_actor(actor), transaction.atomic():
        _lock()
        batch = WhitelistBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            raise Http404(_("未找到该白名单批次。"))
        if batch.published_at:
            raise Conflict(_("第%(n)d批白名单已发布。") % {"n": batch.number})
        active = WhitelistEntry.objects.filter(batch=batch, removed_at=None)
        if not active.exists():
            raise Conflict(_("该批次还没有企业，不能发布。"))
        clash = list(WhitelistEntry.objects.filter(uscc__in=active.values("uscc"), removed_at=None,
                                                   batch__published_at__isnull=False)
                     .values_list("name", flat=True)[:5])
        if clash:
            raise Conflict(_("以下企业已在其他已发布批次中，请先从本批次移出：%(names)s") % {"names": "、".join(clash)})
        batch.published_at = timezone.now()
        batch.save(update_fields=["published_at"])
        org_ids = active.exclude(organization=None).values("organization_id")
        EnterpriseProfile.objects.filter(organization_id__in=org_ids).update(whitelist_batch=batch)
        _rematch(org_ids)
        policies_reevaluate_on_commit(org_ids)
    return batch


def entry_remove(*, entry_id: int, actor: User, reason: str, batch_id: int | None = None) -> WhitelistEntry:
    """Remove a firm from its batch with a reason; the row stays (history), struck through.

    Records who and when; clears the firm's white-list flag if it pointed at this batch, and
    rematches its open loan requests. Raises ``ValidationError`` (``reason``), ``Http404``
    (also when ``batch_id`` is given and the entry is not in it) or ``Conflict`` (already removed).
    """
    ensure_operator(actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": [_("请填写移出原因。")]})
    if len(reason) > 255:
        raise ValidationError({"reason": [_("移出原因不能超过255个字。")]})
    with set_actor(actor), transaction.atomic():
        _lock()
        entries = WhitelistEntry.objects.select_for_update(of=("self",)).select_related("batch")
        if batch_id is not None:
            entries = entries.filter(batch_id=batch_id)
        entry = entries.filter(pk=entry_id).first()
        if entry is None:
            raise Http404(_("未找到该白名单企业。"))
        if entry.removed_at:
            raise Conflict(_("该企业已于 %(at)s 移出白名单。")
                           % {"at": timezone.localtime(entry.removed_at).strftime("%Y-%m-%d %H:%M")})
        entry.removed_at, entry.removed_reason, entry.removed_by = timezone.now(), reason, actor
        entry.save(update_fields=["removed_at", "removed_reason", "removed_by"])
        if entry.organization_id and EnterpriseProfile.objects.filter(
                organization_id=entry.organization_id, whitelist_batch_id=entry.batch_id).update(whitelist_batch=None):
            _rematch([entry.organization_id])
    return entry


def _rematch(org_ids: Any) -> int:
    """Rematch the open loan requests of these firms (after commit): white-list eligibility changed."""
    ids = list(FinancingRequest.objects.filter(
        enterprise_id__in=org_ids, status__in=MATCHABLE_STATUSES,
        enterprise__verification=Organization.Verification.VERIFIED).values_list("id", flat=True))
    for request_id in ids:
        run_create(domain="financing", scope="need", target_id=request_id)
    return len(ids)


# ---- read side, shared by the pages and the API ----------------------------------------------

def _count(rows: QuerySet) -> Coalesce:
    return Coalesce(Subquery(rows.order_by().values("batch").annotate(n=Count("id")).values("n")[:1]), 0)


def batches_overview() -> QuerySet[WhitelistBatch]:
    """Batches, newest first, with ``entry_count`` (listed), ``removed_count`` and ``import_count``."""
    entries = WhitelistEntry.objects.filter(batch=OuterRef("pk"))
    return WhitelistBatch.objects.annotate(
        entry_count=_count(entries.filter(removed_at=None)),
        removed_count=_count(entries.filter(removed_at__isnull=False)),
        import_count=_count(ImportJob.objects.filter(batch=OuterRef("pk"))),
    ).order_by("-number")


def batch_entries(*, batch_id: int, search: str = "") -> QuerySet[WhitelistEntry]:
    """A batch's firms in import order, removed ones included; ``search`` in name or USCC."""
    rows = WhitelistEntry.objects.filter(batch_id=batch_id).select_related("city", "chain", "organization",
                                                                           "removed_by")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(uscc__icontains=search.upper()))
    return rows.order_by("id")


def imports_stale(*, minutes: int) -> list[int]:
    """Imports still ``queued`` after ``minutes``: their message was lost (the broker was down)."""
    cutoff = timezone.now() - timedelta(minutes=minutes)
    return list(ImportJob.objects.filter(status=ImportJob.Status.QUEUED, created_at__lt=cutoff)
                .values_list("id", flat=True))


def recent_imports(limit: int = 10) -> QuerySet[ImportJob]:
    return ImportJob.objects.defer("report").select_related("created_by", "batch").order_by("-id")[:limit]
