"""找人才 end to end in a real browser: a talent registers, fills its profile and sees matched jobs;
the enterprise sees only an anonymized card and expresses interest; the talent accepts; only then
does the enterprise see the talent's name and contact."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from enterprises.models import TalentProfile
from matching.models import Match
from tests import factories
from tests.factories import jobs as tf

NAME, EMAIL, PHONE = "欧阳晓峰", "xiaofeng.ouyang@example.cn", "13973300123"


def login(page, username: str, password: str = factories.PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".user-menu summary")).to_contain_text(username)


def logout(page) -> None:
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="退出登录").click()


def test_talent_registers_is_matched_accepts_and_only_then_is_revealed(page, shot):
    # Given a verified 株洲 manufacturer with an open PLC engineer posting
    boss = tf.employer(name="株洲智造装备有限公司", adcode="430200")
    tf.job(boss.membership.organization, title="PLC 电气工程师", skills=["PLC", "电气设计"],
           education_min="vocational", experience_years=2, salary_min=9000, salary_max=14000,
           description="负责产线 PLC 程序开发与调试")

    # When a talent registers and fills in its profile
    page.goto("/register/")
    page.get_by_label("人才").check()
    page.get_by_label("用户名").fill("ouyang_plc")
    page.get_by_label("电子邮箱").fill(EMAIL)
    page.locator("#id_password1").fill("Hunan-2026-secure")
    page.locator("#id_password2").fill("Hunan-2026-secure")
    page.get_by_role("button", name="注册").click()
    expect(page.locator(".user-menu summary")).to_contain_text("ouyang_plc")
    page.goto("/profile/talent/")
    page.get_by_label("姓名").fill(NAME)
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_label("技能").fill("可编程控制器、电气制图、西门子S7")
    page.get_by_label("学历").select_option("bachelor")
    page.get_by_label("工作年限").fill("4")
    page.get_by_label("株洲市").check()
    page.get_by_label("期望月薪（元）").fill("11000")
    page.get_by_label("个人简历").fill("4 年汽车零部件产线电气调试经验，熟悉 PLC 编程与 EPLAN 制图。")
    page.get_by_label("可被匹配").check()
    shot(page, "talent-profile")
    page.get_by_role("button", name="保存").click()
    assert TalentProfile.objects.get(user__username="ouyang_plc").visibility == "matchable"

    # Then it sees the matched job, with both sides' scores and the reasons
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="找人才").click()
    expect(page).to_have_url(re.compile("/talent/jobs/recommended/"))
    card = page.locator(".match-card").first
    expect(card).to_contain_text("PLC 电气工程师")
    expect(card).to_contain_text("株洲智造装备有限公司")
    expect(card).to_contain_text("企业侧")
    expect(card).to_contain_text("期望城市包含株洲市")
    shot(page, "talent-recommended")
    logout(page)

    # The enterprise sees an anonymized card only, and expresses interest
    login(page, boss.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="找人才").click()
    page.get_by_role("link", name="PLC 电气工程师").click()
    main = page.locator("main")
    talent_card = page.locator(".match-card").first
    expect(talent_card).to_contain_text("匿名人才 #1")
    expect(talent_card).to_contain_text("可编程控制器")
    expect(talent_card).to_contain_text("本科")
    for secret in (NAME, EMAIL, PHONE, "ouyang_plc"):
        expect(main).not_to_contain_text(secret)
    shot(page, "enterprise-anonymous-card")
    talent_card.get_by_role("button", name="表达意向").click()
    expect(page.locator(".message-success")).to_contain_text("已表达意向")
    expect(page.locator(".match-card").first).to_contain_text("等待人才答复")
    for secret in (NAME, EMAIL, PHONE):
        expect(main).not_to_contain_text(secret)
    shot(page, "enterprise-interested-still-anonymous")
    logout(page)

    # The talent is told and accepts
    page.goto("/login/")
    page.get_by_label("用户名").fill("ouyang_plc")
    page.locator("#id_password").fill("Hunan-2026-secure")
    page.get_by_role("button", name="登录").click()
    page.goto("/talent/jobs/recommended/")
    card = page.locator(".match-card").first
    expect(card).to_contain_text("企业对您有意向")
    shot(page, "talent-sees-interest")
    card.get_by_role("button", name="接受意向").click()
    expect(page.locator(".message-success")).to_contain_text("已接受")
    assert Match.objects.get(domain="talent").status == "contacted"
    logout(page)

    # Only now does the enterprise see the talent's name and contact
    login(page, boss.username)
    page.goto(f"/talent/jobs/{Match.objects.get(domain='talent').need_id}/")
    contact = page.locator(".contact-card")
    expect(contact).to_contain_text(NAME)
    expect(contact).to_contain_text(EMAIL)
    expect(contact).to_contain_text(PHONE)
    expect(contact).to_contain_text("人才已接受您的意向")
    shot(page, "enterprise-sees-contact")
