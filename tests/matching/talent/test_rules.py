"""Talent matching: hard rules in SQL, synonyms, and the reciprocal (harmonic) score."""

from __future__ import annotations

import pytest

from enterprises.services import talent_erase
from matching.models import TalentBlock
from matching.talent import skills as vocab
from tests.factories import jobs as tf


def test_vocabulary_knows_synonyms_and_stems():
    assert vocab.groups_of("可编程控制器") == vocab.groups_of("PLC") == {"plc"}
    assert "cnc" in vocab.groups_of("数控车床") and "weld" in vocab.groups_of("CO2气体保护焊")
    assert {"AutoCAD", "制图", "CAD"} <= set(vocab.expand(["CAD"]))
    assert {"焊工", "焊接"} <= set(vocab.expand(["电焊"]))
    assert vocab.groups_of("品质管理") & vocab.groups_of("QC")
    assert vocab.groups_of("单片机") == vocab.groups_of("嵌入式") == {"embedded"}
    assert len(vocab.GROUPS) >= 40


@pytest.mark.django_db
def test_synonym_skills_match_and_unrelated_do_not():
    org = tf.employer().membership.organization
    posting = tf.job(org, skills=["PLC", "数控编程"])
    synonym = tf.talent(skills=["可编程控制器", "数控车床"])
    unrelated = tf.talent(name="王五", skills=["会计", "出纳"], resume="十年财务工作")
    matched = {m.offer_id for m in tf.run(posting)}
    assert synonym.pk in matched and unrelated.pk not in matched


@pytest.mark.django_db
def test_reciprocal_ranking_fair_for_both_beats_great_for_one_side():
    """A talent perfect for the employer who wants far more money (poor for the talent) ranks below a
    talent who is only fair for the employer but happy with city and pay."""
    org = tf.employer().membership.organization
    posting = tf.job(org, skills=["数控编程", "PLC", "CAD", "焊接"], education_min="bachelor", experience_years=5,
                     salary_min=8000, salary_max=10000)
    lopsided = tf.talent(name="甲一", skills=["数控编程", "PLC", "CAD", "焊接"], education="master", years=10,
                         salary=20000, cities=())
    fair = tf.talent(name="乙二", skills=["数控编程", "PLC"], education="vocational", years=3, salary=9000,
                     cities=())
    by_offer = {m.offer_id: m for m in tf.run(posting)}
    top, ok = by_offer[lopsided.pk], by_offer[fair.pk]
    assert top.breakdown["employer_score"] > ok.breakdown["employer_score"]
    assert top.breakdown["talent_score"] < ok.breakdown["talent_score"]
    # a plain average would put the lopsided talent first; the harmonic mean does not
    assert (top.breakdown["employer_score"] + top.breakdown["talent_score"]) > (
        ok.breakdown["employer_score"] + ok.breakdown["talent_score"])
    assert ok.score > top.score and ok.rank < top.rank
    assert len(top.explanation) == 6 and any("低于期望" in line for line in top.explanation)


@pytest.mark.django_db
def test_hidden_blocked_erased_inactive_and_far_talents_are_never_matched():
    org = tf.employer().membership.organization
    posting = tf.job(org)
    ok = tf.talent(name="正常")
    hidden = tf.talent(name="隐藏", visibility="hidden")
    blocking = tf.talent(name="屏蔽")
    TalentBlock.objects.create(talent=blocking, organization=org)
    erased = tf.talent(name="注销")
    talent_erase(actor=erased.user)
    inactive = tf.talent(name="停用")
    inactive.user.is_active = False
    inactive.user.save()
    elsewhere = tf.talent(name="外地", cities=("430100",))
    anywhere = tf.talent(name="不限", cities=())
    matched = {m.offer_id for m in tf.run(posting)}
    assert matched == {ok.pk, anywhere.pk}
    assert not {hidden.pk, blocking.pk, erased.pk, inactive.pk, elsewhere.pk} & matched


@pytest.mark.django_db
def test_county_job_matches_talent_preferring_its_prefecture():
    org = tf.employer().membership.organization
    posting = tf.job(org, city_id="430211")  # 天元区, 株洲市
    talent = tf.talent(cities=("430200",))
    [match] = tf.run(posting)
    assert match.offer_id == talent.pk
    assert "株洲市" in " ".join(match.explanation)


@pytest.mark.django_db
def test_scores_follow_education_experience_and_salary():
    org = tf.employer().membership.organization
    posting = tf.job(org, education_min="bachelor", experience_years=5, salary_max=10000)
    good = tf.talent(name="好", education="master", years=6, salary=9000)
    low_edu = tf.talent(name="低", education="secondary", years=6, salary=9000)
    greedy = tf.talent(name="贵", education="master", years=6, salary=15000)
    by = {m.offer_id: m for m in tf.run(posting)}
    assert by[good.pk].breakdown["employer_score"] > by[low_edu.pk].breakdown["employer_score"]
    assert by[good.pk].breakdown["talent_score"] > by[greedy.pk].breakdown["talent_score"] + 30
    assert by[good.pk].score > by[low_edu.pk].score and by[good.pk].score > by[greedy.pk].score
