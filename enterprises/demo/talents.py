"""Demo talents: users of kind ``talent`` with profiles, skills, expected salary and cities."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

from enterprises.demo.catalog import CHAIN_DEMO, CITY_WEIGHTS
from enterprises.demo.people import ROLES, TalentRole, mobile, person_name
from enterprises.models import TalentProfile, User

GENERIC_SKILLS = ("安全生产", "5S管理", "Office办公", "团队协作", "质量意识")
CERT_NOTES = ("持有特种作业操作证。", "持有职业技能等级证书。", "参与过产线自动化改造项目。", "")


def expected_salary(rng: random.Random, role: TalentRole, years: int) -> Decimal:
    """Monthly expectation inside the role's range, growing with experience, rounded to 100 yuan."""
    low, high = role.salary
    fraction = min(1.0, 0.15 + years / 20) * rng.uniform(0.7, 1.0)
    return Decimal(round((low + (high - low) * fraction) / 100) * 100)


def pick_cities(rng: random.Random, chain: str) -> list[str]:
    """One or two Hunan cities, weighted towards the chain's home cities."""
    cities = list(CITY_WEIGHTS)
    boost = CHAIN_DEMO[chain].city_boost
    weights = [CITY_WEIGHTS[c] * boost.get(c, 1.0) for c in cities]
    first = rng.choices(cities, weights=weights)[0]
    if rng.random() < 0.35:
        second = rng.choices(cities, weights=weights)[0]
        if second != first:
            return [first, second]
    return [first]


def talent_profile(rng: random.Random, user: User, role: TalentRole, full_name: str) -> tuple[TalentProfile, list[str]]:
    """An unsaved profile for ``user`` and the adcodes of its expected cities."""
    years = rng.randint(0, 25) if not role.engineer else rng.randint(1, 18)
    skills = list(role.skills[:2]) + rng.sample(role.skills[2:], k=min(len(role.skills) - 2, rng.randint(1, 2)))
    if rng.random() < 0.4:
        skills.append(rng.choice(GENERIC_SKILLS))
    education = rng.choice(role.educations)
    resume = f"{years}年{role.title}相关工作经验，熟悉{'、'.join(skills[:3])}。{rng.choice(CERT_NOTES)}"
    profile = TalentProfile(
        user=user,
        full_name=full_name,
        skills=skills,
        education=education,
        experience_years=years,
        expected_salary=expected_salary(rng, role, years),
        resume=resume,
        visibility="matchable" if rng.random() < 0.85 else "hidden",
    )
    return profile, pick_cities(rng, role.chain)


def create_talents(
    rng: random.Random, count: int, demo_password: str, unusable: Callable[[], str], email_domain: str, batch: int
) -> tuple[int, str]:
    """Create ``count`` talents (the first is ``demo_talent``); return the count and its display name."""
    users: list[User] = []
    specs: list[tuple[TalentRole, str]] = []
    width = max(4, len(str(count)))
    for i in range(count):
        full_name = person_name(rng)
        role = rng.choice([r for r in ROLES if r.title == "PLC工程师"]) if i == 0 else rng.choice(ROLES)
        username = "demo_talent" if i == 0 else f"tal{i:0{width}d}"
        users.append(
            User(
                username=username,
                kind=User.Kind.TALENT,
                email=f"{username}@{email_domain}",
                password=demo_password if i == 0 else unusable(),
                last_name=full_name[0],
                first_name=full_name[1:],
                phone=mobile(rng),
            )
        )
        specs.append((role, full_name))
    User.objects.bulk_create(users, batch_size=batch)
    profiles: list[TalentProfile] = []
    cities: list[list[str]] = []
    for user, (role, full_name) in zip(users, specs, strict=True):
        profile, wanted = talent_profile(rng, user, role, full_name)
        if user.username == "demo_talent":
            profile.visibility, wanted = "matchable", ["430100", "430200"]
        profiles.append(profile)
        cities.append(wanted)
    TalentProfile.objects.bulk_create(profiles, batch_size=batch)
    through = TalentProfile.cities.through
    through.objects.bulk_create(
        [
            through(talentprofile_id=p.pk, region_id=code)
            for p, wanted in zip(profiles, cities, strict=True)
            for code in wanted
        ],
        batch_size=batch,
    )
    return count, specs[0][1] if specs else ""
