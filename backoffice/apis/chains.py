"""``PUT /api/v1/backoffice/chains/{id}/lead-bank/``: assign a chain's lead bank (operators)."""

from __future__ import annotations

from datetime import date

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.permissions import OperatorAPIView
from backoffice.services.chains import lead_bank_assign
from enterprises.selectors import chains
from enterprises.serializers import ChainSerializer


class LeadBankInput(serializers.Serializer):
    bank = serializers.IntegerField()
    start_date = serializers.DateField(required=False)


class LeadBankAPI(OperatorAPIView):
    """Make a verified bank the chain's lead bank (主办银行); the previous lead's term ends."""

    @extend_schema(request=LeadBankInput, responses=ChainSerializer)
    def put(self, request: Request, pk: int) -> Response:
        data = LeadBankInput(data=request.data)
        data.is_valid(raise_exception=True)
        start: date | None = data.validated_data.get("start_date")
        lead_bank_assign(chain_id=pk, bank_id=data.validated_data["bank"], actor=request.user, start=start)
        return Response(ChainSerializer(chains().get(pk=pk)).data)


urlpatterns = [path("chains/<int:pk>/lead-bank/", LeadBankAPI.as_view(), name="api-bo-lead-bank")]
