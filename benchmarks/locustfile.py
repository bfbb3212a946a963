"""Load test of the portal and API (issue 7 measure 5, issue 8 "Load").

Run by ``manage.py bench_matching`` (``make bench``) against gunicorn on 127.0.0.1, or by hand:

    QILIAN_ENT_TOKEN=… QILIAN_BANK_TOKEN=… QILIAN_ENT_SESSION=… \
    .venv/bin/locust -f benchmarks/locustfile.py --headless -u 16 -r 16 -t 30s --host http://127.0.0.1:8765

A mix of enterprise (API match list, the portal's request list page), bank (API queue) and
anonymous traffic (home page, public statistics). Request names are the report's keys. Any
status other than 200 is a failure.
"""

from __future__ import annotations

import os

from locust import HttpUser, between, task


class EnterpriseUser(HttpUser):
    """An enterprise's staff: its financing matches through the API and its portal pages."""

    weight = 3
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {os.environ['QILIAN_ENT_TOKEN']}"
        self.client.cookies.set("sessionid", os.environ["QILIAN_ENT_SESSION"])

    @task(3)
    def match_list(self) -> None:
        self.client.get("/api/v1/matches/?domain=financing", name="match_list")

    @task(1)
    def portal_page(self) -> None:
        self.client.get("/financing/requests/", name="portal_page")


class BankUser(HttpUser):
    """A bank's loan officer (or its loan system) reading the queue of matched requests."""

    weight = 2
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {os.environ['QILIAN_BANK_TOKEN']}"

    @task
    def bank_queue(self) -> None:
        self.client.get("/api/v1/bank/queue/", name="bank_queue")


class AnonymousUser(HttpUser):
    """A visitor: the front page and the public statistics."""

    weight = 1
    wait_time = between(0.1, 0.5)

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="anonymous_home")

    @task(1)
    def public_stats(self) -> None:
        self.client.get("/api/v1/stats/public/", name="public_stats")
