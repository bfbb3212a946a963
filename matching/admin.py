"""Django admin for matching data (operators' raw view; logs are read-only)."""

from __future__ import annotations

from django.contrib import admin

from matching.models import (
    Consent,
    DataAccessLog,
    FinancingProduct,
    FinancingRequest,
    Match,
    MatchRun,
    MatchTransition,
    Notification,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: viewable, never edited or deleted from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FinancingProduct)
class FinancingProductAdmin(admin.ModelAdmin):
    list_display = ("name", "bank", "type", "amount_min", "amount_max", "rate_min", "rate_max", "active")
    list_filter = ("type", "active", "whitelist_only")
    search_fields = ("name", "bank__name")
    list_select_related = ("bank",)
    raw_id_fields = ("bank",)


@admin.register(FinancingRequest)
class FinancingRequestAdmin(admin.ModelAdmin):
    list_display = ("id", "enterprise", "amount", "term", "purpose", "status", "granted_amount", "created_at")
    list_filter = ("status", "purpose", "urgency")
    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise",)
    raw_id_fields = ("enterprise", "created_by")


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "domain", "need_id", "offer_id", "score", "status", "lead_bank", "retired_at")
    list_filter = ("domain", "status", "lead_bank")


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = ("id", "domain", "scope", "target_id", "status", "kept", "retired", "created_at", "finished_at")
    list_filter = ("domain", "scope", "status")


@admin.register(MatchTransition)
class MatchTransitionAdmin(ReadOnlyAdmin):
    list_display = ("match", "from_status", "to_status", "actor", "at")


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("request", "bank", "granted_at", "withdrawn_at")


@admin.register(DataAccessLog)
class DataAccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "viewer", "viewer_org", "subject_org", "what", "via")
    search_fields = ("viewer__username", "subject_org__name")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "title", "created_at", "read_at")
    list_filter = ("kind",)
