"""Persist the demo world (banks, providers, enterprises, talents, demo logins) with bulk inserts.

Callers wrap :meth:`DemoWorld.build` in ``transaction.atomic``. Per-row queries are avoided:
users, organizations, memberships, profiles and M2M rows are inserted with ``bulk_create`` in
batches; the demo password is hashed once. Demo users and organizations are marked by the
e-mail domain ``demo.qilian.local``, which :func:`reset_demo` uses to delete them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db.models import Q
from django.utils import timezone

from enterprises.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from enterprises.demo.codes import UsccFactory
from enterprises.demo.fastcopy import copy_insert, purge, reserve_ids
from enterprises.demo.firms import FirmFactory, FirmSpec
from enterprises.demo.parties import BANKS, DEMO_BANK_KEY, PROVIDERS, WHITELIST_BATCHES, whitelist_title
from enterprises.demo.people import mobile, person_name
from enterprises.demo.talents import create_talents
from enterprises.models import (
    BankBranch,
    BankProfile,
    ChainSegment,
    EnterpriseProfile,
    IndustrialChain,
    Membership,
    Organization,
    ProviderProfile,
    Region,
    User,
    WhitelistBatch,
)
from enterprises.reference.loader import load_all
from enterprises.sizing import size_class

BATCH = 5000
OPERATOR = "demo_operator"
ROLE_LABELS = {
    "demo_enterprise": "企业用户",
    "demo_bank": "银行用户",
    "demo_talent": "人才用户",
    "demo_provider": "服务机构",
    OPERATOR: "平台运营",
}


@dataclass
class DemoSummary:
    """Counts of what was created and the demo logins (username → what it belongs to)."""

    banks: int = 0
    branches: int = 0
    providers: int = 0
    enterprises: int = 0
    pending: int = 0
    whitelisted: int = 0
    talents: int = 0
    logins: dict[str, str] = field(default_factory=dict)


def demo_exists() -> bool:
    """Whether demo data is present (the demo operator account exists)."""
    return User.objects.filter(username=OPERATOR).exists()


def demo_logins() -> dict[str, str]:
    """The demo logins present in the database, with the organization or name each belongs to."""
    logins: dict[str, str] = {}
    users = User.objects.filter(username__in=ROLE_LABELS).select_related("membership__organization")
    for user in users:
        membership = getattr(user, "membership", None)
        logins[user.username] = membership.organization.name if membership else f"{user.last_name}{user.first_name}"
    return {name: logins[name] for name in ROLE_LABELS if name in logins}


def reset_demo() -> tuple[int, int]:
    """Delete demo organizations and users (marked by the demo e-mail domain); return both counts.

    Deletion cascades in SQL (see :func:`enterprises.demo.fastcopy.purge`), so a 100,000-firm
    world goes in seconds; rows of other apps that PROTECT a demo row stop it with ``ProtectedError``.
    """
    marker = f"@{DEMO_EMAIL_DOMAIN}"
    org_ids = list(
        Organization.objects.filter(Q(contact_email__endswith=marker) | Q(memberships__user__email__endswith=marker))
        .values_list("id", flat=True)
        .distinct()
    )
    user_ids = list(User.objects.filter(email__endswith=marker).values_list("id", flat=True))
    return purge(Organization, org_ids), purge(User, user_ids)


class DemoWorld:
    """Generates the demo world deterministically from ``seed``."""

    def __init__(self, scale: int = 200, seed: int = 2026, talents: int = 100, pending: int = 5) -> None:
        self.scale, self.seed, self.talent_count, self.pending = scale, seed, talents, pending
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.password = make_password(DEMO_PASSWORD)
        self.summary = DemoSummary()

    # --- helpers ------------------------------------------------------------------------------
    def unusable(self) -> str:
        """An unusable password (fast; no hashing)."""
        return UNUSABLE_PASSWORD_PREFIX + f"{self.rng.getrandbits(160):040x}"

    def user(self, username: str, kind: str, full_name: str = "", demo: bool = False) -> User:
        """An unsaved user; demo logins get the shared demo password hash."""
        return User(
            username=username,
            kind=kind,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            password=self.password if demo else self.unusable(),
            last_name=full_name[:1],
            first_name=full_name[1:],
        )

    def org(
        self,
        kind: str,
        name: str,
        region: str,
        owner: User,
        prefix: str = "91",
        verified: bool = True,
        address: str = "",
        contact: str = "",
    ) -> Organization:
        """An unsaved organization registered in ``region`` with a fresh valid USCC."""
        return Organization(
            kind=kind,
            name=name,
            uscc=self.usccs.make(region, prefix),
            region_id=region,
            address=address,
            contact_name=contact,
            contact_phone=mobile(self.rng),
            contact_email=owner.email,
            verification="verified" if verified else "pending",
            verified_at=self.now if verified else None,
            verified_by_id=self.operator.pk if verified else None,
        )

    def save_orgs(self, orgs: list[Organization], owners: list[User]) -> None:
        """Insert owners, organizations and owner memberships in bulk."""
        User.objects.bulk_create(owners, batch_size=BATCH)
        Organization.objects.bulk_create(orgs, batch_size=BATCH)
        Membership.objects.bulk_create(
            [Membership(user=u, organization=o, role="owner") for u, o in zip(owners, orgs, strict=True)],
            batch_size=BATCH,
        )

    # --- steps --------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Make sure reference data exists (e.g. after ``flush``) and load lookups."""
        if not IndustrialChain.objects.exists() or not Region.objects.filter(parent_id="430000").exists():
            load_all()
        cities = dict(Region.objects.filter(parent_id="430000").values_list("adcode", "name"))
        counties: dict[str, list[tuple[str, str]]] = {c: [] for c in cities}
        for code, name, parent in Region.objects.filter(parent_id__in=cities).values_list("adcode", "name", "parent"):
            counties[parent].append((code, name))
        self.cities = cities
        self.segments = {
            (slug, name): pk for pk, slug, name in ChainSegment.objects.values_list("id", "chain__slug", "name")
        }
        self.usccs = UsccFactory(self.rng, set(Organization.objects.values_list("uscc", flat=True)))
        self.firms = FirmFactory(self.rng, counties, cities, self.now.year)

    def create_operator(self) -> None:
        """The operator login (staff and superuser)."""
        self.operator = self.user(OPERATOR, User.Kind.OPERATOR, demo=True)
        self.operator.first_name = "平台管理员"
        self.operator.is_staff = self.operator.is_superuser = True
        User.objects.bulk_create([self.operator])

    def create_whitelist_batches(self) -> dict[int, int]:
        """White-list batches 1–4 (kept if already imported); return number → id."""
        ids = {}
        tz = ZoneInfo("Asia/Shanghai")
        for number, day in WHITELIST_BATCHES.items():
            published = datetime.fromisoformat(day).replace(hour=10, tzinfo=tz)
            batch, _ = WhitelistBatch.objects.get_or_create(
                number=number, defaults={"title": whitelist_title(number), "published_at": published}
            )
            ids[number] = batch.pk
        return ids

    def create_banks(self) -> None:
        """Banks with profiles, 2–4 branches each and their coverage among Hunan's cities."""
        owners, orgs = [], []
        for i, bank in enumerate(BANKS, start=1):
            demo = bank.key == DEMO_BANK_KEY
            owner = self.user("demo_bank" if demo else f"bank{i:02d}", User.Kind.BANK, person_name(self.rng), demo)
            owners.append(owner)
            orgs.append(self.org("bank", bank.name, "430102", owner, contact=owner.last_name + owner.first_name))
        self.save_orgs(orgs, owners)
        profiles = [
            BankProfile(organization=o, short_name=b.short_name, description=b.description)
            for o, b in zip(orgs, BANKS, strict=True)
        ]
        BankProfile.objects.bulk_create(profiles)
        branches, coverage = [], []
        for profile, bank in zip(profiles, BANKS, strict=True):
            for city, covered in bank.branches:
                branches.append(
                    BankBranch(
                        bank=profile,
                        name=f"{bank.short_name.removesuffix('湖南省分行')}{self.cities[city].removesuffix('市')}分行",
                        region_id=city,
                    )
                )
                coverage.append(covered)
        BankBranch.objects.bulk_create(branches)
        through = BankBranch.coverage.through
        through.objects.bulk_create(
            [through(bankbranch_id=b.pk, region_id=c) for b, cov in zip(branches, coverage, strict=True) for c in cov]
        )
        self.summary.banks, self.summary.branches = len(orgs), len(branches)

    def create_providers(self) -> None:
        """Service providers and institutions, one per category."""
        owners, orgs = [], []
        for i, provider in enumerate(PROVIDERS, start=1):
            demo = i == 1
            owner = self.user(
                "demo_provider" if demo else f"prov{i:02d}", User.Kind.PROVIDER, person_name(self.rng), demo
            )
            owners.append(owner)
            orgs.append(
                self.org(
                    "provider",
                    provider.name,
                    provider.adcode,
                    owner,
                    provider.uscc_prefix,
                    contact=owner.last_name + owner.first_name,
                )
            )
        self.save_orgs(orgs, owners)
        ProviderProfile.objects.bulk_create(
            [
                ProviderProfile(organization=o, category=p.category, description=p.description)
                for o, p in zip(orgs, PROVIDERS, strict=True)
            ]
        )
        self.summary.providers = len(orgs)

    def demo_enterprise(self) -> FirmSpec:
        """The ``demo_enterprise`` firm: a verified rail-transit supplier in 株洲石峰区."""
        firm = self.firms.make(
            chain="rail-transit", city="430200", county="430204", segments=["制动与车辆配件", "齿轮传动与轮对"]
        )
        firm.employees, firm.revenue = 320, Decimal(150_000_000)
        firm.specialized, firm.high_tech, firm.credit = "provincial", True, "AA"
        firm.certifications = ["ISO 9001", "ISO 14001", "CRCC", "EN 15085"]
        firm.products = "制动系统部件、前端开闭机构、齿轮箱，为省内外主机厂配套"
        firm.whitelist_batch = 3
        return firm

    def create_enterprises(self, batches: dict[int, int]) -> None:
        """``scale`` verified enterprises (the first owned by ``demo_enterprise``) plus pending ones.

        Uses ``COPY`` with primary keys reserved from the sequences: 100,000 firms load in well
        under a minute.
        """
        width = max(4, len(str(self.scale)))
        specs = [self.demo_enterprise()] if self.scale else []
        specs += [self.firms.make() for _ in range(max(0, self.scale - 1))]
        specs += [self.firms.make(verified=False) for _ in range(self.pending)]
        user_ids = reserve_ids(User, len(specs))
        org_ids = reserve_ids(Organization, len(specs))
        profile_ids = reserve_ids(EnterpriseProfile, len(specs))
        users, orgs, members, profiles, links = [], [], [], [], []
        for i, firm in enumerate(specs):
            if i == 0 and self.scale:
                username = "demo_enterprise"
            elif firm.verified:
                username = f"ent{i:0{width}d}"
            else:
                username = f"pend{i - self.scale + 1:02d}"
            email = f"{username}@{DEMO_EMAIL_DOMAIN}"
            users.append({
                "id": user_ids[i], "username": username, "kind": "enterprise", "email": email,
                "password": self.password if username == "demo_enterprise" else self.unusable(),
                "last_name": firm.contact_name[:1], "first_name": firm.contact_name[1:], "phone": firm.contact_phone,
            })  # fmt: skip
            orgs.append({
                "id": org_ids[i], "kind": "enterprise", "name": firm.name, "uscc": self.usccs.make(firm.county),
                "region_id": firm.county, "address": firm.address, "contact_name": firm.contact_name,
                "contact_phone": firm.contact_phone, "contact_email": email,
                "verification": "verified" if firm.verified else "pending",
                "verified_at": self.now if firm.verified else None,
                "verified_by_id": self.operator.pk if firm.verified else None,
            })  # fmt: skip
            members.append({"user_id": user_ids[i], "organization_id": org_ids[i], "role": "owner"})
            profiles.append({
                "id": profile_ids[i], "organization_id": org_ids[i], "industry_id": firm.industry,
                "employees": firm.employees, "annual_revenue": firm.revenue,
                "size_class": size_class(firm.employees, firm.revenue), "specialized_level": firm.specialized,
                "high_tech": firm.high_tech, "single_champion": firm.single_champion, "credit_rating": firm.credit,
                "certifications": firm.certifications, "products": firm.products, "founded_year": firm.founded,
                "whitelist_batch_id": batches.get(firm.whitelist_batch) if firm.whitelist_batch else None,
            })  # fmt: skip
            links += [
                {"enterpriseprofile_id": profile_ids[i], "chainsegment_id": self.segments[(firm.chain, name)]}
                for name in firm.segments
            ]
        copy_insert(User, users, self.now)
        copy_insert(Organization, orgs, self.now)
        copy_insert(Membership, members, self.now)
        copy_insert(EnterpriseProfile, profiles, self.now)
        copy_insert(EnterpriseProfile.chain_segments.through, links, self.now)
        self.summary.enterprises = sum(1 for f in specs if f.verified)
        self.summary.pending = len(specs) - self.summary.enterprises
        self.summary.whitelisted = sum(1 for p in profiles if p["whitelist_batch_id"])

    def build(self) -> DemoSummary:
        """Create everything; call inside ``transaction.atomic``."""
        self.prepare()
        self.create_operator()
        batches = self.create_whitelist_batches()
        self.create_banks()
        self.create_providers()
        self.create_enterprises(batches)
        self.summary.talents, _ = create_talents(
            self.rng, self.talent_count, self.password, self.unusable, DEMO_EMAIL_DOMAIN, BATCH
        )
        self.summary.logins = demo_logins()
        return self.summary
