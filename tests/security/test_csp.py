"""Content-Security-Policy on every page, no inline script or style in any template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
    "object-src": "'none'", "frame-ancestors": "'none'", "base-uri": "'self'", "form-action": "'self'",
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/login/", "/register/", "/events/", "/no-such-page/"])
def test_pages_carry_the_strict_policy(client, url):
    response = client.get(url)
    policy = _policy(response)
    for directive, value in EXPECTED.items():
        assert policy[directive] == value, (url, directive)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_signed_in_pages_and_the_2fa_page_with_its_qr_code(client):
    client.force_login(factories.bank())
    response = client.get("/account/security/")
    assert response.status_code == 200 and "unsafe-inline" not in response["Content-Security-Policy"]
    client.force_login_without_second_factor(factories.OperatorFactory())
    setup = client.get("/account/2fa/setup/")
    assert "data:" in _policy(setup)["img-src"]  # the inline QR code image is allowed, scripts are not
    assert 'src="data:image/svg+xml;base64,' in setup.content.decode()


@pytest.mark.django_db
def test_api_docs_work_without_inline_script(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # every script is a file
    policy = page["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "https://cdn.jsdelivr.net" in _policy(page)["script-src"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert "cdn.jsdelivr.net" not in client.get("/").headers["Content-Security-Policy"]


def _templates() -> list[Path]:
    dirs = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted(p for d in dirs if d.is_dir() and ".venv" not in str(d) for p in d.rglob("*.html"))


def test_no_template_has_inline_script_or_style():
    inline_script = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>", re.I)
    style_attr = re.compile(r"""<[^>]*\sstyle\s*=\s*["']""", re.I)
    style_tag = re.compile(r"<style[\s>]", re.I)
    handler_attr = re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["']""", re.I)
    templates = _templates()
    assert len(templates) > 30
    offenders = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("inline <script>", inline_script), ("style=", style_attr), ("<style>", style_tag),
                              ("on…= handler", handler_attr)):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders, offenders
