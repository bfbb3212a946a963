"""找活动 pages: the combined list with filters, a platform event's sign-up and cancel with clear
Chinese messages, and the operators' back-office (create, publish, cancel, sign-ups)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from matching.models import Notification, PlatformEvent, PlatformEventSignup
from tests import factories
from tests.factories.market import platform_event

pytestmark = pytest.mark.django_db


def test_list_shows_both_kinds_and_filters_by_kind(client):
    platform_event()
    platform_event(kind="briefing", title="惠企政策宣讲会")
    page = client.get("/activities/").content.decode()
    assert "专精特新企业申报培训" in page and "惠企政策宣讲会" in page and "已报名 0 / 30 人" in page
    only = client.get("/activities/", {"kind": "briefing"}).content.decode()
    assert "惠企政策宣讲会" in only and "专精特新企业申报培训" not in only
    empty = client.get("/activities/", {"kind": "exhibition"}).content.decode()
    assert "暂无符合条件的近期活动" in empty


def test_signup_and_cancel_on_the_detail_page(client):
    event = platform_event(capacity=1)
    anonymous = client.get(f"/activities/{event.pk}/").content.decode()
    assert "请先" in anonymous and "剩余 1 个名额" in anonymous
    assert client.post(f"/activities/{event.pk}/signup/").status_code == 302
    assert not PlatformEventSignup.objects.exists()
    client.force_login(factories.enterprise())
    page = client.post(f"/activities/{event.pk}/signup/", follow=True).content.decode()
    assert "报名成功" in page and "您已报名该活动" in page and "剩余 0 个名额" in page
    client.force_login(factories.talent())
    full = client.post(f"/activities/{event.pk}/signup/", follow=True).content.decode()
    assert "名额已满（共 1 个名额）。" in full
    client.force_login(PlatformEventSignup.objects.get().user)
    assert "已取消报名" in client.post(f"/activities/{event.pk}/cancel/", follow=True).content.decode()


def test_past_deadline_shows_closed(client):
    event = platform_event(registration_deadline=timezone.now() - dt.timedelta(hours=1))
    client.force_login(factories.talent())
    page = client.get(f"/activities/{event.pk}/").content.decode()
    assert "报名已截止" in page and "立即报名" not in page
    assert "报名已于" in client.post(f"/activities/{event.pk}/signup/", follow=True).content.decode()
    assert client.get(f"/activities/{platform_event(status='draft').pk}/").status_code == 404


def test_operator_creates_publishes_and_cancels_an_event(client, operator):
    client.force_login(operator)
    now = timezone.localtime() + dt.timedelta(days=10)
    fmt = "%Y-%m-%dT%H:%M"
    data = {"kind": "briefing", "title": "2026 年惠企政策宣讲会", "organizer": "湖南省工业和信息化厅",
            "city": "430100", "starts_at": now.strftime(fmt), "ends_at": (now - dt.timedelta(hours=1)).strftime(fmt),
            "venue": "湖南省政务服务中心", "capacity": 100,
            "registration_deadline": (now - dt.timedelta(days=1)).strftime(fmt)}
    bad = client.post("/backoffice/activities/", data)
    assert bad.status_code == 400 and "结束时间不能早于开始时间。" in bad.content.decode()
    data["ends_at"] = (now + dt.timedelta(hours=2)).strftime(fmt)
    created = client.post("/backoffice/activities/", data)
    event = PlatformEvent.objects.get()
    assert created.status_code == 302 and event.status == "draft"
    assert client.get(f"/activities/{event.pk}/").status_code == 404
    client.post(f"/backoffice/activities/{event.pk}/publish/")
    assert client.get(f"/activities/{event.pk}/").status_code == 200
    attendee = factories.enterprise()
    PlatformEventSignup.objects.create(event=event, user=attendee)
    detail = client.get(f"/backoffice/activities/{event.pk}/").content.decode()
    assert attendee.username in detail and "有效 1 人" in detail
    client.post(f"/backoffice/activities/{event.pk}/cancel/")
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert Notification.objects.filter(user=attendee, kind="activity_cancelled").exists()


def test_backoffice_is_hidden_from_non_operators(client):
    client.force_login(factories.enterprise())
    assert client.get("/backoffice/activities/").status_code == 404
