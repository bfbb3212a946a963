"""Server-rendered portal pages (URL namespace ``portal``), one module per area.

Views are thin: a form checks the input, one service or selector does the work, service
``ValidationError``s are put back onto the form and ``PermissionDenied`` becomes a message
or the 403 page.
"""

from enterprises.views.backoffice import verification_bulk, verification_detail, verification_queue
from enterprises.views.bank import bank_edit, branch_delete, branch_edit
from enterprises.views.dashboard import dashboard
from enterprises.views.members import invitation_accept, member_remove, members
from enterprises.views.profiles import enterprise_edit, organization_edit, provider_edit, talent_edit
from enterprises.views.public import LoginView, LogoutView, register

__all__ = [
    "LoginView",
    "LogoutView",
    "bank_edit",
    "branch_delete",
    "branch_edit",
    "dashboard",
    "enterprise_edit",
    "invitation_accept",
    "member_remove",
    "members",
    "organization_edit",
    "provider_edit",
    "register",
    "talent_edit",
    "verification_bulk",
    "verification_detail",
    "verification_queue",
]
