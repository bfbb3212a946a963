"""The Swagger UI at /api/docs/ under the site's strict Content-Security-Policy.

drf-spectacular's *split* view serves its start-up script as a separate same-origin file
(``?script``), so no inline script is needed. The UI itself is loaded from jsDelivr (the
drf-spectacular-sidecar package that would serve it locally is not installed), so this one
view adds that host to script/style/img sources, plus the hash of the template's one small
``<style>`` block. Every other page keeps the site policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import drf_spectacular
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView

SWAGGER_HOST = "https://cdn.jsdelivr.net"


def _inline_style_hashes() -> list[str]:
    template = Path(drf_spectacular.__file__).parent / "templates" / "drf_spectacular" / "swagger_ui.html"
    blocks = re.findall(r"<style>(.*?)</style>", template.read_text(encoding="utf-8"), flags=re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks]


DOCS_POLICY: dict[str, Any] = {
    "script-src": [SWAGGER_HOST],
    "style-src": [SWAGGER_HOST, *_inline_style_hashes()],
    "img-src": [SWAGGER_HOST],
}


@method_decorator(csp_update(DOCS_POLICY), name="dispatch")
class SwaggerDocsView(SpectacularSwaggerSplitView):
    """Swagger UI without inline script."""
