"""Every legal and illegal status move, for each side (need, offer, stranger, operator)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from config.exceptions import Conflict
from matching.engine.transitions import ALLOWED, match_transition
from matching.models import Match, MatchStatus, MatchTransition
from tests import factories

pytestmark = pytest.mark.django_db
S = MatchStatus
OUTCOME = {"amount": "1000000", "rate": "3.8", "term": 12}


@pytest.fixture
def parties():
    ent = factories.enterprise()
    bank = factories.bank()
    request = factories.loan_request(ent.membership.organization)
    product = factories.product(bank.membership.organization)
    match = Match.objects.create(domain="financing", need_id=request.pk, offer_id=product.pk,
                                 need_org=ent.membership.organization, offer_org=bank.membership.organization,
                                 score=Decimal("80"), engine_version="t")
    return {"need": ent, "offer": bank, "stranger": factories.enterprise(), "system": factories.OperatorFactory(),
            "match": match}


CASES = [(a, b, side) for a in S.values for b in S.values if a != b for side in ("need", "offer", "stranger")]


@pytest.mark.parametrize(("start", "to", "side"), CASES)
def test_transition_matrix(parties, start, to, side):
    match = parties["match"]
    Match.objects.filter(pk=match.pk).update(status=start)
    kwargs = {"decline_reason": "rate"} if to == S.DECLINED else {}
    if to == S.SUCCEEDED:
        kwargs["outcome"] = OUTCOME
    call = lambda: match_transition(match_id=match.pk, actor=parties[side], to=to, **kwargs)  # noqa: E731
    allowed = ALLOWED.get((start, to))
    if side == "stranger":
        with pytest.raises(Http404):
            call()
    elif allowed is None:
        with pytest.raises(Conflict):
            call()
    elif side not in allowed:
        with pytest.raises(PermissionDenied):
            call()
    else:
        assert call().status == to
        assert MatchTransition.objects.filter(match=match, from_status=start, to_status=to).exists()
        return
    assert Match.objects.get(pk=match.pk).status == start  # nothing written on refusal
    assert not MatchTransition.objects.exists()


def test_only_operators_or_the_system_expire(parties):
    match = parties["match"]
    assert match_transition(match_id=match.pk, actor=parties["system"], to=S.EXPIRED).status == S.EXPIRED


def test_decline_needs_a_reason_from_the_fixed_list(parties):
    with pytest.raises(ValidationError):
        match_transition(match_id=parties["match"].pk, actor=parties["offer"], to=S.DECLINED, decline_reason="x")
    assert Match.objects.get(pk=parties["match"].pk).status == S.SUGGESTED


def test_success_needs_a_valid_outcome_and_writes_nothing_otherwise(parties):
    match = parties["match"]
    Match.objects.filter(pk=match.pk).update(status=S.CONTACTED)
    with pytest.raises(ValidationError) as exc:
        match_transition(match_id=match.pk, actor=parties["offer"], to=S.SUCCEEDED,
                         outcome={"amount": "-5", "rate": "40", "term": 0})
    assert {"outcome.amount", "outcome.rate", "outcome.term"} <= set(exc.value.message_dict)
    match.refresh_from_db()
    assert match.status == S.CONTACTED and match.outcome == {}


def test_illegal_move_over_the_api_is_409_with_a_chinese_message(parties, as_user):
    response = as_user(parties["offer"]).post(f"/api/v1/matches/{parties['match'].pk}/transition/",
                                              {"to": "succeeded"}, format="json")
    assert response.status_code == 409
    assert "不能从“推荐”变为“成功”" in response.json()["error"]["message"]
