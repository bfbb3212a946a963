"""产业链对接会 end to end in a real browser: publish, register, generate the schedule, each firm's agenda."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from matching.models import MatchmakingEvent, Meeting
from tests import factories
from tests.e2e.test_financing_journey import login, logout
from tests.factories.events import match_between


def test_operator_publishes_firms_register_schedule_and_agendas(page, shot):
    # Given a buyer with a sourcing need and a supplier whose capability matches it
    operator = factories.OperatorFactory(username="yunying")
    buyer = factories.enterprise(name="三湘重工机械有限公司")
    supplier = factories.enterprise(name="株洲博信液压科技有限公司")
    match_between(buyer, supplier)
    day = timezone.localdate() + dt.timedelta(days=21)

    # When an operator publishes a 产业链对接会 in the back-office
    login(page, operator.username)
    page.goto("/backoffice/events/")
    page.locator("#id_title").fill("工程机械产业链配套对接会（长沙站）")
    page.locator("#id_chain").select_option(label="工程机械")
    page.locator("#id_city").select_option("430100")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_venue").fill("长沙国际会议中心 3 号厅")
    page.locator("#id_start_time").fill("09:00")
    page.locator("#id_slot_count").fill("4")
    page.locator("#id_tables").fill("3")
    page.locator("#id_registration_deadline").fill(f"{day - dt.timedelta(days=3)}T18:00")
    shot(page, "operator-create-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_have_text("工程机械产业链配套对接会（长沙站）")
    event = MatchmakingEvent.objects.get()
    logout(page)

    # Then the supplier finds it under 找活动 and registers
    login(page, supplier.username)
    page.goto("/events/")
    expect(page.locator(".ev-card").first).to_contain_text("报名中")
    shot(page, "events-list")
    page.get_by_role("link", name="工程机械产业链配套对接会（长沙站）").click()
    page.get_by_label("供应方", exact=True).check()
    page.get_by_role("button", name="确认报名").click()
    expect(page.locator(".banner-verified")).to_contain_text("贵单位已报名（供应方）")
    logout(page)

    # And the buyer registers, asking to meet the supplier (its match score is shown)
    login(page, buyer.username)
    page.goto(f"/events/{event.pk}/")
    page.get_by_label("采购方", exact=True).check()
    requested = page.locator("#field-requested")
    expect(requested).to_contain_text("株洲博信液压科技有限公司（供应方） · 匹配度")
    requested.get_by_label("株洲博信液压科技有限公司", exact=False).check()
    shot(page, "buyer-register")
    page.get_by_role("button", name="确认报名").click()
    expect(page.locator(".banner-verified")).to_contain_text("贵单位已报名（采购方）")
    logout(page)

    # When the operator generates the schedule and locks it
    login(page, operator.username)
    page.goto(f"/backoffice/events/{event.pk}/")
    expect(page.locator("main")).to_contain_text("报名企业（2）")
    page.get_by_role("button", name="生成日程").click()
    expect(page.locator(".ev-grid")).to_contain_text("三湘重工机械有限公司")
    expect(page.locator(".ev-grid")).to_contain_text("株洲博信液压科技有限公司")
    shot(page, "operator-schedule-grid")
    page.get_by_role("button", name="锁定日程").click()
    expect(page.locator(".section-head .pill")).to_have_text("日程已锁定")
    logout(page)
    meeting = Meeting.objects.get(event=event)
    assert meeting.requested and meeting.match_id

    # Then each firm sees its agenda with the meeting, and can download it as a calendar
    sides = ((buyer, "株洲博信液压科技有限公司", "buyer"), (supplier, "三湘重工机械有限公司", "supplier"))
    for user, other, name in sides:
        login(page, user.username)
        page.goto(f"/events/{event.pk}/")
        page.get_by_role("link", name="查看我的洽谈日程").click()
        row = page.locator(f"#meeting-{meeting.pk}")
        expect(row).to_contain_text(other)
        expect(row).to_contain_text("09:00–09:20")
        shot(page, f"agenda-{name}")
        ics = page.request.get(f"/events/{event.pk}/agenda.ics")
        assert ics.ok and "BEGIN:VEVENT" in ics.text() and "DTSTART:" in ics.text()
        logout(page)

    # And on a phone the agenda reads as one card per meeting
    login(page, buyer.username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/events/{event.pk}/agenda/")
    expect(page.locator(f"#meeting-{meeting.pk}")).to_be_visible()
    shot(page, "agenda-phone")
    page.set_viewport_size({"width": 760, "height": 1000})  # about an A4 page
    page.emulate_media(media="print")
    shot(page, "agenda-print")
