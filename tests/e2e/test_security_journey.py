"""Second factor in a real browser: a bank user enrols by scanning (reading) the QR page, is asked for
a code at the next sign-in, creates an API token; no page breaks the Content-Security-Policy."""

from __future__ import annotations

import base64

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests import factories
from tests.conftest import totp_code


def test_bank_user_enrols_verifies_and_creates_a_token_under_a_strict_csp(page, shot):
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    for selector in ("#otp-setup-form", "#otp-verify-form", "#otp-backup-codes"):
        page.remove_locator_handler(page.locator(selector))  # this test types the codes itself
    user = factories.bank(name="演示银行长沙分行")

    page.goto("/login/")
    page.get_by_label("用户名").fill(user.username)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录").click()

    # Straight to enrolment: a QR code rendered by the server, the key for manual entry
    expect(page.locator("h1")).to_have_text("启用两步验证")
    expect(page.locator("img.otp-qr")).to_be_visible()
    assert page.locator("img.otp-qr").evaluate("img => img.naturalWidth") > 0  # the data: image loaded
    shot(page, "enrol")
    secret = page.locator("#otp-secret").inner_text().strip()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.locator("#id_code").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="绑定").click()
    expect(page.locator("#otp-backup-codes li")).to_have_count(10)
    shot(page, "backup-codes")
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page).to_have_url(f"{page.url.split('/dashboard')[0]}/dashboard/")

    # Next sign-in: password, then the code
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="退出登录").click()
    page.goto("/login/?next=/account/tokens/")
    page.get_by_label("用户名").fill(user.username)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("两步验证")
    page.locator("#id_code").fill(totp_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="验证").click()

    # 我的 API 令牌: create one, the key is shown once
    expect(page.locator("h1")).to_have_text("我的 API 令牌")
    page.locator("#id_name").fill("信贷系统")
    page.get_by_role("button", name="创建").click()
    expect(page.locator("#token-key")).to_contain_text("ql_")
    shot(page, "token-created")
    assert not violations, violations
