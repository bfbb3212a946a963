"""`make backup` / `make restore`: a dump of the database comes back whole after damage."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from enterprises.models import Organization
from matching.models import FinancingRequest, Notification
from tests import factories
from tests.conftest import ROOT, _test_database_url

pytestmark = pytest.mark.skipif(not os.path.exists("/usr/bin/make"), reason="make is not installed")


def _make(target: str, url: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", target, *(f"{k}={v}" for k, v in env.items() if k == "FILE")], cwd=ROOT,
                          env={**os.environ, "DATABASE_URL": url, **env}, capture_output=True, text=True, timeout=180)


@pytest.fixture
def scratch_url(transactional_db) -> Iterator[str]:
    """An empty database next to the test database, dropped afterwards."""
    source = _test_database_url()
    base, name = source.rsplit("/", 1)
    scratch = f"{name}_restore"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{scratch}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                      "LC_CTYPE 'C.UTF-8'")
    yield f"{base}/{scratch}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def _facts(url: str, org_id: int, loan_id: int) -> tuple:
    org, loan, note = (m._meta.db_table for m in (Organization, FinancingRequest, Notification))
    with psycopg.connect(url) as conn:
        name = conn.execute(f"SELECT name, uscc FROM {org} WHERE id = %s", [org_id]).fetchone()
        amount = conn.execute(f"SELECT amount, term FROM {loan} WHERE id = %s", [loan_id]).fetchone()
        notes = conn.execute(f"SELECT to_regclass('{note}') IS NOT NULL").fetchone()[0]
        orgs = conn.execute(f"SELECT count(*) FROM {org}").fetchone()[0]
    return name, amount, notes, orgs


def test_backup_then_restore_brings_every_row_back(scratch_url, committed_reference_data, tmp_path):
    owner = factories.enterprise(name="湘潭电机配套有限公司")
    org = owner.membership.organization
    loan = factories.loan_request(org, amount=Decimal("3500000.00"), term=18)
    source = _test_database_url()
    expected = _facts(source, org.pk, loan.pk)
    assert expected[0][0] == "湘潭电机配套有限公司" and expected[1] == (Decimal("3500000.00"), 18)

    backup = _make("backup", source, BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.parent == tmp_path and dump.is_file()
    assert re.fullmatch(rf"{re.escape(source.rsplit('/', 1)[1])}-\d{{8}}T\d{{6}}Z\.dump", dump.name)
    assert not list(tmp_path.glob("*.partial"))

    # into an empty database
    restored = _make("restore", scratch_url, FILE=str(dump))
    assert restored.returncode == 0, restored.stderr
    assert _facts(scratch_url, org.pk, loan.pk) == expected

    # damage it — a row deleted, a name changed, a table dropped — and restore over it
    with psycopg.connect(scratch_url, autocommit=True) as conn:
        conn.execute(f"DELETE FROM {FinancingRequest._meta.db_table} WHERE id = %s", [loan.pk])
        conn.execute(f"UPDATE {Organization._meta.db_table} SET name = '篡改' WHERE id = %s", [org.pk])
        conn.execute(f"DROP TABLE {Notification._meta.db_table} CASCADE")
    assert _facts(scratch_url, org.pk, loan.pk)[1:3] == (None, False)
    restored = _make("restore", scratch_url, FILE=str(dump))
    assert restored.returncode == 0, restored.stderr
    assert _facts(scratch_url, org.pk, loan.pk) == expected


def test_restore_refuses_a_file_that_is_not_a_backup(scratch_url, tmp_path):
    bogus = tmp_path / "not-a-backup.dump"
    bogus.write_text("DROP TABLE everything;")
    result = _make("restore", scratch_url, FILE=str(bogus))
    assert result.returncode != 0
    assert "not a pg_dump custom-format archive" in result.stderr
    missing = _make("restore", scratch_url)
    assert missing.returncode != 0 and "usage: make restore FILE=" in missing.stderr
