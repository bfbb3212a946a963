"""API v1 views of 找资金: financing products and requests, the bank queue, consents."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, ScopedListAPIView
from enterprises.models import User
from enterprises.permissions import membership_of
from matching.engine.api import match_context
from matching.engine.models import Match, MatchStatus
from matching.engine.serializers import MatchSerializer
from matching.financing import selectors
from matching.financing import serializers as s
from matching.financing import services as fin


class ProductListAPI(ScopedListAPIView):
    """A bank's own financing products; POST publishes one (verified banks)."""

    selector = selectors.products_for_viewer
    serializer_class = s.ProductSerializer

    @extend_schema(request=s.ProductInputSerializer, responses={201: s.ProductSerializer})
    def post(self, request: Request) -> Response:
        data = s.ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = fin.product_save(actor=request.user, data=data.validated_data)
        return Response(s.ProductSerializer(product).data, status=status.HTTP_201_CREATED)


class ProductDetailAPI(BaseAPIView):
    """One of the bank's own products (another bank's answers 404)."""

    selector = selectors.products_for_viewer
    serializer_class = s.ProductSerializer

    def _get(self, pk: int):
        product = self.get_queryset().filter(pk=pk).first()
        if product is None:
            raise Http404
        return product

    @extend_schema(responses=s.ProductSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.ProductSerializer(self._get(pk)).data)

    @extend_schema(request=s.ProductInputSerializer, responses=s.ProductSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        self._get(pk)
        data = s.ProductInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        product = fin.product_save(actor=request.user, data=data.validated_data, product_id=pk)
        return Response(s.ProductSerializer(product).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        self._get(pk)
        fin.product_delete(actor=request.user, product_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RequestListAPI(ScopedListAPIView):
    """The enterprise's own loan requests; POST posts one (verified enterprises)."""

    selector = selectors.requests_for_viewer
    serializer_class = s.RequestSerializer

    @extend_schema(request=s.RequestInputSerializer, responses={201: s.RequestSerializer})
    def post(self, request: Request) -> Response:
        data = s.RequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        loan = fin.request_save(actor=request.user, data=data.validated_data)
        return Response(s.RequestSerializer(loan).data, status=status.HTTP_201_CREATED)


class RequestDetailAPI(BaseAPIView):
    """One of the enterprise's own requests, with near misses; PATCH edits it."""

    selector = selectors.requests_for_viewer
    serializer_class = s.RequestSerializer

    @extend_schema(responses=s.RequestSerializer)
    def get(self, request: Request, pk: int) -> Response:
        loan = selectors.request_get(viewer=request.user, request_id=pk)
        body = s.RequestSerializer(loan).data
        body["near_misses"] = [
            {"product": m["product"].pk, "product_name": f"{m['product'].bank.name}·{m['product'].name}",
             "missing": m["missing"]} for m in selectors.near_misses(request=loan)]
        return Response(body)

    @extend_schema(request=s.RequestInputSerializer, responses=s.RequestSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        selectors.request_get(viewer=request.user, request_id=pk)
        data = s.RequestInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        loan = fin.request_save(actor=request.user, data=data.validated_data, request_id=pk)
        return Response(s.RequestSerializer(loan).data)


class RequestWithdrawAPI(BaseAPIView):
    """Withdraw one of the enterprise's requests: its open matches expire."""

    selector = selectors.requests_for_viewer

    @extend_schema(request=None, responses=s.RequestSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return Response(s.RequestSerializer(fin.request_withdraw(actor=request.user, request_id=pk)).data)


class QueueQuerySerializer(serializers.Serializer):
    """The queue's filters, type-checked (a bad value is a 400, never a 500)."""

    chain = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    city = serializers.CharField(required=False, allow_blank=True, max_length=12)
    amount_min = serializers.DecimalField(required=False, max_digits=14, decimal_places=2, min_value=0)
    amount_max = serializers.DecimalField(required=False, max_digits=14, decimal_places=2, min_value=0)
    status = serializers.ChoiceField(required=False, allow_blank=True, choices=MatchStatus.choices)
    overdue = serializers.BooleanField(required=False)
    ordering = serializers.ChoiceField(required=False, allow_blank=True,
                                       choices=["-score", "due_at", "-created_at", "amount", "-amount"])


class BankQueueAPI(ScopedListAPIView):
    """Matched requests for the caller's bank, anonymized until the enterprise consents."""

    serializer_class = s.QueueItemSerializer
    schema_model = Match

    @staticmethod
    def selector(*, viewer: User) -> QuerySet:
        return selectors.bank_queue(viewer=viewer)

    @extend_schema(parameters=[QueueQuerySerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = QueueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(selectors.bank_queue(viewer=request.user, filters=query.validated_data))
        need_ids = {m.need_id for m in page}
        summaries = selectors.anonymized_summaries(need_ids) if need_ids else {}
        consented = selectors.consented_request_ids(bank_id=membership_of(request.user).organization_id,
                                                    request_ids=need_ids) if need_ids else set()
        # one serializer for the page (a serializer per row rebuilds its ~30 fields every time)
        matches = MatchSerializer(page, many=True, context=match_context(request, page)).data
        rows = [{"match": data, "request": summaries.get(m.need_id, {}), "consented": m.need_id in consented}
                for m, data in zip(page, matches, strict=True)]
        return self.get_paginated_response(rows)


class BankRequestAPI(BaseAPIView):
    """A request as the caller's bank may see it (full identity only with consent; logged)."""

    tenant_scoped = False  # scoped by selectors.bank_can_see_request (404 otherwise)

    @extend_schema(responses=inline_serializer("BankRequestView", {
        "summary": serializers.DictField(), "consented": serializers.BooleanField(),
        "identity": serializers.DictField(allow_null=True), "matches": MatchSerializer(many=True)}))
    def get(self, request: Request, pk: int) -> Response:
        view = selectors.request_view_for_bank(viewer=request.user, request_id=pk, via="api")
        view.pop("match")
        matches = view.pop("matches")
        view["matches"] = MatchSerializer(matches, many=True, context=match_context(request, matches)).data
        return Response(view)


class ConsentListAPI(ScopedListAPIView):
    """The enterprise's consents; POST ``{request, bank}`` lets that bank see its identity."""

    selector = selectors.consents_for_viewer
    serializer_class = s.ConsentSerializer

    @extend_schema(request=s.ConsentInputSerializer, responses={201: s.ConsentSerializer})
    def post(self, request: Request) -> Response:
        data = s.ConsentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = fin.consent_grant(actor=request.user, request_id=data.validated_data["request"],
                                    bank_id=data.validated_data["bank"])
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentDetailAPI(BaseAPIView):
    """Withdraw a consent (DELETE)."""

    selector = selectors.consents_for_viewer

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        fin.consent_withdraw(actor=request.user, consent_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("financing/products/", ProductListAPI.as_view(), name="api-products"),
    path("financing/products/<int:pk>/", ProductDetailAPI.as_view(), name="api-product-detail"),
    path("financing/requests/", RequestListAPI.as_view(), name="api-requests"),
    path("financing/requests/<int:pk>/", RequestDetailAPI.as_view(), name="api-request-detail"),
    path("financing/requests/<int:pk>/withdraw/", RequestWithdrawAPI.as_view(), name="api-request-withdraw"),
    path("bank/queue/", BankQueueAPI.as_view(), name="api-bank-queue"),
    path("bank/requests/<int:pk>/", BankRequestAPI.as_view(), name="api-bank-request"),
    path("consents/", ConsentListAPI.as_view(), name="api-consents"),
    path("consents/<int:pk>/", ConsentDetailAPI.as_view(), name="api-consent-detail"),
]
