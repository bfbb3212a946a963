"""找活动 API: the combined public list (filters, constant queries) and sign-up rules
(capacity, deadline, duplicates, cancel frees the place, drafts hidden)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.models import PlatformEventSignup
from tests import factories
from tests.factories.market import platform_event

pytestmark = pytest.mark.django_db
LIST = "/api/v1/activities/"


def _matchmaking_event(**kwargs):
    from enterprises.models import IndustrialChain
    from matching.models import MatchmakingEvent

    today = timezone.localdate()
    values = {"title": "工程机械产业链对接会", "chain": IndustrialChain.objects.order_by("id").first(),
              "city_id": "430100", "date": today + dt.timedelta(days=3), "venue": "长沙国际会展中心",
              "start_time": dt.time(9, 0), "slot_count": 6, "meeting_minutes": 20, "tables": 10, "meeting_cap": 4,
              "registration_deadline": timezone.now() + dt.timedelta(days=1), "status": "open", **kwargs}
    return MatchmakingEvent.objects.create(**values)


def test_list_merges_both_kinds_soonest_first_and_hides_drafts_and_past(api):
    mm = _matchmaking_event()
    training = platform_event()
    briefing = platform_event(kind="briefing", title="惠企政策宣讲会", city_id="430200",
                              starts_at=timezone.now() + dt.timedelta(days=1),
                              ends_at=timezone.now() + dt.timedelta(days=1, hours=2),
                              registration_deadline=timezone.now() + dt.timedelta(hours=20))
    platform_event(title="草稿活动", status="draft")
    platform_event(title="已结束活动", starts_at=timezone.now() - dt.timedelta(days=3),
                   ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(hours=2),
                   registration_deadline=timezone.now() - dt.timedelta(days=4))
    _matchmaking_event(title="草稿对接会", status="draft")
    body = api.get(LIST).json()
    assert body["count"] == 3
    assert [(r["source"], r["id"]) for r in body["results"]] == [
        ("platform", briefing.pk), ("matchmaking", mm.pk), ("platform", training.pk)]
    assert body["results"][1]["url"] == f"/events/{mm.pk}/"
    assert body["results"][2]["kind_label"] == "培训" and body["results"][2]["capacity"] == 30


def test_list_filters_by_kind_and_city(api):
    _matchmaking_event()
    platform_event()
    platform_event(kind="forum", title="数字化转型沙龙", city_id="430211")  # a county: shown under 株洲
    titles = lambda **p: [r["title"] for r in api.get(LIST, p).json()["results"]]  # noqa: E731
    assert titles(kind="matchmaking") == ["工程机械产业链对接会"]
    assert titles(kind="forum") == ["数字化转型沙龙"]
    assert titles(city="430200") == ["数字化转型沙龙"]
    assert titles(city="430100", kind="training") == ["专精特新企业申报培训"]


def test_list_query_count_does_not_grow_with_rows(api):
    platform_event()
    _matchmaking_event()
    with CaptureQueriesContext(connection) as one:
        assert api.get(f"{LIST}?page_size=100").status_code == 200
    for i in range(49):
        platform_event(title=f"培训{i}")
        _matchmaking_event(title=f"对接会{i}")
    with CaptureQueriesContext(connection) as many:
        assert api.get(f"{LIST}?page_size=100").json()["count"] == 100
    assert len(many.captured_queries) == len(one.captured_queries)


def test_signup_needs_login_and_is_once_per_user(api, as_user):
    event = platform_event()
    assert api.post(f"{LIST}{event.pk}/signup/").status_code == 401
    user = factories.enterprise()
    client = as_user(user)
    first = client.post(f"{LIST}{event.pk}/signup/")
    assert first.status_code == 201 and first.json()["signed_up"] == 1
    assert first.json()["organization"] == user.membership.organization_id
    again = client.post(f"{LIST}{event.pk}/signup/")
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "您已报名该活动，无需重复报名。"
    assert api.get(LIST).json()["results"][0]["signed_up"] == 1


def test_capacity_is_enforced_and_a_cancellation_frees_the_place(as_user):
    event = platform_event(capacity=2)
    first, second, third = (as_user(factories.talent()) for _ in range(3))
    assert first.post(f"{LIST}{event.pk}/signup/").status_code == 201
    assert second.post(f"{LIST}{event.pk}/signup/").status_code == 201
    full = third.post(f"{LIST}{event.pk}/signup/")
    assert full.status_code == 409 and full.json()["error"]["message"] == "名额已满（共 2 个名额）。"
    assert first.delete(f"{LIST}{event.pk}/signup/").status_code == 200
    assert third.post(f"{LIST}{event.pk}/signup/").status_code == 201
    assert first.delete(f"{LIST}{event.pk}/signup/").json()["error"]["message"] == "您尚未报名该活动。"
    assert PlatformEventSignup.objects.filter(event=event, cancelled_at=None).count() == 2


def test_deadline_cancelled_and_draft_events_refuse_signups(as_user):
    client = as_user(factories.talent())
    late = platform_event(registration_deadline=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(f"{LIST}{late.pk}/signup/")
    assert response.status_code == 409 and response.json()["error"]["message"].startswith("报名已于 ")
    assert response.json()["error"]["message"].endswith(" 截止。")
    cancelled = platform_event(status="cancelled")
    assert client.post(f"{LIST}{cancelled.pk}/signup/").json()["error"]["message"] == "该活动“已取消”，不能报名。"
    draft = platform_event(status="draft")
    assert client.post(f"{LIST}{draft.pk}/signup/").status_code == 404
    assert not PlatformEventSignup.objects.exists()
