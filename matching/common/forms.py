"""Form helpers shared by the domains' forms: 万元 ↔ yuan, the province and its cities."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from enterprises.models import Region

HUNAN = "430000"
WAN = Decimal(10_000)


def to_yuan(wan_value: Decimal | None) -> Decimal | None:
    """万元 as typed into a form → yuan with two places."""
    return None if wan_value is None else (wan_value * WAN).quantize(Decimal("0.01"))


def to_wan_text(yuan: Decimal | None) -> str | None:
    """Yuan → the 万元 number a form shows (``3000000`` → ``"300"``)."""
    if yuan is None:
        return None
    text = format(Decimal(yuan) / WAN, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def hunan_region_choices() -> list[tuple[str, str]]:
    """The whole province, then its prefectures (what an institution in Hunan typically serves)."""
    cities = Region.objects.filter(parent_id=HUNAN, level=Region.Level.CITY).order_by("adcode")
    return [(HUNAN, _("湖南全省")), *[(c.adcode, c.name) for c in cities]]
