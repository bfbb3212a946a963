"""找活动 pages, composed into the namespace ``services`` by matching.portal.urls (their names
date from when activities were part of the services pages). ``/activities/<id>/`` is the link
that event notices carry; keep it."""

from django.urls import path

from matching.events.activities import views

urlpatterns = [
    path("activities/", views.activity_list, name="activities"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/signup/", views.activity_signup, name="activity_signup"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
]
