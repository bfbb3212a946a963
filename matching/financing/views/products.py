"""A bank's financing products: list, publish or edit, take off the shelf after confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from enterprises.views.common import submit
from matching.common.formatting import money
from matching.common.views import bank_required, listing, own_organization, publish_refusal, report_refusal
from matching.engine import selectors as engine_selectors
from matching.financing import selectors
from matching.financing import services as fin
from matching.financing.forms import ProductForm
from matching.financing.models import FinancingProduct
from matching.financing.views.common import collateral_labels, rate_range


def _own_product(request: HttpRequest, pk: int) -> FinancingProduct:
    product = selectors.products_for_viewer(viewer=request.user).filter(pk=pk).first()
    if product is None:
        raise Http404(_("未找到该产品。"))
    return product


def _match_counts(viewer, product_ids: list[int]) -> dict[int, int]:
    """Active matches per product, from the viewer's own matches (one query)."""
    rows = (engine_selectors.matches_for_viewer(viewer=viewer, domain="financing").filter(offer_id__in=product_ids)
            .order_by().values("offer_id").annotate(n=Count("id")).values_list("offer_id", "n"))
    return dict(rows)


@bank_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    products = list(selectors.products_for_viewer(viewer=request.user))
    counts = _match_counts(request.user, [p.pk for p in products])
    for p in products:
        p.amount_text = f"{money(p.amount_min)} – {money(p.amount_max)}"
        p.rate_text = rate_range(p.rate_min, p.rate_max)
        p.collateral_text = listing(collateral_labels(p.collateral))
        p.match_count = counts.get(p.pk, 0)
    refusal = publish_refusal(own_organization(request))
    return render(request, "matching/financing/bank/product_list.html", {"products": products, "refusal": refusal})


@bank_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Publish a product (no ``pk``) or edit one of the bank's own; rematched in the background."""
    product = _own_product(request, pk) if pk is not None else None
    refusal = publish_refusal(own_organization(request))
    initial = ProductForm.initial_from(product) if product else None
    status = 200
    if request.method == "POST":
        form = ProductForm(request.POST, initial=initial)
        try:
            if submit(request, form, lambda: fin.product_save(
                    actor=request.user, data=form.service_data(), product_id=product.pk if product else None),
                    success=_("产品已保存，系统正在为其匹配企业融资需求。")):
                return redirect("financing:product_list")
        except PermissionDenied as exc:
            refusal, status = str(exc), 403
    else:
        form = ProductForm(initial=initial)
    return render(request, "matching/financing/bank/product_form.html",
                  {"form": form, "product": product, "refusal": refusal}, status=status)


@bank_required
@require_http_methods(["GET", "POST"])
def product_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST takes the product off the shelf and retires its open matches."""
    product = _own_product(request, pk)
    if request.method == "POST":
        try:
            fin.product_delete(actor=request.user, product_id=product.pk)
        except PermissionDenied as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("产品“%(name)s”已下架。") % {"name": product.name})
        return redirect("financing:product_list")
    return render(request, "matching/financing/bank/product_confirm_delete.html", {"product": product})
