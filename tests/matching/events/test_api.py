"""Matchmaking events over the API: publishing, registration rules, the schedule job, lock, agenda, outcomes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from enterprises.models import Organization
from matching.events.services import event_schedule_execute
from matching.models import EventRegistration, MatchmakingEvent, MatchStatus, Meeting
from tests import factories
from tests.factories.events import make_event, match_between, move_event_to, register, schedule_now

pytestmark = pytest.mark.django_db


def event_payload(**overrides):
    day = timezone.localdate() + dt.timedelta(days=20)
    return {"title": "工程机械产业链对接会", "chain": "construction-machinery", "city": "430100",
            "date": day.isoformat(), "venue": "长沙国际会议中心", "start_time": "09:00", "slot_count": 4,
            "meeting_minutes": 20, "break_minutes": 5, "tables": 3, "meeting_cap": 2,
            "registration_deadline": f"{day - dt.timedelta(days=2)}T18:00:00+08:00", **overrides}


def test_operator_publishes_an_event_and_anyone_lists_it(as_user, operator, api):
    response = as_user(operator).post("/api/v1/backoffice/events/", event_payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "open" and body["registration_open"] is True
    assert [s["start"][11:16] for s in body["slots"]] == ["09:00", "09:25", "09:50", "10:15"]
    draft = as_user(operator).post("/api/v1/backoffice/events/", event_payload(title="草稿", publish=False),
                                   format="json")
    assert draft.json()["status"] == "draft"
    listed = api.get("/api/v1/events/").json()
    assert listed["count"] == 1 and listed["results"][0]["chain_name"] == "工程机械"
    assert api.get(f"/api/v1/events/{draft.json()['id']}/").status_code == 404


@pytest.mark.parametrize(("field", "value"), [("date", "2020-01-01"), ("slot_count", 0), ("city", "430000"),
                                              ("registration_deadline", "2099-01-01T00:00:00+08:00")])
def test_bad_event_input_is_refused_and_nothing_written(as_user, operator, field, value):
    response = as_user(operator).post("/api/v1/backoffice/events/", event_payload(**{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not MatchmakingEvent.objects.exists()


def test_operator_api_refuses_everyone_else(as_user, api):
    event = make_event()
    firm = as_user(factories.enterprise())
    for path in ("/api/v1/backoffice/events/", f"/api/v1/backoffice/events/{event.pk}/schedule/",
                 f"/api/v1/backoffice/events/{event.pk}/lock/"):
        assert firm.post(path, event_payload(), format="json").status_code == 403
        assert api.post(path, {}, format="json").status_code == 401
    assert MatchmakingEvent.objects.count() == 1


def test_registration_rules(as_user):
    event = make_event()
    firm = factories.enterprise()
    url = f"/api/v1/events/{event.pk}/registrations/"
    # unverified enterprises and banks may not register
    unverified = factories.enterprise(verification="pending")
    assert as_user(unverified).post(url, {"role": "buyer"}, format="json").status_code == 403
    assert as_user(factories.bank()).post(url, {"role": "buyer"}, format="json").status_code == 403
    # a verified one may, once
    first = as_user(firm).post(url, {"role": "both"}, format="json")
    assert first.status_code == 201 and first.json()["role"] == "both"
    again = as_user(firm).post(url, {"role": "buyer"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    # requests must name registered firms
    other = factories.enterprise()
    stranger = factories.enterprise().membership.organization
    bad = as_user(other).post(url, {"role": "buyer", "requested": [stranger.pk]}, format="json")
    assert bad.status_code == 400 and "requested" in bad.json()["error"]["fields"]
    ok = as_user(other).post(url, {"role": "buyer", "requested": [firm.membership.organization_id]}, format="json")
    assert ok.status_code == 201 and ok.json()["requested"] == [firm.membership.organization_id]
    assert EventRegistration.objects.filter(event=event).count() == 2


def test_registration_closes_at_the_deadline(as_user):
    event = make_event()
    MatchmakingEvent.objects.filter(pk=event.pk).update(registration_deadline=timezone.now() - dt.timedelta(minutes=1))
    response = as_user(factories.enterprise()).post(f"/api/v1/events/{event.pk}/registrations/", {"role": "buyer"},
                                                     format="json")
    assert response.status_code == 409
    assert not EventRegistration.objects.exists()


def test_schedule_job_lock_and_rerun(as_user, operator, django_capture_on_commit_callbacks):
    buyer, supplier, other = factories.enterprise(), factories.enterprise(), factories.enterprise()
    match = match_between(buyer, supplier)
    event = make_event(operator)
    register(buyer, event, "buyer")
    register(supplier, event, "supplier")
    register(other, event, "supplier")  # no match with the buyer: not scheduled
    client = as_user(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/backoffice/events/{event.pk}/schedule/")
    assert response.status_code == 202 and response.json()["schedule_status"] == "queued"
    event.refresh_from_db()
    assert event.status == "scheduled" and event.schedule_status == "succeeded"
    assert event.schedule_info["solver"] == "milp" and event.schedule_info["optimal"] is True
    meeting = Meeting.objects.get(event=event)
    assert (meeting.buyer_id, meeting.supplier_id, meeting.match_id) == (
        buyer.membership.organization_id, supplier.membership.organization_id, match.pk)
    assert meeting.score == match.score and meeting.slot == 0 and meeting.table == 1

    # a rerun replaces the meetings; a stale job writes nothing
    old_version = event.schedule_version
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    assert Meeting.objects.filter(event=event).count() == 1 and not Meeting.objects.filter(pk=meeting.pk).exists()
    assert event_schedule_execute(event_id=event.pk, version=old_version) == "stale"

    locked = client.post(f"/api/v1/backoffice/events/{event.pk}/lock/")
    assert locked.status_code == 200 and locked.json()["status"] == "locked"
    assert buyer.notifications.filter(kind="event_schedule").exists()
    refused = client.post(f"/api/v1/backoffice/events/{event.pk}/schedule/")
    assert refused.status_code == 409
    assert client.post(f"/api/v1/backoffice/events/{event.pk}/lock/").status_code == 409


def test_requested_and_blocked_pairs_reach_the_schedule(operator, django_capture_on_commit_callbacks):
    buyer, good, asked = factories.enterprise(), factories.enterprise(), factories.enterprise()
    match_between(buyer, good)
    event = make_event(operator, slot_count=1)
    register(good, event, "supplier")
    register(asked, event, "supplier")
    register(buyer, event, "buyer", requested=[asked.membership.organization_id],
             blocked=[good.membership.organization_id])
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    meeting = Meeting.objects.get(event=event)
    assert meeting.supplier_id == asked.membership.organization_id and meeting.requested
    assert meeting.match_id is None and meeting.score == 0


def parse_ics(text: str) -> list[dict[str, str]]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    unfolded = text.replace("\r\n ", "")
    lines = unfolded.split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            key, _, value = line.partition(":")
            current[key] = value
    return events


def test_agenda_json_and_ics(as_user, operator, django_capture_on_commit_callbacks):
    buyer, supplier = factories.enterprise(), factories.enterprise(name="长沙液压, 有限公司; 二厂")
    match_between(buyer, supplier)
    event = make_event(operator)
    register(buyer, event, "buyer")
    register(supplier, event, "supplier")
    schedule_now(event, operator, django_capture_on_commit_callbacks)

    agenda = as_user(buyer).get(f"/api/v1/events/{event.pk}/agenda/").json()
    assert agenda["role"] == "buyer" and len(agenda["meetings"]) == 1
    item = agenda["meetings"][0]
    assert item["side"] == "buyer" and item["counterpart"]["name"] == "长沙液压, 有限公司; 二厂"
    assert item["start"].endswith("09:00:00+08:00") and item["table"] == 1 and item["reasons"]

    response = as_user(supplier).get(f"/api/v1/events/{event.pk}/agenda/?format=ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    (vevent,) = parse_ics(text)
    day = event.date.strftime("%Y%m%d")
    assert vevent["DTSTART"] == f"{day}T010000Z" and vevent["DTEND"] == f"{day}T012000Z"
    assert re.fullmatch(r"\d{8}T\d{6}Z", vevent["DTSTAMP"])
    assert vevent["STATUS"] == "TENTATIVE" and vevent["SEQUENCE"] == str(event.schedule_version)
    assert vevent["UID"].startswith(f"qilian-event{event.pk}-")
    assert buyer.membership.organization.name in vevent["SUMMARY"]
    assert vevent["LOCATION"].startswith("长沙国际会议中心\\, 3 号厅\\; 东门")

    stranger = as_user(factories.enterprise())
    assert stranger.get(f"/api/v1/events/{event.pk}/agenda/").status_code == 404
    missing = stranger.get(f"/api/v1/events/{event.pk}/agenda/?format=ics")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_both_sides_say_deal_and_the_match_succeeds(as_user, operator, django_capture_on_commit_callbacks):
    buyer, supplier = factories.enterprise(), factories.enterprise()
    match = match_between(buyer, supplier)
    event = make_event(operator)
    register(buyer, event, "buyer")
    register(supplier, event, "supplier")
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    meeting = Meeting.objects.get(event=event)
    url = f"/api/v1/events/{event.pk}/meetings/{meeting.pk}/outcome/"

    early = as_user(buyer).post(url, {"deal": True}, format="json")
    assert early.status_code == 409
    move_event_to(event, timezone.localdate())
    assert as_user(factories.enterprise()).post(url, {"deal": True}, format="json").status_code == 404

    first = as_user(buyer).post(url, {"deal": True, "note": "签订年度框架协议"}, format="json")
    assert first.status_code == 200 and first.json()["buyer_deal"] is True
    match.refresh_from_db()
    assert match.status == MatchStatus.SUGGESTED
    second = as_user(supplier).post(url, {"deal": True, "note": "首批 200 件"}, format="json").json()
    assert second["supplier_deal"] is True and second["match_status"] == "succeeded"
    match.refresh_from_db()
    assert match.status == MatchStatus.SUCCEEDED and "签订年度框架协议" in match.outcome["note"]
    assert [t.to_status for t in match.transitions.all()] == ["interested", "contacted", "succeeded"]
    assert as_user(buyer).post(url, {"deal": False}, format="json").status_code == 409


def test_one_side_says_no_and_the_match_stays(as_user, operator, django_capture_on_commit_callbacks):
    buyer, supplier = factories.enterprise(), factories.enterprise()
    match = match_between(buyer, supplier)
    event = make_event(operator)
    register(buyer, event, "buyer")
    register(supplier, event, "supplier")
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    move_event_to(event, timezone.localdate() - dt.timedelta(days=1))
    meeting = Meeting.objects.get(event=event)
    url = f"/api/v1/events/{event.pk}/meetings/{meeting.pk}/outcome/"
    as_user(buyer).post(url, {"deal": True}, format="json")
    as_user(supplier).post(url, {"deal": False, "note": "价格未谈拢"}, format="json")
    match.refresh_from_db()
    assert match.status == MatchStatus.SUGGESTED
    meeting.refresh_from_db()
    assert (meeting.buyer_deal, meeting.supplier_deal, meeting.supplier_note) == (True, False, "价格未谈拢")


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def test_agenda_and_list_query_counts_do_not_grow(as_user, api, operator, django_capture_on_commit_callbacks):
    buyer = factories.enterprise()
    event = make_event(operator, slot_count=8, tables=10, meeting_cap=8)
    register(buyer, event, "buyer")
    first = factories.enterprise()
    match_between(buyer, first)
    register(first, event, "supplier")
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    client = as_user(buyer)
    one = (_count(client, f"/api/v1/events/{event.pk}/agenda/"),
           _count(client, f"/api/v1/events/{event.pk}/agenda/?format=ics"), _count(api, "/api/v1/events/"))
    for _ in range(5):
        supplier = factories.enterprise()
        match_between(buyer, supplier)
        register(supplier, event, "supplier")
        make_event(operator)
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    assert Meeting.objects.filter(event=event).count() == 6
    many = (_count(client, f"/api/v1/events/{event.pk}/agenda/"),
            _count(client, f"/api/v1/events/{event.pk}/agenda/?format=ics"), _count(api, "/api/v1/events/"))
    assert many == one
    assert Organization.objects.count() > 6


def test_publish_a_draft_and_mark_a_locked_event_held(operator, django_capture_on_commit_callbacks):
    from config.exceptions import Conflict
    from matching.events.services import event_lock, event_mark_held, event_publish

    event = make_event(operator, status="draft")
    assert event_publish(actor=operator, event_id=event.pk).status == "open"
    with pytest.raises(Conflict):
        event_publish(actor=operator, event_id=event.pk)
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    event_lock(actor=operator, event_id=event.pk)
    with pytest.raises(Conflict):  # not before the date
        event_mark_held(actor=operator, event_id=event.pk)
    move_event_to(event, timezone.localdate())
    assert event_mark_held(actor=operator, event_id=event.pk).status == "held"
