"""Django admin for operators: raw data access (the back-office pages are the everyday tool)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from enterprises.models import (
    BankBranch,
    BankProfile,
    ChainSegment,
    EnterpriseProfile,
    IndustrialChain,
    Industry,
    Invitation,
    Membership,
    Organization,
    ProviderProfile,
    Region,
    TalentProfile,
    User,
    WhitelistBatch,
)

admin.site.site_header = _("企联 Qilian 运营后台")
admin.site.site_title = _("企联 Qilian")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "kind", "is_staff", "is_active", "last_login")
    list_filter = ("kind", "is_staff", "is_active")
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("企联"), {"fields": ("kind", "phone")}))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "uscc", "region", "verification", "created_at")
    list_filter = ("kind", "verification")
    search_fields = ("name", "uscc")
    list_select_related = ("region",)
    raw_id_fields = ("region", "verified_by")
    readonly_fields = ("verification", "verified_at", "verified_by", "rejection_reason", "created_at", "updated_at")
    inlines = [MembershipInline]


@admin.register(EnterpriseProfile)
class EnterpriseProfileAdmin(admin.ModelAdmin):
    list_display = ("organization", "industry", "size_class", "specialized_level", "whitelist_batch")
    list_filter = ("size_class", "specialized_level", "high_tech", "whitelist_batch")
    search_fields = ("organization__name", "organization__uscc")
    list_select_related = ("organization", "industry", "whitelist_batch")
    raw_id_fields = ("organization",)
    readonly_fields = ("size_class",)
    filter_horizontal = ("chain_segments",)


class BankBranchInline(admin.StackedInline):
    model = BankBranch
    extra = 0
    raw_id_fields = ("region",)
    filter_horizontal = ("coverage",)


@admin.register(BankProfile)
class BankProfileAdmin(admin.ModelAdmin):
    list_display = ("organization", "short_name")
    search_fields = ("organization__name", "short_name")
    raw_id_fields = ("organization",)
    inlines = [BankBranchInline]


@admin.register(ProviderProfile)
class ProviderProfileAdmin(admin.ModelAdmin):
    list_display = ("organization", "category")
    list_filter = ("category",)
    raw_id_fields = ("organization",)


@admin.register(TalentProfile)
class TalentProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "full_name", "education", "experience_years", "visibility")
    list_filter = ("education", "visibility")
    search_fields = ("user__username", "full_name")
    raw_id_fields = ("user",)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("adcode", "name", "level", "parent", "lat", "lon")
    list_filter = ("level",)
    search_fields = ("adcode", "name")
    raw_id_fields = ("parent",)


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")


class ChainSegmentInline(admin.TabularInline):
    model = ChainSegment
    extra = 0


@admin.register(IndustrialChain)
class IndustrialChainAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "lead_bank", "order")
    raw_id_fields = ("lead_bank",)
    inlines = [ChainSegmentInline]


@admin.register(WhitelistBatch)
class WhitelistBatchAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "published_at")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "created_at", "accepted_at", "revoked_at")
    raw_id_fields = ("organization", "invited_by")
