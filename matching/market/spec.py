"""Services and institutions (找服务、找机构): enterprises' service requests against providers' offerings.

Hard rules (PostgreSQL): the same service category; the offering is active and its provider a
verified institution other than the requester; the offering serves anywhere (empty regions) or
one of the enterprise's county / city / province adcodes; its lowest price is within the budget
when both are known. Soft criteria (numpy over ``values_list`` columns): text similarity
(TF-IDF cosine on jieba tokens of ``search_text``), locality (same city > same province >
elsewhere), response time, price fit against the budget, and the provider's credibility
(number of published services and matches it brought to success).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db.models import Count, Q, QuerySet, prefetch_related_objects

from enterprises.models import Organization
from matching.engine.models import Match, MatchStatus
from matching.engine.registry import Criterion, DomainSpec, Frame, Parties
from matching.engine.selectors import viewer_org_id
from matching.engine.tfidf import TextModel, corpus_model
from matching.market.models import ServiceOffering, ServiceRequest
from matching.market.services import contact_for, on_transition, request_after_match

OPEN = (ServiceRequest.Status.OPEN, ServiceRequest.Status.MATCHED)
VERIFIED = Organization.Verification.VERIFIED


def offering_text_model(*, refresh: bool = False) -> TextModel:
    """The TF-IDF model of every active service offering's text (``refresh`` refits now)."""
    return corpus_model("services", lambda: ServiceOffering.objects.filter(active=True).order_by("id")
                        .values_list("search_text", flat=True).iterator(chunk_size=5000), refresh=refresh)


def region_codes(region: Any) -> tuple[list[str], str]:
    """The adcodes an offering may list to serve a firm in ``region`` (itself, its city, its
    province) and the firm's city name."""
    city = region.parent if region.level == "county" and region.parent_id else region
    return sorted({region.adcode, city.adcode, region.adcode[:2] + "0000"}), city.name


# ---- soft criteria ---------------------------------------------------------------------------

def _text(need: dict, fr: Frame) -> np.ndarray:
    return fr["text_sim"]


def _locality(need: dict, fr: Frame) -> np.ndarray:
    return np.where(fr["same_city"], 1.0, np.where(fr["same_province"], 0.6, 0.25))


def _response(need: dict, fr: Frame) -> np.ndarray:
    days = fr["response_days"]
    return np.clip(1.0 - (days - 1.0) / 10.0, 0.2, 1.0)


def _price(need: dict, fr: Frame) -> np.ndarray:
    low, high, budget = fr["price_min"], fr["price_max"], need["budget_max"]
    size = len(fr["id"])
    if budget is None:
        return np.full(size, 0.6)
    top = np.where(np.isnan(high), low, high)
    span = np.maximum(top - low, 1.0)
    partial = 0.5 + 0.5 * np.clip((budget - low) / span, 0.0, 1.0)
    fit = np.where(top <= budget, 1.0, partial)
    return np.where(np.isnan(low) & np.isnan(high), 0.5, np.where(np.isnan(low), np.where(high <= budget, 1.0, 0.5),
                                                                   fit))


def _credibility(need: dict, fr: Frame) -> np.ndarray:
    return 0.5 + 0.2 * np.minimum(fr["offerings"], 4) / 4 + 0.3 * np.minimum(fr["succeeded"], 5) / 5


def _x_text(need: dict, fr: Frame, i: int, v: float) -> str:
    shared = list(fr["shared_tokens"][i][:4])
    return f"服务内容相似度 {v:.2f}" + (f": {'、'.join(shared)}" if shared else "")


def _x_locality(need: dict, fr: Frame, i: int, v: float) -> str:
    if fr["same_city"][i]:
        return f"本地服务: 机构同在{need['city_name']}"
    if fr["same_province"][i]:
        return f"省内服务: 机构位于{fr['city_name'][i]}"
    return f"异地服务: 机构位于{fr['city_name'][i]}"


def _x_response(need: dict, fr: Frame, i: int, v: float) -> str:
    return f"承诺 {int(fr['response_days'][i])} 个工作日内响应"


def _yuan(value: float) -> str:
    return f"{value / 10000:g} 万元" if value >= 10000 else f"{value:g} 元"


def _x_price(need: dict, fr: Frame, i: int, v: float) -> str:
    low, high = fr["price_min"][i], fr["price_max"][i]
    if np.isnan(low) and np.isnan(high):
        price = "面议"
    elif np.isnan(high) or low == high:
        price = f"{_yuan(low)}起" if np.isnan(high) else _yuan(low)
    elif np.isnan(low):
        price = f"不超过 {_yuan(high)}"
    else:
        price = f"{_yuan(low)}–{_yuan(high)}"
    if need["budget_max"] is None:
        return f"报价: {price}（需求未填预算）"
    return f"报价 {price}, 预算上限 {_yuan(need['budget_max'])}"


def _x_credibility(need: dict, fr: Frame, i: int, v: float) -> str:
    text = f"平台认证机构, 发布 {int(fr['offerings'][i])} 项服务"
    succeeded = int(fr["succeeded"][i])
    return text + (f", 已成功对接 {succeeded} 次" if succeeded else "")


CRITERIA = (
    Criterion("text", "服务内容相似度", 35, _text, _x_text),
    Criterion("locality", "服务地域", 20, _locality, _x_locality),
    Criterion("response", "响应时间", 15, _response, _x_response),
    Criterion("price", "价格", 15, _price, _x_price),
    Criterion("credibility", "机构信誉", 15, _credibility, _x_credibility),
)


class ServicesDomain(DomainSpec):
    name = "services"
    version = "services-1"
    owner_column = "provider_id"
    criteria = CRITERIA

    def need(self, need_id: int) -> dict | None:
        req = (ServiceRequest.objects.select_related("enterprise__region__parent").filter(pk=need_id).first())
        if req is None or req.status not in OPEN or not req.enterprise.is_verified:
            return None
        region = req.enterprise.region
        codes, city_name = region_codes(region)
        return {
            "id": req.pk, "enterprise_id": req.enterprise_id, "category": req.category,
            "tokens": req.search_text.split(), "budget_max": req.budget_max, "region_codes": codes,
            "city_prefix": region.adcode[:4], "province_prefix": region.adcode[:2], "city_name": city_name,
        }

    def candidate_offers(self, need: dict) -> QuerySet:
        qs = ServiceOffering.objects.filter(
            active=True, category=need["category"], provider__kind=Organization.Kind.PROVIDER,
            provider__verification=VERIFIED,
        ).exclude(provider_id=need["enterprise_id"])
        qs = qs.filter(Q(regions=[]) | Q(regions__overlap=need["region_codes"]))
        if need["budget_max"] is not None:
            qs = qs.filter(Q(price_min__isnull=True) | Q(price_min__lte=need["budget_max"]))
        return qs

    def load_frame(self, qs: QuerySet, need: dict) -> Frame:
        cols = ("id", "provider_id", "search_text", "price_min", "price_max", "response_days",
                "provider__region_id", "provider__region__level", "provider__region__name",
                "provider__region__parent__name")
        rows = list(qs.order_by("id").values_list(*cols))
        sims, shared = offering_text_model().cosine(need["tokens"], [r[2].split() for r in rows])
        providers = {r[1] for r in rows}
        offerings = dict(ServiceOffering.objects.filter(provider_id__in=providers, active=True).order_by()
                         .values("provider_id").annotate(n=Count("id")).values_list("provider_id", "n")
                         ) if providers else {}
        succeeded = dict(Match.objects.filter(domain=self.name, offer_org_id__in=providers,
                                              status=MatchStatus.SUCCEEDED).order_by()
                         .values("offer_org_id").annotate(n=Count("id")).values_list("offer_org_id", "n")
                         ) if providers else {}

        def num(value: Any) -> float:
            return np.nan if value is None else float(value)

        return {
            "id": np.array([r[0] for r in rows], dtype=np.int64),
            "provider_id": np.array([r[1] for r in rows], dtype=np.int64),
            "text_sim": sims, "shared_tokens": shared,
            "price_min": np.array([num(r[3]) for r in rows], dtype=float),
            "price_max": np.array([num(r[4]) for r in rows], dtype=float),
            "response_days": np.array([r[5] for r in rows], dtype=float),
            "same_city": np.array([r[6][:4] == need["city_prefix"] for r in rows], dtype=bool),
            "same_province": np.array([r[6][:2] == need["province_prefix"] for r in rows], dtype=bool),
            "city_name": [(r[9] if r[7] == "county" and r[9] else r[8]) for r in rows],
            "offerings": np.array([offerings.get(r[1], 0) for r in rows], dtype=float),
            "succeeded": np.array([succeeded.get(r[1], 0) for r in rows], dtype=float),
        }

    def offer_parties(self, need: dict, frame: Frame, rows: np.ndarray) -> list[Parties]:
        return [Parties(need_org=need["enterprise_id"], offer_org=int(frame["provider_id"][i])) for i in rows]

    def needs_for_offer(self, offer_id: int) -> list[int]:
        current = set(Match.objects.filter(domain=self.name, offer_id=offer_id, retired_at=None)
                      .values_list("need_id", flat=True))
        offering = ServiceOffering.objects.filter(pk=offer_id).first()
        if offering is None or not offering.active:
            return sorted(current)
        qs = ServiceRequest.objects.filter(status__in=OPEN, enterprise__verification=VERIFIED,
                                           category=offering.category).exclude(enterprise_id=offering.provider_id)
        if offering.regions:
            prefixes = Q()
            for code in offering.regions:
                prefix = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
                prefixes |= Q(enterprise__region_id__startswith=prefix)
            qs = qs.filter(prefixes)
        return sorted(current | set(qs.values_list("id", flat=True)))

    def active_need_ids(self) -> list[int]:
        return list(ServiceRequest.objects.filter(status__in=OPEN, enterprise__verification=VERIFIED)
                    .order_by("id").values_list("id", flat=True))

    def present(self, matches: list[Any], *, viewer: Any, via: str = "web") -> dict[int, dict[str, Any]]:
        """Each match's offering as "provider·offering", and the contact the viewer may see: the
        provider's for the enterprise, the enterprise's for the provider after its interest."""
        prefetch_related_objects(matches, "need_org", "offer_org")
        names = {oid: f"{firm}·{title}" for oid, title, firm in ServiceOffering.objects.filter(
            pk__in={m.offer_id for m in matches}).values_list("id", "title", "provider__name")}
        org_id = viewer_org_id(viewer) if viewer is not None else None
        return {m.pk: {"offer_name": names.get(m.offer_id, ""), "contact": contact_for(m, viewer_org_id=org_id)}
                for m in matches}

    def after_match(self, need: dict, new_offer_ids: list[int], kept: int) -> None:
        request_after_match(request_id=need["id"], new_offering_ids=new_offer_ids, kept=kept)

    def on_transition(self, **kwargs: Any) -> None:
        on_transition(**kwargs)


