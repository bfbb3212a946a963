"""``seed_talent``: ~40 realistic postings, matchable demo talents, matches, idempotent and fast."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command

from enterprises.models import TalentProfile
from matching.models import JobPosting, Match


@pytest.mark.django_db
def test_seed_talent_creates_postings_and_matches_once():
    call_command("seed_demo", "--scale", "120", "--talents", "40", "--pending", "1")
    started = time.monotonic()
    call_command("seed_talent")
    assert time.monotonic() - started < 30
    jobs = JobPosting.objects.all()
    assert 25 <= jobs.count() <= 50
    assert all(5000 <= j.salary_min <= j.salary_max <= 25000 and j.search_text for j in jobs)
    assert {"数控车工", "焊接技师", "质量工程师", "PLC 电气工程师"} <= set(jobs.values_list("title", flat=True))
    assert set(jobs.values_list("city__adcode", flat=True)) and all(
        code.startswith("43") for code in jobs.values_list("city__adcode", flat=True))
    assert JobPosting.objects.filter(enterprise__memberships__user__username="demo_enterprise").count() == 3
    demo = TalentProfile.objects.get(user__username="demo_talent")
    assert demo.visibility == "matchable" and "skgplc" in demo.search_text
    matches = Match.objects.filter(domain="talent", retired_at=None)
    assert matches.count() > 40
    assert matches.filter(offer_user__username="demo_talent").exists()
    assert matches.filter(status="interested").exists() and matches.filter(status="contacted").exists()
    assert all("employer_score" in m.breakdown and len(m.explanation) == 6 for m in matches[:20])

    before = (JobPosting.objects.count(), Match.objects.count())
    call_command("seed_talent")  # idempotent: a second run changes nothing
    assert (JobPosting.objects.count(), Match.objects.count()) == before
