"""The 找人才 pages: an enterprise posts a job and sees anonymized talent cards with both scores,
expresses interest; the talent sees recommended jobs, accepts, hides from firms, exports its data
and deletes its account. Real PostgreSQL, the Django test client."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from enterprises.models import TalentProfile, User
from matching.models import JobPosting, Match, TalentBlock
from tests import factories
from tests.factories import jobs as tf

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_job_form_publishes_and_shows_chinese_errors(django_capture_on_commit_callbacks):
    boss = tf.employer()
    tf.talent()
    client = client_for(boss)
    page = html(client.get("/talent/jobs/"))
    assert "还没有招聘职位" in page and "发布第一个职位" in page
    form = {"title": "数控车工", "skills": "数控编程、PLC", "education_min": "vocational", "experience_years": 2,
            "city": "430200", "salary_min": 9000, "salary_max": 8000, "headcount": 1}
    assert "月薪上限不能低于下限。" in html(client.post("/talent/jobs/new/", form))
    assert not JobPosting.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/talent/jobs/new/", {**form, "salary_max": 12000})
    job = JobPosting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/talent/jobs/{job.pk}/"
    assert job.skills == ["数控编程", "PLC"]
    detail = html(client.get(f"/talent/jobs/{job.pk}/"))
    assert "推荐人才（1）" in detail and "企业侧" in detail and "人才侧" in detail
    assert "1 位" in html(client.get("/talent/jobs/"))


def test_cards_hide_identity_until_acceptance_then_show_it():
    boss = tf.employer()
    posting = tf.job(boss.membership.organization)
    profile = tf.talent(name="周晓明", phone="13512345678")
    [match] = tf.run(posting)
    ent, tal = client_for(boss), client_for(profile.user)
    page = html(ent.get(f"/talent/jobs/{posting.pk}/"))
    for secret in ("周晓明", "13512345678", profile.user.email, profile.user.username):
        assert secret not in page
    assert "匿名人才 #1" in page and "数控车床" in page and "本科" in page and "表达意向" in page

    ent.post(f"/talent/jobs/{posting.pk}/matches/{match.pk}/interest/")
    page = html(ent.get(f"/talent/jobs/{posting.pk}/"))
    assert "等待人才答复" in page and "13512345678" not in page and "周晓明" not in page

    mine = html(tal.get("/talent/jobs/recommended/"))
    assert "企业对您有意向" in mine and "接受意向" in mine and boss.membership.organization.name in mine
    tal.post(f"/talent/matches/{match.pk}/accept/")
    page = html(ent.get(f"/talent/jobs/{posting.pk}/"))
    assert "周晓明" in page and "13512345678" in page and profile.user.email in page


def test_other_firms_and_other_kinds_get_404():
    boss = tf.employer()
    posting = tf.job(boss.membership.organization)
    stranger = client_for(tf.employer())
    assert stranger.get(f"/talent/jobs/{posting.pk}/").status_code == 404
    assert stranger.get(f"/talent/jobs/{posting.pk}/edit/").status_code == 404
    assert client_for(factories.talent()).get("/talent/jobs/").status_code == 404
    assert client_for(boss).get("/talent/jobs/recommended/").status_code == 404


def test_ending_a_posting_expires_matches():
    boss = tf.employer()
    posting = tf.job(boss.membership.organization)
    tf.talent()
    tf.run(posting)
    client = client_for(boss)
    assert "确认结束招聘" in html(client.get(f"/talent/jobs/{posting.pk}/end/"))
    client.post(f"/talent/jobs/{posting.pk}/end/", {"status": "filled"})
    assert JobPosting.objects.get(pk=posting.pk).status == "filled"
    assert list(Match.objects.values_list("status", flat=True)) == ["expired"]
    assert "该职位已结束招聘" in html(client.get(f"/talent/jobs/{posting.pk}/"))


def test_talent_applies_blocks_exports_and_erases():
    boss = tf.employer()
    org = boss.membership.organization
    posting = tf.job(org)
    profile = tf.talent(name="吴九")
    [match] = tf.run(posting)
    client = client_for(profile.user)
    assert "投递" in html(client.get("/talent/jobs/recommended/"))
    client.post(f"/talent/matches/{match.pk}/apply/")
    assert "已投递" in html(client.get("/talent/jobs/recommended/"))
    assert "吴九" in html(client_for(boss).get(f"/talent/jobs/{posting.pk}/"))

    assert org.name in html(client.get("/talent/blocks/"))  # matched firms offered for blocking
    client.post("/talent/blocks/", {"organization": org.pk})
    assert TalentBlock.objects.filter(talent=profile, organization=org).exists()
    assert "吴九" not in html(client_for(boss).get(f"/talent/jobs/{posting.pk}/"))
    assert "暂时没有推荐职位" in html(client.get("/talent/jobs/recommended/"))

    exported = client.get("/talent/my-data/export/")
    assert exported["Content-Disposition"].startswith("attachment")
    data = json.loads(exported.content)
    assert data["profile"]["full_name"] == "吴九" and data["blocks"][0]["name"] == org.name

    assert "确认注销账户" in html(client.get("/talent/my-data/delete/"))
    assert "请勾选确认后再注销。" in html(client.post("/talent/my-data/delete/", {}))
    assert client.post("/talent/my-data/delete/", {"confirm": "on"}).status_code == 302
    assert TalentProfile.objects.get(pk=profile.pk).erased_at is not None
    assert not User.objects.get(pk=profile.user_id).is_active
    assert client.get("/talent/jobs/recommended/").status_code == 302  # signed out


def test_pages_have_constant_query_counts():
    boss = tf.employer()
    org = boss.membership.organization
    posting = tf.job(org)
    tf.talent(name="甲")
    tf.run(posting)
    Match.objects.filter(need_id=posting.pk).update(status="contacted")  # one revealed card (logged)
    client = client_for(boss)

    def count(url: str) -> int:
        client.get(url)  # warm the per-process caches (content types, session)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = [count(f"/talent/jobs/{posting.pk}/"), count("/talent/jobs/")]
    for i in range(19):
        tf.job(org, title=f"质量工程师{i}")
        tf.talent(name=f"乙{i}", phone=f"1390000{i:04d}")
    tf.run(posting)
    Match.objects.filter(need_id=posting.pk, rank__lte=5).update(status="contacted")
    assert Match.objects.filter(need_id=posting.pk, retired_at=None).count() == 20
    assert [count(f"/talent/jobs/{posting.pk}/"), count("/talent/jobs/")] == one
