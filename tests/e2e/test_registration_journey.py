"""A new enterprise registers, logs in again, edits its profile and switches to English."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from enterprises.models import EnterpriseProfile, Organization
from tests import factories


def test_register_login_edit_profile_and_switch_to_english(page, shot):
    uscc = factories.make_uscc(adcode="430200")

    # Given a visitor on the home page (Chinese by default)
    page.goto("/")
    expect(page.locator("body")).to_contain_text("找资金")
    page.get_by_role("link", name=re.compile("注册")).first.click()

    # When they register an enterprise with a typo in the USCC, they are told exactly what is wrong
    page.get_by_label("企业").check()
    page.get_by_label("单位名称").fill("株洲精工液压件有限公司")
    page.get_by_label("统一社会信用代码").fill(uscc[:-1] + ("0" if uscc[-1] != "0" else "1"))
    page.get_by_label("所在地区").select_option("430200")
    page.get_by_label("用户名").fill("zz_jinggong")
    page.get_by_label("电子邮箱").fill("boss@jinggong.cn")
    page.locator("#id_password1").fill("Hunan-2026-secure")
    page.locator("#id_password2").fill("Hunan-2026-secure")
    page.get_by_role("button", name="注册").click()
    expect(page.locator("#field-uscc")).to_contain_text("校验位错误")
    assert not Organization.objects.filter(name="株洲精工液压件有限公司").exists()
    shot(page, "register-error")

    # …and once corrected they are registered, signed in and told to wait for review
    page.get_by_label("统一社会信用代码").fill(uscc)
    page.locator("#id_password1").fill("Hunan-2026-secure")
    page.locator("#id_password2").fill("Hunan-2026-secure")
    page.get_by_role("button", name="注册").click()
    expect(page.locator("body")).to_contain_text("等待")
    org = Organization.objects.get(uscc=uscc)
    assert org.verification == "pending"

    # Log out and in again
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="退出登录").click()
    page.goto("/login/")
    page.get_by_label("用户名").fill("zz_jinggong")
    page.locator("#id_password").fill("Hunan-2026-secure")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("body")).to_contain_text("株洲精工液压件有限公司")

    # Edit the enterprise profile: the size class is computed (25 people, 300 万元 → 小型)
    page.goto("/profile/enterprise/")
    page.get_by_label("从业人员（人）").fill("25")
    page.locator("#id_revenue_wan").fill("300")
    page.get_by_label("主要产品").fill("液压油缸、液压阀块")
    page.get_by_role("button", name="保存").click()
    page.goto("/profile/enterprise/")
    expect(page.locator("body")).to_contain_text("小型")
    profile = EnterpriseProfile.objects.get(organization=org)
    assert (profile.employees, profile.size_class, str(profile.annual_revenue)) == (25, "small", "3000000.00")
    shot(page, "profile-zh")

    # Switch to English: the same page speaks English
    page.locator("#lang-select").select_option("en")
    page.get_by_role("button", name="切换").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("body")).to_contain_text("Small")
    expect(page.locator("body")).not_to_contain_text("保存")
    shot(page, "profile-en")
