"""找人才 over the API: postings, anonymized cards until acceptance, applying, blocks, export, erasure."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import TalentProfile, User
from matching.models import JobPosting, Match, MatchTransition, Notification
from tests import factories
from tests.factories import jobs as tf

JOB = {"title": "PLC 电气工程师", "description": "负责产线 PLC 程序开发与调试", "skills": ["PLC", "电气设计"],
       "education_min": "bachelor", "experience_years": 3, "city": "430200", "salary_min": 10000,
       "salary_max": 15000, "headcount": 2}


def _identity_absent(payload, profile: TalentProfile) -> bool:
    text = json.dumps(payload, ensure_ascii=False)
    return all(v not in text for v in (profile.full_name, profile.user.phone, profile.user.email))


@pytest.mark.django_db
def test_job_validation_messages_are_chinese(as_user):
    client = as_user(tf.employer())
    bad = client.post("/api/v1/jobs/", {**JOB, "salary_min": 9000, "salary_max": 8000, "headcount": 0,
                                        "city": "999999"}, format="json")
    assert bad.status_code == 400
    fields = bad.json()["error"]["fields"]
    assert fields["salary_max"] == ["月薪上限不能低于下限。"]
    assert fields["headcount"] == ["招聘人数至少为 1。"]
    assert fields["city"] == ["未知的城市代码：999999。"]
    assert not JobPosting.objects.exists()


@pytest.mark.django_db
def test_job_crud_is_scoped_to_the_enterprise(as_user, django_capture_on_commit_callbacks):
    owner = as_user(tf.employer())
    with django_capture_on_commit_callbacks(execute=True):
        created = owner.post("/api/v1/jobs/", JOB, format="json")
    assert created.status_code == 201, created.json()
    job_id = created.json()["id"]
    assert owner.get("/api/v1/jobs/").json()["count"] == 1
    assert owner.patch(f"/api/v1/jobs/{job_id}/", {"headcount": 3}, format="json").json()["headcount"] == 3
    stranger = as_user(tf.employer())
    assert stranger.get(f"/api/v1/jobs/{job_id}/").status_code == 404
    assert stranger.patch(f"/api/v1/jobs/{job_id}/", {"headcount": 9}, format="json").status_code == 404
    assert stranger.get("/api/v1/jobs/").json()["count"] == 0
    assert as_user(factories.talent()).post("/api/v1/jobs/", JOB, format="json").status_code == 403


@pytest.mark.django_db
def test_card_is_anonymous_until_the_talent_accepts(as_user):
    boss = tf.employer()
    posting = tf.job(boss.membership.organization)
    profile = tf.talent(name="赵明", phone="13912345678")
    [match] = tf.run(posting)
    ent, tal = as_user(boss), as_user(profile.user)

    listed = ent.get("/api/v1/matches/", {"domain": "talent"}).json()["results"][0]
    assert listed["employer_score"] is not None and listed["talent_score"] is not None and listed["score"]
    card = listed["talent"]
    assert card["anonymized"] and card["identity"] is None and listed["contact"] is None
    assert card["skills"] == ["数控车床", "可编程控制器"] and card["education"] == "bachelor"
    assert card["experience_years"] == 5 and card["cities"] == ["株洲市"]
    assert _identity_absent(listed, profile) and "user" not in card

    interested = ent.post(f"/api/v1/matches/{match.pk}/transition/", {"to": "interested"}, format="json")
    assert interested.status_code == 200 and interested.json()["talent"]["identity"] is None
    assert _identity_absent(ent.get(f"/api/v1/matches/{match.pk}/").json(), profile)
    assert Notification.objects.filter(user=profile.user, kind="talent_interest").exists()
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()

    mine = tal.get("/api/v1/matches/", {"domain": "talent"}).json()["results"][0]
    assert mine["job"]["title"] == "数控车工" and mine["status"] == "interested"
    assert tal.post(f"/api/v1/matches/{match.pk}/transition/", {"to": "contacted"}, format="json").status_code == 200

    opened = ent.get(f"/api/v1/matches/{match.pk}/").json()
    assert opened["contact"] == {"name": "赵明", "phone": "13912345678", "email": profile.user.email}
    assert opened["talent"]["anonymized"] is False
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_id=profile.pk, actor=boss).count() == 1


@pytest.mark.django_db
def test_applying_opens_contact_and_tells_the_enterprise(as_user):
    boss = tf.employer()
    posting = tf.job(boss.membership.organization)
    profile = tf.talent()
    [match] = tf.run(posting)
    tal = as_user(profile.user)
    assert tal.post(f"/api/v1/matches/{match.pk}/apply/").status_code == 200
    assert tal.post(f"/api/v1/matches/{match.pk}/apply/").status_code == 409
    assert Notification.objects.filter(user=boss, kind="talent_applied").exists()
    assert as_user(boss).get(f"/api/v1/matches/{match.pk}/").json()["contact"]["phone"] == profile.user.phone
    assert as_user(boss).post(f"/api/v1/matches/{match.pk}/apply/").status_code == 404


@pytest.mark.django_db
def test_filled_posting_expires_its_open_matches(as_user):
    boss = tf.employer()
    posting = tf.job(boss.membership.organization)
    tf.talent(name="一号")
    tf.talent(name="二号", phone="13800000002")
    first, _second = tf.run(posting)
    ent = as_user(boss)
    ent.post(f"/api/v1/matches/{first.pk}/transition/", {"to": "interested"}, format="json")
    assert ent.patch(f"/api/v1/jobs/{posting.pk}/", {"status": "filled"}, format="json").json()["status"] == "filled"
    assert set(Match.objects.filter(need_id=posting.pk).values_list("status", flat=True)) == {"expired"}
    assert MatchTransition.objects.filter(match=first, from_status="interested", to_status="expired",
                                          side="system").exists()
    assert Notification.objects.filter(user=first.offer_user, kind="talent_job_ended").exists()


@pytest.mark.django_db
def test_block_retires_matches_and_hides_the_talent(as_user):
    boss = tf.employer()
    org = boss.membership.organization
    posting = tf.job(org)
    profile = tf.talent()
    [match] = tf.run(posting)
    tal = as_user(profile.user)
    assert tal.post("/api/v1/talents/me/blocks/", {"organization": org.pk}, format="json").status_code == 201
    assert tal.get("/api/v1/talents/me/blocks/").json()["results"][0]["name"] == org.name
    assert as_user(boss).get("/api/v1/matches/", {"domain": "talent"}).json()["count"] == 0
    assert tf.run(posting) == []
    assert Match.objects.get(pk=match.pk).retired_reason == "人才已屏蔽该企业"
    assert tal.delete(f"/api/v1/talents/me/blocks/{org.pk}/").status_code == 204
    assert [m.offer_id for m in tf.run(posting)] == [profile.pk]


@pytest.mark.django_db
def test_profile_patch_with_industries_rematches(as_user, django_capture_on_commit_callbacks):
    boss = tf.employer(industry="35")
    posting = tf.job(boss.membership.organization)
    profile = tf.talent(skills=["会计"], resume="")
    assert tf.run(posting) == []
    client = as_user(profile.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch("/api/v1/talents/me/", {"skills": ["PLC", "数控"], "industries": ["35"]},
                                format="json")
    assert response.status_code == 200 and response.json()["industries"] == ["35"]
    [match] = Match.objects.filter(domain="talent", need_id=posting.pk, retired_at=None)
    assert any("在人才期望行业内" in line for line in match.explanation)
    bad = client.patch("/api/v1/talents/me/", {"industries": ["99"]}, format="json")
    assert bad.status_code == 400 and "industries" in bad.json()["error"]["fields"]


@pytest.mark.django_db
def test_export_holds_profile_matches_applications_notifications(as_user):
    boss = tf.employer()
    posting = tf.job(boss.membership.organization)
    profile = tf.talent(name="钱七")
    [match] = tf.run(posting)
    client = as_user(profile.user)
    client.post(f"/api/v1/matches/{match.pk}/apply/")
    data = client.get("/api/v1/talents/me/export/").json()
    assert data["profile"]["full_name"] == "钱七" and data["account"]["phone"] == profile.user.phone
    assert data["profile"]["cities"] == ["430200"]
    assert [m["title"] for m in data["matches"]] == ["数控车工"]
    assert data["applications"][0]["applied_at"]
    assert any(n["kind"] == "talent_new_job" for n in data["notifications"])
    assert as_user(boss).get("/api/v1/talents/me/export/").status_code == 404


@pytest.mark.django_db
def test_erasure_removes_personal_data_and_keeps_counts(as_user):
    boss = tf.employer()
    posting = tf.job(boss.membership.organization)
    profile = tf.talent(name="孙八", phone="13700000008")
    [match] = tf.run(posting)
    client = as_user(profile.user)
    client.post(f"/api/v1/matches/{match.pk}/transition/", {"to": "declined", "decline_reason": "other",
                                                            "reason": "我的手机 13700000008 已换"}, format="json")
    assert client.delete("/api/v1/talents/me/").status_code == 204
    profile.refresh_from_db()
    user = User.objects.get(pk=profile.user_id)
    assert profile.erased_at and profile.full_name == "" and profile.skills == [] and profile.resume == ""
    assert profile.expected_salary is None and not profile.cities.exists() and profile.search_text == ""
    assert user.email == "" and user.phone == "" and user.first_name == user.last_name == ""
    assert user.username == f"erased-{user.pk}" and not user.is_active and not user.has_usable_password()
    assert not Notification.objects.filter(user=user).exists()
    assert not User.objects.filter(phone="13700000008").exists()
    assert not MatchTransition.objects.filter(reason__contains="13700000008").exists()
    assert Match.objects.get(pk=match.pk).decline_note == ""
    assert Match.objects.filter(domain="talent", need_id=posting.pk).count() == 1
    assert Match.objects.get(pk=match.pk).retired_at is not None
    assert as_user(boss).get("/api/v1/matches/", {"domain": "talent"}).json()["count"] == 0
    assert tf.run(posting) == []


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_job_list_and_talent_match_list_query_counts_are_constant(as_user):
    boss = tf.employer()
    org = boss.membership.organization
    client = as_user(boss)
    posting = tf.job(org)
    tf.talent(name="首位", phone="13600000000")
    tf.run(posting)
    first = Match.objects.get(need_id=posting.pk)
    Match.objects.filter(pk=first.pk).update(status="contacted")
    # a first call warms the process-wide caches (content types for the reveal log), whatever ran before
    _count(client, "/api/v1/matches/", {"domain": "talent", "page_size": 100})
    jobs_one = _count(client, "/api/v1/jobs/", {"page_size": 100})
    matches_one = _count(client, "/api/v1/matches/", {"domain": "talent", "page_size": 100})
    for i in range(49):
        tf.job(org, title=f"焊接技师{i}")
        tf.talent(name=f"人才{i}", phone=f"1360000{i:04d}")
    tf.run(posting)
    Match.objects.filter(need_id=posting.pk, rank__lte=10).update(status="contacted")
    assert Match.objects.filter(need_id=posting.pk, retired_at=None).count() == 20
    assert _count(client, "/api/v1/jobs/", {"page_size": 100}) == jobs_one
    assert _count(client, "/api/v1/matches/", {"domain": "talent", "page_size": 100}) == matches_one
