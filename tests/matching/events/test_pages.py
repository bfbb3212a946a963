"""Matchmaking event pages: list, detail with registration, agenda (.ics), outcomes, back-office, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.events.services import event_schedule_execute
from matching.models import EventRegistration, MatchmakingEvent, Meeting
from tests import factories
from tests.factories.events import event_data, make_event, match_between, move_event_to, register, schedule_now

pytestmark = pytest.mark.django_db


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(ctx.captured_queries)


def test_public_list_and_detail():
    event = make_event(title="工程机械对接会（长沙站）")
    draft = make_event(title="尚未发布的草稿", status="draft")
    page = browser().get("/events/").content.decode()
    assert "工程机械对接会（长沙站）" in page and "尚未发布的草稿" not in page
    assert "报名中" in page and "长沙" in page and "工程机械" in page
    detail = browser().get(f"/events/{event.pk}/").content.decode()
    assert "登录后报名" in detail and "09:00–09:20" in detail
    assert browser().get(f"/events/{draft.pk}/").status_code == 404


def test_verified_firm_registers_through_the_page_with_a_request():
    event = make_event()
    first = factories.enterprise(name="长沙博信液压有限公司")
    register(first, event, "supplier")
    firm = factories.enterprise()
    client = browser(firm)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "确认报名" in page and "长沙博信液压有限公司" in page
    response = client.post(f"/events/{event.pk}/register/",
                           {"role": "buyer", "requested": [first.membership.organization_id]})
    assert response.status_code == 302
    reg = EventRegistration.objects.get(event=event, organization=firm.membership.organization)
    assert reg.role == "buyer" and [p.target_id for p in reg.preferences.all()] == [first.membership.organization_id]
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "贵单位已报名（采购方）" in page and "更新洽谈意向" in page


def test_unverified_firm_sees_why_and_cannot_register():
    event = make_event()
    pending = factories.enterprise(verification="pending")
    client = browser(pending)
    assert "认证通过后才能报名" in client.get(f"/events/{event.pk}/").content.decode()
    client.post(f"/events/{event.pk}/register/", {"role": "buyer"})
    assert not EventRegistration.objects.exists()


def test_agenda_page_ics_and_outcome_buttons(operator, django_capture_on_commit_callbacks):
    buyer, supplier = factories.enterprise(), factories.enterprise(name="湘江精密铸锻有限公司")
    match_between(buyer, supplier)
    event = make_event(operator)
    register(buyer, event, "buyer")
    register(supplier, event, "supplier")
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    client = browser(buyer)
    page = client.get(f"/events/{event.pk}/agenda/").content.decode()
    assert "湘江精密铸锻有限公司" in page and "09:00–09:20" in page and "已成交" not in page
    ics = client.get(f"/events/{event.pk}/agenda.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT\r\n" in ics.content
    assert browser(factories.enterprise()).get(f"/events/{event.pk}/agenda/").status_code == 404

    move_event_to(event, timezone.localdate())
    meeting = Meeting.objects.get(event=event)
    assert "已成交" in client.get(f"/events/{event.pk}/agenda/").content.decode()
    response = client.post(f"/events/{event.pk}/meetings/{meeting.pk}/outcome/", {"deal": "yes", "note": "意向订单"})
    assert response.status_code == 302 and response["Location"].endswith(f"#meeting-{meeting.pk}")
    meeting.refresh_from_db()
    assert meeting.buyer_deal is True and meeting.buyer_note == "意向订单"


def test_backoffice_is_for_operators_only():
    event = make_event()
    for user in (None, factories.enterprise()):
        client = browser(user)
        assert client.get("/backoffice/events/").status_code == 404
        assert client.get(f"/backoffice/events/{event.pk}/").status_code == 404
        assert client.post(f"/backoffice/events/{event.pk}/schedule/").status_code == 404
    assert MatchmakingEvent.objects.get(pk=event.pk).schedule_status == "idle"


def test_operator_creates_schedules_and_locks_through_the_pages(operator, django_capture_on_commit_callbacks):
    client = browser(operator)
    data = event_data()
    form = {k: v for k, v in data.items() if k not in ("chain", "city", "status", "registration_deadline")}
    form.update(chain=data["chain"].pk, city="430100", publish="on",
                registration_deadline=data["registration_deadline"].astimezone(timezone.get_default_timezone())
                .strftime("%Y-%m-%dT%H:%M"), date=data["date"].isoformat(), start_time="09:00")
    response = client.post("/backoffice/events/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = MatchmakingEvent.objects.get()
    assert event.status == "open"
    buyer, supplier = factories.enterprise(), factories.enterprise(name="株洲齿轮配套有限公司")
    match_between(buyer, supplier)
    register(buyer, event, "buyer")
    register(supplier, event, "supplier")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/backoffice/events/{event.pk}/schedule/")
    running = client.get(f"/backoffice/events/{event.pk}/").content.decode()
    assert '<meta http-equiv="refresh"' in running and "<script" not in running and "排队中" in running
    event.refresh_from_db()
    assert event_schedule_execute(event_id=event.pk, version=event.schedule_version) == "succeeded"
    page = client.get(f"/backoffice/events/{event.pk}/").content.decode()
    assert "株洲齿轮配套有限公司" in page and "http-equiv" not in page and "锁定日程" in page
    client.post(f"/backoffice/events/{event.pk}/lock/")
    event.refresh_from_db()
    assert event.status == "locked"
    assert "重新生成日程" not in client.get(f"/backoffice/events/{event.pk}/").content.decode()


def test_bad_form_shows_errors_and_writes_nothing(operator):
    response = browser(operator).post("/backoffice/events/", {"title": "", "slot_count": "0"})
    assert response.status_code == 400
    assert MatchmakingEvent.objects.count() == 0


def test_page_query_counts_do_not_grow(operator, django_capture_on_commit_callbacks):
    buyer = factories.enterprise()
    event = make_event(operator, slot_count=8, tables=10, meeting_cap=8)
    register(buyer, event, "both")
    supplier = factories.enterprise()
    match_between(buyer, supplier)
    register(supplier, event, "supplier")
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    urls = ["/events/", f"/events/{event.pk}/", f"/events/{event.pk}/agenda/"]
    firm, staff = browser(buyer), browser(operator)
    one = [count(firm, u) for u in urls] + [count(staff, f"/backoffice/events/{event.pk}/"),
                                            count(staff, "/backoffice/events/")]
    others = [factories.enterprise() for _ in range(6)]
    for i, other in enumerate(others):
        match_between(buyer, other)
        register(other, event, "supplier", requested=[buyer.membership.organization_id] if i % 2 else [],
                 blocked=[supplier.membership.organization_id] if i == 2 else [])
        make_event(operator, date=timezone.localdate() + dt.timedelta(days=40 + i))
    schedule_now(event, operator, django_capture_on_commit_callbacks)
    assert Meeting.objects.filter(event=event).count() == 7
    many = [count(firm, u) for u in urls] + [count(staff, f"/backoffice/events/{event.pk}/"),
                                             count(staff, "/backoffice/events/")]
    assert many == one
