"""The permission matrix: what every route of the URL conf answers to every role, as data.

Read by tests/access/test_matrix.py, which walks the WHOLE URL conf (portal pages, /api/v1/,
/backoffice/; Django's /admin/ excepted) and fails on a route without a row here.

A row: ``"<URL pattern as in the URL conf>": {...}`` with
  "ids":     {URL kwarg: world object} — the objects of tests/access/world.py*.py that fill the URL
             (A's loan request, A's supply need, the event, ...). The role that owns the object gets
             the "own object" case, every other role the "other tenant's object" case. Each route with
             ids is also asked with ids that do not exist ("no object" case): the expected answer is then
             the same refusal (401/403/405/login) or else 404, unless "missing" says otherwise.
  "GET"/"POST"/"PUT"/"PATCH"/"DELETE": {role: answer}, "*" for every role not named. Roles: anon, owner,
             member (enterprise A), other_ent (enterprise C, same chain), bank (matched with A's request,
             holds its consent), other_bank, lead_bank (lead bank of A's chain), talent, provider, operator.
             Answers: status codes, or "login" for a redirect to the login page.
  "body":    {method: payload} sent instead of an empty body (JSON for the API, form fields for pages);
             "@name" is replaced by the world id of that name.
  "sees":    roles that may know the object exists (same tenant, or may read it): a 403 for them is
             not an existence leak. For anybody else a 403 on an existing object must be a 403 on a
             missing one too — another tenant's object answers 404, never 403.
  "missing": {method: {role: answer}} for the "no object" case, where it differs from the rule above.

To add a row for a new endpoint: build its object in world_areas.py (or world.py) and name it in
guess.py, then draft the observed answers with
    ACCESS_MATRIX_DRAFT=/tmp/rows.py pytest tests/access/test_matrix.py -k draft
and REVIEW each one against the view's selector before pasting it here: the draft records what the
code does, the matrix states what it must do.
"""

MATRIX: dict[str, dict] = {
    'i18n/setlang/': {
        'GET': {'*': 302},
        'POST': {'*': 302},
    },
    'api/v1/auth/token/': {
        'POST': {'*': 400},
    },
    'api/v1/register/': {
        'POST': {'*': 400},
    },
    'api/v1/me/': {
        'GET': {'*': 200, 'anon': 401},
        'PATCH': {'*': 200, 'anon': 401},
    },
    'api/v1/organizations/me/': {
        'GET': {'*': 200, 'anon': 401, 'talent': 404, 'operator': 404},
        'PATCH': {'*': 200, 'anon': 401, 'talent': 404, 'operator': 404},
    },
    'api/v1/organizations/me/members/': {
        'GET': {'*': 200, 'anon': 401, 'talent': 404, 'operator': 404},
        'POST': {'*': 201, 'anon': 401, 'member': 403, 'talent': 403, 'operator': 403},
        'body': {'POST': {'email': 'colleague@example.cn'}},
    },
    'api/v1/organizations/me/members/<int:pk>/': {
        'ids': {'pk': 'membership'},
        'DELETE': {'*': 404, 'anon': 401, 'owner': 204, 'member': 403},
        'missing': {'DELETE': {'member': 404}},
        'sees': ['member'],
    },
    'api/v1/enterprises/me/': {
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 200},
        'PATCH': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 200},
    },
    'api/v1/banks/me/': {
        'GET': {'*': 404, 'anon': 401, 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
        'PATCH': {'*': 404, 'anon': 401, 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
    },
    'api/v1/banks/me/branches/': {
        'GET': {'*': 404, 'anon': 401, 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
        'POST': {'*': 404, 'anon': 401, 'bank': 400, 'other_bank': 400, 'lead_bank': 400},
    },
    'api/v1/banks/me/branches/<int:pk>/': {
        'ids': {'pk': 'branch'},
        'DELETE': {'*': 404, 'anon': 401, 'bank': 204},
    },
    'api/v1/providers/me/': {
        'GET': {'*': 404, 'anon': 401, 'provider': 200},
        'PATCH': {'*': 404, 'anon': 401, 'provider': 200},
    },
    'api/v1/talents/me/': {
        'GET': {'*': 404, 'anon': 401, 'talent': 200},
        'PATCH': {'*': 404, 'anon': 401, 'talent': 200},
        'DELETE': {'*': 404, 'anon': 401, 'talent': 204},
    },
    'api/v1/regions/': {
        'GET': {'*': 200},
    },
    'api/v1/industries/': {
        'GET': {'*': 200},
    },
    'api/v1/chains/': {
        'GET': {'*': 200},
    },
    'api/v1/backoffice/organizations/': {
        'GET': {'*': 403, 'anon': 401, 'operator': 200},
    },
    'api/v1/backoffice/organizations/<int:pk>/verify/': {
        'ids': {'pk': 'org_a'},
        'POST': {'*': 403, 'anon': 401, 'operator': 409},
        'body': {'POST': {'decision': 'approve'}},
    },
    'api/v1/auth/tokens/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 400, 'anon': 401},
    },
    'api/v1/auth/tokens/<int:pk>/': {
        'ids': {'pk': 'api_token'},
        'DELETE': {'*': 404, 'anon': 401, 'owner': 204},
    },
    'api/v1/supply/categories/': {
        'GET': {'*': 200},
    },
    'api/v1/supply/capabilities/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 400, 'anon': 401},
    },
    'api/v1/supply/capabilities/<int:pk>/': {
        'ids': {'pk': 'capability'},
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
        'PATCH': {'*': 403, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 404},
    },
    'api/v1/supply/needs/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 400, 'anon': 401},
    },
    'api/v1/supply/needs/<int:pk>/': {
        'ids': {'pk': 'supply_need'},
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
        'PATCH': {'*': 403, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 404},
    },
    'api/v1/supply/needs/<int:pk>/close/': {
        'ids': {'pk': 'supply_need'},
        'POST': {'*': 403, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 404},
    },
    'api/v1/matches/<int:pk>/interest/': {
        'ids': {'pk': 'supply_match'},
        'POST': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
    },
    'api/v1/events/': {
        'GET': {'*': 200},
    },
    'api/v1/events/<int:pk>/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 200},
    },
    'api/v1/events/<int:pk>/registrations/': {
        'ids': {'pk': 'event'},
        'POST': {'*': 403, 'anon': 401, 'owner': 409, 'member': 409, 'other_ent': 201},
        'body': {'POST': {'role': 'buyer'}},
    },
    'api/v1/events/<int:pk>/agenda/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
    },
    'api/v1/events/<int:pk>/meetings/<int:meeting_id>/outcome/': {
        'ids': {'pk': 'event', 'meeting_id': 'meeting'},
        'POST': {'*': 404, 'anon': 401, 'owner': 409, 'member': 409},
        'body': {'POST': {'deal': True}},
    },
    'api/v1/backoffice/events/': {
        'POST': {'*': 403, 'anon': 401, 'operator': 400},
    },
    'api/v1/backoffice/events/<int:pk>/schedule/': {
        'ids': {'pk': 'event'},
        'POST': {'*': 403, 'anon': 401, 'operator': 202},
    },
    'api/v1/backoffice/events/<int:pk>/lock/': {
        'ids': {'pk': 'event'},
        'POST': {'*': 403, 'anon': 401, 'operator': 409},
    },
    'api/v1/jobs/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 400, 'anon': 401},
    },
    'api/v1/jobs/<int:pk>/': {
        'ids': {'pk': 'job'},
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
        'PATCH': {'*': 403, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 404},
    },
    'api/v1/talent/jobs/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 400, 'anon': 401},
    },
    'api/v1/talent/jobs/<int:pk>/': {
        'ids': {'pk': 'job'},
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
        'PATCH': {'*': 403, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 404},
    },
    'api/v1/matches/<int:pk>/apply/': {
        'ids': {'pk': 'talent_match'},
        'POST': {'*': 404, 'anon': 401, 'talent': 200},
    },
    'api/v1/talents/me/export/': {
        'GET': {'*': 404, 'anon': 401, 'talent': 200},
    },
    'api/v1/talents/me/blocks/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 404, 'anon': 401, 'talent': 400},
    },
    'api/v1/talents/me/blocks/<int:organization_id>/': {
        'ids': {'organization_id': 'blocked_org'},
        'DELETE': {'*': 404, 'anon': 401, 'talent': 204},
    },
    'api/v1/services/offerings/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 400, 'anon': 401},
    },
    'api/v1/services/offerings/<int:pk>/': {
        'ids': {'pk': 'offering'},
        'GET': {'*': 404, 'anon': 401, 'provider': 200},
        'PATCH': {'*': 404, 'anon': 401, 'provider': 200},
    },
    'api/v1/services/offerings/<int:pk>/deactivate/': {
        'ids': {'pk': 'offering'},
        'POST': {'*': 403, 'anon': 401, 'provider': 200},
    },
    'api/v1/services/requests/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 400, 'anon': 401},
    },
    'api/v1/services/requests/<int:pk>/': {
        'ids': {'pk': 'service_request'},
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
        'PATCH': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
    },
    'api/v1/services/requests/<int:pk>/close/': {
        'ids': {'pk': 'service_request'},
        'POST': {'*': 403, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 404},
    },
    'api/v1/services/directory/': {
        'GET': {'*': 200},
    },
    'api/v1/activities/': {
        'GET': {'*': 200},
    },
    'api/v1/activities/<int:pk>/signup/': {
        'ids': {'pk': 'activity'},
        'POST': {'*': 201, 'anon': 401},
        'DELETE': {'*': 409, 'anon': 401},
    },
    'api/v1/policies/': {
        'GET': {'*': 200},
    },
    'api/v1/policies/eligible/': {
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 200},
    },
    'api/v1/policies/<int:pk>/': {
        'ids': {'pk': 'policy'},
        'GET': {'*': 200},
    },
    'api/v1/policies/<int:pk>/confirm/': {
        'ids': {'pk': 'policy'},
        'POST': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 200},
    },
    'api/v1/financing/products/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 400, 'anon': 401},
    },
    'api/v1/financing/products/<int:pk>/': {
        'ids': {'pk': 'product'},
        'GET': {'*': 404, 'anon': 401, 'bank': 200, 'operator': 200},
        'PATCH': {'*': 404, 'anon': 401, 'bank': 200, 'operator': 403},
        'missing': {'PATCH': {'operator': 404}, 'DELETE': {'operator': 404}},
        'DELETE': {'*': 404, 'anon': 401, 'bank': 204, 'operator': 403},
        'sees': ['operator'],
    },
    'api/v1/financing/requests/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 403, 'anon': 401, 'owner': 201, 'member': 201, 'other_ent': 201},
        'body': {'POST': {'amount': '3000000.00', 'term': 12, 'purpose': 'working_capital', 'max_rate': '4.50'}},
    },
    'api/v1/financing/requests/<int:pk>/': {
        'ids': {'pk': 'request'},
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
        'PATCH': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200},
    },
    'api/v1/financing/requests/<int:pk>/withdraw/': {
        'ids': {'pk': 'request'},
        'POST': {'*': 403, 'anon': 401, 'owner': 200, 'member': 200, 'other_ent': 404},
    },
    'api/v1/bank/queue/': {
        'GET': {'*': 200, 'anon': 401},
    },
    'api/v1/bank/requests/<int:pk>/': {
        'ids': {'pk': 'request'},
        'GET': {'*': 404, 'anon': 401, 'bank': 200, 'lead_bank': 200},
    },
    'api/v1/matches/': {
        'GET': {'*': 200, 'anon': 401},
    },
    'api/v1/matches/<int:pk>/': {
        'ids': {'pk': 'match'},
        'GET': {'*': 404, 'anon': 401, 'owner': 200, 'member': 200, 'bank': 200},
    },
    'api/v1/matches/<int:pk>/transition/': {
        'ids': {'pk': 'match'},
        'POST': {'*': 404, 'anon': 401, 'owner': 409, 'member': 409, 'bank': 409},
        'body': {'POST': {'to': 'interested'}},
    },
    'api/v1/consents/': {
        'GET': {'*': 200, 'anon': 401},
        'POST': {'*': 403, 'anon': 401, 'owner': 201, 'member': 201, 'other_ent': 404},
        'body': {'POST': {'request': '@request', 'bank': '@bank_org'}},
    },
    'api/v1/consents/<int:pk>/': {
        'ids': {'pk': 'consent'},
        'DELETE': {'*': 403, 'anon': 401, 'owner': 204, 'member': 204, 'other_ent': 404},
    },
    'api/v1/notifications/': {
        'GET': {'*': 200, 'anon': 401},
    },
    'api/v1/notifications/<int:pk>/read/': {
        'ids': {'pk': 'notification'},
        'POST': {'*': 404, 'anon': 401, 'owner': 204},
    },
    'api/v1/stats/public/': {
        'GET': {'*': 200},
    },
    'api/v1/backoffice/whitelist-batches/': {
        'GET': {'*': 403, 'anon': 401, 'operator': 200},
        'POST': {'*': 403, 'anon': 401, 'operator': 400},
    },
    'api/v1/backoffice/whitelist-batches/<int:pk>/entries/': {
        'ids': {'pk': 'batch'},
        'GET': {'*': 403, 'anon': 401, 'operator': 200},
    },
    'api/v1/backoffice/whitelist-batches/<int:pk>/publish/': {
        'ids': {'pk': 'batch'},
        'POST': {'*': 403, 'anon': 401, 'operator': 200},
    },
    'api/v1/backoffice/whitelist-batches/<int:pk>/entries/<int:entry_id>/remove/': {
        'ids': {'pk': 'batch', 'entry_id': 'entry'},
        'POST': {'*': 403, 'anon': 401, 'operator': 400},
        'missing': {'POST': {'operator': 400}},
    },
    'api/v1/backoffice/whitelist-imports/<int:pk>/': {
        'ids': {'pk': 'import_job'},
        'GET': {'*': 403, 'anon': 401, 'operator': 200},
    },
    'api/v1/backoffice/chains/<int:pk>/lead-bank/': {
        'ids': {'pk': 'chain'},
        'PUT': {'*': 403, 'anon': 401, 'operator': 400},
        'missing': {'PUT': {'operator': 400}},
    },
    'api/v1/backoffice/match-runs/': {
        'GET': {'*': 403, 'anon': 401, 'operator': 200},
        'POST': {'*': 403, 'anon': 401, 'operator': 400},
    },
    'api/v1/backoffice/match-runs/<int:pk>/retry/': {
        'ids': {'pk': 'run'},
        'POST': {'*': 403, 'anon': 401, 'operator': 202},
    },
    'api/v1/backoffice/stats/': {
        'GET': {'*': 403, 'anon': 401, 'operator': 200},
    },
    'api/v1/backoffice/policies/': {
        'GET': {'*': 403, 'anon': 401, 'operator': 200},
        'POST': {'*': 403, 'anon': 401, 'operator': 400},
    },
    'api/v1/backoffice/policies/<int:pk>/': {
        'ids': {'pk': 'policy'},
        'GET': {'*': 403, 'anon': 401, 'operator': 200},
        'PATCH': {'*': 403, 'anon': 401, 'operator': 200},
    },
    'api/v1/backoffice/policies/<int:pk>/publish/': {
        'ids': {'pk': 'policy'},
        'POST': {'*': 403, 'anon': 401, 'operator': 409},
    },
    'api/v1/backoffice/policies/<int:pk>/withdraw/': {
        'ids': {'pk': 'policy'},
        'POST': {'*': 403, 'anon': 401, 'operator': 200},
    },
    'api/v1/backoffice/policies/<int:pk>/confirmations/': {
        'ids': {'pk': 'policy'},
        'GET': {'*': 403, 'anon': 401, 'operator': 200},
    },
    'api/schema/': {
        'GET': {'*': 200},
    },
    'api/docs/': {
        'GET': {'*': 200},
    },
    'backoffice/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/whitelist/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/whitelist/imports/<int:pk>/': {
        'ids': {'pk': 'import_job'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 405},
    },
    'backoffice/whitelist/imports/<int:pk>/commit/': {
        'ids': {'pk': 'import_job'},
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/whitelist/imports/<int:pk>/report.csv': {
        'ids': {'pk': 'import_job'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 405},
    },
    'backoffice/whitelist/batches/<int:pk>/': {
        'ids': {'pk': 'batch'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 405},
    },
    'backoffice/whitelist/batches/<int:pk>/publish/': {
        'ids': {'pk': 'batch'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/whitelist/batches/<int:pk>/entries/<int:entry_pk>/remove/': {
        'ids': {'pk': 'batch', 'entry_pk': 'entry'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/chains/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/chains/<int:pk>/': {
        'ids': {'pk': 'chain'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/chains/<int:pk>/participants/': {
        'ids': {'pk': 'chain'},
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/runs/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/runs/start/': {
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/runs/<int:pk>/retry/': {
        'ids': {'pk': 'run'},
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/stats/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 405},
    },
    'backoffice/stats/recompute/': {
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/stats/export/<slug:name>.csv': {
        'ids': {'name': 'stats_csv'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 405},
    },
    'backoffice/audit/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/events/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 400},
    },
    'backoffice/events/<int:pk>/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/events/<int:pk>/schedule/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/events/<int:pk>/lock/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/events/<int:pk>/publish/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/events/<int:pk>/held/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/activities/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/activities/<int:pk>/': {
        'ids': {'pk': 'activity'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 400},
    },
    'backoffice/activities/<int:pk>/publish/': {
        'ids': {'pk': 'activity'},
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/activities/<int:pk>/cancel/': {
        'ids': {'pk': 'activity'},
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/policies/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/policies/new/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/policies/<int:pk>/': {
        'ids': {'pk': 'policy'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'backoffice/policies/<int:pk>/publish/': {
        'ids': {'pk': 'policy'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/policies/<int:pk>/withdraw/': {
        'ids': {'pk': 'policy'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/policies/<int:pk>/confirmations/': {
        'ids': {'pk': 'policy'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 200},
    },
    'account/security/': {
        'GET': {'*': 200, 'anon': 'login'},
        'POST': {'*': 200, 'anon': 'login'},
    },
    'account/2fa/verify/': {
        'GET': {'*': 302, 'anon': 'login'},
        'POST': {'*': 302, 'anon': 'login'},
    },
    'account/2fa/setup/': {
        'GET': {'*': 200, 'anon': 'login', 'bank': 302, 'other_bank': 302, 'lead_bank': 302, 'operator': 302},
        'POST': {'*': 200, 'anon': 'login', 'bank': 302, 'other_bank': 302, 'lead_bank': 302, 'operator': 302},
    },
    'account/2fa/backup-codes/': {
        'GET': {'*': 405, 'anon': 'login'},
        'POST': {'*': 302, 'anon': 'login', 'bank': 200, 'other_bank': 200, 'lead_bank': 200, 'operator': 200},
    },
    'account/2fa/disable/': {
        'GET': {'*': 200, 'anon': 'login', 'bank': 302, 'other_bank': 302, 'lead_bank': 302, 'operator': 302},
        'POST': {'*': 302, 'anon': 'login'},
    },
    'account/tokens/': {
        'GET': {'*': 200, 'anon': 'login'},
        'POST': {'*': 200, 'anon': 'login'},
    },
    'account/tokens/<int:pk>/revoke/': {
        'ids': {'pk': 'api_token'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302},
    },
    'financing/requests/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'financing/requests/new/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
    },
    'financing/requests/<int:pk>/': {
        'ids': {'pk': 'request'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'financing/requests/<int:pk>/edit/': {
        'ids': {'pk': 'request'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
    },
    'financing/requests/<int:pk>/withdraw/': {
        'ids': {'pk': 'request'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'financing/requests/<int:pk>/matches/<int:match_id>/interest/': {
        'ids': {'pk': 'request', 'match_id': 'match'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'financing/requests/<int:pk>/matches/<int:match_id>/decline/': {
        'ids': {'pk': 'request', 'match_id': 'match'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
    },
    'financing/requests/<int:pk>/matches/<int:match_id>/consent/': {
        'ids': {'pk': 'request', 'match_id': 'match'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'financing/requests/<int:pk>/consents/<int:consent_id>/withdraw/': {
        'ids': {'pk': 'request', 'consent_id': 'consent'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'bank/products/': {
        'GET': {'*': 404, 'anon': 'login', 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 405, 'other_bank': 405, 'lead_bank': 405},
    },
    'bank/products/new/': {
        'GET': {'*': 404, 'anon': 'login', 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
    },
    'bank/products/<int:pk>/edit/': {
        'ids': {'pk': 'product'},
        'GET': {'*': 404, 'anon': 'login', 'bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 200},
    },
    'bank/products/<int:pk>/delete/': {
        'ids': {'pk': 'product'},
        'GET': {'*': 404, 'anon': 'login', 'bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 302},
    },
    'bank/queue/': {
        'GET': {'*': 404, 'anon': 'login', 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 405, 'other_bank': 405, 'lead_bank': 405},
    },
    'bank/requests/<int:pk>/': {
        'ids': {'pk': 'request'},
        'GET': {'*': 404, 'anon': 'login', 'bank': 200, 'lead_bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 405, 'other_bank': 405, 'lead_bank': 405},
    },
    'bank/requests/<int:pk>/contacted/': {
        'ids': {'pk': 'request'},
        'GET': {'*': 404, 'anon': 'login', 'bank': 405, 'other_bank': 405, 'lead_bank': 405},
        'POST': {'*': 404, 'anon': 'login', 'bank': 302, 'lead_bank': 302},
    },
    'bank/requests/<int:pk>/decline/': {
        'ids': {'pk': 'request'},
        'GET': {'*': 404, 'anon': 'login', 'bank': 405, 'other_bank': 405, 'lead_bank': 405},
        'POST': {'*': 404, 'anon': 'login', 'bank': 200, 'lead_bank': 302},
    },
    'bank/requests/<int:pk>/outcome/': {
        'ids': {'pk': 'request'},
        'GET': {'*': 404, 'anon': 'login', 'bank': 405, 'other_bank': 405, 'lead_bank': 405},
        'POST': {'*': 404, 'anon': 'login', 'bank': 200, 'lead_bank': 302},
    },
    'bank/dashboard/': {
        'GET': {'*': 404, 'anon': 'login', 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 405, 'other_bank': 405, 'lead_bank': 405},
    },
    'notifications/': {
        'GET': {'*': 200, 'anon': 'login'},
        'POST': {'*': 405, 'anon': 'login'},
    },
    'notifications/read-all/': {
        'GET': {'*': 405, 'anon': 'login'},
        'POST': {'*': 302, 'anon': 'login'},
    },
    'notifications/<int:pk>/': {
        'ids': {'pk': 'notification'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 302},
        'POST': {'*': 405, 'anon': 'login'},
    },
    'events/': {
        'GET': {'*': 200},
        'POST': {'*': 405},
    },
    'events/<int:pk>/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 200},
        'POST': {'*': 405},
    },
    'events/<int:pk>/register/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 405, 'anon': 'login'},
        'POST': {'*': 400, 'anon': 'login'},
    },
    'events/<int:pk>/preferences/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 405, 'anon': 'login'},
        'POST': {'*': 302, 'anon': 'login', 'other_ent': 404},
    },
    'events/<int:pk>/agenda/': {
        'ids': {'pk': 'event'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 405, 'anon': 'login'},
    },
    'events/<int:pk>/agenda.ics': {
        'ids': {'pk': 'event'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 405, 'anon': 'login'},
    },
    'events/<int:pk>/meetings/<int:meeting_id>/outcome/': {
        'ids': {'pk': 'event', 'meeting_id': 'meeting'},
        'GET': {'*': 405, 'anon': 'login'},
        'POST': {'*': 404, 'anon': 'login'},
    },
    'supply/needs/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'supply/needs/new/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
    },
    'supply/needs/<int:pk>/': {
        'ids': {'pk': 'supply_need'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'supply/needs/<int:pk>/edit/': {
        'ids': {'pk': 'supply_need'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
    },
    'supply/needs/<int:pk>/close/': {
        'ids': {'pk': 'supply_need'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'supply/needs/<int:pk>/matches/<int:match_id>/interest/': {
        'ids': {'pk': 'supply_need', 'match_id': 'supply_match'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'supply/capabilities/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'supply/capabilities/new/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
    },
    'supply/capabilities/<int:pk>/edit/': {
        'ids': {'pk': 'capability'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
    },
    'supply/matches/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'supply/matches/<int:match_id>/interest/': {
        'ids': {'match_id': 'supply_match'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
        'POST': {'*': 404, 'anon': 'login'},
    },
    'supply/chains/<slug:slug>/': {
        'ids': {'slug': 'chain_slug'},
        'GET': {'*': 200},
        'POST': {'*': 405},
    },
    'talent/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302, 'other_ent': 302, 'talent': 302},
        'POST': {'*': 405, 'anon': 'login'},
    },
    'talent/jobs/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'talent/jobs/new/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
    },
    'talent/jobs/<int:pk>/': {
        'ids': {'pk': 'job'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'talent/jobs/<int:pk>/edit/': {
        'ids': {'pk': 'job'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
    },
    'talent/jobs/<int:pk>/end/': {
        'ids': {'pk': 'job'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
    },
    'talent/jobs/<int:pk>/reopen/': {
        'ids': {'pk': 'job'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'talent/jobs/<int:pk>/matches/<int:match_id>/interest/': {
        'ids': {'pk': 'job', 'match_id': 'talent_match'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'talent/jobs/recommended/': {
        'GET': {'*': 404, 'anon': 'login', 'talent': 200},
        'POST': {'*': 404, 'anon': 'login', 'talent': 405},
    },
    'talent/matches/<int:match_id>/apply/': {
        'ids': {'match_id': 'talent_match'},
        'GET': {'*': 404, 'anon': 'login', 'talent': 405},
        'POST': {'*': 404, 'anon': 'login', 'talent': 302},
    },
    'talent/matches/<int:match_id>/accept/': {
        'ids': {'match_id': 'talent_match'},
        'GET': {'*': 404, 'anon': 'login', 'talent': 405},
        'POST': {'*': 404, 'anon': 'login', 'talent': 302},
    },
    'talent/matches/<int:match_id>/decline/': {
        'ids': {'match_id': 'talent_match'},
        'GET': {'*': 404, 'anon': 'login', 'talent': 405},
        'POST': {'*': 404, 'anon': 'login', 'talent': 302},
    },
    'talent/blocks/': {
        'GET': {'*': 404, 'anon': 'login', 'talent': 200},
        'POST': {'*': 404, 'anon': 'login', 'talent': 302},
    },
    'talent/my-data/': {
        'GET': {'*': 404, 'anon': 'login', 'talent': 200},
        'POST': {'*': 404, 'anon': 'login', 'talent': 405},
    },
    'talent/my-data/export/': {
        'GET': {'*': 404, 'anon': 'login', 'talent': 200},
        'POST': {'*': 404, 'anon': 'login', 'talent': 405},
    },
    'talent/my-data/delete/': {
        'GET': {'*': 404, 'anon': 'login', 'talent': 200},
        'POST': {'*': 404, 'anon': 'login', 'talent': 200},
    },
    'services/directory/': {
        'GET': {'*': 200},
        'POST': {'*': 405},
    },
    'services/providers/<int:pk>/': {
        'ids': {'pk': 'provider_org'},
        'GET': {'*': 200},
        'POST': {'*': 405},
    },
    'services/offerings/': {
        'GET': {'*': 404, 'anon': 'login', 'provider': 200},
        'POST': {'*': 404, 'anon': 'login', 'provider': 405},
    },
    'services/offerings/new/': {
        'GET': {'*': 404, 'anon': 'login', 'provider': 200},
        'POST': {'*': 404, 'anon': 'login', 'provider': 200},
    },
    'services/offerings/<int:pk>/edit/': {
        'ids': {'pk': 'offering'},
        'GET': {'*': 404, 'anon': 'login', 'provider': 200},
        'POST': {'*': 404, 'anon': 'login', 'provider': 200},
    },
    'services/offerings/<int:pk>/deactivate/': {
        'ids': {'pk': 'offering'},
        'GET': {'*': 404, 'anon': 'login', 'provider': 405},
        'POST': {'*': 404, 'anon': 'login', 'provider': 302},
    },
    'services/opportunities/': {
        'GET': {'*': 404, 'anon': 'login', 'provider': 200},
        'POST': {'*': 404, 'anon': 'login', 'provider': 405},
    },
    'services/opportunities/<int:match_id>/move/': {
        'ids': {'match_id': 'service_match'},
        'GET': {'*': 404, 'anon': 'login', 'provider': 405},
        'POST': {'*': 404, 'anon': 'login'},
        'body': {'POST': {'to': 'interested'}},
    },
    'services/requests/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'services/requests/new/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
    },
    'services/requests/<int:pk>/': {
        'ids': {'pk': 'service_request'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'services/requests/<int:pk>/edit/': {
        'ids': {'pk': 'service_request'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200},
    },
    'services/requests/<int:pk>/close/': {
        'ids': {'pk': 'service_request'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'services/requests/<int:pk>/matches/<int:match_id>/interest/': {
        'ids': {'pk': 'service_request', 'match_id': 'service_match'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302},
    },
    'activities/': {
        'GET': {'*': 200},
        'POST': {'*': 405},
    },
    'activities/<int:pk>/': {
        'ids': {'pk': 'activity'},
        'GET': {'*': 200},
        'POST': {'*': 405},
    },
    'activities/<int:pk>/signup/': {
        'ids': {'pk': 'activity'},
        'GET': {'*': 405, 'anon': 'login'},
        'POST': {'*': 302, 'anon': 'login'},
    },
    'activities/<int:pk>/cancel/': {
        'ids': {'pk': 'activity'},
        'GET': {'*': 405, 'anon': 'login'},
        'POST': {'*': 302, 'anon': 'login'},
    },
    'policies/': {
        'GET': {'*': 200},
        'POST': {'*': 405},
    },
    'policies/mine/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
    },
    'policies/<int:pk>/': {
        'ids': {'pk': 'policy'},
        'GET': {'*': 200},
        'POST': {'*': 405},
    },
    'policies/<int:pk>/confirm/': {
        'ids': {'pk': 'policy'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 405, 'member': 405, 'other_ent': 405},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 302, 'other_ent': 302},
    },
    '': {
        'GET': {'*': 200},
        'POST': {'*': 200},
    },
    'register/': {
        'GET': {'*': 302, 'anon': 200},
        'POST': {'*': 302, 'anon': 200},
    },
    'login/': {
        'GET': {'*': 302, 'anon': 200},
        'POST': {'*': 302, 'anon': 200},
        'PUT': {'*': 302, 'anon': 200},
    },
    'logout/': {
        'GET': {'*': 405},
        'POST': {'*': 302},
    },
    'dashboard/': {
        'GET': {'*': 200, 'anon': 'login'},
        'POST': {'*': 200, 'anon': 'login'},
    },
    'profile/organization/': {
        'GET': {'*': 200, 'anon': 'login', 'talent': 404, 'operator': 404},
        'POST': {'*': 200, 'anon': 'login', 'talent': 404, 'operator': 404},
    },
    'profile/enterprise/': {
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
        'POST': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 200, 'other_ent': 200},
    },
    'profile/bank/': {
        'GET': {'*': 404, 'anon': 'login', 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 302, 'other_bank': 302, 'lead_bank': 302},
    },
    'profile/bank/branches/new/': {
        'GET': {'*': 404, 'anon': 'login', 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 200, 'other_bank': 200, 'lead_bank': 200},
    },
    'profile/bank/branches/<int:pk>/': {
        'ids': {'pk': 'branch'},
        'GET': {'*': 404, 'anon': 'login', 'bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 200},
    },
    'profile/bank/branches/<int:pk>/delete/': {
        'ids': {'pk': 'branch'},
        'GET': {'*': 404, 'anon': 'login', 'bank': 200},
        'POST': {'*': 404, 'anon': 'login', 'bank': 302},
    },
    'profile/provider/': {
        'GET': {'*': 404, 'anon': 'login', 'provider': 200},
        'POST': {'*': 404, 'anon': 'login', 'provider': 200},
    },
    'profile/talent/': {
        'GET': {'*': 404, 'anon': 'login', 'talent': 200},
        'POST': {'*': 404, 'anon': 'login', 'talent': 200},
    },
    'organization/members/': {
        'GET': {'*': 200, 'anon': 'login', 'talent': 404, 'operator': 404},
        'POST': {'*': 200, 'anon': 'login', 'talent': 404, 'operator': 404},
    },
    'organization/members/<int:pk>/remove/': {
        'ids': {'pk': 'membership'},
        'GET': {'*': 404, 'anon': 'login', 'owner': 200, 'member': 403},
        'missing': {'GET': {'member': 404}, 'POST': {'member': 404}},
        'POST': {'*': 404, 'anon': 'login', 'owner': 302, 'member': 403},
        'sees': ['member'],
    },
    'invitations/<str:token>/': {
        'ids': {'token': 'invitation'},
        'GET': {'*': 200},
        'POST': {'*': 200},
    },
    'backoffice/verification/': {
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404, 'operator': 405},
    },
    'backoffice/verification/bulk/': {
        'GET': {'*': 404, 'operator': 405},
        'POST': {'*': 404, 'operator': 302},
    },
    'backoffice/verification/<int:pk>/': {
        'ids': {'pk': 'org_a'},
        'GET': {'*': 404, 'operator': 200},
        'POST': {'*': 404},
    },
}
