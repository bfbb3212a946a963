"""Notification pages, for everyone signed in.

Composed into the ``financing`` namespace by matching.portal.urls (``financing:notifications``…):
the names date from when notifications were part of the financing pages, and links keep them.
"""

from django.urls import path

from matching.engine import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
]
