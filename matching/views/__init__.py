"""Server-rendered financing pages (URL namespace ``financing``), one module per area.

Enterprise pages live under /financing/, bank pages under /bank/, notifications under
/notifications/. Views are thin: a form checks the input and converts 万元 to yuan, one service
or selector does the work; a service's ``ValidationError`` goes back onto the form, its
``PermissionDenied`` and ``Conflict`` become messages, and pages of the wrong kind of member 404.
"""

from matching.views.answers import consent_grant, consent_withdraw, match_decline, match_interest
from matching.views.bank_requests import bank_contacted, bank_decline, bank_outcome, bank_request
from matching.views.chain_map import chain_map as chain_map
from matching.views.dashboard import bank_dashboard
from matching.views.notifications import notification_list, notification_open, notifications_read_all
from matching.views.products import product_delete, product_edit, product_list
from matching.views.queue import bank_queue
from matching.views.requests import request_detail, request_edit, request_list, request_withdraw
from matching.views.supply import buyer_interest as buyer_interest
from matching.views.supply import capability_edit as capability_edit
from matching.views.supply import capability_list as capability_list
from matching.views.supply import need_close as need_close
from matching.views.supply import need_detail as need_detail
from matching.views.supply import need_edit as need_edit
from matching.views.supply import need_list as need_list
from matching.views.supply import supplier_interest as supplier_interest
from matching.views.supply import supplier_matches as supplier_matches

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
    "notification_list",
    "notification_open",
    "notifications_read_all",
    "product_delete",
    "product_edit",
    "product_list",
    "request_detail",
    "request_edit",
    "request_list",
    "request_withdraw",
]
