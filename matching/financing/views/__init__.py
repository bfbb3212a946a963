"""Server-rendered financing pages (URL namespace ``financing``), one module per area.

Enterprise pages live under /financing/, bank pages under /bank/. Views are thin: a form checks
the input and converts 万元 to yuan, one service or selector does the work; a service's
``ValidationError`` goes back onto the form, its ``PermissionDenied`` and ``Conflict`` become
messages, and pages of the wrong kind of member 404.
"""

from matching.financing.views.answers import consent_grant, consent_withdraw, match_decline, match_interest
from matching.financing.views.bank_requests import bank_contacted, bank_decline, bank_outcome, bank_request
from matching.financing.views.dashboard import bank_dashboard
from matching.financing.views.products import product_delete, product_edit, product_list
from matching.financing.views.queue import bank_queue
from matching.financing.views.requests import request_detail, request_edit, request_list, request_withdraw

__all__ = [
    "bank_contacted",
    "bank_dashboard",
    "bank_decline",
    "bank_outcome",
    "bank_queue",
    "bank_request",
    "consent_grant",
    "consent_withdraw",
    "match_decline",
    "match_interest",
    "product_delete",
    "product_edit",
    "product_list",
    "request_detail",
    "request_edit",
    "request_list",
    "request_withdraw",
]
