"""Everyone's notifications: the list (unread first to the eye), open one, mark all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from matching.engine import selectors
from matching.engine.notifications import notifications_mark_read

PAGE_SIZE = 20


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for_viewer(viewer=request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "matching/engine/notifications.html", {"page_obj": page})


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way (only links within this site)."""
    notification = selectors.notifications_for_viewer(viewer=request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404(_("未找到该通知。"))
    if notification.read_at is None:
        notifications_mark_read(user=request.user, notification_id=notification.pk)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return redirect(link)
    return redirect("financing:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)
    if count:
        messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": count})
    return redirect("financing:notifications")
