"""API v1 views of the matching app: financing products and requests, the bank queue, matches,
consents, notifications and the public statistics."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, ScopedListAPIView
from enterprises.models import User
from enterprises.permissions import membership_of
from matching import selectors
from matching import serializers as s
from matching.models import Match, MatchStatus
from matching.services import financing as fin
from matching.services.notifications import notifications_mark_read
from matching.services.transitions import match_transition


def _offer_names(matches: list) -> dict[tuple[str, int], str]:
    """Readable offer names per (domain, offer id): bank·product, supplier·capability."""
    from matching.models import SupplyCapability

    ids = {m.offer_id for m in matches if m.domain == "financing"}
    names = {("financing", pid): f"{bank}·{name}" for pid, name, bank in selectors.product_names(ids)}
    caps = {m.offer_id for m in matches if m.domain == "supply"}
    for cid, title, firm in SupplyCapability.objects.filter(pk__in=caps).values_list("id", "title",
                                                                                   "enterprise__name"):
        names[("supply", cid)] = f"{firm}·{title}"
    from matching.models import ServiceOffering

    offerings = {m.offer_id for m in matches if m.domain == "services"}
    for oid, title, firm in ServiceOffering.objects.filter(pk__in=offerings).values_list("id", "title",
                                                                                       "provider__name"):
        names[("services", oid)] = f"{firm}·{title}"
    return names


def _ctx(request: Request, matches: list) -> dict:
    """Serializer context for matches: readable offer names and the viewer (for contacts), and for
    talent matches the talent cards (anonymized until acceptance; reveals logged) and the jobs."""
    from matching.selectors_talent import job_summaries, talent_cards

    return {"offer_names": _offer_names(matches), "viewer": request.user,
            "talent_cards": talent_cards(matches, viewer=request.user, via="api"), "jobs": job_summaries(matches)}


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
        matches = s.MatchSerializer(page, many=True, context=_ctx(request, page)).data
        rows = [{"match": data, "request": summaries.get(m.need_id, {}), "consented": m.need_id in consented}
                for m, data in zip(page, matches, strict=True)]
        return self.get_paginated_response(rows)


class BankRequestAPI(BaseAPIView):
    """A request as the caller's bank may see it (full identity only with consent; logged)."""

    tenant_scoped = False  # scoped by selectors.bank_can_see_request (404 otherwise)

    @extend_schema(responses=inline_serializer("BankRequestView", {
        "summary": serializers.DictField(), "consented": serializers.BooleanField(),
        "identity": serializers.DictField(allow_null=True), "matches": s.MatchSerializer(many=True)}))
    def get(self, request: Request, pk: int) -> Response:
        view = selectors.request_view_for_bank(viewer=request.user, request_id=pk, via="api")
        view.pop("match")
        matches = view.pop("matches")
        view["matches"] = s.MatchSerializer(matches, many=True, context=_ctx(request, matches)).data
        return Response(view)


class MatchListAPI(ScopedListAPIView):
    """Matches the caller is party to: ``?domain=&need=&offer=&status=``."""

    selector = selectors.matches_for_viewer
    serializer_class = s.MatchSerializer

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("domain", "need", "offer", "status")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # the parties' organizations only where a contact may be shown (below), not joined on every row
        qs = self.get_queryset().select_related(None)
        params = request.query_params
        for key, field in (("domain", "domain"), ("need", "need_id"), ("offer", "offer_id"), ("status", "status")):
            if params.get(key):
                try:
                    qs = qs.filter(**{field: params[key]})
                except (ValueError, TypeError):
                    qs = qs.none()
        page = self.paginate_queryset(qs)
        prefetch_related_objects([m for m in page if m.domain in ("supply", "services")], "need_org", "offer_org")
        return self.get_paginated_response(s.MatchSerializer(page, many=True,
                                                             context=_ctx(request, page)).data)


class MatchDetailAPI(BaseAPIView):
    """One match the caller is party to (404 otherwise)."""

    selector = selectors.matches_for_viewer
    serializer_class = s.MatchSerializer

    def get(self, request: Request, pk: int) -> Response:
        match = selectors.match_get(viewer=request.user, match_id=pk)
        return Response(s.MatchSerializer(match, context=_ctx(request, [match])).data)


class MatchTransitionAPI(BaseAPIView):
    """Move a match along its status machine; 409 if the move is illegal from its status."""

    selector = selectors.matches_for_viewer

    @extend_schema(request=s.TransitionInputSerializer, responses=s.MatchSerializer)
    def post(self, request: Request, pk: int) -> Response:
        selectors.match_get(viewer=request.user, match_id=pk)
        data = s.TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        match = match_transition(match_id=pk, actor=request.user, **data.validated_data)
        return Response(s.MatchSerializer(match, context=_ctx(request, [match])).data)


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


class NotificationListAPI(ScopedListAPIView):
    """The caller's notifications, newest first; the unread count in ``X-Unread-Count``."""

    selector = selectors.notifications_for_viewer
    serializer_class = s.NotificationSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        response["X-Unread-Count"] = str(selectors.unread_count(viewer=request.user))
        return response


class NotificationReadAPI(BaseAPIView):
    """Mark one notification read."""

    selector = selectors.notifications_for_viewer

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, pk: int) -> Response:
        if not notifications_mark_read(user=request.user, notification_id=pk) and not \
                self.get_queryset().filter(pk=pk).exists():
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class PublicStatsAPI(BaseAPIView):
    """Platform totals shown on the home page (parties and financing)."""

    tenant_scoped = False
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses=s.PublicStatsSerializer)
    def get(self, request: Request) -> Response:
        figures = selectors.public_figures()  # cached for a minute
        return Response(s.PublicStatsSerializer({**figures["counts"], **figures["finance"]}).data)
