"""一链一行: assigning a chain's lead bank (主办银行) and its participating banks."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.exceptions import Conflict
from enterprises.models import ChainBank, IndustrialChain, Organization, User
from enterprises.permissions import ensure_operator
from matching.engine.runs import run_create
from matching.financing.eligibility import MATCHABLE_STATUSES
from matching.models import FinancingRequest


def _bank(bank_id: int) -> Organization:
    bank = Organization.objects.filter(pk=bank_id, kind=Organization.Kind.BANK).first()
    if bank is None:
        raise ValidationError({"bank": [_("未找到该银行。")]})
    if not bank.is_verified:
        raise ValidationError({"bank": [_("该银行尚未通过平台认证，不能担任主办银行。")]})
    return bank


def lead_bank_assign(*, chain_id: int, bank_id: int, actor: User, start: date | None = None) -> IndustrialChain:
    """Make ``bank_id`` the chain's lead bank from ``start`` (today by default).

    The previous lead's role ends the day before; the chain's ``lead_bank`` (read by the engine)
    changes; the chain's open financing requests are rematched after commit so the 主办银行
    badge and notifications follow the new lead. Operators only. One transaction.
    """
    ensure_operator(actor)
    start = start or timezone.localdate()
    with transaction.atomic():
        chain = IndustrialChain.objects.select_for_update().filter(pk=chain_id).first()
        if chain is None:
            raise Http404(_("未找到该产业链。"))
        bank = _bank(bank_id)
        if chain.lead_bank_id == bank.pk:
            raise Conflict(_("%(bank)s 已是该产业链的主办银行。") % {"bank": bank.name})
        ChainBank.objects.filter(chain=chain, role=ChainBank.Role.LEAD, end_date=None).update(end_date=start)
        ChainBank.objects.filter(chain=chain, bank=bank, role=ChainBank.Role.PARTICIPATING, end_date=None).update(
            end_date=start)
        ChainBank.objects.create(chain=chain, bank=bank, role=ChainBank.Role.LEAD, start_date=start,
                                 assigned_by=actor)
        chain.lead_bank = bank
        chain.save(update_fields=["lead_bank"])
        _rematch_chain(chain)
    return chain


def participating_bank_set(*, chain_id: int, bank_id: int, actor: User, active: bool) -> ChainBank | None:
    """Add (``active=True``) or end a participating bank's role in a chain."""
    ensure_operator(actor)
    with transaction.atomic():
        chain = IndustrialChain.objects.filter(pk=chain_id).first()
        if chain is None:
            raise Http404(_("未找到该产业链。"))
        bank = _bank(bank_id)
        current = ChainBank.objects.filter(chain=chain, bank=bank, end_date=None).first()
        if active:
            if current:
                raise Conflict(_("%(bank)s 已在该产业链中。") % {"bank": bank.name})
            return ChainBank.objects.create(chain=chain, bank=bank, role=ChainBank.Role.PARTICIPATING,
                                            start_date=timezone.localdate(), assigned_by=actor)
        if current is None or current.role != ChainBank.Role.PARTICIPATING:
            raise Conflict(_("%(bank)s 不是该产业链的参与银行。") % {"bank": bank.name})
        current.end_date = timezone.localdate()
        current.save(update_fields=["end_date"])
        return current


def _rematch_chain(chain: IndustrialChain) -> int:
    ids = list(FinancingRequest.objects.filter(
        status__in=MATCHABLE_STATUSES, enterprise__enterprise_profile__chain_segments__chain=chain,
    ).values_list("id", flat=True).distinct())
    for request_id in ids:
        run_create(domain="financing", scope="need", target_id=request_id)
    return len(ids)
