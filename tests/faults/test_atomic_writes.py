"""Every multi-row write is one transaction: an exception injected halfway leaves nothing behind.

Each test lets the write get past its first rows, then fails the next step, and checks that
neither the first rows nor any queued task survive. (The white-list commit has the same test,
chunk by chunk, in tests/backoffice/test_whitelist_import.py::test_a_failure_mid_commit_writes_nothing.)
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from matching.engine.matcher import match_need
from matching.engine.registry import get_domain
from matching.models import (
    FinancingRequest,
    Match,
    MatchmakingEvent,
    MatchRun,
    MatchTransition,
    Meeting,
    Notification,
    SourcingNeed,
)
from tests import factories
from tests.factories.events import make_event, match_between, register, schedule_now

pytestmark = pytest.mark.django_db


class Injected(RuntimeError):
    """The fault a test injects."""


def _after(real, *, fail_on: int = 1):
    """``real`` wrapped so that its ``fail_on``-th call runs and then raises :class:`Injected`."""
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] >= fail_on:
            raise Injected("fault injected after the write")
        return result

    return wrapper


def _failing_client(as_user, user):
    client = as_user(user)
    client.raise_request_exception = False  # see the 500 a user would get
    return client


def test_financing_request_and_its_run_are_written_together(as_user, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    from matching.financing import services as financing

    ent = factories.enterprise()
    monkeypatch.setattr(financing, "run_create", _after(financing.run_create))
    runs = MatchRun.objects.count()

    with django_capture_on_commit_callbacks() as queued:
        response = _failing_client(as_user, ent).post(
            "/api/v1/financing/requests/", {"amount": "2000000.00", "term": 24, "purpose": "equipment"}, format="json")

    assert response.status_code == 500
    assert not FinancingRequest.objects.exists()  # the request row was saved, then rolled back
    assert MatchRun.objects.count() == runs
    assert queued == []  # and its run's task was never sent


def test_financing_request_is_not_kept_when_telling_the_lead_bank_fails(monkeypatch):
    """The lead-bank notification is the last step of a new request: it fails, nothing stays."""
    from matching.financing import services as financing

    ent = factories.enterprise()
    monkeypatch.setattr(financing, "_notify_lead_banks", _after(lambda request: None))
    runs, notes = MatchRun.objects.count(), Notification.objects.count()

    with pytest.raises(Injected):
        financing.request_save(actor=ent, data={"amount": Decimal("2000000"), "term": 24, "purpose": "equipment"})

    assert not FinancingRequest.objects.exists()
    assert (MatchRun.objects.count(), Notification.objects.count()) == (runs, notes)


def test_supply_need_and_its_run_are_written_together(as_user, monkeypatch, django_capture_on_commit_callbacks):
    from matching.supply import services as supply

    buyer = factories.enterprise()
    monkeypatch.setattr(supply, "run_create", _after(supply.run_create))
    runs = MatchRun.objects.count()

    with django_capture_on_commit_callbacks() as queued:
        response = _failing_client(as_user, buyer).post("/api/v1/supply/needs/", {
            "category": "hydraulics", "title": "采购液压油缸", "description": "挖掘机用液压油缸", "quantity": "100",
            "unit": "件", "max_distance": "province"}, format="json")

    assert response.status_code == 500
    assert not SourcingNeed.objects.exists()
    assert MatchRun.objects.count() == runs and queued == []


def test_match_transition_and_its_side_effects_are_one_write(as_user, monkeypatch):
    """Interest moves the match, starts the bank's clock, moves the request and tells the bank;
    when recording the transition fails, none of it stays."""
    ent = factories.enterprise()
    bank_user = factories.bank()
    factories.product(bank_user.membership.organization)
    loan = factories.loan_request(ent.membership.organization)
    match_need(get_domain("financing"), loan.pk)
    match = Match.objects.get(domain="financing", need_id=loan.pk)
    before = (match.status, FinancingRequest.objects.get(pk=loan.pk).status)
    monkeypatch.setattr(MatchTransition.objects, "create", _after(MatchTransition.objects.create))

    response = _failing_client(as_user, ent).post(f"/api/v1/matches/{match.pk}/transition/",
                                                  {"to": "interested"}, format="json")

    assert response.status_code == 500
    match.refresh_from_db()
    assert (match.status, FinancingRequest.objects.get(pk=loan.pk).status) == before
    assert match.interested_at is None and match.due_at is None
    assert not MatchTransition.objects.filter(match=match).exists()
    assert not Notification.objects.filter(user=bank_user, kind="interest").exists()

    monkeypatch.undo()  # the same move, without the fault, does all of it
    assert as_user(ent).post(f"/api/v1/matches/{match.pk}/transition/", {"to": "interested"},
                             format="json").status_code == 200
    assert Notification.objects.filter(user=bank_user, kind="interest").exists()


def test_a_schedule_rerun_that_fails_midway_keeps_the_previous_schedule(operator, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    from matching.events.services import event_schedule_execute, event_schedule_request

    buyer, supplier = factories.enterprise(), factories.enterprise()
    match_between(buyer, supplier)
    event = make_event(operator)
    register(buyer, event, "buyer")
    register(supplier, event, "supplier")
    event = schedule_now(event, operator, django_capture_on_commit_callbacks)
    kept = list(Meeting.objects.filter(event=event).values_list("pk", "buyer_id", "supplier_id"))
    assert kept and event.status == "scheduled"
    with django_capture_on_commit_callbacks():
        event_schedule_request(actor=operator, event_id=event.pk)
    event.refresh_from_db()
    # the old meetings are deleted and the new ones inserted, then the event row fails to save
    monkeypatch.setattr(MatchmakingEvent, "save", _after(MatchmakingEvent.save))

    with pytest.raises(Injected):
        event_schedule_execute(event_id=event.pk, version=event.schedule_version)

    assert list(Meeting.objects.filter(event=event).values_list("pk", "buyer_id", "supplier_id")) == kept
    refreshed = MatchmakingEvent.objects.get(pk=event.pk)
    assert refreshed.scheduled_at == event.scheduled_at and refreshed.schedule_info == event.schedule_info
