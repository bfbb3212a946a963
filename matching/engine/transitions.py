"""The match status machine: who may move a match from which status to which.

suggested → viewed → interested → contacted → succeeded / declined / expired. The need side
(e.g. the enterprise) shows interest; the offer side (e.g. the bank) answers and records the
outcome; either side may decline with a reason; the system expires. Illegal moves are 409.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.exceptions import Conflict
from enterprises.models import User
from enterprises.permissions import membership_of
from matching.engine.models import DeclineReason, Match, MatchStatus, MatchTransition
from matching.engine.registry import get_domain

S = MatchStatus
NEED, OFFER, SYSTEM = "need", "offer", "system"

#: (from, to) → the sides allowed to make that move.
ALLOWED: dict[tuple[str, str], frozenset[str]] = {
    (S.SUGGESTED, S.VIEWED): frozenset({NEED, OFFER}),
    (S.SUGGESTED, S.INTERESTED): frozenset({NEED}),
    (S.VIEWED, S.INTERESTED): frozenset({NEED}),
    (S.INTERESTED, S.CONTACTED): frozenset({OFFER}),
    (S.CONTACTED, S.SUCCEEDED): frozenset({OFFER}),
    **{(f, S.DECLINED): frozenset({NEED, OFFER}) for f in (S.SUGGESTED, S.VIEWED, S.INTERESTED, S.CONTACTED)},
    **{(f, S.EXPIRED): frozenset({SYSTEM}) for f in (S.SUGGESTED, S.VIEWED, S.INTERESTED, S.CONTACTED)},
}


def side_of(user: User, match: Match) -> str | None:
    """``need``/``offer`` for the match's parties, ``system`` for operators, else None."""
    if user.is_staff and user.is_active:
        return SYSTEM
    membership = membership_of(user)
    org_id = membership.organization_id if membership else None
    if (org_id and org_id == match.need_org_id) or match.need_user_id == user.pk:
        return NEED
    if (org_id and org_id == match.offer_org_id) or match.offer_user_id == user.pk:
        return OFFER
    return None


def match_transition(*, match_id: int, actor: User | None, to: str, reason: str = "", decline_reason: str = "",
                     outcome: dict[str, Any] | None = None, side: str | None = None) -> Match:
    """Move a match to ``to`` as ``actor`` (or as ``side="system"`` with no actor).

    Raises Http404 if the actor is not a party, PermissionDenied if their side may not make the
    move, Conflict (409) if the move is illegal from the current status, ValidationError for a
    missing decline reason or outcome. Domain side effects run in the same transaction.
    """
    if to not in S.values:
        raise ValidationError({"to": [_("未知的状态：%(to)s。") % {"to": to}]})
    with transaction.atomic():
        match = Match.objects.select_for_update().filter(pk=match_id).first()
        if match is None:
            raise Http404(_("未找到该匹配。"))
        who = side or (side_of(actor, match) if actor else None)
        if who is None:
            raise Http404(_("未找到该匹配。"))
        current = match.status
        allowed = ALLOWED.get((current, to))
        if allowed is None:
            raise Conflict(_("不能从“%(a)s”变为“%(b)s”。") % {"a": S(current).label, "b": S(to).label})
        if who not in allowed:
            raise PermissionDenied(
                _("您无权将此匹配从“%(a)s”变为“%(b)s”。") % {"a": S(current).label, "b": S(to).label}
            )
        if to == S.DECLINED:
            if decline_reason not in DeclineReason.values:
                raise ValidationError({"decline_reason": [_("请选择拒绝原因。")]})
            match.decline_reason, match.decline_note = decline_reason, reason[:500]
        hook = getattr(get_domain(match.domain), "on_transition", None)
        if hook:
            hook(match=match, to=to, side=who, actor=actor, outcome=outcome or {})
        match.status = to
        match.status_changed_at = timezone.now()
        match.save()
        MatchTransition.objects.create(match=match, from_status=current, to_status=to, actor=actor, side=who,
                                       reason=(reason or decline_reason)[:500])
    return match
