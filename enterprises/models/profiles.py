"""Profiles of each kind of party: enterprise, bank (with branches), provider, talent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    MICRO = "micro", _("微型")
    SMALL = "small", _("小型")
    MEDIUM = "medium", _("中型")
    LARGE = "large", _("大型")


class SpecializedLevel(models.TextChoices):
    """专精特新 levels, in ascending order (the order matters for eligibility rules)."""

    NONE = "none", _("无")
    INNOVATIVE = "innovative", _("创新型中小企业")
    PROVINCIAL = "provincial", _("省级专精特新中小企业")
    NATIONAL = "national", _('国家级专精特新"小巨人"')


class CreditRating(models.TextChoices):
    """Credit rating grades, best first."""

    AAA = "AAA", "AAA"
    AA = "AA", "AA"
    A = "A", "A"
    BBB = "BBB", "BBB"
    BB = "BB", "BB"
    B = "B", "B"
    C = "C", "C"


class Certification(models.TextChoices):
    ISO9001 = "ISO 9001", "ISO 9001"
    ISO14001 = "ISO 14001", "ISO 14001"
    ISO45001 = "ISO 45001", "ISO 45001"
    IATF16949 = "IATF 16949", "IATF 16949"
    AS9100 = "AS9100", "AS9100D"
    EN15085 = "EN 15085", "EN 15085"
    CRCC = "CRCC", _("CRCC 铁路产品认证")
    CCC = "CCC", _("CCC 强制性产品认证")
    ISO13485 = "ISO 13485", "ISO 13485"
    ISO27001 = "ISO/IEC 27001", "ISO/IEC 27001"
    GMP = "GMP", _("GMP 药品生产质量管理规范")
    API_Q1 = "API Q1", "API Spec Q1"
    TSG = "TSG", _("特种设备生产许可")


class WhitelistBatch(models.Model):
    """A numbered batch of the 产融合作制造业企业白名单 (import and publishing: back-office issue)."""

    number = models.PositiveSmallIntegerField(_("批次"), unique=True)
    title = models.CharField(_("标题"), max_length=128)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("白名单批次")
        verbose_name_plural = _("白名单批次")

    def __str__(self) -> str:
        return str(_("白名单第%(n)s批") % {"n": self.number})


class EnterpriseProfile(models.Model):
    """What an enterprise tells the platform about itself. ``size_class`` is computed, never typed."""

    organization = models.OneToOneField(
        "enterprises.Organization", on_delete=models.CASCADE, related_name="enterprise_profile"
    )
    industry = models.ForeignKey(
        "enterprises.Industry", verbose_name=_("所属行业"), null=True, blank=True, on_delete=models.PROTECT
    )
    chain_segments = models.ManyToManyField(
        "enterprises.ChainSegment", verbose_name=_("产业链环节"), blank=True, related_name="enterprises"
    )
    employees = models.PositiveIntegerField(_("从业人员（人）"), null=True, blank=True)
    annual_revenue = models.DecimalField(
        _("上年营业收入（元）"), max_digits=16, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    size_class = models.CharField(_("企业规模"), max_length=8, choices=SizeClass.choices, blank=True)
    specialized_level = models.CharField(
        _("专精特新等级"), max_length=16, choices=SpecializedLevel.choices, default=SpecializedLevel.NONE
    )
    high_tech = models.BooleanField(_("高新技术企业"), default=False)
    single_champion = models.BooleanField(_("制造业单项冠军"), default=False)
    credit_rating = models.CharField(_("信用评级"), max_length=4, choices=CreditRating.choices, blank=True)
    certifications = ArrayField(
        models.CharField(max_length=32, choices=Certification.choices), verbose_name=_("资质认证"),
        default=list, blank=True,
    )
    products = models.TextField(_("主要产品"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("成立年份"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    whitelist_batch = models.ForeignKey(
        WhitelistBatch, verbose_name=_("白名单批次"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="enterprises",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("企业档案")
        verbose_name_plural = _("企业档案")
        indexes = [models.Index(fields=["size_class"]), models.Index(fields=["specialized_level"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annual_revenue__isnull=True) | models.Q(annual_revenue__gte=0),
                name="enterprise_revenue_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class BankProfile(models.Model):
    """A bank partner's profile; its coverage is the union of its branches' regions."""

    organization = models.OneToOneField(
        "enterprises.Organization", on_delete=models.CASCADE, related_name="bank_profile"
    )
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("银行档案")
        verbose_name_plural = _("银行档案")

    def __str__(self) -> str:
        return self.short_name or str(self.organization)


class BankBranch(models.Model):
    """A branch of a bank, and the regions it serves."""

    bank = models.ForeignKey(BankProfile, on_delete=models.CASCADE, related_name="branches")
    name = models.CharField(_("网点名称"), max_length=128)
    region = models.ForeignKey("enterprises.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT,
                               related_name="+")
    address = models.CharField(_("地址"), max_length=255, blank=True)
    coverage = models.ManyToManyField("enterprises.Region", verbose_name=_("服务地区"), blank=True,
                                      related_name="covering_branches")

    class Meta:
        ordering = ["id"]
        verbose_name = _("银行网点")
        verbose_name_plural = _("银行网点")

    def __str__(self) -> str:
        return self.name


class ProviderProfile(models.Model):
    """A service provider or institution (law, accounting, testing, training, university …)."""

    class Category(models.TextChoices):
        LAW = "law", _("法律服务")
        ACCOUNTING = "accounting", _("财税会计")
        TESTING = "testing", _("检验检测与认证")
        TECH_TRANSFER = "tech_transfer", _("技术转移")
        TRAINING = "training", _("培训")
        UNIVERSITY = "university", _("高校院所")
        CONSULTING = "consulting", _("管理咨询")
        OTHER = "other", _("其他")

    organization = models.OneToOneField(
        "enterprises.Organization", on_delete=models.CASCADE, related_name="provider_profile"
    )
    category = models.CharField(_("服务类别"), max_length=16, choices=Category.choices, default=Category.OTHER)
    description = models.TextField(_("机构简介"), blank=True)

    class Meta:
        verbose_name = _("服务机构档案")
        verbose_name_plural = _("服务机构档案")

    def __str__(self) -> str:
        return str(self.organization)


class TalentProfile(models.Model):
    """An individual's profile. Contact details stay private until the talent accepts an employer."""

    class Education(models.TextChoices):
        NONE = "none", _("不限")
        SECONDARY = "secondary", _("中专/高中")
        VOCATIONAL = "vocational", _("大专")
        BACHELOR = "bachelor", _("本科")
        MASTER = "master", _("硕士")
        DOCTOR = "doctor", _("博士")

    class Visibility(models.TextChoices):
        HIDDEN = "hidden", _("隐藏")
        MATCHABLE = "matchable", _("可被匹配")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_profile")
    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    skills = ArrayField(models.CharField(max_length=32), verbose_name=_("技能"), default=list, blank=True)
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices, default=Education.NONE)
    experience_years = models.PositiveSmallIntegerField(
        _("工作年限"), default=0, validators=[MaxValueValidator(60)]
    )
    cities = models.ManyToManyField("enterprises.Region", verbose_name=_("期望城市"), blank=True, related_name="+")
    expected_salary = models.DecimalField(
        _("期望月薪（元）"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    resume = models.TextField(_("个人简历"), blank=True)
    industries = models.ManyToManyField("enterprises.Industry", verbose_name=_("期望行业"), blank=True,
                                        related_name="+")
    search_text = models.TextField(editable=False, blank=True)
    erased_at = models.DateTimeField(_("注销时间"), null=True, blank=True)
    visibility = models.CharField(_("可见性"), max_length=16, choices=Visibility.choices, default=Visibility.HIDDEN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("人才档案")
        verbose_name_plural = _("人才档案")
        indexes = [
            models.Index(fields=["visibility"], name="talent_visibility"),
            GinIndex(SearchVector("search_text", config="simple"), name="talent_search"),
            GinIndex(fields=["skills"], name="talent_skills"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_salary__isnull=True) | models.Q(expected_salary__gte=0),
                name="talent_salary_not_negative",
            ),
            models.CheckConstraint(condition=models.Q(experience_years__lte=60), name="talent_experience_max_60"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.user.username


class WhitelistEntry(models.Model):
    """One firm in a white-list batch. Removal keeps the row (with who, when and why): history."""

    batch = models.ForeignKey(WhitelistBatch, on_delete=models.CASCADE, related_name="entries")
    organization = models.ForeignKey("enterprises.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="whitelist_entries")
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=128)
    city = models.ForeignKey("enterprises.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    chain = models.ForeignKey("enterprises.IndustrialChain", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    department = models.CharField(_("推荐部门"), max_length=128, blank=True)
    row_number = models.PositiveIntegerField(_("文件行号"), default=0)
    removed_at = models.DateTimeField(_("移出时间"), null=True, blank=True)
    removed_reason = models.CharField(_("移出原因"), max_length=255, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch_id", "row_number", "id"]
        verbose_name = _("白名单企业")
        verbose_name_plural = _("白名单企业")
        constraints = [models.UniqueConstraint(fields=["batch", "uscc"], name="whitelist_entry_unique_in_batch")]
        indexes = [models.Index(fields=["uscc"], name="whitelist_entry_uscc")]

    def __str__(self) -> str:
        return f"{self.batch} {self.name}"
