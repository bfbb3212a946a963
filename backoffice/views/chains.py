"""一链一行: each chain's lead bank and participating banks, assignment and history."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from backoffice import selectors
from backoffice.permissions import operator_required
from backoffice.services.chains import lead_bank_assign, participating_bank_set
from config.exceptions import Conflict
from enterprises.models import IndustrialChain


class BankChoiceForm(forms.Form):
    bank = forms.TypedChoiceField(label=_l("银行"), coerce=int)
    start_date = forms.DateField(label=_l("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].choices = [("", _l("请选择银行")), *selectors.verified_banks().values_list("id", "name")]


@operator_required
def chain_list(request: HttpRequest) -> HttpResponse:
    """Every chain with its lead bank, participating banks, open requests, response times, granted."""
    return render(request, "backoffice/chains.html", {"rows": selectors.chains_overview()})


@operator_required
def chain_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the lead bank, add or end participating banks; the history of roles."""
    chain = IndustrialChain.objects.select_related("lead_bank").filter(pk=pk).first()
    if chain is None:
        raise Http404
    form = BankChoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lead_bank_assign(chain_id=chain.pk, bank_id=form.cleaned_data["bank"], actor=request.user,
                             start=form.cleaned_data.get("start_date"))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("bank", message)
        except Conflict as exc:
            messages.warning(request, str(exc))
        else:
            messages.success(request, _("已更新主办银行；该产业链的在途融资需求将重新匹配。"))
            return redirect("backoffice:chain_detail", pk=chain.pk)
    return render(request, "backoffice/chain_detail.html", {
        "chain": chain, "form": form, "participant_form": BankChoiceForm(),
        "history": selectors.chain_history(chain.pk),
    })


@operator_required
@require_POST
def chain_participant(request: HttpRequest, pk: int) -> HttpResponse:
    """Add (``action=add``) or end (``action=end``) a participating bank."""
    try:
        participating_bank_set(chain_id=pk, bank_id=int(request.POST.get("bank") or 0), actor=request.user,
                               active=request.POST.get("action") != "end")
        messages.success(request, _("已更新参与银行。"))
    except (ValidationError, Conflict, ValueError) as exc:
        messages.warning(request, str(getattr(exc, "detail", None) or "；".join(getattr(exc, "messages", [str(exc)]))))
    return redirect("backoffice:chain_detail", pk=pk)


urlpatterns = [
    path("chains/", chain_list, name="chains"),
    path("chains/<int:pk>/", chain_detail, name="chain_detail"),
    path("chains/<int:pk>/participants/", chain_participant, name="chain_participant"),
]
