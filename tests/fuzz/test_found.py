"""What the fuzzer found, kept as plain regression tests."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", [{"amount_min": "o"}, {"amount_max": "1e999999"}, {"chain": "ÍD"},
                                   {"status": "只有企业"}, {"ordering": "\\u00ad"}, {"overdue": "perhaps"}])
def test_bank_queue_refuses_malformed_filters_with_a_400(as_user, query):
    response = as_user(factories.bank()).get("/api/v1/bank/queue/", query)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert set(response.json()["error"]["fields"]) == set(query)


def test_bank_queue_still_filters_with_well_formed_values(as_user):
    response = as_user(factories.bank()).get("/api/v1/bank/queue/", {"amount_min": "100000", "chain": "1",
                                                                      "status": "suggested", "overdue": "true",
                                                                      "ordering": "due_at"})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_retrying_an_unknown_match_run_page_answers_404(client, operator):
    client.force_login(operator)
    assert client.post("/backoffice/runs/987654321/retry/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/regions/?parent=%00", "/api/v1/activities/?kind=%00&city=x",
                                 "/api/v1/services/directory/?q=%00"])
def test_a_nul_byte_in_a_query_parameter_is_a_400_not_a_500(api, url):
    response = api.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] and "NUL" in str(response.json())
