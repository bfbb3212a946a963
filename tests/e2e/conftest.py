"""Browser harness: Playwright drives Debian's chromium (headless) against Django's live server.

Each test gets a fresh browser context (cookies, language) and a ``page``; screenshots go to
``test-artifacts/`` so a person can look at what the user saw. The live server runs on a
transactional test database; reference data is loaded again for every test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the Django calls the tests make
# between browser steps are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium when run as root")
        pytest.skip(f"{CHROMIUM} not installed (run 'make test' as root to install it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, committed_reference_data) -> Iterator:
    """A new page in a fresh context, Chinese by default, with the live server's URL as ``page.base``."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    second_factor(page)
    yield page
    context.close()


def second_factor(page) -> None:
    """Bank staff and operators pass a second factor after their password. Whenever the browser
    shows the enrolment or the code page, do what the person would do with an authenticator app:
    read the key off the enrolment page (or take the enrolled device's key) and type the current
    TOTP code (django_otp.oath, the algorithm of every authenticator app)."""
    import base64

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import totp_code

    def enrol() -> None:
        secret = page.locator("#otp-secret").inner_text().strip()
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        page.locator("#id_code").fill(f"{TOTP(key).token():06d}")
        page.locator("#otp-setup-form button[type=submit]").click()

    def verify() -> None:
        username = page.locator(".user-menu summary").text_content().replace("当前用户：", "").strip()
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.locator("#id_code").fill(totp_code(device))
        page.locator("#otp-verify-form button[type=submit]").click()

    page.add_locator_handler(page.locator("#otp-setup-form"), enrol)
    page.add_locator_handler(page.locator("#otp-verify-form"), verify)
    page.add_locator_handler(page.locator("#otp-backup-codes"), lambda: page.locator("#otp-continue").click())


@pytest.fixture
def shot(request):
    """``shot(page, "name")`` saves a full-page screenshot to test-artifacts/<test>-<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
